// kafkajs 2.2.4 on Node 24 schedules a timer with a negative delay on some responses
// (RequestQueue.scheduleCheckPendingRequests, tulios/kafkajs#1751): Node prints
// "TimeoutNegativeWarning: -1796147108842 is a negative number" and runs the timer after 1 ms, which is
// what kafkajs meant. Harmless noise, hidden here, once, for the whole process tree of a test run
// (global-setup.js requires this in jest's main process, before anything is started):
// - NODE_OPTIONS reaches every process started from now on: jest workers, the stack helper
//   (tools/test/stack-env.ts, whose stderr is the run's), the services tests start from dist/;
// - this process (where in-band tests run: a listener added in a test file would only reach jest's
//   copy of `process`, never the real one that Node warns on) gets the same filter by hand.
// Every other warning still prints.
const DISABLE = '--disable-warning=TimeoutNegativeWarning';

if (!(process.env.NODE_OPTIONS ?? '').includes(DISABLE))
  process.env.NODE_OPTIONS = [process.env.NODE_OPTIONS, DISABLE].filter(Boolean).join(' ');

if (!globalThis.__MSTORE_QUIET_WARNINGS__) {
  globalThis.__MSTORE_QUIET_WARNINGS__ = true;
  const printers = process.listeners('warning');
  process.removeAllListeners('warning');
  process.on('warning', (warning) => {
    if (warning.name !== 'TimeoutNegativeWarning') for (const print of printers) print(warning);
  });
}
