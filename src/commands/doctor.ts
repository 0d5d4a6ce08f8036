import { existsSync, statSync } from 'node:fs';
import { schemaVersion } from '../store/db.js';
import { SCHEMA_VERSION } from '../store/migrations.js';
import { formatBytes, formatCount } from '../text.js';
import { toIsoOrNull } from '../time.js';
import type { Command } from './command.js';
import { write, writeJson } from './output.js';

export const doctorCommand: Command = {
  name: 'doctor',
  summary: 'Check the configuration and the archive (path, schema version, counts)',
  usage: 'wa-archive doctor',
  options: {},
  run(ctx) {
    const { config } = ctx;
    const { store } = ctx.deps();
    const counts = store.status.counts();
    const report = {
      db_path: config.dbPath,
      db_bytes: existsSync(config.dbPath) ? statSync(config.dbPath).size : 0,
      schema_version: schemaVersion(store.db),
      schema_version_expected: SCHEMA_VERSION,
      read_only: config.readOnly,
      time_zone: config.timeZone,
      default_country: config.defaultCountry,
      import_roots: config.importRoots,
      green_api_instances: config.instances.map((i) => ({ id_instance: i.idInstance, name: i.name ?? null })),
      counts: {
        ...counts,
        first_message_at: toIsoOrNull(counts.first_message_at, config.timeZone),
        last_message_at: toIsoOrNull(counts.last_message_at, config.timeZone),
      },
      problems: [] as string[],
    };
    if (report.schema_version !== SCHEMA_VERSION)
      report.problems.push(`schema version ${report.schema_version}, expected ${SCHEMA_VERSION}`);
    if (config.instances.length === 0)
      report.problems.push(
        'No Green API instance configured: set GREEN_API_ID_INSTANCE and GREEN_API_TOKEN_INSTANCE to sync.',
      );
    if (ctx.json) return writeJson(report);
    const lines = [
      `archive         ${report.db_path} (${formatBytes(report.db_bytes)})`,
      `schema version  ${report.schema_version} (expected ${SCHEMA_VERSION})`,
      `read-only       ${report.read_only ? 'yes' : 'no'}`,
      `time zone       ${report.time_zone}`,
      `country         ${report.default_country}`,
      `import roots    ${report.import_roots.join(', ')}`,
      `instances       ${report.green_api_instances.map((i) => i.id_instance).join(', ') || 'none configured'}`,
      `contents        ${formatCount(counts.messages)} messages, ${formatCount(counts.chats)} chats, ${formatCount(counts.contacts)} contacts, ${formatCount(counts.imports)} imported files`,
      `span            ${report.counts.first_message_at ?? '-'} .. ${report.counts.last_message_at ?? '-'}`,
      ...report.problems.map((p) => `note            ${p}`),
    ];
    write(lines.join('\n'));
  },
};
