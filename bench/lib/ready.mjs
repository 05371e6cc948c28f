/** Tells the harness (over the IPC channel) where a bench process listens, and exits when it goes. */
export function announce(url, close) {
  if (process.send) process.send({ url });
  else process.stdout.write(`${url}\n`);
  const stop = () => {
    Promise.resolve(close?.()).finally(() => process.exit(0));
    setTimeout(() => process.exit(0), 2000).unref();
  };
  process.once('disconnect', stop);
  process.once('SIGTERM', stop);
  process.once('SIGINT', stop);
}
