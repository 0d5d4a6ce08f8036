/**
 * A Green API-compatible HTTP server for tests, benchmarks and demos (reference §12): routing,
 * credentials, verbs, per-method rate limits, instance state, 466 quota, fault injection, and a
 * driving API (add messages, advance the clock, read the ground truth).
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { silentLogger, type Logger } from '../logger.js';
import { findMethod } from '../greenapi/methods.js';
import { createFaults, type FaultOptions } from './faults.js';
import { createArrivalClock } from './arrival.js';
import { createRateLimiter, type LimitOptions } from './limits.js';
import { createRng } from './rng.js';
import { HANDLERS, fail, type RouteResponse } from './routes.js';
import { createInstance, type InstanceConfig, type SimInstance } from './state.js';

export interface SimulatorOptions {
  /** 0 (default) picks a free port. */
  port?: number;
  host?: string;
  seed?: number;
  /** Default: one instance 1101000001 with a token derived from the seed. */
  instances?: InstanceConfig[];
  /** Rate limits of the real API (default), sped up, or off. */
  limits?: LimitOptions;
  /** Developer-plan quota for every instance (an instance's own `quota466` wins). */
  quota466?: { correspondents: number };
  faults?: FaultOptions;
  /** Wall clock in ms for message times and minute windows; `clock.advance` adds to it. */
  now?: () => number;
  /** Multiplies receiveNotification long-poll waits (0.01 turns 5 s into 50 ms). Default 1. */
  longPollScale?: number;
  logger?: Logger;
}

export interface SimulatorStats {
  requests: number;
  byMethod: Record<string, number>;
  rateLimited: number;
  quotaExceeded: number;
  faults: Record<string, number>;
}

export interface Simulator {
  url: string;
  port: number;
  instances: SimInstance[];
  instance(idInstance: number): SimInstance;
  clock: { now(): number; advance(ms: number): void };
  setFaults(patch: FaultOptions): void;
  setLimits(limits: LimitOptions): void;
  stats(): SimulatorStats;
  resetStats(): void;
  close(): Promise<void>;
}

const PATH = /^\/waInstance(\d+)\/([A-Za-z]+)\/([^/?]+)(?:\/(\d+))?\/?$/;

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

export async function createSimulator(options: SimulatorOptions = {}): Promise<Simulator> {
  const seed = options.seed ?? 1;
  const logger = options.logger ?? silentLogger();
  let offset = 0;
  const now = () => (options.now ?? Date.now)() + offset;
  const faults = createFaults(seed, options.faults);
  const limiter = createRateLimiter();
  const arrival = createArrivalClock();
  let limited = false;
  const setLimits = (limits: LimitOptions) => {
    limiter.set(limits);
    limited = limits !== 'off';
    if (!limited) arrival.stop();
  };
  setLimits(options.limits ?? {});
  const configs = options.instances ?? [
    { idInstance: 1101000001, token: createRng(seed).hex(50).toLowerCase(), chats: 20, messagesPerChat: 30 },
  ];
  const instances = configs.map((c, i) =>
    createInstance({ ...c, quota466: c.quota466 ?? options.quota466 ?? null }, seed + i * 7919, now, faults),
  );
  const byId = new Map(instances.map((i) => [i.idInstance, i]));
  const longPollScale = options.longPollScale ?? 1;
  let stats: SimulatorStats = {
    requests: 0,
    byMethod: {},
    rateLimited: 0,
    quotaExceeded: 0,
    faults: faults.hits,
  };
  const pending = new Set<() => void>();

  function send(res: ServerResponse, r: RouteResponse): void {
    if (res.destroyed || res.writableEnded) return;
    if (r.status === 466) stats.quotaExceeded++;
    res.writeHead(r.status, {
      'content-type': r.text ? 'text/plain; charset=utf-8' : 'application/json',
      'content-length': Buffer.byteLength(r.body),
    });
    res.end(r.body);
  }

  /** Resolves after `ms`, or early when the client leaves or the simulator closes. */
  function wait(ms: number, res: ServerResponse, wake?: Set<() => void>): Promise<void> {
    return new Promise((resolve) => {
      const done = () => {
        clearTimeout(timer);
        pending.delete(done);
        wake?.delete(done);
        res.off('close', done);
        resolve();
      };
      const timer = setTimeout(done, ms);
      pending.add(done);
      wake?.add(done);
      res.on('close', done);
    });
  }

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    // Limits count requests as they arrive, not once their body has been read.
    const arrivedAt = performance.now();
    const earliest = limited ? arrival.arrived(arrivedAt) : arrivedAt;
    const url = req.url ?? '/';
    const q = url.indexOf('?');
    const match = PATH.exec(q < 0 ? url : url.slice(0, q));
    const text = await readBody(req);
    if (!match) return send(res, fail(404, 'Not Found'));
    const inst = byId.get(Number(match[1]));
    if (!inst) return send(res, fail(403, 'Forbidden'));
    if (match[3] !== inst.token) return send(res, fail(401, 'Unauthorized'));
    const spec = findMethod(match[2] ?? '');
    const handler = spec && HANDLERS[spec.name];
    if (!spec || !handler || req.method !== spec.verb) return send(res, fail(404, 'Not Found'));
    if (match[4] !== undefined && spec.name !== 'deleteNotification')
      return send(res, fail(404, 'Not Found'));

    stats.requests++;
    stats.byMethod[spec.name] = (stats.byMethod[spec.name] ?? 0) + 1;
    if (!limiter.allow(inst.idInstance, spec.name, arrivedAt, earliest)) {
      stats.rateLimited++;
      return send(res, fail(429, 'Too Many Requests'));
    }
    if (faults.roll('timeout')) {
      await wait(faults.options.hangMs, res);
      res.destroy();
      return;
    }
    if (faults.roll('error5xx')) {
      const status = faults.pick([500, 502, 503]);
      return send(
        res,
        fail(
          status,
          status === 500 ? 'Internal Server Error' : status === 502 ? 'Bad Gateway' : 'Service Unavailable',
        ),
      );
    }
    if (faults.roll('slow')) await wait(faults.options.slowMs, res);

    let body: Record<string, unknown> = {};
    if (text.trim()) {
      try {
        const parsed: unknown = JSON.parse(text);
        if (parsed && typeof parsed === 'object' && !Array.isArray(parsed))
          body = parsed as Record<string, unknown>;
        else return send(res, fail(400, 'bad request data'));
      } catch (e) {
        return send(res, fail(400, (e as Error).message));
      }
    }
    if (spec.needsAuthorized && inst.stateInstance !== 'authorized') {
      const starting = inst.stateInstance === 'starting';
      return send(
        res,
        fail(400, starting ? 'instance in starting process try later' : 'instance account not authorized'),
      );
    }
    const out = await handler({
      inst,
      query: new URLSearchParams(q < 0 ? '' : url.slice(q + 1)),
      body,
      receiptId: match[4] === undefined ? undefined : Number(match[4]),
      nowSec: Math.floor(now() / 1000),
      faults,
      waitForNotification: (ms) => wait(ms, res, inst.waiters),
      longPollMs: (seconds) => seconds * 1000 * longPollScale,
    });
    send(res, out);
  }

  const server = createServer({ keepAliveTimeout: 30_000 }, (req, res) => {
    handle(req, res).catch((error: unknown) => {
      logger.error({ err: error }, 'simulator request failed');
      send(res, fail(500, 'Internal Server Error'));
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, options.host ?? '127.0.0.1', () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  const host = options.host ?? '127.0.0.1';

  return {
    url: `http://${host.includes(':') ? `[${host}]` : host}:${port}`,
    port,
    instances,
    instance(idInstance) {
      const inst = byId.get(idInstance);
      if (!inst) throw new Error(`simulator: no instance ${idInstance}`);
      return inst;
    },
    clock: {
      now,
      advance(ms) {
        offset += ms;
      },
    },
    setFaults: (patch) => faults.set(patch),
    setLimits,
    stats: () => ({ ...stats, byMethod: { ...stats.byMethod }, faults: { ...faults.hits } }),
    resetStats() {
      stats = { requests: 0, byMethod: {}, rateLimited: 0, quotaExceeded: 0, faults: faults.hits };
      for (const k of Object.keys(faults.hits)) faults.hits[k as keyof typeof faults.hits] = 0;
    },
    async close() {
      arrival.stop();
      for (const done of [...pending]) done();
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
    },
  };
}
