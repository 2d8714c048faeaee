// Long synchronous work (matching users' regexes over megabytes of log) runs on the one thread
// that serves every request. A pacer lets it run in slices: each call is cheap until the slice is
// used up, then it waits for the event loop to take its turn (I/O, timers, other requests).
import { setImmediate as nextTurn } from 'node:timers/promises';

/** How long one slice runs before it gives the event loop a turn. */
const SLICE_MS = 10;

export type Pacer = () => Promise<void> | undefined;

/** A pacer: call it between units of work; await what it returns when it returns a promise. */
export function createPacer(sliceMs = SLICE_MS): Pacer {
  let since = performance.now();
  return () => {
    if (performance.now() - since < sliceMs) return undefined;
    return nextTurn().then(() => {
      since = performance.now();
    });
  };
}
