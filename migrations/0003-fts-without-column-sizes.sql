-- Version 3: the full-text index no longer keeps a token count per message (FTS5's docsize table,
-- about 13 bytes a message), which only FTS5's own bm25() and snippet() read; relevance is ranked from the texts
-- (rank.ts). FTS5 fixes that option when the table is created, so the index is rebuilt from the
-- messages (about 2.5 s per million messages).
DROP TABLE messages_fts_terms;
DROP TABLE messages_fts;
CREATE VIRTUAL TABLE messages_fts USING fts5 (
  text,
  tags,
  content = 'messages',
  content_rowid = 'id',
  tokenize = 'unicode61 remove_diacritics 2',
  prefix = '3',
  columnsize = 0
);
CREATE VIRTUAL TABLE messages_fts_terms USING fts5vocab (messages_fts, row);
INSERT INTO messages_fts (messages_fts) VALUES ('rebuild');
