import type { Db } from './db.js';

/** Message ids are ts * 1024 + n: time-ordered, unique across chats (see schema.sql). */
export const ID_PER_SECOND = 1024;
/** Largest time whose ids stay exact JavaScript integers. */
const MAX_TS = Math.floor(Number.MAX_SAFE_INTEGER / ID_PER_SECOND);
/** How far a crowded second may spill its messages into the following ones. */
const MAX_SPILL_SECONDS = 60;

export function idRangeOf(since: number | undefined, until: number | undefined): [number, number] {
  return [
    since === undefined ? 0 : since * ID_PER_SECOND,
    until === undefined ? Number.MAX_SAFE_INTEGER : until * ID_PER_SECOND - 1,
  ];
}

/**
 * Hands out free ids to one batch of messages taken in time order, inside one write transaction. It
 * remembers the stretch of ids known to be free up to the next stored one, so a batch written where
 * the archive holds nothing yet (a long export, a new chat) looks up once, not once per message.
 */
export class IdAllocator {
  /** Ids in [freeFrom, nextStored) were free when looked up; ids below `last` are taken by us. */
  private freeFrom = -1;
  private nextStored = -1;
  private last = -1;
  private readonly firstAtOrAfter;
  private readonly lastInSecond;

  constructor(db: Db) {
    this.firstAtOrAfter = db.prepare<[number], { id: number | null }>(
      'SELECT min(id) AS id FROM messages WHERE id >= ?',
    );
    this.lastInSecond = db.prepare<[number, number], { id: number | null }>(
      'SELECT max(id) AS id FROM messages WHERE id BETWEEN ? AND ?',
    );
  }

  /** The next free id at `ts`, or in the following seconds when `ts` is full. Times must not decrease. */
  next(ts: number): number {
    if (!Number.isInteger(ts) || ts < 0 || ts >= MAX_TS)
      throw new RangeError(`message time ${ts} is out of range`);
    const limit = (ts + MAX_SPILL_SECONDS) * ID_PER_SECOND;
    let candidate = Math.max(ts * ID_PER_SECOND, this.last + 1);
    while (candidate < limit) {
      if (candidate < this.freeFrom || candidate >= this.nextStored) {
        this.freeFrom = candidate;
        this.nextStored = this.firstAtOrAfter.get(candidate)?.id ?? Number.MAX_SAFE_INTEGER;
      }
      if (candidate < this.nextStored) return (this.last = candidate);
      // Taken: continue after the last stored id of that second (ids run on into the next second).
      const second = Math.floor(candidate / ID_PER_SECOND);
      candidate = this.lastInSecond.get(candidate, (second + 1) * ID_PER_SECOND - 1)!.id! + 1;
    }
    throw new RangeError(`more than ${MAX_SPILL_SECONDS * ID_PER_SECOND} messages within a minute of ${ts}`);
  }
}
