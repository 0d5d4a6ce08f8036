/**
 * sync_chats and get_sync_status through a real MCP SDK Client over InMemoryTransport, against the
 * simulator: progress notifications, cancellation, and errors that keep what is stored (466 quota,
 * wrong token, instance not authorized, chats that failed).
 */
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { InMemoryTransport } from '@modelcontextprotocol/sdk/inMemory.js';
import type { CallToolResult, Progress } from '@modelcontextprotocol/sdk/types.js';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createServer } from '../../src/server.js';
import type { Simulator } from '../../src/simulator/index.js';
import { Store } from '../../src/store/index.js';
import type { SyncSummary } from '../../src/sync/engine.js';
import type { Deps } from '../../src/tools/deps.js';
import {
  countRows,
  expectedArchive,
  groundTruthDiff,
  runsOf,
  SIM_ID,
  simClient,
  simDeps,
  startSimulator,
  storedArchive,
  syncEngine,
  waitFor,
} from '../helpers/sync.js';
import { tempDir } from '../helpers/tmp.js';

const tmp = tempDir('wa-sync-mcp-');
let sim: Simulator;
const open: { close: () => Promise<void> | void }[] = [];

beforeAll(async () => {
  sim = await startSimulator({ seed: 17, chats: 24, messagesPerChat: [20, 120] });
});
afterEach(async () => {
  for (const o of open.splice(0).reverse()) await o.close();
  const inst = sim.instance(SIM_ID);
  inst.setQuota(null);
  if (inst.stateInstance !== 'authorized') inst.setState('authorized');
  sim.setFaults({ error5xxRate: 0 });
});
afterAll(async () => {
  await sim.close();
  tmp.cleanup();
});

interface Session {
  store: Store;
  deps: Deps;
  client: Client;
  call: (name: string, args?: Record<string, unknown>) => Promise<CallToolResult>;
}

/** A store and an MCP client connected to createServer over it; listTools is checked first. */
async function session(name: string, opts: { token?: string; pacer?: { speedFactor: number } } = {}) {
  const dbPath = tmp.path(name);
  const store = Store.open(dbPath);
  open.push(store);
  const deps = simDeps(store, sim, { dbPath, ...opts });
  const { server, close } = createServer(deps);
  const [clientTransport, serverTransport] = InMemoryTransport.createLinkedPair();
  const client = new Client({ name: 'sync-tests', version: '0.0.0' });
  await server.connect(serverTransport);
  await client.connect(clientTransport);
  open.push({ close: async () => (await client.close(), await close()) });
  const tools = (await client.listTools()).tools.map((t) => t.name);
  expect(tools).toEqual(expect.arrayContaining(['sync_chats', 'get_sync_status']));
  const s: Session = {
    store,
    deps,
    client,
    call: async (tool, args = {}) =>
      (await client.callTool({ name: tool, arguments: args })) as CallToolResult,
  };
  return s;
}

const text = (r: CallToolResult) => r.content.map((c) => (c.type === 'text' ? c.text : '')).join('\n');
const runsOfResult = (r: CallToolResult) => (r.structuredContent as { runs: SyncSummary[] }).runs;

interface Status {
  instances: {
    state: string | null;
    open_gaps: number;
    chats_with_errors: number;
    last_runs: { mode: string; status: string; error: string | null }[];
  }[];
  chats: { wa_id: string; last_error: string | null }[];
}
async function status(s: Session): Promise<Status> {
  const r = await s.call('get_sync_status', { limit: 200 });
  expect(r.isError).toBeFalsy();
  return r.structuredContent as unknown as Status;
}

/** Stored messages are a consistent part of the ground truth: each chat either complete or absent. */
function expectConsistentPart(store: Store): void {
  const diff = groundTruthDiff(sim, store).filter((d) => !d.startsWith('missing') && !d.startsWith('…'));
  expect(diff).toEqual([]);
  const expected = expectedArchive(sim.instance(SIM_ID));
  for (const [chat, messages] of storedArchive(store).chats)
    expect(messages.size, `chat ${chat} stored in part`).toBe(expected.chats.get(chat)?.size ?? 0);
}

describe('sync_chats through MCP', () => {
  it('syncs with progress notifications, then get_sync_status shows the run', async () => {
    const s = await session('progress.db');
    const progress: Progress[] = [];
    const result = (await s.client.callTool({ name: 'sync_chats', arguments: { mode: 'full' } }, undefined, {
      onprogress: (p) => progress.push(p),
    })) as CallToolResult;
    expect(result.isError).toBeFalsy();
    const [run] = runsOfResult(result);
    expect(run).toMatchObject({ instance: String(SIM_ID), mode: 'full', status: 'ok', chats_synced: 24 });
    expect(text(result)).toMatch(/\(full\): ok/);
    expect(groundTruthDiff(sim, s.store)).toEqual([]);
    // One notification per chat read, counting up to the total.
    expect(progress.length).toBeGreaterThanOrEqual(24);
    expect(progress.at(-1)).toMatchObject({ progress: 24, total: 24 });
    for (let i = 1; i < progress.length; i++)
      expect(progress[i]!.progress).toBeGreaterThanOrEqual(progress[i - 1]!.progress);

    const st = await status(s);
    expect(st.instances[0]!.last_runs[0]).toMatchObject({ mode: 'full', status: 'ok', error: null });
    expect(st.instances[0]!.open_gaps).toBe(0);

    // A second call is incremental by default and finds nothing new.
    const again = runsOfResult(await s.call('sync_chats'))[0]!;
    expect(again).toMatchObject({ mode: 'incremental', status: 'ok', inserted: 0 });
    expect(again.requests).toBeLessThanOrEqual(3);
  });

  it('honours cancellation: the run is marked cancelled and what was stored is consistent', async () => {
    // Paced (about 20 history reads a second) so that the cancel lands mid-way.
    const s = await session('cancel.db', { pacer: { speedFactor: 20 } });
    const controller = new AbortController();
    let notified = 0;
    const call = s.client.callTool({ name: 'sync_chats', arguments: { mode: 'full' } }, undefined, {
      signal: controller.signal,
      onprogress: () => {
        if (++notified === 8) controller.abort('enough');
      },
    });
    await expect(call).rejects.toThrow();
    await waitFor(() => runsOf(s.store)[0]?.status !== 'running', 10_000, 'the run to stop');
    const run = runsOf(s.store)[0]!;
    expect(run.status).toBe('cancelled');
    const held = countRows(s.store, 'messages');
    expect(held).toBeGreaterThan(0);
    expect(held).toBeLessThan(expectedArchive(sim.instance(SIM_ID)).messages);
    expectConsistentPart(s.store);
    expect(s.store.db.prepare('SELECT count(*) AS n FROM sync_locks').get()).toEqual({ n: 0 });
    expect((await status(s)).instances[0]!.last_runs[0]).toMatchObject({ status: 'cancelled' });

    // Running again completes it.
    expect(runsOfResult(await s.call('sync_chats', { mode: 'full' }))[0]!.status).toBe('ok');
    expect(groundTruthDiff(sim, s.store)).toEqual([]);
  });

  it('466 quota mid-sync: an error naming the quota, the chats read before it are kept', async () => {
    const s = await session('quota.db');
    sim.instance(SIM_ID).setQuota({ correspondents: 5 });
    const result = await s.call('sync_chats', { mode: 'full' });
    expect(result.isError).toBe(true);
    expect(text(result)).toMatch(/quota exhausted .*\(5 of 5 used\)/);
    expect(text(result)).toMatch(/Next step: .*business plan/);
    // The five chats the quota allowed were read and stored whole.
    const stored = storedArchive(s.store);
    expect([...stored.chats.keys()].sort()).toEqual(sim.instance(SIM_ID).allowedChats().sort());
    expectConsistentPart(s.store);
    const st = await status(s);
    expect(st.instances[0]!.last_runs[0]!.status).toBe('failed');
    expect(st.instances[0]!.last_runs[0]!.error).toMatch(/quota exhausted/);

    // What a later quota error meets is kept too.
    sim.instance(SIM_ID).setQuota(null);
    expect(runsOfResult(await s.call('sync_chats', { mode: 'full' }))[0]!.status).toBe('ok');
    const before = countRows(s.store, 'messages');
    sim.instance(SIM_ID).setQuota({ correspondents: 1 });
    expect((await s.call('sync_chats', { mode: 'full' })).isError).toBe(true);
    expect(countRows(s.store, 'messages')).toBe(before);
    expect(groundTruthDiff(sim, s.store)).toEqual([]);
  });

  it('a wrong token: a credentials error naming the variables, the store untouched', async () => {
    const good = await session('token.db');
    expect(runsOfResult(await good.call('sync_chats', { mode: 'full' }))[0]!.status).toBe('ok');
    const s = await session('token.db', { token: 'f'.repeat(50) });
    const counts = () => ['messages', 'chats', 'reactions'].map((t) => countRows(s.store, t as 'messages'));
    const before = counts();
    const result = await s.call('sync_chats', { mode: 'full' });
    expect(result.isError).toBe(true);
    expect(text(result)).toMatch(/rejected the API token \(HTTP 401\)/);
    expect(text(result)).toContain('GREEN_API_ID_INSTANCE');
    expect(text(result)).toContain('GREEN_API_TOKEN_INSTANCE');
    expect(text(result)).not.toContain('f'.repeat(50));
    expect(counts()).toEqual(before);
    expect(groundTruthDiff(sim, s.store)).toEqual([]);
  });

  it('an instance that is not authorized: a state error saying what to do', async () => {
    const s = await session('state.db');
    sim.instance(SIM_ID).setState('notAuthorized');
    const result = await s.call('sync_chats', { mode: 'full' });
    expect(result.isError).toBe(true);
    expect(text(result)).toMatch(/is not linked to a WhatsApp account \(state notAuthorized\)/);
    expect(text(result)).toMatch(/Next step: Scan the QR code/);
    expect(countRows(s.store, 'messages')).toBe(0);
    const st = await status(s);
    expect(st.instances[0]!.state).toBe('notAuthorized');
    expect(st.instances[0]!.last_runs[0]!.status).toBe('failed');
  });

  it('chats whose journal failed are listed with their error by get_sync_status, and cleared by a later sync', async () => {
    const s = await session('chat-errors.db');
    // Once the chat list is read, every journal read fails (5xx, few retries): chat errors, not a failed run.
    const client = simClient(sim, { retry: { attempts: 2, baseDelayMs: 1 } });
    open.push(client);
    const summary = await syncEngine(s.store, client, sim).run({
      mode: 'full',
      onProgress: (done) => {
        if (done === 0) sim.setFaults({ error5xxRate: 1 });
      },
    });
    sim.setFaults({ error5xxRate: 0 });
    expect(summary.status).toBe('ok');
    expect(summary.errors.greenapi_http).toBeGreaterThanOrEqual(24); // every journal, and group details read alongside
    let st = await status(s);
    expect(st.instances[0]!.chats_with_errors).toBe(24);
    expect(st.chats[0]!.last_error).toMatch(/getChatHistory failed .* HTTP 5\d\d after 2 attempts/);

    expect(runsOfResult(await s.call('sync_chats', { mode: 'full' }))[0]!.status).toBe('ok');
    st = await status(s);
    expect(st.instances[0]!.chats_with_errors).toBe(0);
    expect(groundTruthDiff(sim, s.store)).toEqual([]);
  });
});
