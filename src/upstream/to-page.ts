import { isRecord } from '../common/is-record.js';
import type { VendorEnvelope } from './types.js';

export interface PageModel<T> {
  items: T[];
  totalCount: number;
  totalPages: number;
  page: number;
  pageSize: number;
}

/**
 * Reads a paged vendor list (reference §5). Counters may sit inside `result` or beside it (the
 * community spec places `totalCount` at the top level), may be strings, or may be missing: then they
 * are derived from what arrived and what was asked for.
 */
export function toPage<T = unknown>(envelope: VendorEnvelope<unknown>, requested: { page: number; pageSize: number }, listKey = 'content'): PageModel<T> {
  const result: Record<string, unknown> = isRecord(envelope.result) ? envelope.result : {};
  const outer = envelope as Record<string, unknown>;
  const list = result[listKey] ?? outer[listKey];
  const items = Array.isArray(list) ? (list as T[]) : [];
  const counter = (key: string): number | null => toCount(result[key]) ?? toCount(outer[key]);
  const pageSize = counter('pageSize') ?? requested.pageSize;
  const totalCount = counter('totalCount') ?? (requested.page - 1) * requested.pageSize + items.length;
  return {
    items,
    totalCount,
    totalPages: counter('totalPage') ?? counter('totalPages') ?? Math.ceil(totalCount / Math.max(pageSize, 1)),
    page: counter('pageNo') ?? requested.page,
    pageSize,
  };
}

/** An unpaged list (`projects[]`, `indexes[]`) inside `result` or, tolerated, beside it (§5, §14). */
export function toList<T>(envelope: VendorEnvelope<unknown>, listKey: string): T[] {
  const inner = isRecord(envelope.result) ? envelope.result[listKey] : undefined;
  const list = inner ?? (envelope as Record<string, unknown>)[listKey];
  return Array.isArray(list) ? (list as T[]) : [];
}

function toCount(value: unknown): number | null {
  const n = typeof value === 'string' && /^\d{1,15}$/.test(value) ? Number(value) : value;
  return typeof n === 'number' && Number.isSafeInteger(n) && n >= 0 ? n : null;
}
