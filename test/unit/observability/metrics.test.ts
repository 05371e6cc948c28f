import { describe, expect, it } from 'vitest';
import { createLabelLimiter, createMetrics, toStatusClass } from '../../../src/observability/metrics.js';

describe('metric labels stay bounded', () => {
  it('keeps the first N distinct values and maps later ones to "other"', () => {
    const limit = createLabelLimiter(3, (v: string) => v);
    expect(['a', 'b', 'c', 'a'].map(limit)).toEqual(['a', 'b', 'c', 'a']);
    expect(limit('d')).toBe('other');
    expect(limit('b')).toBe('b');
  });

  it('caps operation names at 100 and refuses names that are not GraphQL names', () => {
    const { operationLabel, outcomeLabel } = createMetrics();
    expect(operationLabel(null)).toBe('anonymous');
    expect(operationLabel('bad name with spaces')).toBe('invalid');
    for (let i = 0; i < 150; i++) operationLabel(`Op${i}`);
    expect(operationLabel('Op5')).toBe('Op5');
    expect(operationLabel('Op140')).toBe('other');
    expect(outcomeLabel('RATE_LIMITED')).toBe('RATE_LIMITED');
    expect(outcomeLabel('Bearer abc')).toBe('OTHER');
  });

  it('reduces statuses to classes', () => {
    expect([200, 404, 503, null].map(toStatusClass)).toEqual(['2xx', '4xx', '5xx', 'none']);
  });
});
