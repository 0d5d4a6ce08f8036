/**
 * Typed Green API errors. Messages are built from the method name and idInstance only: the token
 * travels in the URL path, so no URL (and no token) is ever put into a message, hint or property.
 */
import { ArchiveError } from '../errors.js';

export const CREDENTIAL_VARS = 'GREEN_API_ID_INSTANCE / GREEN_API_TOKEN_INSTANCE';

export class GreenApiError extends ArchiveError {
  constructor(
    message: string,
    hint: string,
    code: string,
    readonly method: string,
    readonly idInstance: string,
  ) {
    super(message, hint, code);
  }
}

/** HTTP 466: the plan's monthly quota (usually the Developer plan's 3 correspondents) is used up. */
export class GreenApiQuotaError extends GreenApiError {
  constructor(
    method: string,
    idInstance: string,
    readonly used: number | null,
    readonly total: number | null,
    readonly status: string | null,
    readonly description: string | null,
  ) {
    const usage = used !== null && total !== null ? ` (${used} of ${total} used)` : '';
    super(
      `Green API quota exhausted for instance ${idInstance} while calling ${method}${usage}.`,
      'The Developer plan only reaches 3 chats a month. Upgrade the instance to a business plan at ' +
        'https://console.green-api.com, or sync only the chats the quota allows.',
      'greenapi_quota',
      method,
      idInstance,
    );
  }
}

/** HTTP 401 (wrong token) or 403 (wrong idInstance / URL). */
export class GreenApiCredentialsError extends GreenApiError {
  constructor(
    method: string,
    idInstance: string,
    readonly httpStatus: 401 | 403,
  ) {
    const what = httpStatus === 401 ? 'rejected the API token' : 'does not know instance ' + idInstance;
    super(
      `Green API ${what} (HTTP ${httpStatus}) while calling ${method} for instance ${idInstance}.`,
      `Check ${CREDENTIAL_VARS}: copy idInstance and apiTokenInstance from https://console.green-api.com ` +
        '(and GREEN_API_URL if the console shows a per-instance host).',
      'greenapi_credentials',
      method,
      idInstance,
    );
  }
}

const STATE_HELP: Record<string, { meaning: string; todo: string }> = {
  notAuthorized: {
    meaning: 'is not linked to a WhatsApp account',
    todo: 'Scan the QR code (or enter the phone code) in https://console.green-api.com, then sync again.',
  },
  blocked: {
    meaning: 'has a number banned by WhatsApp',
    todo: 'Contact WhatsApp support about the ban or link another number in the Green API console.',
  },
  sleepMode: {
    meaning: 'reports the phone as offline (status out of date)',
    todo: 'Open WhatsApp on the phone and keep it online, then retry in a minute.',
  },
  starting: {
    meaning: 'is starting up (this can take up to 5 minutes)',
    todo: 'Wait a few minutes and retry; reboot the instance in the console if it stays in this state.',
  },
  yellowCard: {
    meaning: 'has sending suspended by WhatsApp for suspected spam',
    todo: 'Reboot the instance in https://console.green-api.com and reduce sending volume.',
  },
  expired: {
    meaning: 'has an expired (unpaid) subscription',
    todo: 'Renew the instance in the personal area at https://console.green-api.com.',
  },
  deleted: {
    meaning: 'has been deleted',
    todo: `Create a new instance and update ${CREDENTIAL_VARS}.`,
  },
};

/** The instance is not in the `authorized` state, so data methods cannot work. */
export class GreenApiStateError extends GreenApiError {
  constructor(
    method: string,
    idInstance: string,
    readonly state: string,
  ) {
    const help = STATE_HELP[state] ?? {
      meaning: `is in state "${state}" instead of "authorized"`,
      todo: 'Check the instance in https://console.green-api.com and retry once it shows "authorized".',
    };
    super(
      `Green API instance ${idInstance} ${help.meaning} (state ${state}); ${method} cannot run.`,
      help.todo,
      'greenapi_state',
      method,
      idInstance,
    );
  }
}

/** Any other HTTP status, after retries where the status is retryable. */
export class GreenApiHttpError extends GreenApiError {
  constructor(
    method: string,
    idInstance: string,
    readonly httpStatus: number,
    /** Start of the response body, scrubbed of anything that looks like a token. */
    readonly detail: string,
    readonly attempts: number,
  ) {
    const after = attempts > 1 ? ` after ${attempts} attempts` : '';
    const why = detail ? `: ${detail}` : '';
    super(
      `Green API ${method} failed for instance ${idInstance} with HTTP ${httpStatus}${after}${why}.`,
      httpStatus === 429
        ? 'The instance is over its rate limit; wait a minute and retry (other clients may share the instance).'
        : httpStatus >= 500
          ? 'Green API had a server error; retry later.'
          : 'Check the request parameters (chat ids look like 5531998765432@c.us or ...@g.us).',
      httpStatus === 429 ? 'greenapi_rate_limited' : 'greenapi_http',
      method,
      idInstance,
    );
  }
}

/** No answer within the per-attempt timeout, on every attempt. */
export class GreenApiTimeoutError extends GreenApiError {
  constructor(
    method: string,
    idInstance: string,
    readonly timeoutMs: number,
    readonly attempts: number,
  ) {
    super(
      `Green API ${method} for instance ${idInstance} timed out after ${timeoutMs} ms (${attempts} attempt(s)).`,
      'Check the network and GREEN_API_URL; retry later if Green API is slow.',
      'greenapi_timeout',
      method,
      idInstance,
    );
  }
}

/** Connection refused/reset, DNS failure and similar, on every attempt. */
export class GreenApiNetworkError extends GreenApiError {
  constructor(
    method: string,
    idInstance: string,
    /** A network error code such as ECONNREFUSED, never a URL. */
    readonly detail: string,
    readonly attempts: number,
  ) {
    super(
      `Could not reach Green API for ${method} on instance ${idInstance} (${detail}, ${attempts} attempt(s)).`,
      'Check the network connection and GREEN_API_URL (default https://api.green-api.com).',
      'greenapi_network',
      method,
      idInstance,
    );
  }
}

/** The response did not have the documented shape (a single object, or not JSON at all). */
export class GreenApiResponseError extends GreenApiError {
  constructor(method: string, idInstance: string, what: string) {
    super(
      `Green API ${method} for instance ${idInstance} returned an unexpected response: ${what}.`,
      'Retry later; if it persists, run with LOG_LEVEL=debug and report the logged payload.',
      'greenapi_response',
      method,
      idInstance,
    );
  }
}

/** The caller aborted the call (AbortSignal), e.g. MCP cancellation. */
export class GreenApiCancelledError extends GreenApiError {
  constructor(method: string, idInstance: string) {
    super(
      `Green API ${method} for instance ${idInstance} was cancelled.`,
      'Run the operation again when needed.',
      'cancelled',
      method,
      idInstance,
    );
  }
}
