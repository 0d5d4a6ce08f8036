import { ChatsRepo } from './chats.js';
import { Compactor } from './compact.js';
import { ContactsRepo } from './contacts.js';
import { openDb, type Db, type OpenOptions } from './db.js';
import { ImportsRepo } from './imports.js';
import { InstancesRepo } from './instances.js';
import { HistoryRepo } from './history.js';
import { MessagesRepo } from './messages.js';
import { SearchRepo } from './search.js';
import { StatusRepo } from './status.js';
import { SyncRepo } from './sync.js';

/** The archive: one database and the repositories that hold all of its SQL. */
export class Store {
  readonly instances: InstancesRepo;
  readonly contacts: ContactsRepo;
  readonly chats: ChatsRepo;
  readonly messages: MessagesRepo;
  readonly history: HistoryRepo;
  readonly search: SearchRepo;
  readonly status: StatusRepo;
  readonly sync: SyncRepo;
  readonly imports: ImportsRepo;
  readonly compactor: Compactor;

  constructor(readonly db: Db) {
    this.instances = new InstancesRepo(db);
    this.contacts = new ContactsRepo(db);
    this.chats = new ChatsRepo(db);
    this.messages = new MessagesRepo(db, this.contacts);
    this.history = new HistoryRepo(db);
    this.search = new SearchRepo(db, this.history);
    this.status = new StatusRepo(db);
    this.sync = new SyncRepo(db);
    this.imports = new ImportsRepo(db);
    this.compactor = new Compactor(db, this.sync);
  }

  static open(path: string, options: OpenOptions = {}): Store {
    return new Store(openDb(path, options));
  }

  /** Runs `work` in one synchronous write transaction (BEGIN IMMEDIATE). */
  write<T>(work: () => T): T {
    return this.db.transaction(work).immediate();
  }

  close(): void {
    if (this.db.open) this.db.close();
  }
}
