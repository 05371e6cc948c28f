import { writeFileSync } from 'node:fs';
import { Session } from 'node:inspector';
import dc from 'node:diagnostics_channel';

/**
 * Preloaded into a bench target by bench/stages.mjs (`--import`): V8's CPU profiler starts on SIGUSR2
 * (sent after the warm-up, so start-up and compiling are left out) and HTTP requests are counted from
 * then on; on exit the profile and the count go to BENCH_CPU_OUT (JSON). In-process inspector calls
 * answer synchronously, so the exit handler can stop the profiler and write the file.
 */
const out = process.env.BENCH_CPU_OUT;
let requests = 0;
let sampling = false;
dc.subscribe('http.server.request.start', () => {
  if (sampling) requests += 1;
});
const session = new Session();
session.connect();
session.post('Profiler.enable');
session.post('Profiler.setSamplingInterval', { interval: 100 });
process.on('SIGUSR2', () => {
  if (sampling) return;
  session.post('Profiler.start');
  sampling = true;
});
process.on('exit', () => {
  if (!sampling || !out) return;
  session.post('Profiler.stop', (error, result) => {
    if (!error) writeFileSync(out, JSON.stringify({ requests, profile: result.profile }));
  });
});
