/**
 * The Green API methods this project uses: HTTP verb and documented per-instance rate limit
 * (reference §1.3 and §11.3). Shared by the client, its pacer and the simulator.
 */
export type HttpVerb = 'GET' | 'POST' | 'DELETE';

export interface MethodSpec {
  /** Canonical camelCase name as it appears in the URL. */
  readonly name: string;
  readonly verb: HttpVerb;
  /** Requests per second per instance; one more within that second gets HTTP 429. */
  readonly rps: number;
  /** Data methods fail with 400 "instance account not authorized" unless the instance is authorized. */
  readonly needsAuthorized: boolean;
}

const spec = (name: string, verb: HttpVerb, rps: number, needsAuthorized = true): MethodSpec => ({
  name,
  verb,
  rps,
  needsAuthorized,
});

export const METHODS = {
  getStateInstance: spec('getStateInstance', 'GET', 1, false),
  getSettings: spec('getSettings', 'GET', 1, false),
  getWaSettings: spec('getWaSettings', 'GET', 1, false),
  getChats: spec('getChats', 'GET', 1),
  getChatHistory: spec('getChatHistory', 'POST', 1),
  getMessage: spec('getMessage', 'POST', 10),
  lastIncomingMessages: spec('lastIncomingMessages', 'GET', 1),
  lastOutgoingMessages: spec('lastOutgoingMessages', 'GET', 1),
  getContacts: spec('getContacts', 'GET', 1),
  getContactInfo: spec('getContactInfo', 'POST', 1),
  getGroupData: spec('getGroupData', 'POST', 1),
  downloadFile: spec('downloadFile', 'POST', 5),
  // The notification queue keeps working while the instance is not authorized (state webhooks arrive).
  receiveNotification: spec('receiveNotification', 'GET', 100, false),
  deleteNotification: spec('deleteNotification', 'DELETE', 100, false),
} as const satisfies Record<string, MethodSpec>;

export type MethodName = keyof typeof METHODS;

const BY_LOWER = new Map<string, MethodSpec>(Object.values(METHODS).map((m) => [m.name.toLowerCase(), m]));

/** Looks a method up case-insensitively (the real server accepts `GetChatHistory` too). */
export function findMethod(name: string): MethodSpec | undefined {
  return BY_LOWER.get(name.toLowerCase());
}

/** Documented rps for a method; unknown methods get the most conservative limit, 1 rps. */
export function rpsOf(name: string): number {
  return findMethod(name)?.rps ?? 1;
}
