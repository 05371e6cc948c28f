import autocannon from 'autocannon';

/**
 * One load run in its own process (the harness pins it to the load core). argv[2] is JSON:
 * { url, connections, seconds, body, headers }. Prints one JSON line with totals and exact
 * latency percentiles: autocannon's histogram keeps whole milliseconds, too coarse at
 * concurrency 1, so latencies are taken from its per-response event instead.
 */
const { url, connections, seconds, body, headers } = JSON.parse(process.argv[2]);
const latencies = [];
const instance = autocannon({ url, method: 'POST', body, headers, connections, duration: seconds, pipelining: 1 });
instance.on('response', (_client, statusCode, _bytes, responseTime) => {
  if (statusCode === 200) latencies.push(responseTime);
});
instance.on('done', (result) => {
  // The whole process's CPU, start-up included: it shares the load core with the upstream.
  const cpu = process.cpuUsage();
  const sorted = Float64Array.from(latencies).sort();
  const at = (q) => (sorted.length ? sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] : NaN);
  process.stdout.write(
    `${JSON.stringify({
      requests: result.requests.total,
      ok: sorted.length,
      non2xx: result.non2xx,
      errors: result.errors + result.timeouts,
      seconds: result.duration,
      reqPerSec: sorted.length / result.duration,
      p50Ms: at(0.5),
      p99Ms: at(0.99),
      loadCpuSeconds: (cpu.user + cpu.system) / 1e6,
    })}\n`,
  );
});
