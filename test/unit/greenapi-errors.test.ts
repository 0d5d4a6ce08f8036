import { describe, expect, it } from 'vitest';
import { ArchiveError } from '../../src/errors.js';
import { classifyFailure, quotaError, safeDetail, stateFromBody } from '../../src/greenapi/classify.js';
import {
  GreenApiCredentialsError,
  GreenApiHttpError,
  GreenApiNetworkError,
  GreenApiQuotaError,
  GreenApiStateError,
  GreenApiTimeoutError,
} from '../../src/greenapi/errors.js';

const TOKEN = 'd75b3a66374942c5b3c019c698abc2067e151558acbd412345';
const ID = '1101000001';
const BODY_466 = JSON.stringify({
  invokeStatus: { method: 'sendmessage', used: 67, total: 0, status: 'QUOTE_ALLOWED' },
  correspondentsStatus: {
    method: 'correspondents',
    used: 3,
    total: 3,
    status: 'CORRESPONDENTS_QUOTE_EXCEEDED',
    description: 'Monthly quota has been exceeded.',
  },
});

describe('Green API errors', () => {
  it('466 → quota error carrying used/total/status from correspondentsStatus', () => {
    const e = quotaError('getChatHistory', ID, BODY_466);
    expect(e).toBeInstanceOf(GreenApiQuotaError);
    expect(e).toBeInstanceOf(ArchiveError);
    expect(e).toMatchObject({
      used: 3,
      total: 3,
      status: 'CORRESPONDENTS_QUOTE_EXCEEDED',
      code: 'greenapi_quota',
    });
    expect(e.message).toContain('3 of 3');
  });

  it('466 with only invokeStatus, or an unreadable body, still gives a quota error', () => {
    const invoke = quotaError(
      'getChats',
      ID,
      '{"invokeStatus":{"used":"100","total":100,"status":"QUOTE_EXCEEDED"}}',
    );
    expect(invoke).toMatchObject({ used: 100, total: 100, status: 'QUOTE_EXCEEDED' });
    expect(quotaError('getChats', ID, 'oops')).toMatchObject({ used: null, total: null });
  });

  it('401/403 → credentials error whose hint names the env variables', () => {
    for (const status of [401, 403]) {
      const e = classifyFailure('getChats', ID, status, 'Unauthorized', TOKEN, 1);
      expect(e).toBeInstanceOf(GreenApiCredentialsError);
      expect(e.hint).toContain('GREEN_API_ID_INSTANCE');
      expect(e.hint).toContain('GREEN_API_TOKEN_INSTANCE');
    }
  });

  it('400 not-authorized / starting bodies → state errors that say what to do', () => {
    expect(stateFromBody('instance account not authorized')).toBe('notAuthorized');
    expect(stateFromBody('instance in starting process try later')).toBe('starting');
    expect(stateFromBody('Validation failed')).toBeNull();
    const e = classifyFailure('getChats', ID, 400, 'instance account not authorized', TOKEN, 1);
    expect(e).toBeInstanceOf(GreenApiStateError);
    expect(e.message).toContain('not linked');
    expect(e.hint).toContain('QR');
    expect(new GreenApiStateError('x', ID, 'yellowCard').message).toContain('spam');
    expect(new GreenApiStateError('x', ID, 'weirdState').message).toContain('weirdState');
  });

  it('other statuses → HTTP error with a scrubbed body excerpt', () => {
    const e = classifyFailure('getMessage', ID, 400, 'ID message notfound', TOKEN, 1);
    expect(e).toBeInstanceOf(GreenApiHttpError);
    expect(e.message).toContain('ID message notfound');
  });

  it('never puts the token or a request URL into messages, hints or JSON', () => {
    const echo = `error at https://api.green-api.com/waInstance${ID}/getChats/${TOKEN} token=${TOKEN}`;
    const errors = [
      classifyFailure('getChats', ID, 500, echo, TOKEN, 4),
      classifyFailure('getChats', ID, 401, echo, TOKEN, 1),
      classifyFailure('getChats', ID, 466, echo, TOKEN, 1),
      classifyFailure('getChats', ID, 400, echo, TOKEN, 1),
      new GreenApiTimeoutError('getChats', ID, 30_000, 4),
      new GreenApiNetworkError('getChats', ID, 'ECONNREFUSED', 4),
    ];
    for (const e of errors) {
      const serialised = JSON.stringify({ ...e, message: e.message, hint: e.hint, stack: e.stack });
      expect(serialised).not.toContain(TOKEN);
      expect(serialised).not.toContain(`/getChats/`);
      expect(e.message).toContain(ID);
    }
    expect(safeDetail(echo, TOKEN)).not.toContain(TOKEN);
  });
});
