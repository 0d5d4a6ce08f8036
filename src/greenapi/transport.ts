/** One HTTP attempt with undici: own timeout, caller cancellation, and no URL in any outcome. */
import { request, type Dispatcher } from 'undici';
import type { HttpVerb } from './methods.js';

export type AttemptOutcome =
  | { kind: 'response'; status: number; text: string }
  | { kind: 'timeout' }
  | { kind: 'network'; code: string }
  | { kind: 'cancelled' };

export interface AttemptRequest {
  url: string;
  verb: HttpVerb;
  body?: unknown;
  timeoutMs: number;
  dispatcher: Dispatcher;
  userAgent: string;
  signal?: AbortSignal;
}

/** Error codes only: undici messages are safe today, but a code can never carry a URL. */
function networkCode(error: unknown): string {
  const e = error as { code?: unknown; cause?: { code?: unknown } } | null;
  const code = e?.code ?? e?.cause?.code;
  return typeof code === 'string' && /^[A-Z0-9_]{2,40}$/.test(code) ? code : 'network error';
}

export async function sendOnce(req: AttemptRequest): Promise<AttemptOutcome> {
  if (req.signal?.aborted) return { kind: 'cancelled' };
  const controller = new AbortController();
  let timedOut = false;
  const timer = setTimeout(() => {
    timedOut = true;
    controller.abort();
  }, req.timeoutMs);
  const onAbort = () => controller.abort();
  req.signal?.addEventListener('abort', onAbort, { once: true });
  try {
    const res = await request(req.url, {
      method: req.verb,
      dispatcher: req.dispatcher,
      signal: controller.signal,
      headers: {
        'user-agent': req.userAgent,
        accept: 'application/json',
        ...(req.body === undefined ? {} : { 'content-type': 'application/json' }),
      },
      body: req.body === undefined ? undefined : JSON.stringify(req.body),
      // Our own timer bounds the whole attempt; undici's defaults would only cover parts of it.
      headersTimeout: 0,
      bodyTimeout: 0,
    });
    const text = await res.body.text();
    return { kind: 'response', status: res.statusCode, text };
  } catch (error) {
    if (req.signal?.aborted) return { kind: 'cancelled' };
    if (timedOut) return { kind: 'timeout' };
    return { kind: 'network', code: networkCode(error) };
  } finally {
    clearTimeout(timer);
    req.signal?.removeEventListener('abort', onAbort);
  }
}
