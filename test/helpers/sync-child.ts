/**
 * A sync run in its own process, for crash tests: `node --import tsx test/helpers/sync-child.ts '<json>'`
 * with { db, url, idInstance, token, mode: 'full' | 'follow', pacerSpeed? }. Prints `ready` once loaded
 * and waits for a `go <nowMs>` line on stdin (so a test can load the next process while the previous
 * one runs), prints `running` once the run has started (its run row exists), then the summary as JSON.
 * Follow runs until SIGTERM.
 */
import { createInterface } from 'node:readline';
import { createGreenApiClient, createPacer } from '../../src/greenapi/index.js';
import { silentLogger } from '../../src/logger.js';
import { Store } from '../../src/store/index.js';
import { SyncEngine } from '../../src/sync/engine.js';

interface ChildArgs {
  db: string;
  url: string;
  idInstance: number;
  token: string;
  mode: 'full' | 'follow';
  /** From the `go <nowMs>` line. */
  nowMs: number;
  pacerSpeed?: number;
}

const say = (line: string) => process.stdout.write(`${line}\n`);
say('ready');
const lines = createInterface({ input: process.stdin });
const go = await new Promise<string>((resolve) => lines.once('line', resolve));
lines.close();
const args = { ...(JSON.parse(process.argv[2] ?? '{}') as ChildArgs), nowMs: Number(go.split(' ')[1]) };
const store = Store.open(args.db);
const client = createGreenApiClient({
  apiUrl: args.url,
  idInstance: args.idInstance,
  token: args.token,
  pacer: createPacer(args.pacerSpeed ? { speedFactor: args.pacerSpeed } : { unlimited: true }),
  retry: { attempts: 10, baseDelayMs: 2, maxDelayMs: 40 },
  timeoutMs: 5000,
});
const engine = new SyncEngine({
  store,
  client,
  logger: silentLogger(),
  now: () => Math.floor(args.nowMs / 1000),
});
let announced = false;
const announce = () => {
  if (!announced) say('running');
  announced = true;
};

if (args.mode === 'follow') {
  const controller = new AbortController();
  process.once('SIGTERM', () => controller.abort());
  const summary = await engine.follow({
    signal: controller.signal,
    receiveTimeout: 5,
    reconcileSeconds: 1e9,
    onEvent: announce,
  });
  say(JSON.stringify(summary));
} else {
  const summary = await engine.run({ mode: 'full', onProgress: announce });
  say(JSON.stringify(summary));
}
await client.close();
store.close();
