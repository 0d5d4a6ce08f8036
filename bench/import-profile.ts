/**
 * Where an import's time goes, from a V8 CPU profile (`node --cpu-prof`): self time grouped into
 * the parser, the importer's own work, each store statement (SQLite runs inside the JavaScript
 * function that calls it, so a statement's cost is the self time of its caller), hashing, garbage
 * collection and the rest; plus the top functions.
 */
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number; columnNumber: number };
  children?: number[];
}

interface CpuProfile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
}

export interface ProfileBreakdown {
  totalMs: number;
  categories: { category: string; ms: number; share: number }[];
  top: { fn: string; ms: number; share: number }[];
}

const PARSER_FILES = new Set([
  'lines',
  'header',
  'scan',
  'assemble',
  'bodies',
  'attachments',
  'author',
  'date-order',
  'invisible',
  'locale',
  'system-messages',
  'parser',
  'sniff',
]);

/** Store functions whose self time is one statement (or a few) run in SQLite. */
const STORE_FUNCTIONS: Record<string, string> = {
  saveMany: 'store: saveMany (INSERT messages, FTS5 insert, tags read back, chat counters)',
  allocateId: 'store: id allocation query per message (max(id) in the second)',
  refresh: 'store: duplicate refresh',
  idForWaId: 'store: sender contact lookups',
  upsert: 'store: contact/chat upserts',
  syncedInWindow: 'store: API-copy lookups per message',
};

function category(node: ProfileNode, url: string): string {
  const { functionName } = node.callFrame;
  if (functionName === '(garbage collector)') return 'garbage collection';
  if (functionName === '(program)' || functionName === '(idle)') return 'V8/program, idle';
  const file = /(?:^|\/)(?:dist|src)\/(\w+)\/([\w-]+)\.[jt]s$/.exec(url);
  if (file) {
    const [, folder, name] = file;
    if (folder === 'importers' && PARSER_FILES.has(name!)) return 'parser (two passes over the text)';
    if (folder === 'importers' && name === 'identity') return 'importer: message ids and match keys';
    if (folder === 'importers') return 'importer: orchestration, directions, senders';
    if (folder === 'store')
      return STORE_FUNCTIONS[functionName] ?? `store: other (${functionName || 'anonymous'})`;
  }
  if (/(?:^|\/)(?:dist|src)\/time\.[jt]s$/.test(url)) return 'importer: local time to UTC';
  if (url.includes('internal/crypto')) return 'importer: message ids and match keys';
  if (url.includes('better-sqlite3')) return 'store: other (better-sqlite3 wrappers)';
  if (url.startsWith('node:') || url === '') return 'node internals (streams, fs, module loading, native)';
  return 'other JavaScript';
}

export function summariseProfile(path: string, topN = 15): ProfileBreakdown {
  const profile = JSON.parse(readFileSync(path, 'utf8')) as CpuProfile;
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const selfUs = new Map<number, number>();
  let totalUs = 0;
  for (let i = 0; i < profile.samples.length; i++) {
    const delta = profile.timeDeltas[i] ?? 0;
    selfUs.set(profile.samples[i]!, (selfUs.get(profile.samples[i]!) ?? 0) + delta);
    totalUs += delta;
  }
  const categories = new Map<string, number>();
  const functions = new Map<string, number>();
  const maps = new SourceMaps();
  for (const [id, us] of selfUs) {
    const node = byId.get(id)!;
    const { functionName, url, lineNumber, columnNumber } = node.callFrame;
    // The program is a bundle: name the original source file of bundled functions.
    const original = maps.sourceOf(url, lineNumber, columnNumber);
    const source = original?.source ?? url;
    const cat = category(node, source);
    categories.set(cat, (categories.get(cat) ?? 0) + us);
    const line = (original?.line ?? lineNumber) + 1;
    const where = source ? `${source.replace(/^.*\/(dist|src|node_modules)\//, '$1/')}:${line}` : '';
    const key = `${functionName || '(anonymous)'} ${where}`.trim();
    functions.set(key, (functions.get(key) ?? 0) + us);
  }
  const rows = (map: Map<string, number>) =>
    [...map]
      .sort((a, b) => b[1] - a[1])
      .map(([name, us]) => ({ name, ms: Math.round(us / 1000), share: us / totalUs }));
  return {
    totalMs: Math.round(totalUs / 1000),
    categories: rows(categories).map((r) => ({ category: r.name, ms: r.ms, share: round3(r.share) })),
    top: rows(functions)
      .slice(0, topN)
      .map((r) => ({ fn: r.name, ms: r.ms, share: round3(r.share) })),
  };
}

const round3 = (x: number): number => Math.round(x * 1000) / 1000;

const BASE64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';

/** Original source files of positions in generated files, from their `.map` files (Source Map v3). */
class SourceMaps {
  private readonly maps = new Map<string, { sources: string[]; lines: number[][][] } | null>();

  sourceOf(url: string, line: number, column: number): { source: string; line: number } | null {
    if (!url.startsWith('file://')) return null;
    let map = this.maps.get(url);
    if (map === undefined) {
      map = load(fileURLToPath(url));
      this.maps.set(url, map);
    }
    const segments = map?.lines[line];
    if (!map || !segments?.length) return null;
    let found: number[] | undefined;
    for (const segment of segments) {
      if (segment[0]! > column) break;
      found = segment;
    }
    const source = found && found.length > 1 ? map.sources[found[1]!] : undefined;
    return source === undefined ? null : { source, line: found![2]! };
  }
}

function load(path: string): { sources: string[]; lines: number[][][] } | null {
  if (!existsSync(`${path}.map`)) return null;
  const raw = JSON.parse(readFileSync(`${path}.map`, 'utf8')) as { sources: string[]; mappings: string };
  const lines: number[][][] = [];
  let source = 0;
  let sourceLine = 0;
  let sourceColumn = 0;
  for (const text of raw.mappings.split(';')) {
    const segments: number[][] = [];
    let column = 0;
    for (const encoded of text.split(',')) {
      if (encoded === '') continue;
      const fields = decodeVlq(encoded);
      column += fields[0]!;
      if (fields.length >= 4) {
        source += fields[1]!;
        sourceLine += fields[2]!;
        sourceColumn += fields[3]!;
        segments.push([column, source, sourceLine, sourceColumn]);
      } else segments.push([column]);
    }
    lines.push(segments);
  }
  return { sources: raw.sources, lines };
}

function decodeVlq(text: string): number[] {
  const values: number[] = [];
  let value = 0;
  let shift = 0;
  for (const char of text) {
    const digit = BASE64.indexOf(char);
    value += (digit & 31) << shift;
    if (digit & 32) shift += 5;
    else {
      values.push(value & 1 ? -(value >>> 1) : value >>> 1);
      value = 0;
      shift = 0;
    }
  }
  return values;
}
