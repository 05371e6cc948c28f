import { badInput } from '../../common/errors.js';
import { CONTROL, describe, FORBIDDEN, POSITIVE_INTEGER, toUploadKey } from './search-input.js';

/**
 * Input checks for persons and person tags (CONTRACT-vendor-surface §0, §B.1, §B.3). Pure; they run
 * before any upstream call and name the argument and the rule.
 */

/** A person, tag or thumbnail id: a positive safe integer (it builds paths and goes upstream as a number). */
export function toPositiveId(field: string, value: string): string {
  if (!POSITIVE_INTEGER.test(value) || !Number.isSafeInteger(Number(value)))
    throw badInput(`${field} must be a positive integer; got ${describe(value)}`, field);
  return value;
}

export function toIdNumbers(field: string, ids: readonly string[], min: number, max: number): number[] {
  if (ids.length < min || ids.length > max) throw badInput(`${field} must hold ${min} to ${max} ids; got ${ids.length}`, field);
  return ids.map((id, i) => Number(toPositiveId(`${field}[${i}]`, id)));
}

/** Trimmed free text of min..max characters; blank is rejected; `;` `|` `` ` `` are refused when `freeText`. */
export function toText(field: string, value: string, min: number, max: number, freeText = true): string {
  const trimmed = value.trim();
  const length = [...trimmed].length;
  if (length === 0) throw badInput(`${field} must not be blank`, field);
  if (length < min || length > max) throw badInput(`${field} must be ${min} to ${max} characters; got ${length}`, field);
  if (freeText && FORBIDDEN.test(trimmed)) throw badInput(`${field} must not contain ";", "|" or "\`"`, field);
  return trimmed;
}

export function toRange(field: string, value: number, min: number, max: number): number {
  if (!Number.isInteger(value) || value < min || value > max) throw badInput(`${field} must be a whole number from ${min} to ${max}; got ${value}`, field);
  return value;
}

export function toPersonPaging(args: { page: number; pageSize: number }): { page: number; pageSize: number } {
  if (!Number.isInteger(args.page) || args.page < 1) throw badInput(`page must be 1 or more; got ${args.page}`, 'page');
  return { page: args.page, pageSize: toRange('pageSize', args.pageSize, 1, 50) };
}

/** A file name: 1 to 255 characters, no "/", "\" or control characters (Unicode Cc: C0, DEL, C1); no extension check for thumbnails [A]. */
export function toFileName(field: string, value: string): string {
  if (value.length < 1 || value.length > 255 || /[/\\]/.test(value) || CONTROL.test(value)) {
    throw badInput(`${field} must be 1 to 255 characters without "/", "\\" or control characters`, field);
  }
  return value;
}

export interface ThumbnailArg {
  key: string;
  isPrimary?: boolean | null;
}

/** 1 to 100 thumbnails, at most one primary; the vendor's `{thumbnailKey, isPrimaryThumbnail}` items. */
export function toThumbnails(field: string, thumbnails: readonly ThumbnailArg[]): Array<{ thumbnailKey: string; isPrimaryThumbnail: boolean }> {
  if (thumbnails.length < 1 || thumbnails.length > 100) throw badInput(`${field} must hold 1 to 100 thumbnails; got ${thumbnails.length}`, field);
  if (thumbnails.filter((t) => t.isPrimary === true).length > 1) throw badInput(`${field} may mark at most one thumbnail as primary`, field);
  return thumbnails.map((t, i) => ({ thumbnailKey: toUploadKey(`${field}[${i}].key`, t.key), isPrimaryThumbnail: t.isPrimary === true }));
}

/** Merge: 1 to 10 ids, distinct, none equal to the target. */
export function toMergeIds(personId: string, ids: readonly string[]): number[] {
  const numbers = toIdNumbers('mergePersonIds', ids, 1, 10);
  if (new Set(numbers).size !== numbers.length) throw badInput('mergePersonIds must not repeat an id', 'mergePersonIds');
  if (numbers.includes(Number(personId))) throw badInput('mergePersonIds must not contain personId itself', 'mergePersonIds');
  return numbers;
}
