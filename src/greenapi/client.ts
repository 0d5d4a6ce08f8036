/**
 * Green API client: one method per read endpoint, paced per instance, retried with backoff, validated
 * leniently. The token only ever lives in this closure and in the request URL it builds.
 */
import diagnostics from 'node:diagnostics_channel';
import { Agent } from 'undici';
import type { z } from 'zod';
import { ConfigError } from '../errors.js';
import { silentLogger } from '../logger.js';
import { classifyFailure, safeDetail } from './classify.js';
import {
  GreenApiCancelledError,
  GreenApiNetworkError,
  GreenApiResponseError,
  GreenApiStateError,
  GreenApiTimeoutError,
} from './errors.js';
import { METHODS, type MethodName } from './methods.js';
import { createPacer } from './pacer.js';
import { backoffDelay, isRetryableStatus, resolveRetry } from './retry.js';
import {
  ChatSchema,
  ContactInfoSchema,
  ContactSchema,
  DeleteNotificationSchema,
  DownloadFileSchema,
  GroupDataSchema,
  JournalItemSchema,
  NotificationBodySchema,
  SettingsSchema,
  StateInstanceSchema,
  WaSettingsSchema,
  parseList,
  type ListResult,
} from './schemas.js';
import { abortableSleep, isAbort } from './sleep.js';
import { createStats } from './stats.js';
import { sendOnce } from './transport.js';
import type { CallOptions, GreenApiClient, GreenApiClientOptions } from './types.js';

interface CallSpec {
  query?: Record<string, string | number | boolean | undefined>;
  body?: unknown;
  suffix?: string;
  extraTimeoutMs?: number;
}

export function createGreenApiClient(options: GreenApiClientOptions): GreenApiClient {
  const idInstance = String(options.idInstance).trim();
  if (!/^\d{1,20}$/.test(idInstance)) {
    throw new ConfigError(
      'The Green API idInstance must be a number such as 1101000001.',
      'Set GREEN_API_ID_INSTANCE to the idInstance shown in https://console.green-api.com.',
    );
  }
  const token = options.token.trim();
  if (!token || /[\s/?#]/.test(token)) {
    throw new ConfigError(
      'The Green API token is missing or malformed.',
      'Set GREEN_API_TOKEN_INSTANCE to the apiTokenInstance shown in https://console.green-api.com.',
    );
  }
  const base = options.apiUrl.trim().replace(/\/+$/, '');
  if (!URL.canParse(base) || !/^https?:$/.test(new URL(base).protocol)) {
    throw new ConfigError(
      'The Green API URL is not a valid http(s) URL.',
      'Set GREEN_API_URL to the apiUrl from the console, e.g. https://api.green-api.com or https://7105.api.greenapi.com.',
    );
  }
  const logger = options.logger ?? silentLogger();
  const pacer = options.pacer ?? createPacer();
  const retry = resolveRetry(options.retry);
  const timeoutMs = options.timeoutMs ?? 30_000;
  const ownsDispatcher = !options.dispatcher;
  const dispatcher = options.dispatcher ?? new Agent({ keepAliveTimeout: 10_000, connections: 32 });
  const stats = options.stats ?? createStats();
  const userAgent = options.userAgent ?? 'whatsapp-archive-mcp';

  // The pacer spaces requests by the moment they really leave: undici or a busy event loop (a store
  // write, a garbage collection) can hold a request after its slot began, bringing it closer to the
  // next one than the server allows.
  const { origin, pathname } = new URL(base);
  const instancePath = `${pathname.replace(/\/$/, '')}/waInstance${idInstance}/`;
  const onSent = (message: unknown) => {
    const request = (message as { request?: { origin?: unknown; path?: unknown } }).request;
    if (request?.origin !== origin || typeof request.path !== 'string') return;
    if (!request.path.startsWith(instancePath)) return;
    const method = request.path.slice(instancePath.length).split('/', 1)[0];
    if (method) pacer.sent(idInstance, method);
  };
  diagnostics.subscribe('undici:client:sendHeaders', onSent);

  const urlFor = (method: string, spec: CallSpec): string => {
    const query = new URLSearchParams();
    for (const [k, v] of Object.entries(spec.query ?? {})) if (v !== undefined) query.set(k, String(v));
    const qs = query.size ? `?${query.toString()}` : '';
    return `${base}/waInstance${idInstance}/${method}/${encodeURIComponent(token)}${spec.suffix ?? ''}${qs}`;
  };

  async function call(name: MethodName, spec: CallSpec, opts: CallOptions = {}): Promise<unknown> {
    const method = METHODS[name];
    const { signal } = opts;
    const attemptTimeout = timeoutMs + (spec.extraTimeoutMs ?? 0);
    const cancelled = () => new GreenApiCancelledError(name, idInstance);
    for (let attempt = 1; ; attempt++) {
      try {
        await pacer.acquire(idInstance, name, signal);
      } catch (error) {
        if (isAbort(error, signal)) throw cancelled();
        throw error;
      }
      stats.add(name, 'requests');
      const started = performance.now();
      const out = await sendOnce({
        url: urlFor(method.name, spec),
        verb: method.verb,
        body: spec.body,
        timeoutMs: attemptTimeout,
        dispatcher,
        userAgent,
        signal,
      });
      const ms = Math.round(performance.now() - started);
      if (out.kind === 'cancelled') throw cancelled();
      if (out.kind === 'response') {
        logger.debug({ method: name, idInstance, status: out.status, ms, attempt }, 'green-api response');
        if (out.status >= 200 && out.status < 300) return parseBody(name, out.text);
        if (out.status === 429) {
          stats.add(name, 'rateLimited');
          pacer.penalize(idInstance, name);
        }
        if (!isRetryableStatus(out.status) || attempt >= retry.attempts) {
          stats.add(name, 'failures');
          throw classifyFailure(name, idInstance, out.status, out.text, token, attempt);
        }
      } else if (attempt >= retry.attempts) {
        stats.add(name, 'failures');
        throw out.kind === 'timeout'
          ? new GreenApiTimeoutError(name, idInstance, attemptTimeout, attempt)
          : new GreenApiNetworkError(name, idInstance, out.code, attempt);
      }
      const wait = backoffDelay(attempt, retry);
      const reason =
        out.kind === 'response' ? `HTTP ${out.status}` : out.kind === 'network' ? out.code : 'timeout';
      logger.warn(
        { method: name, idInstance, reason, attempt, delayMs: Math.round(wait) },
        'green-api retry',
      );
      stats.add(name, 'retries');
      try {
        await abortableSleep(wait, signal);
      } catch (error) {
        if (isAbort(error, signal)) throw cancelled();
        throw error;
      }
    }
  }

  function parseBody(name: MethodName, text: string): unknown {
    if (text.trim() === '') return null;
    try {
      return JSON.parse(text);
    } catch {
      throw new GreenApiResponseError(name, idInstance, `not JSON (${safeDetail(text, token).slice(0, 60)})`);
    }
  }

  function one<S extends z.ZodType>(name: MethodName, schema: S, raw: unknown): z.infer<S> {
    const r = schema.safeParse(raw);
    if (r.success) return r.data;
    logger.debug(
      { method: name, idInstance, raw: safeDetail(JSON.stringify(raw) ?? '', token) },
      'malformed',
    );
    throw new GreenApiResponseError(name, idInstance, r.error.issues[0]?.message ?? 'invalid shape');
  }

  function list<T>(name: MethodName, schema: z.ZodType<T>, raw: unknown): ListResult<T> {
    const result = parseList(schema, raw, (item, issue) => {
      stats.add(name, 'malformed');
      logger.debug(
        { method: name, idInstance, issue, raw: JSON.stringify(item) ?? 'undefined' },
        'skipped item',
      );
    });
    if (!result) throw new GreenApiResponseError(name, idInstance, 'expected a JSON array');
    return result;
  }

  const client: GreenApiClient = {
    idInstance,
    async getStateInstance(opts) {
      const raw = await call('getStateInstance', {}, opts);
      // The docs answer `null` while the instance is still being created: treat it as starting.
      return raw === null ? { stateInstance: 'starting' } : one('getStateInstance', StateInstanceSchema, raw);
    },
    async ensureAuthorized(opts) {
      const { stateInstance } = await client.getStateInstance(opts);
      if (stateInstance !== 'authorized')
        throw new GreenApiStateError('getStateInstance', idInstance, stateInstance);
    },
    async getSettings(opts) {
      return one('getSettings', SettingsSchema, await call('getSettings', {}, opts));
    },
    async getWaSettings(opts) {
      return one('getWaSettings', WaSettingsSchema, await call('getWaSettings', {}, opts));
    },
    async getChats(params = {}, opts) {
      return list('getChats', ChatSchema, await call('getChats', { query: { count: params.count } }, opts));
    },
    async getChatHistory(params, opts) {
      const body = { chatId: params.chatId, ...(params.count === undefined ? {} : { count: params.count }) };
      return list('getChatHistory', JournalItemSchema, await call('getChatHistory', { body }, opts));
    },
    async getMessage(params, opts) {
      const body = { chatId: params.chatId, idMessage: params.idMessage };
      return one('getMessage', JournalItemSchema, await call('getMessage', { body }, opts));
    },
    async lastIncomingMessages(minutes, opts) {
      const raw = await call('lastIncomingMessages', { query: { minutes } }, opts);
      return list('lastIncomingMessages', JournalItemSchema, raw);
    },
    async lastOutgoingMessages(minutes, opts) {
      const raw = await call('lastOutgoingMessages', { query: { minutes } }, opts);
      return list('lastOutgoingMessages', JournalItemSchema, raw);
    },
    async getContacts(params = {}, opts) {
      const raw = await call('getContacts', { query: { group: params.group, count: params.count } }, opts);
      return list('getContacts', ContactSchema, raw);
    },
    async getContactInfo(chatId, opts) {
      return one(
        'getContactInfo',
        ContactInfoSchema,
        await call('getContactInfo', { body: { chatId } }, opts),
      );
    },
    async getGroupData(groupId, opts) {
      const raw = await call('getGroupData', { body: { groupId } }, opts);
      if (typeof raw === 'string' && /^Error:/i.test(raw)) return null;
      return one('getGroupData', GroupDataSchema, raw);
    },
    async downloadFile(params, opts) {
      const body = { chatId: params.chatId, idMessage: params.idMessage };
      return one('downloadFile', DownloadFileSchema, await call('downloadFile', { body }, opts));
    },
    async receiveNotification(receiveTimeout = 5, opts) {
      const seconds = Math.min(60, Math.max(5, Math.round(receiveTimeout)));
      const raw = await call(
        'receiveNotification',
        { query: { receiveTimeout: seconds }, extraTimeoutMs: seconds * 1000 },
        opts,
      );
      if (raw === null) return null;
      const receiptId = (raw as { receiptId?: unknown }).receiptId;
      if (typeof receiptId !== 'number' || !Number.isInteger(receiptId)) {
        throw new GreenApiResponseError('receiveNotification', idInstance, 'no integer receiptId');
      }
      const body = NotificationBodySchema.safeParse((raw as { body?: unknown }).body);
      if (body.success) return { receiptId, body: body.data };
      stats.add('receiveNotification', 'malformed');
      logger.debug({ method: 'receiveNotification', idInstance, raw: JSON.stringify(raw) }, 'malformed body');
      return { receiptId, body: null };
    },
    async deleteNotification(receiptId, opts) {
      const raw = await call('deleteNotification', { suffix: `/${Math.trunc(receiptId)}` }, opts);
      return one('deleteNotification', DeleteNotificationSchema, raw).result;
    },
    stats: () => stats.snapshot(),
    async close() {
      diagnostics.unsubscribe('undici:client:sendHeaders', onSent);
      if (ownsDispatcher) await dispatcher.close();
    },
  };
  return client;
}
