/** Medians, ratios and the printed tables. */
export const median = (values) => {
  const sorted = values.filter(Number.isFinite).sort((a, b) => a - b);
  if (sorted.length === 0) return NaN;
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
};

const fmt = (value, digits = 0) => (Number.isFinite(value) ? value.toFixed(digits) : '-');
const ratio = (value, base) => (Number.isFinite(value) && base > 0 ? `${(value / base).toFixed(2)}x` : '-');

/** summary: { target: { reqPerSec, p50Ms, p99Ms, cpuUsPerReq, peakRssMb, core1 } } for one scenario. */
export function formatScenario(title, summary) {
  const base = summary.baseline;
  const header = ['target', 'req/s', 'ratio', 'p50 ms', 'p99 ms', 'p99 ratio', 'CPU µs/req', 'ratio', 'peak RSS MB', 'ratio'];
  const rows = Object.entries(summary).map(([name, s]) => [
    name,
    fmt(s.reqPerSec),
    ratio(s.reqPerSec, base.reqPerSec),
    fmt(s.p50Ms, 2),
    fmt(s.p99Ms, 2),
    ratio(s.p99Ms, base.p99Ms),
    fmt(s.cpuUsPerReq, 1),
    ratio(s.cpuUsPerReq, base.cpuUsPerReq),
    fmt(s.peakRssMb, 1),
    ratio(s.peakRssMb, base.peakRssMb),
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
  const line = (cells) => `| ${cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join(' | ')} |`;
  return [`\n${title}`, line(header), `|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`, ...rows.map(line)].join('\n');
}

/** The issue-9 targets, judged on one Node version's summaries (and this build against `previous`, when measured). */
export function formatTargets(nodeLabel, fast1, fast64, slow64) {
  const checks = [];
  if (fast64.previous) {
    checks.push(
      `this build vs previous (c64): throughput ${ratio(fast64.gateway.reqPerSec, fast64.previous.reqPerSec)}, CPU per request ${ratio(fast64.gateway.cpuUsPerReq, fast64.previous.cpuUsPerReq)}, peak RSS ${ratio(fast64.gateway.peakRssMb, fast64.previous.peakRssMb)}; 50 ms upstream throughput ${ratio(slow64.gateway.reqPerSec, slow64.previous.reqPerSec)}`,
    );
  }
  const add = (what, value, ok) => checks.push(`  ${ok ? 'MET ' : 'MISS'} ${what}: ${value}`);
  if (fast64) {
    const r = fast64.gateway.reqPerSec / fast64.baseline.reqPerSec;
    add('c64 throughput >= 0.70x baseline', `${r.toFixed(2)}x`, r >= 0.7);
    const c = fast64.baseline.cpuUsPerReq / fast64.gateway.cpuUsPerReq;
    add('  (noise-robust view: c64 capacity per core, 1/CPU per request, >= 0.70x baseline)', `${c.toFixed(2)}x`, c >= 0.7);
    add(
      'c64 throughput above Mercurius',
      `${fmt(fast64.gateway.reqPerSec)} vs ${fmt(fast64.mercurius.reqPerSec)} req/s`,
      fast64.gateway.reqPerSec > fast64.mercurius.reqPerSec,
    );
    add(
      '  (noise-robust view: c64 CPU per request below Mercurius)',
      `${fmt(fast64.gateway.cpuUsPerReq, 1)} vs ${fmt(fast64.mercurius.cpuUsPerReq, 1)} µs`,
      fast64.gateway.cpuUsPerReq < fast64.mercurius.cpuUsPerReq,
    );
    const m = fast64.gateway.peakRssMb / fast64.baseline.peakRssMb;
    add('peak RSS under load <= 1.3x baseline', `${m.toFixed(2)}x`, m <= 1.3);
  }
  if (fast1) {
    const p = fast1.gateway.p99Ms / fast1.baseline.p99Ms;
    add('c1 p99 <= 2x baseline', `${p.toFixed(2)}x`, p <= 2);
  }
  if (slow64) {
    const s = slow64.gateway.reqPerSec / slow64.baseline.reqPerSec;
    add('50 ms upstream, c64 throughput >= 0.97x baseline', `${s.toFixed(2)}x`, s >= 0.97);
  }
  return [`\nIssue 9 targets on ${nodeLabel} (the targets are set for Node 24):`, ...checks].join('\n');
}
