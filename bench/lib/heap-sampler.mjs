import { writeFileSync } from 'node:fs';
import { Session } from 'node:inspector';
import dc from 'node:diagnostics_channel';

/**
 * Preloaded into a bench target by bench/alloc.mjs (`--import`): after BENCH_ALLOC_DELAY_MS (the
 * warm-up), V8's sampling heap profiler records every allocation, collected or not, and HTTP requests
 * are counted; on exit both go to BENCH_ALLOC_OUT (JSON). In-process inspector calls answer synchronously,
 * so the exit handler can stop the profiler and write the file.
 */
const out = process.env.BENCH_ALLOC_OUT;
const delayMs = Number(process.env.BENCH_ALLOC_DELAY_MS ?? 3000);
let requests = 0;
let sampling = false;
dc.subscribe('http.server.request.start', () => {
  if (sampling) requests += 1;
});
const session = new Session();
session.connect();
session.post('HeapProfiler.enable');
setTimeout(() => {
  sampling = true;
  session.post('HeapProfiler.startSampling', { samplingInterval: 4096, includeObjectsCollectedByMajorGC: true, includeObjectsCollectedByMinorGC: true });
}, delayMs).unref();
process.on('exit', () => {
  if (!sampling || !out) return;
  session.post('HeapProfiler.stopSampling', (error, result) => {
    if (!error) writeFileSync(out, JSON.stringify({ requests, profile: result.profile }));
  });
});
