/**
 * One sync per instance at a time: a second run while one is going (same process or another one) is
 * refused with a clear 'busy' error; a lock left by a process that died is taken over and its run
 * marked interrupted.
 */
import { spawnSync } from 'node:child_process';
import { hostname } from 'node:os';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ArchiveError } from '../../src/errors.js';
import type { Simulator } from '../../src/simulator/index.js';
import { Store } from '../../src/store/index.js';
import { callTool } from '../../src/tools/define.js';
import { syncChatsTool } from '../../src/tools/sync-chats.js';
import {
  groundTruthDiff,
  runsOf,
  simClient,
  simDeps,
  spawnSyncChild,
  startSimulator,
  syncEngine,
} from '../helpers/sync.js';
import { tempDir } from '../helpers/tmp.js';

const tmp = tempDir('wa-sync-lock-');
let sim: Simulator;

beforeAll(async () => {
  sim = await startSimulator({ seed: 41, chats: 20, messagesPerChat: [10, 80] });
});
afterAll(async () => {
  await sim.close();
  tmp.cleanup();
});

async function refusal(run: Promise<unknown>): Promise<ArchiveError> {
  try {
    await run;
  } catch (error) {
    expect(error).toBeInstanceOf(ArchiveError);
    return error as ArchiveError;
  }
  throw new Error('expected the run to be refused');
}

describe('one sync per instance', () => {
  it('a second run in the same process while one is going gets a busy error', async () => {
    const store = Store.open(tmp.path('same.db'));
    const slow = simClient(sim, { pacer: { speedFactor: 20 } });
    const other = simClient(sim);
    try {
      const first = syncEngine(store, slow, sim).run({ mode: 'full' });
      const error = await refusal(syncEngine(store, other, sim).run({ mode: 'full' }));
      expect(error.code).toBe('busy');
      expect(error.message).toMatch(
        new RegExp(`Another sync of this instance is running \\(process ${process.pid} `),
      );
      expect(error.hint).toMatch(/get_sync_status/);
      expect((await first).status).toBe('ok');
      expect(groundTruthDiff(sim, store)).toEqual([]);
      // Released at the end: the next run goes ahead.
      expect((await syncEngine(store, other, sim).run({ mode: 'full' })).status).toBe('ok');
    } finally {
      await slow.close();
      await other.close();
      store.close();
    }
  });

  it('another store of the same archive in this process is refused too', async () => {
    const path = tmp.path('two-stores.db');
    const store = Store.open(path);
    const second = Store.open(path);
    const slow = simClient(sim, { pacer: { speedFactor: 20 } });
    const other = simClient(sim);
    try {
      const first = syncEngine(store, slow, sim).run({ mode: 'full' });
      const error = await refusal(syncEngine(second, other, sim).run({ mode: 'full' }));
      expect(error.code).toBe('busy');
      expect((await first).status).toBe('ok');
      // The refused run neither took the lock nor marked the running one interrupted.
      expect(runsOf(store).map((r) => r.status)).toEqual(['ok']);
      expect(groundTruthDiff(sim, store)).toEqual([]);
      expect((await syncEngine(second, other, sim).run({ mode: 'full' })).status).toBe('ok');
    } finally {
      await slow.close();
      await other.close();
      second.close();
      store.close();
    }
  });

  it('two sync_chats calls at once: the second says a sync is running', async () => {
    const dbPath = tmp.path('tool.db');
    const store = Store.open(dbPath);
    try {
      const tool = syncChatsTool(simDeps(store, sim, { dbPath, pacer: { speedFactor: 20 } }));
      const first = callTool(tool, { mode: 'full' });
      const second = await refusal(callTool(tool, { mode: 'full' }));
      expect(second.code).toBe('busy');
      expect((await first).runs[0]!.status).toBe('ok');
    } finally {
      store.close();
    }
  });

  it('a sync running in another process: busy, naming that process', async () => {
    const db = tmp.path('other-process.db');
    const child = spawnSyncChild({ db, url: sim.url, mode: 'full', pacerSpeed: 10 });
    await child.ready;
    await child.go(sim.clock.now());
    const store = Store.open(db);
    const client = simClient(sim);
    try {
      const error = await refusal(syncEngine(store, client, sim).run({ mode: 'full' }));
      expect(error.code).toBe('busy');
      expect(error.message).toContain(`process ${child.proc.pid} `);
    } finally {
      child.proc.kill('SIGKILL');
      await child.exited;
      await client.close();
      store.close();
    }
  });

  it('a lock left by a dead process is taken over, and its run marked interrupted', async () => {
    const store = Store.open(tmp.path('dead.db'));
    const client = simClient(sim);
    try {
      expect((await syncEngine(store, client, sim).run({ mode: 'full' })).status).toBe('ok');
      // A process that has exited left its lock and a running run behind.
      const dead = spawnSync(process.execPath, ['-e', '0']).pid!;
      const instanceId = store.db.prepare<[], { id: number }>('SELECT id FROM instances').get()!.id;
      store.write(() => {
        store.sync.startRun(instanceId, 'full', 1);
        store.db
          .prepare(
            'INSERT OR REPLACE INTO sync_locks (instance_id, pid, host, acquired_at) VALUES (?, ?, ?, 1)',
          )
          .run(instanceId, dead, hostname());
      });
    } catch (error) {
      await client.close();
      store.close();
      throw error;
    }
    try {
      expect((await syncEngine(store, client, sim).run({ mode: 'full' })).status).toBe('ok');
      expect(runsOf(store).map((r) => `${r.status} ${r.error ?? ''}`.trim())).toEqual([
        'ok',
        'failed interrupted',
        'ok',
      ]);
      // A lock with this process's pid but another start time: an earlier process that had the same
      // pid (containers restart as the same pid) died holding it.
      store.write(() =>
        store.db
          .prepare(
            'INSERT INTO sync_locks (instance_id, pid, host, acquired_at) SELECT id, ?, ?, 1 FROM instances',
          )
          .run(process.pid, hostname()),
      );
      expect((await syncEngine(store, client, sim).run({ mode: 'full' })).status).toBe('ok');
    } finally {
      await client.close();
      store.close();
    }
  });
});
