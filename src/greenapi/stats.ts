/** Request counters the sync engine records per run (requests, retries, 429s, malformed items). */

export interface MethodStats {
  requests: number;
  retries: number;
  rateLimited: number;
  failures: number;
  malformed: number;
}

export interface StatsSnapshot extends MethodStats {
  byMethod: Record<string, MethodStats>;
}

export interface StatsRecorder {
  add(method: string, field: keyof MethodStats, n?: number): void;
  snapshot(): StatsSnapshot;
  reset(): void;
}

const empty = (): MethodStats => ({ requests: 0, retries: 0, rateLimited: 0, failures: 0, malformed: 0 });

export function createStats(): StatsRecorder {
  let byMethod = new Map<string, MethodStats>();
  return {
    add(method, field, n = 1) {
      let s = byMethod.get(method);
      if (!s) byMethod.set(method, (s = empty()));
      s[field] += n;
    },
    snapshot() {
      const total = empty();
      const out: Record<string, MethodStats> = {};
      for (const [method, s] of byMethod) {
        out[method] = { ...s };
        for (const k of Object.keys(total) as (keyof MethodStats)[]) total[k] += s[k];
      }
      return { ...total, byMethod: out };
    },
    reset() {
      byMethod = new Map();
    },
  };
}
