/** Fault injection: seeded decisions on errors, slowness, hangs, malformed items and lost/duplicate notifications. */
import { createRng, type Rng } from './rng.js';

export interface FaultOptions {
  /** Share of requests answered 500/502/503 (after auth and rate limits). */
  error5xxRate?: number;
  /** Share of requests answered only after `slowMs`. */
  slowRate?: number;
  slowMs?: number;
  /** Share of requests never answered (the client must time out); the socket is dropped after `hangMs`. */
  timeoutRate?: number;
  hangMs?: number;
  /** Share of items inside array responses replaced by malformed JSON values. */
  malformedRate?: number;
  /** Share of notifications queued twice (two receiptIds, same body). */
  duplicateNotificationRate?: number;
  /** Share of notifications never queued (the message is still in the journals). */
  dropNotificationRate?: number;
}

export type FaultKind =
  'error5xx' | 'slow' | 'timeout' | 'malformed' | 'duplicateNotification' | 'dropNotification';

export interface Faults {
  readonly options: Readonly<Required<FaultOptions>>;
  set(patch: FaultOptions): void;
  /** True when this fault should hit now; counts hits per kind. */
  roll(kind: FaultKind): boolean;
  pick<T>(list: readonly T[]): T;
  readonly hits: Record<FaultKind, number>;
}

const NONE: Required<FaultOptions> = {
  error5xxRate: 0,
  slowRate: 0,
  slowMs: 1500,
  timeoutRate: 0,
  hangMs: 120_000,
  malformedRate: 0,
  duplicateNotificationRate: 0,
  dropNotificationRate: 0,
};

const RATE_OF: Record<FaultKind, keyof FaultOptions> = {
  error5xx: 'error5xxRate',
  slow: 'slowRate',
  timeout: 'timeoutRate',
  malformed: 'malformedRate',
  duplicateNotification: 'duplicateNotificationRate',
  dropNotification: 'dropNotificationRate',
};

export function createFaults(seed: number, initial: FaultOptions = {}): Faults {
  const rng: Rng = createRng(seed ^ 0x5bd1e995);
  let options: Required<FaultOptions> = { ...NONE, ...initial };
  const hits: Record<FaultKind, number> = {
    error5xx: 0,
    slow: 0,
    timeout: 0,
    malformed: 0,
    duplicateNotification: 0,
    dropNotification: 0,
  };
  return {
    get options() {
      return options;
    },
    set(patch) {
      options = { ...options, ...patch };
    },
    roll(kind) {
      const rate = options[RATE_OF[kind]];
      if (!(rate > 0) || rng.next() >= rate) return false;
      hits[kind]++;
      return true;
    },
    pick: (list) => rng.pick(list),
    hits,
  };
}

/** Values that break the journal item schema in different ways. */
export const MALFORMED_ITEMS: readonly string[] = [
  'null',
  '"garbage"',
  '{"idMessage":null,"typeMessage":"textMessage"}',
  '{"type":"incoming","idMessage":"3A00000000000000BAD1","timestamp":"ontem","typeMessage":"textMessage","chatId":"5531900000000@c.us"}',
  '{"type":"incoming","timestamp":1717412276,"typeMessage":"imageMessage"}',
  '[1,2,3]',
];
