/**
 * When did a request arrive? The simulator reads a request when its event loop gets to it, which
 * after a stall (a garbage collection, a long reply) can be tens of milliseconds after the request
 * reached the socket: a well-spaced client would then look too fast to the rate limits. A 1 ms
 * heartbeat bounds the uncertainty: a request arrived after the last beat before the stall. It beats
 * only while requests come (an idle event loop reads a request at once).
 */

const BEAT_MS = 1;
/** A beat this late means the event loop was stalled in between. */
const LATE_MS = 3;
/** The heartbeat stops this long after the last request. */
const IDLE_MS = 5_000;

export interface ArrivalClock {
  /** Called as a request is read at `at` (performance.now()): the earliest moment it can have arrived. */
  arrived(at: number): number;
  stop(): void;
}

export function createArrivalClock(): ArrivalClock {
  let timer: NodeJS.Timeout | undefined;
  let lastBeat = 0;
  let lastOnTime = 0;
  let lastRequest = 0;
  const stop = () => {
    clearInterval(timer);
    timer = undefined;
  };
  const beat = () => {
    const t = performance.now();
    // A late beat ends a stall: what is read now may have arrived since the beat before it.
    lastOnTime = t - lastBeat <= LATE_MS ? t : lastBeat;
    lastBeat = t;
    if (t - lastRequest > IDLE_MS) stop();
  };
  return {
    arrived(at) {
      lastRequest = at;
      if (timer) return Math.min(lastOnTime, at);
      lastBeat = lastOnTime = at;
      timer = setInterval(beat, BEAT_MS);
      timer.unref();
      return at;
    },
    stop,
  };
}
