/** Public types of the Green API client. */
import type { Dispatcher } from 'undici';
import type { Logger } from '../logger.js';
import type { Pacer } from './pacer.js';
import type { RetryOptions } from './retry.js';
import type {
  Chat,
  Contact,
  ContactInfo,
  DownloadFile,
  GroupData,
  JournalItem,
  ListResult,
  NotificationBody,
  Settings,
  StateInstance,
  WaSettings,
} from './schemas.js';
import type { StatsRecorder, StatsSnapshot } from './stats.js';

export interface GreenApiClientOptions {
  /** `https://api.green-api.com` or the per-instance host from the console; trailing slash optional. */
  apiUrl: string;
  idInstance: string | number;
  token: string;
  logger?: Logger;
  /** Share one pacer between clients of the same instance; default: a private one at real limits. */
  pacer?: Pacer;
  retry?: Partial<RetryOptions>;
  /** Per-attempt timeout in ms (receiveNotification adds its long-poll time). Default 30 s. */
  timeoutMs?: number;
  /** undici dispatcher to use; default a keep-alive Agent owned (and closed) by this client. */
  dispatcher?: Dispatcher;
  /** Counters shared with the caller; default a private recorder (see `stats()`). */
  stats?: StatsRecorder;
  userAgent?: string;
}

export interface CallOptions {
  signal?: AbortSignal;
}

export interface ReceivedNotification {
  receiptId: number;
  /** null when the body was malformed (counted and logged): delete the receipt anyway. */
  body: NotificationBody | null;
}

export interface GreenApiClient {
  readonly idInstance: string;
  getStateInstance(opts?: CallOptions): Promise<StateInstance>;
  /** Throws GreenApiStateError unless the instance is `authorized`. */
  ensureAuthorized(opts?: CallOptions): Promise<void>;
  getSettings(opts?: CallOptions): Promise<Settings>;
  getWaSettings(opts?: CallOptions): Promise<WaSettings>;
  getChats(params?: { count?: number }, opts?: CallOptions): Promise<ListResult<Chat>>;
  getChatHistory(
    params: { chatId: string; count?: number },
    opts?: CallOptions,
  ): Promise<ListResult<JournalItem>>;
  getMessage(params: { chatId: string; idMessage: string }, opts?: CallOptions): Promise<JournalItem>;
  lastIncomingMessages(minutes?: number, opts?: CallOptions): Promise<ListResult<JournalItem>>;
  lastOutgoingMessages(minutes?: number, opts?: CallOptions): Promise<ListResult<JournalItem>>;
  getContacts(params?: { group?: boolean; count?: number }, opts?: CallOptions): Promise<ListResult<Contact>>;
  getContactInfo(chatId: string, opts?: CallOptions): Promise<ContactInfo>;
  /** null when Green answers "Error: item-not-found" / "Error: forbidden" (not a member). */
  getGroupData(groupId: string, opts?: CallOptions): Promise<GroupData | null>;
  downloadFile(params: { chatId: string; idMessage: string }, opts?: CallOptions): Promise<DownloadFile>;
  /** Long-polls up to `receiveTimeout` seconds (5..60); null when the queue stayed empty. */
  receiveNotification(receiveTimeout?: number, opts?: CallOptions): Promise<ReceivedNotification | null>;
  deleteNotification(receiptId: number, opts?: CallOptions): Promise<boolean>;
  stats(): StatsSnapshot;
  close(): Promise<void>;
}
