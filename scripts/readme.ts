/**
 * Regenerates the README's tools and configuration tables from the code.
 * `npm run readme` writes them; `npm run readme -- --check` fails when the README is stale.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConfig, OPTIONS } from '../src/config.js';
import { silentLogger } from '../src/logger.js';
import { Store } from '../src/store/index.js';
import { greenApiClients } from '../src/sync/clients.js';
import type { AnyTool } from '../src/tools/define.js';
import { allTools } from '../src/tools/index.js';

export function toolsTable(tools: readonly AnyTool[]): string {
  const yes = (b: boolean) => (b ? 'yes' : 'no');
  const rows = tools.map(
    (t) =>
      `| \`${t.name}\` | ${t.title} | ${t.description.replace(/\|/g, '\\|')} | ${yes(t.readOnly)} | ${yes(t.idempotent)} | ${yes(t.openWorld)} |`,
  );
  return [
    '| Tool | Title | When to use it | Read-only | Idempotent | Open world |',
    '|---|---|---|---|---|---|',
    ...rows,
  ].join('\n');
}

export function configTable(): string {
  const rows = Object.entries(OPTIONS).map(
    ([env, o]) => `| \`${env}\` | \`${o.flag}\` | ${o.default ? `\`${o.default}\`` : '—'} | ${o.help} |`,
  );
  return ['| Variable | Flag | Default | Meaning |', '|---|---|---|---|', ...rows].join('\n');
}

const MARK = (name: string, edge: 'start' | 'end') => `<!-- generated:${name}:${edge} -->`;

/** Replaces the text between the generated markers of `name`. */
export function replaceSection(readme: string, name: string, content: string): string {
  const start = readme.indexOf(MARK(name, 'start'));
  const end = readme.indexOf(MARK(name, 'end'));
  if (start < 0 || end < start) throw new Error(`README has no ${name} markers`);
  return `${readme.slice(0, start + MARK(name, 'start').length)}\n${content}\n${readme.slice(end)}`;
}

export function renderReadme(readme: string): string {
  const dir = mkdtempSync(join(tmpdir(), 'wa-archive-readme-'));
  const store = Store.open(join(dir, 'a.db'));
  try {
    const logger = silentLogger();
    const tools = allTools({
      store,
      config: loadConfig({ env: {} }),
      logger,
      now: () => 0,
      greenApi: greenApiClients(logger),
    });
    return replaceSection(replaceSection(readme, 'tools', toolsTable(tools)), 'config', configTable());
  } finally {
    store.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const path = new URL('../README.md', import.meta.url);
  const current = readFileSync(path, 'utf8');
  const next = renderReadme(current);
  if (process.argv.includes('--check')) {
    if (next !== current) {
      process.stderr.write('README.md is stale: run `npm run readme`.\n');
      process.exit(1);
    }
  } else writeFileSync(path, next);
}
