import { isRecord } from '../../common/is-record.js';
import { toVendorIdString } from '../../upstream/read-types.js';

/** Parents of Person, PersonTag and PersonMatch: the key plus, when a list or a mutation delivered it, the vendor object. */
export interface PersonModel {
  workspaceName: string;
  personId: string;
  record?: Record<string, unknown>;
  /** The record holds only what a tag or thumbnail mutation answered, not the person object. */
  partial?: boolean;
}

export interface PersonTagModel {
  workspaceName: string;
  tagId: string;
  record?: Record<string, unknown>;
}

export interface PersonMatchModel {
  person: PersonModel;
  score: number | null;
  raw: Record<string, unknown>;
}

export interface ThumbnailModel {
  id: string;
  url: string | null;
  isPrimary: boolean;
}

export interface DeletionModel {
  deleted: boolean;
  raw: unknown;
}

const POSITIVE_ID = /^[1-9]\d{0,15}$/;

/** A vendor id (number or digit string) usable in a path, else null. */
export function readId(value: unknown): string | null {
  const id = toVendorIdString(value);
  return id !== null && POSITIVE_ID.test(id) ? id : null;
}

/** A person item: `id` or `personId` (reference §8.8, contract §B.2); null when it names none. */
export function toPersonModel(workspaceName: string, item: unknown): PersonModel | null {
  if (!isRecord(item)) return null;
  const personId = readId(item.id) ?? readId(item.personId);
  return personId === null ? null : { workspaceName, personId, record: item };
}

export function toTagModel(workspaceName: string, item: unknown): PersonTagModel | null {
  if (!isRecord(item)) return null;
  const tagId = readId(item.id) ?? readId(item.tagId);
  return tagId === null ? null : { workspaceName, tagId, record: item };
}

export function toMatch(workspaceName: string, item: unknown): PersonMatchModel | null {
  const person = toPersonModel(workspaceName, item);
  if (person === null || !isRecord(item)) return null;
  // A match item carries only an id and a score: its other fields read the details.
  const { personId } = person;
  return { person: { workspaceName, personId }, score: typeof item.score === 'number' && Number.isFinite(item.score) ? item.score : null, raw: item };
}

export const str = (value: unknown): string | null => (typeof value === 'string' ? value : null);
export const int = (value: unknown): number | null => (typeof value === 'number' && Number.isSafeInteger(value) ? value : null);

export interface PersonPageModel {
  nodes: PersonModel[];
  totalCount: number;
  totalPages: number;
  page: number;
  pageSize: number;
}
export interface PersonTagPageModel {
  nodes: PersonTagModel[];
  totalCount: number;
  totalPages: number;
  page: number;
  pageSize: number;
}
