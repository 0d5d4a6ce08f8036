-- Version 2: a sync lock also records when its process started, so that a lock taken by another
-- store of the same live process is told apart from one left by an earlier process with the same pid.
ALTER TABLE sync_locks ADD COLUMN process_started_at INTEGER NOT NULL DEFAULT 0;
