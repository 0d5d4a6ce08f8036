import { request } from 'undici';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSimulator, type Simulator } from '../../src/simulator/index.js';

const ID = 1101000001;
const TOKEN = 'a1b2c3d4e5f60718293a4b5c6d7e8f9012345678abcdef0123';
const NOW = Date.UTC(2025, 5, 2, 12, 0, 0);
let sim: Simulator;

async function call(
  method: string,
  opts: { verb?: string; body?: unknown; query?: string; token?: string; id?: number; suffix?: string } = {},
) {
  const url = `${sim.url}/waInstance${opts.id ?? ID}/${method}/${opts.token ?? TOKEN}${opts.suffix ?? ''}${opts.query ?? ''}`;
  const res = await request(url, {
    method: (opts.verb ?? (opts.body === undefined ? 'GET' : 'POST')) as 'GET',
    body: opts.body === undefined ? undefined : JSON.stringify(opts.body),
    headers: { 'content-type': 'application/json' },
  });
  const text = await res.body.text();
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    json = undefined;
  }
  // Assertions below read arbitrary response JSON; `any` keeps them short.
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  return { status: res.statusCode, text, json: json as any };
}

beforeAll(async () => {
  sim = await createSimulator({
    seed: 3,
    now: () => NOW,
    limits: 'off',
    longPollScale: 0.01,
    instances: [{ idInstance: ID, token: TOKEN, chats: 12, messagesPerChat: 40 }],
  });
});
afterAll(() => sim.close());

describe('simulator HTTP routing', () => {
  it('403 for an unknown instance, 401 for a wrong token, 404 for a wrong verb or method', async () => {
    expect((await call('getStateInstance', { id: 999 })).status).toBe(403);
    expect((await call('getStateInstance', { token: 'nope' })).status).toBe(401);
    expect((await call('getChatHistory', { verb: 'GET' })).status).toBe(404);
    expect((await call('noSuchMethod')).status).toBe(404);
  });

  it('matches method names case-insensitively', async () => {
    const r = await call('GetStateInstance');
    expect(r).toMatchObject({ status: 200, json: { stateInstance: 'authorized' } });
  });

  it('getChatHistory returns the newest `count` items, newest first, default 100', async () => {
    const inst = sim.instances[0]!;
    const chatId = inst.chats()[0]!.id;
    const r = await call('getChatHistory', { body: { chatId, count: 5 } });
    const expected = inst.history(chatId).slice(-5).reverse();
    expect(r.json.map((i: { idMessage: string }) => i.idMessage)).toEqual(expected.map((i) => i.idMessage));
    const all = await call('getChatHistory', { body: { chatId } });
    expect(all.json).toHaveLength(Math.min(100, inst.history(chatId).length));
    expect((await call('getChatHistory', { body: { chatId: '5531000000000@c.us' } })).json).toEqual([]);
    expect((await call('getChatHistory', { body: {} })).status).toBe(400);
  });

  it('getChats honours count from the query or the body, most recent chat first', async () => {
    expect((await call('getChats', { query: '?count=3' })).json).toHaveLength(3);
    expect((await call('getChats', { verb: 'GET', body: { count: 2 } })).json).toHaveLength(2);
    const chats = (await call('getChats')).json as { id: string }[];
    const inst = sim.instances[0]!;
    const last = (id: string) => inst.history(id).at(-1)?.timestamp ?? 0;
    expect(last(chats[0]!.id)).toBeGreaterThanOrEqual(last(chats[1]!.id));
  });

  it('lastIncoming/lastOutgoingMessages filter by direction and the minutes window', async () => {
    const inst = sim.instances[0]!;
    sim.clock.advance(3 * 3600_000);
    const fresh = inst.addMessages({ count: 30, chats: 4, notify: false });
    const incoming = (await call('lastIncomingMessages', { query: '?minutes=5' })).json as {
      idMessage: string;
      type: string;
    }[];
    expect(incoming.every((i) => i.type === 'incoming')).toBe(true);
    expect(new Set(incoming.map((i) => i.idMessage))).toEqual(
      new Set(fresh.filter((i) => i.type === 'incoming').map((i) => i.idMessage)),
    );
    const outgoing = (await call('lastOutgoingMessages', { query: '?minutes=5' })).json as { type: string }[];
    expect(outgoing.length).toBe(fresh.filter((i) => i.type === 'outgoing').length);
    const day = (await call('lastIncomingMessages')).json as unknown[];
    expect(day.length).toBeGreaterThanOrEqual(incoming.length);
  });

  it('getMessage, downloadFile, getContactInfo, getGroupData and getContacts', async () => {
    const inst = sim.instances[0]!;
    const media = inst.timeline().find((e) => typeof e.item.downloadUrl === 'string')!.item;
    const text = inst.timeline().find((e) => e.item.typeMessage === 'textMessage')!.item;
    expect(
      (await call('getMessage', { body: { chatId: text.chatId, idMessage: text.idMessage } })).json,
    ).toEqual(text);
    expect((await call('getMessage', { body: { chatId: text.chatId, idMessage: 'NOPE' } })).status).toBe(400);
    expect(
      (await call('downloadFile', { body: { chatId: media.chatId, idMessage: media.idMessage } })).json,
    ).toEqual({
      downloadUrl: media.downloadUrl,
    });
    expect(
      (await call('downloadFile', { body: { chatId: text.chatId, idMessage: text.idMessage } })).status,
    ).toBe(400);
    const user = inst.chats().find((c) => c.type === 'user' && c.id.endsWith('@c.us'))!;
    expect((await call('getContactInfo', { body: { chatId: user.id } })).json).toMatchObject({
      chatId: user.id,
      name: user.person!.pushName,
      products: [],
    });
    const group = inst.chats().find((c) => c.type === 'group')!;
    expect((await call('getContactInfo', { body: { chatId: group.id } })).status).toBe(400);
    const gd = (await call('getGroupData', { body: { groupId: group.id } })).json;
    expect(gd).toMatchObject({ groupId: group.id, subject: group.name });
    expect(gd.participants.some((p: { isSuperAdmin: boolean }) => p.isSuperAdmin)).toBe(true);
    expect((await call('getGroupData', { body: { groupId: '1203630000@g.us' } })).json).toBe(
      'Error: item-not-found',
    );
    const groups = (await call('getContacts', { query: '?group=true' })).json as { type: string }[];
    expect(groups.length).toBeGreaterThan(0);
    expect(groups.every((c) => c.type === 'group')).toBe(true);
    expect((await call('getContacts', { query: '?count=2' })).json).toHaveLength(2);
  });

  it('receiveNotification long-polls to null, returns the same head until deleted', async () => {
    const inst = sim.instances[0]!;
    while (inst.head()) inst.deleteReceipt(inst.head()!.receiptId);
    const started = Date.now();
    expect((await call('receiveNotification', { query: '?receiveTimeout=5' })).text).toBe('null');
    expect(Date.now() - started).toBeGreaterThanOrEqual(40);
    const added = inst.addMessage({ direction: 'in', text: 'Bom dia, chegou o boleto?' });
    const first = (await call('receiveNotification')).json;
    const again = (await call('receiveNotification')).json;
    expect(again.receiptId).toBe(first.receiptId);
    expect(first.body).toMatchObject({
      typeWebhook: 'incomingMessageReceived',
      idMessage: added.idMessage,
      instanceData: { idInstance: ID, wid: inst.own.wid, typeInstance: 'whatsapp' },
      messageData: {
        typeMessage: 'textMessage',
        textMessageData: { textMessage: 'Bom dia, chegou o boleto?' },
      },
    });
    const del = await call('deleteNotification', { verb: 'DELETE', suffix: `/${first.receiptId}` });
    expect(del.json).toEqual({ result: true });
    expect(
      (await call('deleteNotification', { verb: 'DELETE', suffix: `/${first.receiptId}` })).json,
    ).toEqual({
      result: false,
    });
  });

  it('a long poll wakes up as soon as a notification arrives', async () => {
    const inst = sim.instances[0]!;
    while (inst.head()) inst.deleteReceipt(inst.head()!.receiptId);
    sim.setLimits('off');
    const pending = call('receiveNotification', { query: '?receiveTimeout=60' });
    setTimeout(() => inst.addMessage({ direction: 'out', text: 'Pode sim!' }), 30);
    const r = await pending;
    expect(r.json.body.typeWebhook).toMatch(/^outgoing(API)?MessageReceived$/);
  });

  it('answers 429 when a 1-rps method is called twice at once', async () => {
    sim.setLimits({ speedFactor: 1 });
    const [a, b] = await Promise.all([call('getSettings'), call('getSettings')]);
    expect([a.status, b.status].sort()).toEqual([200, 429]);
    expect(sim.stats().rateLimited).toBeGreaterThan(0);
    sim.setLimits('off');
  });

  it('non-authorized instances answer data methods with 400 but still report their state', async () => {
    const inst = sim.instances[0]!;
    inst.setState('notAuthorized');
    expect(await call('getChats')).toMatchObject({ status: 400, text: 'instance account not authorized' });
    expect((await call('getStateInstance')).json).toEqual({ stateInstance: 'notAuthorized' });
    expect((await call('getWaSettings')).json).toMatchObject({ phone: '', stateInstance: 'notAuthorized' });
    inst.setState('authorized');
  });

  it('466 quota mode lets only N correspondents through, with the documented body', async () => {
    const inst = sim.instances[0]!;
    inst.setQuota({ correspondents: 2 });
    const [a, b, c] = inst.chats().map((ch) => ch.id);
    expect((await call('getChatHistory', { body: { chatId: a, count: 1 } })).status).toBe(200);
    expect((await call('getChatHistory', { body: { chatId: b, count: 1 } })).status).toBe(200);
    expect((await call('getChatHistory', { body: { chatId: a, count: 1 } })).status).toBe(200);
    const denied = await call('getChatHistory', { body: { chatId: c, count: 1 } });
    expect(denied.status).toBe(466);
    expect(denied.json.correspondentsStatus).toMatchObject({
      used: 2,
      total: 2,
      status: 'CORRESPONDENTS_QUOTE_EXCEEDED',
    });
    expect(denied.json.correspondentsStatus.description).toContain(a);
    inst.setQuota(null);
  });

  it('fault injection: 5xx and malformed items', async () => {
    const chatId = sim.instances[0]!.chats()[0]!.id;
    sim.setFaults({ error5xxRate: 1 });
    expect([500, 502, 503]).toContain((await call('getChats')).status);
    sim.setFaults({ error5xxRate: 0, malformedRate: 0.5 });
    const items = (await call('getChatHistory', { body: { chatId, count: 40 } })).json as unknown[];
    expect(items).toHaveLength(40);
    const broken = items.filter(
      (i) => !i || typeof i !== 'object' || !('chatId' in i) || !('idMessage' in i),
    );
    expect(broken.length).toBeGreaterThan(5);
    sim.setFaults({ malformedRate: 0, slowRate: 1, slowMs: 80 });
    const started = Date.now();
    expect((await call('getStateInstance')).status).toBe(200);
    expect(Date.now() - started).toBeGreaterThanOrEqual(75);
    sim.setFaults({ slowRate: 0 });
    expect(sim.stats().faults).toMatchObject({ error5xx: 1, slow: 1 });
  });
});
