import { describe, expect, it } from 'vitest';
import { toAssetSearchStatus, toSearchHits, toSearchId, toUploadTicket } from '../../../src/resolvers/mapping/to-search.js';
import { toSceneSummary, toSceneSummaryStatus } from '../../../src/resolvers/mapping/to-scene-summary.js';
import { createVendorTimeReader } from '../../../src/upstream/time.js';
import { toVendorLocalTime } from '../../../src/upstream/to-vendor-time.js';

const ok = (result: unknown) => ({ code: '0', message: 'success', result });

describe('search and scene-summary readers (CONTRACT-vendor-surface §0, §B.3, §D)', () => {
  it('maps search states by one table; unknown ones are UNKNOWN and not terminal; totalCount only when COMPLETED', () => {
    expect(toAssetSearchStatus(ok({ status: 'SEARCHING', totalCount: 4 }))).toEqual({
      status: 'IN_PROGRESS',
      rawStatus: 'SEARCHING',
      terminal: false,
      totalCount: null,
    });
    expect(toAssetSearchStatus(ok({ status: 'FAIL' }))).toMatchObject({ status: 'FAILED', terminal: true });
    expect(toAssetSearchStatus(ok({ status: 'toString' }))).toMatchObject({ status: 'UNKNOWN', rawStatus: 'toString', terminal: false });
    expect(toAssetSearchStatus(ok({ status: 'COMPLETED', totalCount: '3' }))).toMatchObject({ status: 'COMPLETED', totalCount: null });
    expect(toAssetSearchStatus(ok(null))).toEqual({ status: 'UNKNOWN', rawStatus: null, terminal: false, totalCount: null });
  });

  it('hits keep raw; asset only when both ids are usable', () => {
    const hits = toSearchHits(ok({ results: [{ projectId: 1, assetId: '2', indexId: 3 }, { assetId: 5 }, 'odd', { projectId: '../x', assetId: 1 }] }));
    expect(hits.map((h) => h.ref)).toEqual([{ projectId: '1', assetId: '2' }, null, null, null]);
    expect(hits[2]!.raw).toBe('odd');
    expect(toSearchHits(ok({ results: 'nope' }))).toEqual([]);
  });

  it('a handle from searchId, else id; none is UPSTREAM_UNAVAILABLE; a ticket needs key and URL', () => {
    expect(toSearchId({ id: 42 })).toBe('42');
    expect(() => toSearchId({ searchId: 'a/b' })).toThrow(expect.objectContaining({ code: 'UPSTREAM_UNAVAILABLE' }));
    expect(toUploadTicket({ assetFileKey: 'k', presignedUploadUrl: 'https://u' }, 0).expiresAt.toISOString()).toBe('1970-01-01T00:15:00.000Z');
    expect(() => toUploadTicket({ assetFileKey: 'k', presignedUploadUrl: 7 }, 0)).toThrow(expect.objectContaining({ code: 'UPSTREAM_UNAVAILABLE' }));
  });

  it('scene summary: wrong types read null, sceneSummaries [] when missing', () => {
    const read = createVendorTimeReader('Asia/Seoul');
    expect(toSceneSummary({ indexId: {}, sceneSummaryInfo: { lastAnalyzedAt: 5, analyzedSceneIds: [3, 'x', null] } }, read)).toEqual({
      indexId: null,
      lastAnalyzedAt: null,
      analyzedSceneIds: ['3', 'x'],
      sceneSummaries: [],
      raw: { indexId: {}, sceneSummaryInfo: { lastAnalyzedAt: 5, analyzedSceneIds: [3, 'x', null] } },
    });
    expect(toSceneSummaryStatus({ status: 'SUMMARIZE_CANCELED' })).toEqual({
      status: 'SUMMARIZE_CANCELED',
      rawStatus: 'SUMMARIZE_CANCELED',
      message: null,
      terminal: true,
    });
    expect(toSceneSummaryStatus({ status: 'SUMMARIZE_CANCEL' })).toMatchObject({ status: 'UNKNOWN', terminal: false });
  });

  it('DateTime input is written in MI_TIME_ZONE without an offset (DST included)', () => {
    expect(toVendorLocalTime(new Date('2026-03-01T15:00:00Z'), 'Asia/Seoul')).toBe('2026-03-02T00:00:00');
    expect(toVendorLocalTime(new Date('2026-07-01T12:00:00Z'), 'Europe/Berlin')).toBe('2026-07-01T14:00:00');
    expect(toVendorLocalTime(new Date('2026-01-01T00:00:00Z'), 'UTC')).toBe('2026-01-01T00:00:00');
  });
});
