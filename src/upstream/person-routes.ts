import { workspacePath } from './routes.js';

/** Upstream request-targets of the people DB (reference §8.8). Ids are checked by src/resolvers/validate/person-input.ts. */
export const personsPath = (ws: string): string => `${workspacePath(ws)}/persons`;
export const personPath = (ws: string, personId: string): string => `${personsPath(ws)}/${personId}`;
export const personsSearchPath = (ws: string): string => `${personsPath(ws)}/search`;
export const recommendByThumbnailPath = (ws: string): string => `${personsPath(ws)}/recommend-by-thumbnail`;
export const similarPersonsPath = (ws: string, personId: string, count: number, minScore: number): string =>
  `${personPath(ws, personId)}/similar?personCount=${count}&scoreThreshold=${minScore}`;
export const personTagsOfPath = (ws: string, personId: string): string => `${personPath(ws, personId)}/person-tags`;
export const personThumbnailsPath = (ws: string, personId: string): string => `${personPath(ws, personId)}/person-thumbnail`;
export const mergePersonsPath = (ws: string, personId: string): string => `${personPath(ws, personId)}/merge`;
export const thumbnailUploadUrlPath = (ws: string): string => `${workspacePath(ws)}/person-thumbnail/uploads/presigned-url`;
export const thumbnailUploadCompletePath = (ws: string): string => `${workspacePath(ws)}/person-thumbnail/uploads/complete`;
export const personTagsPath = (ws: string): string => `${workspacePath(ws)}/person-tags`;
export const personTagPath = (ws: string, tagId: string): string => `${personTagsPath(ws)}/${tagId}`;

/** GET …/person-tags?pageNum=&pageSize=[&name=][&id=]; the name percent-encoded UTF-8, signed as sent. */
export function personTagListPath(ws: string, paging: { page: number; pageSize: number }, filter: { name?: string; id?: string } = {}): string {
  let path = `${personTagsPath(ws)}?pageNum=${paging.page}&pageSize=${paging.pageSize}`;
  if (filter.name !== undefined) path += `&name=${encodeURIComponent(filter.name)}`;
  if (filter.id !== undefined) path += `&id=${filter.id}`;
  return path;
}
