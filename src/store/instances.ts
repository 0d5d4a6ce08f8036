import type { Db } from './db.js';

export interface InstanceRow {
  id: number;
  kind: 'greenapi' | 'export';
  external_id: string;
  name: string | null;
  wid: string | null;
  state: string | null;
  last_sync_at: number | null;
  last_incremental_at: number | null;
  contacts_synced_at: number | null;
}

const COLUMNS =
  'id, kind, external_id, name, wid, state, last_sync_at, last_incremental_at, contacts_synced_at';

export class InstancesRepo {
  constructor(private readonly db: Db) {}

  /** The id of the instance, created on first use. */
  ensure(kind: InstanceRow['kind'], externalId: string, name?: string | null): number {
    this.db
      .prepare(
        `INSERT INTO instances (kind, external_id, name, created_at) VALUES (?, ?, ?, unixepoch())
         ON CONFLICT (kind, external_id) DO UPDATE SET name = coalesce(excluded.name, name)`,
      )
      .run(kind, externalId, name ?? null);
    return this.db
      .prepare<[string, string], { id: number }>(
        'SELECT id FROM instances WHERE kind = ? AND external_id = ?',
      )
      .get(kind, externalId)!.id;
  }

  get(id: number): InstanceRow | undefined {
    return this.db.prepare<[number], InstanceRow>(`SELECT ${COLUMNS} FROM instances WHERE id = ?`).get(id);
  }

  find(kind: InstanceRow['kind'], externalId: string): InstanceRow | undefined {
    return this.db
      .prepare<[string, string], InstanceRow>(
        `SELECT ${COLUMNS} FROM instances WHERE kind = ? AND external_id = ?`,
      )
      .get(kind, externalId);
  }

  list(): InstanceRow[] {
    return this.db.prepare<[], InstanceRow>(`SELECT ${COLUMNS} FROM instances ORDER BY id`).all();
  }

  update(
    id: number,
    fields: Partial<
      Pick<InstanceRow, 'wid' | 'state' | 'last_sync_at' | 'last_incremental_at' | 'contacts_synced_at'>
    >,
  ): void {
    const entries = Object.entries(fields).filter(([, v]) => v !== undefined);
    if (entries.length === 0) return;
    this.db
      .prepare(`UPDATE instances SET ${entries.map(([k]) => `${k} = ?`).join(', ')} WHERE id = ?`)
      .run(...entries.map(([, v]) => v), id);
  }
}
