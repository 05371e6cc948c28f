import { badInput } from '../../common/errors.js';

/**
 * Checks for the search, upload and scene-summary inputs (CONTRACT-vendor-surface §0, §B.1), run before
 * any upstream call. Each failure is BAD_USER_INPUT naming the argument and the rule.
 */
export const POSITIVE_INTEGER = /^[1-9]\d{0,15}$/;
export const FORBIDDEN = /[;|`]/;
/** Control characters (Unicode Cc): C0, DEL and C1. */
export const CONTROL = /[\x00-\x1f\x7f-\x9f]/;
const VISIBLE_ASCII = /^[\x21-\x7e]+$/;
const LOCALE = /^[A-Za-z]{2,3}([-_][A-Za-z0-9]{2,8}){0,2}$/;
const SEARCH_IMAGE = /\.(jpe?g|png|webp|heic)$/i;

export const MAX_FILE_NAME = 255;
export const MAX_UPLOAD_KEY = 1024;
export const MAX_SEARCH_TEXT = 1000;
export const MAX_PHRASE = 200;
export const MAX_LIST = 50;
export const MAX_FILTER_IDS = 1000;
export const MAX_SCENE_IDS = 10_000;
export const MAX_SEARCH_PAGE_SIZE = 100;

/** A value quoted for an error message: printable ASCII only, at most 40 characters. */
export function describe(value: string): string {
  const printable = value.replace(/[^\x20-\x7e]/g, '?');
  return JSON.stringify(printable.length > 40 ? `${printable.slice(0, 40)}…` : printable);
}

/** Free text sent upstream: trimmed, min..max characters (code points), none of `;` `|` `` ` `` (vendor rule). */
export function toFreeText(field: string, value: string, max: number, min = 1): string {
  const trimmed = value.trim();
  const length = [...trimmed].length;
  if (length === 0) throw badInput(`${field} must not be blank`, field);
  if (length < min || length > max) throw badInput(`${field} must be ${min} to ${max} characters after trimming; got ${length}`, field);
  if (FORBIDDEN.test(trimmed)) throw badInput(`${field} must not contain ";", "|" or "\`"`, field);
  return trimmed;
}

/** Ids sent in a body: positive safe integers (sent as JSON numbers), at most `max`, distinct when asked. */
export function toIntegerIds(field: string, ids: readonly string[], max: number, options: { distinct?: boolean } = {}): number[] {
  if (ids.length > max) throw badInput(`${field} may hold at most ${max} ids; got ${ids.length}`, field);
  const seen = new Set<number>();
  return ids.map((id, index) => {
    const value = Number(id);
    if (!POSITIVE_INTEGER.test(id) || !Number.isSafeInteger(value)) throw badInput(`${field}[${index}] must be a positive integer; got ${describe(id)}`, field);
    if (options.distinct && seen.has(value)) throw badInput(`${field} must not repeat an id; ${id} appears twice`, field);
    seen.add(value);
    return value;
  });
}

export function toPhrases(field: string, phrases: readonly string[]): string[] {
  if (phrases.length > MAX_LIST) throw badInput(`${field} may hold at most ${MAX_LIST} phrases; got ${phrases.length}`, field);
  return phrases.map((phrase, index) => toFreeText(`${field}[${index}]`, phrase, MAX_PHRASE));
}

/** An upload's file name: 1–255 characters, no "/", "\\" or control characters; search images end in an image extension. */
export function toUploadFileName(value: string, options: { imageExtension: boolean }): string {
  if (value.length === 0 || value.length > MAX_FILE_NAME) throw badInput(`fileName must be 1 to ${MAX_FILE_NAME} characters; got ${value.length}`, 'fileName');
  if (/[/\\]/.test(value) || CONTROL.test(value))
    throw badInput(`fileName must not contain "/", "\\" or control characters; got ${describe(value)}`, 'fileName');
  if (options.imageExtension && !SEARCH_IMAGE.test(value))
    throw badInput(`fileName must end in .jpg, .jpeg, .png, .webp or .heic; got ${describe(value)}`, 'fileName');
  return value;
}

/** An upload key: 1–1024 visible ASCII characters. */
export function toUploadKey(field: string, value: string): string {
  if (value.length > MAX_UPLOAD_KEY || !VISIBLE_ASCII.test(value))
    throw badInput(`${field} must be 1 to ${MAX_UPLOAD_KEY} visible ASCII characters; got ${describe(value)}`, field);
  return value;
}

export function toLocale(value: string): string {
  if (!LOCALE.test(value)) throw badInput(`locale must look like "ko", "en-US" or "zh_Hant_TW"; got ${describe(value)}`, 'locale');
  return value;
}

/** Paging of GET …/assets/search/{id}: page from 1, pageSize 1 to 100 (reference §8.7). */
export function toSearchPaging(args: { page: number; pageSize: number }): { page: number; pageSize: number } {
  if (!Number.isInteger(args.page) || args.page < 1) throw badInput(`page must be 1 or more; got ${args.page}`, 'page');
  if (!Number.isInteger(args.pageSize) || args.pageSize < 1 || args.pageSize > MAX_SEARCH_PAGE_SIZE) {
    throw badInput(`pageSize must be from 1 to ${MAX_SEARCH_PAGE_SIZE}; got ${args.pageSize}`, 'pageSize');
  }
  return { page: args.page, pageSize: args.pageSize };
}
