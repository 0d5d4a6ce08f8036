/**
 * When did a request arrive? The simulator reads a request when its event loop gets to it, which
 * after a stall (a garbage collection, a long reply) can be tens of milliseconds after the request
 * reached the socket: a well-spaced client would then look too fast to the rate limits. A 1 ms
 * heartbeat bounds the uncertainty: a request arrived after the last beat before the stall.
 */

const BEAT_MS = 1;
/** A beat this late means the event loop was stalled in between. */
const LATE_MS = 3;

export interface ArrivalClock {
  /** The earliest moment (performance.now()) at which a request read now can have arrived. */
  earliest(): number;
  /** Beats only while rate limits are judged. */
  start(): void;
  stop(): void;
}

export function createArrivalClock(): ArrivalClock {
  let timer: NodeJS.Timeout | undefined;
  let lastBeat = 0;
  let lastOnTime = 0;
  return {
    earliest: () => (timer ? Math.min(lastOnTime, performance.now()) : performance.now()),
    start() {
      if (timer) return;
      lastBeat = lastOnTime = performance.now();
      timer = setInterval(() => {
        const t = performance.now();
        // A late beat ends a stall: what is read now may have arrived since the beat before it.
        lastOnTime = t - lastBeat <= LATE_MS ? t : lastBeat;
        lastBeat = t;
      }, BEAT_MS);
      timer.unref();
    },
    stop() {
      clearInterval(timer);
      timer = undefined;
    },
  };
}
