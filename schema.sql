-- wa-archive store: the complete current schema.
-- A new database gets this file; an older one is upgraded by src/store/migrations.ts.
-- Times are integer UTC seconds. Ids of WhatsApp objects are kept exactly as WhatsApp writes them.

-- A Green API instance (one WhatsApp number) or an import source.
CREATE TABLE instances (
  id INTEGER PRIMARY KEY,
  kind TEXT NOT NULL CHECK (kind IN ('greenapi', 'export')),
  external_id TEXT NOT NULL,            -- idInstance, or the import source name
  name TEXT,
  wid TEXT,                             -- own WhatsApp id (5531...@c.us)
  state TEXT,                           -- last stateInstance seen
  last_sync_at INTEGER,                 -- end of the last successful sync of any mode
  last_incremental_at INTEGER,          -- start of the last successful incremental or full sync
  contacts_synced_at INTEGER,           -- when the contact list was last fetched
  created_at INTEGER NOT NULL,
  UNIQUE (kind, external_id)
) STRICT;

-- One person or company per instance.
CREATE TABLE contacts (
  id INTEGER PRIMARY KEY,
  instance_id INTEGER NOT NULL REFERENCES instances (id),
  phone TEXT,                           -- E.164 (+5531998765432) when known
  saved_name TEXT,                      -- address-book name
  push_name TEXT,                       -- the name the person set in WhatsApp
  is_me INTEGER NOT NULL DEFAULT 0,
  updated_at INTEGER NOT NULL
) STRICT;
CREATE INDEX contacts_instance_phone ON contacts (instance_id, phone);
CREATE INDEX contacts_phone ON contacts (phone) WHERE phone IS NOT NULL;

-- Every WhatsApp id a contact is known by (phone @c.us and hidden @lid ids map to one contact).
CREATE TABLE contact_ids (
  instance_id INTEGER NOT NULL REFERENCES instances (id),
  wa_id TEXT NOT NULL,
  contact_id INTEGER NOT NULL REFERENCES contacts (id) ON DELETE CASCADE,
  PRIMARY KEY (instance_id, wa_id)
) STRICT, WITHOUT ROWID;
CREATE INDEX contact_ids_contact ON contact_ids (contact_id);

CREATE TABLE chats (
  id INTEGER PRIMARY KEY,
  instance_id INTEGER NOT NULL REFERENCES instances (id),
  wa_id TEXT NOT NULL,                  -- 5531...@c.us, 1203...@g.us, ...@lid, or export:<name> for export-only chats
  type TEXT NOT NULL CHECK (type IN ('private', 'group')),
  name TEXT,
  archived INTEGER NOT NULL DEFAULT 0,
  contact_id INTEGER REFERENCES contacts (id), -- counterparty of a private chat
  message_count INTEGER NOT NULL DEFAULT 0,    -- kept by the message writer and the delete trigger
  first_message_at INTEGER,                    -- kept by the message writer
  last_message_at INTEGER,                     -- kept by the message writer
  details_synced_at INTEGER,                   -- when contact/group details were last fetched
  created_at INTEGER NOT NULL,
  UNIQUE (instance_id, wa_id)
) STRICT;
CREATE INDEX chats_last_message ON chats (last_message_at, id);
CREATE INDEX chats_contact ON chats (contact_id) WHERE contact_id IS NOT NULL;

CREATE TABLE group_members (
  chat_id INTEGER NOT NULL REFERENCES chats (id),
  contact_id INTEGER NOT NULL REFERENCES contacts (id),
  is_admin INTEGER NOT NULL DEFAULT 0,
  is_super_admin INTEGER NOT NULL DEFAULT 0,
  updated_at INTEGER NOT NULL,
  PRIMARY KEY (chat_id, contact_id)
) STRICT, WITHOUT ROWID;
CREATE INDEX group_members_contact ON group_members (contact_id);

-- The id orders messages by time: id = ts * 1024 + n, n counting messages stored for that second
-- (a busy second spills into the next). Time-ordered ids let the full-text index answer
-- newest/oldest/date-range queries by itself.
CREATE TABLE messages (
  id INTEGER PRIMARY KEY,
  chat_id INTEGER NOT NULL REFERENCES chats (id),
  wa_id TEXT NOT NULL,                  -- Green API idMessage, or a deterministic id for exported messages
  -- Checks spelled with = and OR: SQLite evaluates a CHECK with IN (...) through a small temporary
  -- table built for every insert, which made each message row about twice as costly to write.
  direction TEXT NOT NULL CHECK (direction = 'in' OR direction = 'out' OR direction = 'system'),
  sender_id INTEGER REFERENCES contacts (id),
  sender_name TEXT,                     -- name as the message carried it (push name, export author)
  type TEXT NOT NULL,                   -- text, image, video, audio, voice, document, sticker, location, contact, poll, system, call, ...
  text TEXT,                            -- searchable text: body, caption, file name, poll, location name
  quoted_wa_id TEXT,
  media_mime TEXT,
  media_name TEXT,
  media_url TEXT,
  media_sha256 TEXT,
  edited INTEGER NOT NULL DEFAULT 0,
  deleted INTEGER NOT NULL DEFAULT 0,
  status TEXT,                          -- outgoing delivery status
  source TEXT NOT NULL CHECK (source = 'api' OR source = 'webhook' OR source = 'export'),
  extra TEXT,                           -- JSON: the payload fields that have no column, so nothing is lost
  ts INTEGER GENERATED ALWAYS AS (id >> 10) VIRTUAL,
  -- Filter tokens indexed beside the text: chat, sender and (other than text) type become full-text terms.
  tags TEXT GENERATED ALWAYS AS ('c' || chat_id || ' s' || coalesce(sender_id, 0) || iif(type = 'text', '', ' t' || type)) VIRTUAL,
  UNIQUE (chat_id, wa_id)
) STRICT;
CREATE INDEX messages_chat ON messages (chat_id);               -- (chat_id, id): a chat in time order
CREATE INDEX messages_sender ON messages (sender_id, chat_id) WHERE sender_id IS NOT NULL; -- (sender, chat, id): a person in a group in time order

-- Earlier texts of edited messages.
CREATE TABLE message_revisions (
  id INTEGER PRIMARY KEY,
  message_id INTEGER NOT NULL REFERENCES messages (id),
  text TEXT,
  replaced_at INTEGER NOT NULL
) STRICT;
CREATE INDEX message_revisions_message ON message_revisions (message_id);

CREATE TABLE reactions (
  message_id INTEGER NOT NULL REFERENCES messages (id),
  sender_wa_id TEXT NOT NULL,
  emoji TEXT NOT NULL,                  -- '' when the reaction was removed
  ts INTEGER NOT NULL,
  PRIMARY KEY (message_id, sender_wa_id)
) STRICT, WITHOUT ROWID;

-- Full-text index over messages.text and the filter tokens (external content, kept in sync by triggers).
CREATE VIRTUAL TABLE messages_fts USING fts5 (
  text,
  tags,
  content = 'messages',
  content_rowid = 'id',
  tokenize = 'unicode61 remove_diacritics 2',
  prefix = '3',                         -- three-letter prefixes (orç*) read one doclist, not every word
  columnsize = 0                        -- no per-row token counts: relevance is ranked from the texts (rank.ts)
);
CREATE VIRTUAL TABLE messages_fts_terms USING fts5vocab (messages_fts, row);

-- New rows are indexed, and their chat's counters kept, by the writer (MessagesRepo.saveMany) rather
-- than by an insert trigger: an FTS5 insert made inside a trigger runs under a statement savepoint,
-- at which FTS5 flushes its pending segment (about 4x slower), and a per-row counter update rewrites
-- the chat's index entries for every message. Edits and deletes are rare and stay with triggers.
CREATE TRIGGER messages_ad AFTER DELETE ON messages BEGIN
  INSERT INTO messages_fts (messages_fts, rowid, text, tags) SELECT 'delete', old.id, old.text, old.tags WHERE old.text IS NOT NULL;
  UPDATE chats SET message_count = message_count - 1 WHERE id = old.chat_id;
END;
CREATE TRIGGER messages_au AFTER UPDATE OF text, chat_id, sender_id, direction, type ON messages BEGIN
  INSERT INTO messages_fts (messages_fts, rowid, text, tags) SELECT 'delete', old.id, old.text, old.tags WHERE old.text IS NOT NULL;
  INSERT INTO messages_fts (rowid, text, tags) SELECT new.id, new.text, new.tags WHERE new.text IS NOT NULL;
END;

-- Sync bookkeeping, per chat.
CREATE TABLE sync_state (
  chat_id INTEGER PRIMARY KEY REFERENCES chats (id),
  newest_ts INTEGER,
  newest_wa_id TEXT,
  oldest_ts INTEGER,
  oldest_wa_id TEXT,
  history_complete INTEGER NOT NULL DEFAULT 0, -- the journal was read back to its beginning
  last_full_at INTEGER,
  last_incremental_at INTEGER,
  last_error TEXT,
  last_error_at INTEGER
) STRICT;

CREATE TABLE sync_runs (
  id INTEGER PRIMARY KEY,
  instance_id INTEGER NOT NULL REFERENCES instances (id),
  mode TEXT NOT NULL CHECK (mode IN ('full', 'incremental', 'follow')),
  started_at INTEGER NOT NULL,
  finished_at INTEGER,
  status TEXT NOT NULL CHECK (status IN ('running', 'ok', 'failed', 'cancelled')),
  requests INTEGER NOT NULL DEFAULT 0,
  inserted INTEGER NOT NULL DEFAULT 0,
  updated INTEGER NOT NULL DEFAULT 0,
  duplicates INTEGER NOT NULL DEFAULT 0,
  rate_limited INTEGER NOT NULL DEFAULT 0,
  errors TEXT,                          -- JSON object: error kind -> count
  error TEXT,                           -- the error that ended a failed run
  elapsed_ms INTEGER
) STRICT;
CREATE INDEX sync_runs_instance ON sync_runs (instance_id, started_at);

-- One sync per instance at a time, also across processes: the holder's pid, host and process start
-- (ms since the epoch; an earlier process with the same pid started at another time).
CREATE TABLE sync_locks (
  instance_id INTEGER PRIMARY KEY REFERENCES instances (id),
  pid INTEGER NOT NULL,
  host TEXT NOT NULL,
  acquired_at INTEGER NOT NULL,
  process_started_at INTEGER NOT NULL DEFAULT 0
) STRICT;

-- Time ranges of a chat that history could not reach.
CREATE TABLE sync_gaps (
  id INTEGER PRIMARY KEY,
  chat_id INTEGER NOT NULL REFERENCES chats (id),
  from_ts INTEGER NOT NULL,
  to_ts INTEGER NOT NULL,
  reason TEXT NOT NULL,
  detected_at INTEGER NOT NULL,
  resolved_at INTEGER
) STRICT;
CREATE INDEX sync_gaps_chat ON sync_gaps (chat_id, from_ts);

-- One row per imported export file.
CREATE TABLE import_files (
  id INTEGER PRIMARY KEY,
  sha256 TEXT NOT NULL UNIQUE,
  path TEXT NOT NULL,
  file_name TEXT NOT NULL,
  chat_id INTEGER REFERENCES chats (id),
  format TEXT,                          -- android, ios
  date_order TEXT,                      -- dmy, mdy, ymd
  timezone TEXT NOT NULL,
  meta TEXT,                            -- JSON: what the file name told (date, phone, order reference)
  messages_total INTEGER NOT NULL DEFAULT 0,
  inserted INTEGER NOT NULL DEFAULT 0,
  duplicates INTEGER NOT NULL DEFAULT 0,
  first_ts INTEGER,
  last_ts INTEGER,
  status TEXT NOT NULL CHECK (status IN ('imported', 'failed')),
  error TEXT,
  imported_at INTEGER NOT NULL
) STRICT;

-- Media files stored by content hash (bytes live in the media folder beside the database).
CREATE TABLE media_files (
  sha256 TEXT PRIMARY KEY,
  size INTEGER NOT NULL,
  mime TEXT,
  file_name TEXT,
  stored_at INTEGER NOT NULL
) STRICT, WITHOUT ROWID;
