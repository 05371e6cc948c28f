import { invalidRequest } from '../envelopes.js';
import { ReplyError, type RouteContext } from './context.js';

/** pageNum is required (>= 1); pageSize 1..1000, default 1000 (reference §5). */
export function readPaging(ctx: RouteContext): { pageNum: number; pageSize: number } {
  const pageNum = strictInt(ctx.query.get('pageNum'));
  const rawSize = ctx.query.get('pageSize');
  const pageSize = rawSize === null ? 1000 : strictInt(rawSize);
  if (pageNum === undefined || pageNum < 1 || pageSize === undefined || pageSize < 1 || pageSize > 1000) {
    throw new ReplyError(invalidRequest());
  }
  return { pageNum, pageSize };
}

function strictInt(raw: string | null): number | undefined {
  return raw !== null && /^\d{1,9}$/.test(raw) ? Number(raw) : undefined;
}

export function page<T>(items: readonly T[], paging: { pageNum: number; pageSize: number }) {
  const start = (paging.pageNum - 1) * paging.pageSize;
  return {
    totalCount: items.length,
    totalPage: Math.ceil(items.length / paging.pageSize),
    pageNo: paging.pageNum,
    pageSize: paging.pageSize,
    content: items.slice(start, start + paging.pageSize),
  };
}
