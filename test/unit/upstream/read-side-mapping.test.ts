import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { toList, toPage } from '../../../src/upstream/to-page.js';
import { toRegistration } from '../../../src/resolvers/mapping/to-registration.js';
import { toSceneDurations, toPaging } from '../../../src/resolvers/validate/asset-input.js';

const fixture = (name: string) => JSON.parse(readFileSync(new URL(`../../fixtures/vendor/${name}.json`, import.meta.url), 'utf8')).response.body;

describe('toPage / toList', () => {
  it('reads the documented list-assets and list-workspaces fixtures', () => {
    expect(toPage(fixture('list-assets'), { page: 1, pageSize: 100 })).toMatchObject({
      totalCount: 1,
      totalPages: 1,
      page: 1,
      pageSize: 100,
      items: [{ assetId: 5678 }],
    });
    expect(toPage(fixture('list-workspaces'), { page: 1, pageSize: 100 }).items).toHaveLength(2);
  });

  it('finds counters and lists beside result, and derives missing counters', () => {
    expect(toPage({ totalCount: 12, result: { content: [1, 2] } } as never, { page: 2, pageSize: 5 })).toEqual({
      items: [1, 2],
      totalCount: 12,
      totalPages: 3,
      page: 2,
      pageSize: 5,
    });
    expect(toPage({ result: { content: [1, 2] } } as never, { page: 3, pageSize: 5 })).toMatchObject({ totalCount: 12, totalPages: 3, page: 3 });
    expect(toList(fixture('list-projects'), 'projects')).toHaveLength(2);
    expect(toList({ code: '0', indexes: [{ indexId: 1 }] } as never, 'indexes')).toEqual([{ indexId: 1 }]);
    expect(toList({ code: '0' }, 'indexes')).toEqual([]);
  });
});

describe('toRegistration', () => {
  it('reads the fixtures and keeps an unknown state raw', () => {
    expect(toRegistration(fixture('get-asset-import-status').result)).toEqual({
      status: 'COMPLETED',
      rawStatus: 'COMPLETED',
      message: 'Upload completed',
      terminal: true,
    });
    expect(toRegistration(fixture('get-asset-import-status-invalid-metadata').result).status).toBe('INVALID_METADATA');
    expect(toRegistration({ uploadStatus: 'QUEUED' })).toEqual({ status: 'UNKNOWN', rawStatus: 'QUEUED', message: null, terminal: false });
    expect(toRegistration(undefined)).toEqual({ status: 'UNKNOWN', rawStatus: null, message: null, terminal: false });
  });
});

describe('toSceneDurations and toPaging', () => {
  it('accepts both bounds or neither', () => {
    expect(toSceneDurations({})).toBeNull();
    expect(toSceneDurations({ minSceneDurationSec: 3, maxSceneDurationSec: 3, sceneRange: null })).toEqual({ minSceneDurationSec: 3, maxSceneDurationSec: 3 });
    expect(() => toSceneDurations({ minSceneDurationSec: 3 })).toThrow(/both/);
    expect(() => toSceneDurations({ minSceneDurationSec: 3, maxSceneDurationSec: 9, sceneRange: 'SHORT' })).toThrow(/sceneRange/);
    expect(() => toSceneDurations({ minSceneDurationSec: 9, maxSceneDurationSec: 3 })).toThrow(/must not exceed/);
    expect(() => toSceneDurations({ minSceneDurationSec: 1.5, maxSceneDurationSec: 3 })).toThrow(/whole number/);
  });

  it('bounds paging to the vendor limits', () => {
    expect(toPaging({ page: 1, pageSize: 1000 })).toEqual({ page: 1, pageSize: 1000 });
    expect(() => toPaging({ page: 1, pageSize: 0 })).toThrow(/pageSize/);
  });
});
