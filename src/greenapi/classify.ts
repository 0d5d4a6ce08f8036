/** Turns a non-2xx Green API response into the matching typed error. */
import { scrubSecrets } from '../logger.js';
import {
  GreenApiCredentialsError,
  GreenApiHttpError,
  GreenApiQuotaError,
  GreenApiStateError,
  type GreenApiError,
} from './errors.js';

/** Short, single-line body excerpt with the token and request URLs removed. */
export function safeDetail(text: string, token: string): string {
  const withoutToken = token ? text.split(token).join('<token>') : text;
  // A body that echoes the request URL must not carry it on, even with the token masked.
  const withoutUrls = withoutToken.replace(/(?:https?:\/\/\S*)?\/waInstance\d+\/\S*/gi, '<request url>');
  const flat = scrubSecrets(withoutUrls).replace(/\s+/g, ' ').trim();
  return flat.length > 200 ? `${flat.slice(0, 200)}…` : flat;
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

const num = (v: unknown): number | null => {
  const n = typeof v === 'string' && v.trim() !== '' ? Number(v) : v;
  return typeof n === 'number' && Number.isFinite(n) ? n : null;
};
const str = (v: unknown): string | null => (typeof v === 'string' ? v : null);

/** 466 body (reference §11.2): the correspondents part wins when present, else the invoke part. */
export function quotaError(method: string, idInstance: string, text: string): GreenApiQuotaError {
  const body = parseJson(text) as Record<string, Record<string, unknown> | undefined> | undefined;
  const part = body?.correspondentsStatus ?? body?.invokeStatus ?? {};
  return new GreenApiQuotaError(
    method,
    idInstance,
    num(part.used),
    num(part.total),
    str(part.status),
    str(part.description),
  );
}

/** 400 bodies that mean "the instance is not usable" rather than "your request is wrong". */
export function stateFromBody(text: string): string | null {
  const t = text.toLowerCase();
  if (t.includes('not authorized')) return 'notAuthorized';
  if (t.includes('starting')) return 'starting';
  if (t.includes('expired')) return 'expired';
  if (t.includes('instance is deleted')) return 'deleted';
  return null;
}

export function classifyFailure(
  method: string,
  idInstance: string,
  status: number,
  text: string,
  token: string,
  attempts: number,
): GreenApiError {
  if (status === 401 || status === 403) return new GreenApiCredentialsError(method, idInstance, status);
  if (status === 466) return quotaError(method, idInstance, text);
  if (status === 400) {
    const state = stateFromBody(text);
    if (state) return new GreenApiStateError(method, idInstance, state);
  }
  return new GreenApiHttpError(method, idInstance, status, safeDetail(text, token), attempts);
}
