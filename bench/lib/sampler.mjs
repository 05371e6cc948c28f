import { writeFileSync } from 'node:fs';
import { Session } from 'node:inspector';
import dc from 'node:diagnostics_channel';

/**
 * Preloaded into a bench target (`--import`) by bench/alloc.mjs (BENCH_SAMPLE=heap: V8's sampling heap
 * profiler, every allocation, collected or not) and bench/stages.mjs (BENCH_SAMPLE=cpu: V8's CPU profiler).
 * Sampling starts after BENCH_SAMPLE_DELAY_MS, or on SIGUSR2 when that is unset (sent after the warm-up);
 * HTTP requests are counted from then on. On exit the profile and the count go to BENCH_SAMPLE_OUT (JSON).
 * In-process inspector calls answer synchronously, so the exit handler can stop the profiler and write the file.
 */
const KINDS = {
  heap: {
    domain: 'HeapProfiler',
    start: ['HeapProfiler.startSampling', { samplingInterval: 4096, includeObjectsCollectedByMajorGC: true, includeObjectsCollectedByMinorGC: true }],
    stop: 'HeapProfiler.stopSampling',
  },
  cpu: { domain: 'Profiler', start: ['Profiler.start', {}], stop: 'Profiler.stop' },
};
const kind = KINDS[process.env.BENCH_SAMPLE ?? 'heap'];
const out = process.env.BENCH_SAMPLE_OUT;
let requests = 0;
let sampling = false;
dc.subscribe('http.server.request.start', () => {
  if (sampling) requests += 1;
});
const session = new Session();
session.connect();
session.post(`${kind.domain}.enable`);
if (kind === KINDS.cpu) session.post('Profiler.setSamplingInterval', { interval: 100 });
const start = () => {
  if (sampling) return;
  session.post(...kind.start);
  sampling = true;
};
if (process.env.BENCH_SAMPLE_DELAY_MS === undefined) process.on('SIGUSR2', start);
else setTimeout(start, Number(process.env.BENCH_SAMPLE_DELAY_MS)).unref();
process.on('exit', () => {
  if (!sampling || !out) return;
  session.post(kind.stop, (error, result) => {
    if (!error) writeFileSync(out, JSON.stringify({ requests, profile: result.profile }));
  });
});
