import { describe, expect, it } from 'vitest';
import { ErrorCode, RETRYABLE } from '../../../src/common/errors.js';
import { toolError } from '../../../src/mcp/tool-errors.js';

describe('MCP tool error hints', () => {
  const generic = toolError(ErrorCode.INTERNAL_SERVER_ERROR, 'x').hint;

  it('every contract code in ErrorCode has its own hint (none falls back to the generic one)', () => {
    const codes = Object.values(ErrorCode).filter((code) => code !== ErrorCode.INTERNAL_SERVER_ERROR);
    expect(codes.length).toBeGreaterThan(10);
    for (const code of codes) expect(toolError(code, 'x').hint, code).not.toBe(generic);
    const hints = codes.map((code) => toolError(code, 'x').hint);
    expect(new Set(hints).size).toBe(hints.length);
  });

  it('a code outside the contract gets the generic hint; retryable follows the contract table', () => {
    expect(toolError('SOMETHING_NEW', 'x')).toMatchObject({ hint: generic, retryable: false });
    const busy = toolError(ErrorCode.SCENE_SUMMARY_IN_PROGRESS, 'x');
    expect(busy.retryable).toBe(RETRYABLE.SCENE_SUMMARY_IN_PROGRESS);
    expect(busy.hint).toMatch(/scene-summary/);
  });
});
