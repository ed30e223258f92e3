/**
 * jest setupFiles: Agenda's job processor leaves one timer per job run (checkIfJobIsStillAlive
 * waits lockLifetime / 2, 2.5 s here) that nothing cancels after the job ends or the queue stops,
 * so a test worker could not exit in time and jest force-exited it ("A worker process has failed
 * to exit gracefully"). Those timers, and only those, are unref'd: they wake no one once the job
 * is done, and a running job keeps the process alive through its own connections.
 */
// jest maps stacks through source maps: the frame may read agenda/src/JobProcessor.ts.
const setTimeoutAsGiven = globalThis.setTimeout;
globalThis.setTimeout = Object.assign(function setTimeout(callback, ms, ...args) {
  const timer = setTimeoutAsGiven(callback, ms, ...args);
  if (ms >= 1000 && /[\\/]agenda[\\/](dist|src)[\\/]JobProcessor\.[jt]s/.test(new Error().stack ?? '')) timer.unref();
  return timer;
}, setTimeoutAsGiven);
