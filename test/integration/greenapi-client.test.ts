import { pino } from 'pino';
import { Agent, type Dispatcher } from 'undici';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { ArchiveError } from '../../src/errors.js';
import {
  createGreenApiClient,
  createPacer,
  GreenApiCancelledError,
  GreenApiCredentialsError,
  GreenApiError,
  GreenApiHttpError,
  GreenApiNetworkError,
  GreenApiQuotaError,
  GreenApiStateError,
  GreenApiTimeoutError,
  type GreenApiClient,
  type GreenApiClientOptions,
} from '../../src/greenapi/index.js';
import { createSimulator, type Simulator } from '../../src/simulator/index.js';

const ID = 1101000001;
const TOKEN = '5f0e1d2c3b4a59687766554433221100ffeeddccbbaa998877';
const NOW = Date.UTC(2025, 5, 2, 12, 0, 0);
const FAST_RETRY = { attempts: 6, baseDelayMs: 5, maxDelayMs: 40 };

let sim: Simulator;
const clients: GreenApiClient[] = [];

function client(extra: Partial<GreenApiClientOptions> = {}): GreenApiClient {
  const c = createGreenApiClient({
    apiUrl: `${sim.url}/`,
    idInstance: ID,
    token: TOKEN,
    pacer: createPacer({ unlimited: true }),
    retry: FAST_RETRY,
    timeoutMs: 2000,
    ...extra,
  });
  clients.push(c);
  return c;
}

/** Runs `fn` expecting a rejection, returns the error. */
async function failure(fn: () => Promise<unknown>): Promise<GreenApiError> {
  try {
    await fn();
  } catch (error) {
    expect(error).toBeInstanceOf(GreenApiError);
    return error as GreenApiError;
  }
  throw new Error('expected a rejection');
}

function expectNoSecrets(error: GreenApiError): void {
  const serialised = JSON.stringify({
    ...error,
    message: error.message,
    hint: error.hint,
    stack: error.stack,
  });
  expect(serialised).not.toContain(TOKEN);
  expect(serialised).not.toContain(sim.url);
  expect(serialised).not.toMatch(/waInstance\d+\//);
}

beforeAll(async () => {
  sim = await createSimulator({
    seed: 11,
    now: () => NOW,
    limits: 'off',
    longPollScale: 0.01,
    instances: [{ idInstance: ID, token: TOKEN, chats: 10, messagesPerChat: 50 }],
  });
});
afterEach(() => {
  sim.setFaults({ error5xxRate: 0, timeoutRate: 0, malformedRate: 0, slowRate: 0 });
  sim.setLimits('off');
  sim.instances[0]!.setQuota(null);
  sim.instances[0]!.setState('authorized');
});
afterAll(async () => {
  await Promise.all(clients.map((c) => c.close()));
  await sim.close();
});

describe('Green API client against the simulator', () => {
  it('every method returns the documented shape', async () => {
    const c = client();
    const inst = sim.instances[0]!;
    expect(await c.getStateInstance()).toEqual({ stateInstance: 'authorized' });
    await c.ensureAuthorized();
    expect((await c.getSettings()).wid).toBe(inst.own.wid);
    expect(await c.getWaSettings()).toMatchObject({ phone: inst.own.phone, stateInstance: 'authorized' });

    const chats = await c.getChats();
    expect(chats.skipped).toBe(0);
    expect(chats.items.map((ch) => ch.id).sort()).toEqual(
      inst
        .chats()
        .map((ch) => ch.id)
        .sort(),
    );
    expect((await c.getChats({ count: 2 })).items).toHaveLength(2);

    const chatId = inst.chats()[0]!.id;
    const history = await c.getChatHistory({ chatId, count: 20 });
    expect(history.items.map((i) => i.idMessage)).toEqual(
      inst
        .history(chatId)
        .slice(-20)
        .reverse()
        .map((i) => i.idMessage),
    );
    const one = history.items[3]!;
    expect(await c.getMessage({ chatId, idMessage: one.idMessage })).toEqual(one);

    const media = inst.timeline().find((e) => typeof e.item.downloadUrl === 'string')!.item;
    expect(await c.downloadFile({ chatId: media.chatId, idMessage: media.idMessage })).toEqual({
      downloadUrl: media.downloadUrl,
    });

    sim.clock.advance(3600_000);
    const fresh = inst.addMessages({ count: 20, chats: 3, notify: false });
    const inc = await c.lastIncomingMessages(10);
    const out = await c.lastOutgoingMessages(10);
    expect([...inc.items, ...out.items].map((i) => i.idMessage).sort()).toEqual(
      fresh.map((i) => i.idMessage).sort(),
    );

    const contacts = await c.getContacts({ group: false });
    expect(contacts.items.length).toBeGreaterThan(0);
    expect(contacts.items.every((x) => x.type === 'user')).toBe(true);
    const user = inst.chats().find((ch) => ch.type === 'user')!;
    expect((await c.getContactInfo(user.id)).chatId).toBe(user.id);
    const group = inst.chats().find((ch) => ch.type === 'group')!;
    expect((await c.getGroupData(group.id))?.participants.length).toBe(group.participants.length);
    expect(await c.getGroupData('120363000000000000@g.us')).toBeNull();
  });

  it('receives and deletes notifications; an empty queue gives null', async () => {
    const c = client();
    const inst = sim.instances[0]!;
    while (inst.head()) inst.deleteReceipt(inst.head()!.receiptId);
    expect(await c.receiveNotification(5)).toBeNull();
    const added = inst.addMessage({ direction: 'in', text: 'Já paguei o pix' });
    const n = await c.receiveNotification(5);
    expect(n?.body).toMatchObject({ typeWebhook: 'incomingMessageReceived', idMessage: added.idMessage });
    expect(await c.deleteNotification(n!.receiptId)).toBe(true);
    expect(await c.deleteNotification(n!.receiptId)).toBe(false);
  });

  it('a 429 is retried and then succeeds, and is counted', async () => {
    sim.setLimits({ speedFactor: 4 }); // 1-rps methods: one call per 250 ms
    const c = client({ retry: { attempts: 5, baseDelayMs: 300, maxDelayMs: 600 } });
    await Promise.all([c.getSettings(), c.getSettings()]);
    const stats = c.stats();
    expect(stats.byMethod.getSettings).toMatchObject({ rateLimited: 1, retries: 1, requests: 3 });
    expect(stats.rateLimited).toBe(1);
  });

  it('a pacer at the same speed as the simulator avoids 429s altogether', async () => {
    // At speed 10 a 1-rps method allows one call per 100 ms; the pacer spaces them by 150 ms, leaving
    // room for the scheduling jitter of a loaded test machine (at real speed the margin is 10%).
    sim.setLimits({ speedFactor: 10 });
    const c = client({ pacer: createPacer({ speedFactor: 10, margin: 0.5 }) });
    const before = sim.stats().rateLimited;
    const ids = sim.instances[0]!.chats().map((ch) => ch.id);
    await Promise.all(ids.map((chatId) => c.getChatHistory({ chatId, count: 5 })));
    expect(sim.stats().rateLimited - before).toBe(0);
    expect(c.stats().byMethod.getChatHistory?.requests).toBe(ids.length);
  });

  it('a request held back after its slot began spaces the next one from when it really left', async () => {
    // Every other request waits 40 ms before it goes out (as behind a busy event loop); the pacer
    // leaves 120 ms between slots. Spaced by slots, the server would see 80 ms gaps: 429s at speed 10.
    sim.setLimits({ speedFactor: 10 });
    let n = 0;
    class Holding extends Agent {
      override dispatch(opts: Dispatcher.DispatchOptions, handler: Dispatcher.DispatchHandler): boolean {
        if (n++ % 2 === 0) {
          setTimeout(() => super.dispatch(opts, handler), 40);
          return true;
        }
        return super.dispatch(opts, handler);
      }
    }
    const dispatcher = new Holding();
    try {
      const c = client({
        dispatcher,
        pacer: createPacer({ speedFactor: 10, margin: 0.2 }),
        retry: { attempts: 1 },
      });
      const before = sim.stats().rateLimited;
      const ids = sim.instances[0]!.chats()
        .map((ch) => ch.id)
        .slice(0, 6);
      await Promise.all(ids.map((chatId) => c.getChatHistory({ chatId, count: 5 })));
      expect(sim.stats().rateLimited - before).toBe(0);
    } finally {
      await dispatcher.close();
    }
  });

  it('466 → quota error with used/total and a hint', async () => {
    sim.instances[0]!.setQuota({ correspondents: 1 });
    const c = client();
    const [a, b] = sim.instances[0]!.chats().map((ch) => ch.id);
    await c.getChatHistory({ chatId: a!, count: 1 });
    const e = await failure(() => c.getChatHistory({ chatId: b!, count: 1 }));
    expect(e).toBeInstanceOf(GreenApiQuotaError);
    expect(e).toMatchObject({ used: 1, total: 1, status: 'CORRESPONDENTS_QUOTE_EXCEEDED' });
    expect(c.stats().byMethod.getChatHistory?.retries).toBe(0);
    expectNoSecrets(e);
  });

  it('a wrong token or instance → credentials error naming the variables, without the token', async () => {
    const wrong = client({ token: 'ffffffffffffffffffffffffffffffffffffffffffffffffff' });
    const e = await failure(() => wrong.getChats());
    expect(e).toBeInstanceOf(GreenApiCredentialsError);
    expect(e.hint).toContain('GREEN_API_TOKEN_INSTANCE');
    expect(e.message).toContain(String(ID));
    expect(JSON.stringify({ ...e, m: e.message })).not.toContain('ffffffffffffffffffff');
    const unknown = client({ idInstance: 1101999999 });
    expect(await failure(() => unknown.getChats())).toMatchObject({ httpStatus: 403 });
  });

  it('a non-authorized instance → state error (from data calls and from ensureAuthorized)', async () => {
    sim.instances[0]!.setState('notAuthorized');
    const c = client();
    const e = await failure(() => c.getChats());
    expect(e).toBeInstanceOf(GreenApiStateError);
    expect(e).toMatchObject({ state: 'notAuthorized' });
    expect(e.hint).toMatch(/QR/);
    sim.instances[0]!.setState('sleepMode');
    const s = await failure(() => c.ensureAuthorized());
    expect(s).toMatchObject({ state: 'sleepMode' });
    expect(s.message).toContain('offline');
    expectNoSecrets(e);
  });

  it('20% injected 5xx and timeouts still return the right data through retries', async () => {
    sim.setFaults({ error5xxRate: 0.2, timeoutRate: 0.2, hangMs: 2000 });
    const c = client({ timeoutMs: 150, retry: { attempts: 10, baseDelayMs: 5, maxDelayMs: 20 } });
    const inst = sim.instances[0]!;
    for (const chat of inst.chats()) {
      const got = await c.getChatHistory({ chatId: chat.id, count: 1000 });
      expect(got.items.map((i) => i.idMessage)).toEqual(
        inst
          .history(chat.id)
          .map((i) => i.idMessage)
          .reverse(),
      );
    }
    const stats = c.stats();
    expect(stats.retries).toBeGreaterThan(0);
    expect(stats.failures).toBe(0);
  });

  it('gives up after the configured attempts with a typed error and no secrets', async () => {
    sim.setFaults({ error5xxRate: 1 });
    const c = client({ retry: { attempts: 3, baseDelayMs: 1, maxDelayMs: 2 } });
    const e = await failure(() => c.getChats());
    expect(e).toBeInstanceOf(GreenApiHttpError);
    expect(e).toMatchObject({ attempts: 3 });
    expectNoSecrets(e);
    sim.setFaults({ error5xxRate: 0, timeoutRate: 1, hangMs: 5000 });
    const impatient = client({ timeoutMs: 100, retry: { attempts: 2, baseDelayMs: 1, maxDelayMs: 2 } });
    const t = await failure(() => impatient.getChats());
    expect(t).toBeInstanceOf(GreenApiTimeoutError);
    expectNoSecrets(t);
  });

  it('network errors are retried, then reported without the URL', async () => {
    const dead = client({
      apiUrl: 'http://127.0.0.1:9',
      retry: { attempts: 2, baseDelayMs: 1, maxDelayMs: 1 },
    });
    const e = await failure(() => dead.getStateInstance());
    expect(e).toBeInstanceOf(GreenApiNetworkError);
    expect(e.message).toMatch(/ECONNREFUSED|network error/);
    expect(e.message).not.toContain('127.0.0.1:9');
    expectNoSecrets(e);
  });

  it('malformed items are skipped and counted, the rest is returned', async () => {
    sim.setFaults({ malformedRate: 0.3 });
    const c = client();
    const chatId = sim.instances[0]!.chats()[0]!.id;
    const got = await c.getChatHistory({ chatId, count: 50 });
    expect(got.skipped).toBeGreaterThan(0);
    expect(got.items.length + got.skipped).toBe(50);
    expect(c.stats().byMethod.getChatHistory?.malformed).toBe(got.skipped);
    const truth = new Set(sim.instances[0]!.history(chatId).map((i) => i.idMessage));
    // The malformed variants never pass validation; every returned item is a real message.
    expect(got.items.every((i) => truth.has(i.idMessage))).toBe(true);
  });

  it('honours AbortSignal: during a long poll, during backoff, and before the call', async () => {
    const c = client();
    const inst = sim.instances[0]!;
    while (inst.head()) inst.deleteReceipt(inst.head()!.receiptId);
    const controller = new AbortController();
    const poll = c.receiveNotification(60, { signal: controller.signal });
    setTimeout(() => controller.abort(), 20);
    expect(await failure(() => poll)).toBeInstanceOf(GreenApiCancelledError);

    sim.setFaults({ error5xxRate: 1 });
    const slow = client({ retry: { attempts: 5, baseDelayMs: 5000, maxDelayMs: 5000 } });
    const c2 = new AbortController();
    const started = Date.now();
    const pending = slow.getChats({}, { signal: c2.signal });
    setTimeout(() => c2.abort(), 50);
    expect(await failure(() => pending)).toBeInstanceOf(GreenApiCancelledError);
    expect(Date.now() - started).toBeLessThan(2000);

    expect(await failure(() => c.getChats({}, { signal: AbortSignal.abort() }))).toBeInstanceOf(
      GreenApiCancelledError,
    );
  });

  it('debug logs (requests, retries, malformed items, errors) never contain the token or URL', async () => {
    const lines: string[] = [];
    const logger = pino({ level: 'debug' }, { write: (line: string) => void lines.push(line) });
    const c = client({ logger, timeoutMs: 100, retry: { attempts: 2, baseDelayMs: 1, maxDelayMs: 2 } });
    const chatId = sim.instances[0]!.chats()[0]!.id;
    sim.setFaults({ malformedRate: 0.5 });
    await c.getChatHistory({ chatId, count: 30 });
    sim.setFaults({ malformedRate: 0, error5xxRate: 1 });
    await failure(() => c.getChats());
    sim.setFaults({ error5xxRate: 0, timeoutRate: 1, hangMs: 1000 });
    await failure(() => c.getChats());
    sim.setFaults({ timeoutRate: 0 });
    await failure(() => c.getMessage({ chatId, idMessage: 'NOPE' }));
    const log = lines.join('');
    expect(log).toContain('green-api retry');
    expect(log).toContain('skipped item');
    expect(log).not.toContain(TOKEN);
    expect(log).not.toMatch(/waInstance\d+\//);
  });

  it('rejects missing credentials up front with the variable to set', () => {
    const hintOf = (fn: () => unknown): string | undefined => {
      try {
        fn();
      } catch (e) {
        return (e as ArchiveError).hint;
      }
      return undefined;
    };
    expect(
      hintOf(() => createGreenApiClient({ apiUrl: sim.url, idInstance: 'abc', token: TOKEN })),
    ).toContain('GREEN_API_ID_INSTANCE');
    expect(hintOf(() => createGreenApiClient({ apiUrl: sim.url, idInstance: ID, token: ' ' }))).toContain(
      'GREEN_API_TOKEN_INSTANCE',
    );
    expect(
      hintOf(() => createGreenApiClient({ apiUrl: 'api.green-api.com', idInstance: ID, token: TOKEN })),
    ).toContain('GREEN_API_URL');
  });
});
