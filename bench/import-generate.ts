/**
 * A realistic pt-BR Android "Export chat" file for the import benchmark, generated from a seed and
 * cached under bench/data/ (git-ignored): the group "Boi Gaúcho X BMA" between a refrigeration
 * business and a restaurant chain over five years (2021-2025), `dd/mm/yyyy hh:mm - Author: text`
 * lines, a few authors (the business, its technician, customers, an unsaved number), multi-line
 * bodies with blank lines, media attached (`IMG-20250303-WA0007.jpg (arquivo anexado)`, captions on
 * the next line, documents with spaces and accents), `<Mídia oculta>`, group notices, edited and
 * deleted markers, locations. One million messages is about 95 MB.
 *
 *   tsx bench/import-generate.ts [--messages N] [--seed S] [--force]
 */
import {
  closeSync,
  existsSync,
  mkdirSync,
  openSync,
  readFileSync,
  renameSync,
  statSync,
  writeFileSync,
  writeSync,
} from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { caption, documentName, pickName, textLine, type LineContext, type Role } from './lib/compose.js';
import { createRng, type Rng } from './lib/rng.js';

/** Bump when the generated text changes, so cached files are rebuilt. */
export const IMPORT_GENERATOR_VERSION = 1;
export const IMPORT_DEFAULT_SEED = 20_250_303;
export const CHAT_NAME = 'Boi Gaúcho X BMA';
/** The exporter: their messages are outgoing (`--me`). */
export const EXPORTER = 'BMA Refrigeração';
const DATA_DIR = join(dirname(fileURLToPath(import.meta.url)), 'data');

export interface ExportFileMeta {
  version: number;
  seed: number;
  /** The folder holding only this export: the import root of the benchmark's child processes. */
  dir: string;
  path: string;
  messages: number;
  lines: number;
  bytes: number;
  /** Messages per kind, to tell what the file exercises. */
  kinds: Record<string, number>;
  authors: string[];
  firstDay: string;
  lastDay: string;
  generateMs: number;
}

/** Authors with their share of the messages and their role in the conversation. */
const AUTHORS: readonly { name: string; share: number; role: Role }[] = [
  { name: EXPORTER, share: 0.34, role: 'business' },
  { name: 'Wesley Técnico BMA', share: 0.08, role: 'business' },
  { name: 'Reginaldo Boi Gaúcho', share: 0.26, role: 'customer' },
  { name: 'Paula Financeiro', share: 0.12, role: 'customer' },
  { name: 'Marcos Cozinha', share: 0.1, role: 'member' },
  { name: '+55 31 98877-1122', share: 0.1, role: 'member' },
];

const FIRST_DAY = Date.UTC(2021, 0, 1) / 1000;
const DAYS = 1826; // 2021-01-01 .. 2025-12-31
const LRM = '\u200e';
const pad2 = (n: number): string => String(n).padStart(2, '0');

/** The cached export for these options, generated first when missing. */
export function ensureImportExport(options: {
  messages: number;
  seed?: number;
  force?: boolean;
  log?: (line: string) => void;
}): { meta: ExportFileMeta; cached: boolean } {
  const seed = options.seed ?? IMPORT_DEFAULT_SEED;
  const dir = join(DATA_DIR, `import-g${IMPORT_GENERATOR_VERSION}-n${options.messages}-s${seed}`);
  const path = join(dir, `Conversa do WhatsApp com ${CHAT_NAME}.txt`);
  const metaPath = `${dir}.json`;
  if (!options.force && existsSync(path) && existsSync(metaPath)) {
    const meta = JSON.parse(readFileSync(metaPath, 'utf8')) as ExportFileMeta;
    if (statSync(path).size === meta.bytes) return { meta, cached: true };
  }
  options.log?.(`generating a ${options.messages.toLocaleString('en-US')}-message export (seed ${seed})…`);
  mkdirSync(dir, { recursive: true });
  const meta = writeExport(path, options.messages, seed);
  writeFileSync(metaPath, `${JSON.stringify(meta, null, 2)}\n`);
  options.log?.(`  ${(meta.bytes / 1e6).toFixed(1)} MB in ${(meta.generateMs / 1000).toFixed(1)} s: ${path}`);
  return { meta, cached: false };
}

/** Messages per day: weekdays busy, Sundays quiet, slow growth over the years, daily noise. */
function dayCounts(rng: Rng, total: number): number[] {
  const weights: number[] = [];
  for (let d = 0; d < DAYS; d++) {
    const weekday = new Date((FIRST_DAY + d * 86_400) * 1000).getUTCDay();
    const week = weekday === 0 ? 0.12 : weekday === 6 ? 0.45 : 1;
    weights.push(week * (0.6 + (0.8 * d) / DAYS) * (0.5 + rng.next()));
  }
  const sum = weights.reduce((s, w) => s + w, 0);
  const counts: number[] = [];
  let cumulative = 0;
  let given = 0;
  for (const w of weights) {
    cumulative += w;
    const upTo = Math.round((cumulative / sum) * total);
    counts.push(upTo - given);
    given = upTo;
  }
  return counts;
}

/** Minutes of the day (07:00-21:59), busiest mid-morning and mid-afternoon, sorted. */
function dayMinutes(rng: Rng, count: number): number[] {
  const minutes: number[] = [];
  for (let i = 0; i < count; i++) {
    const centre = rng.chance(0.55) ? 10 * 60 : 15 * 60 + 30;
    const spread = (rng.next() + rng.next() + rng.next() - 1.5) * 240;
    minutes.push(Math.min(22 * 60 - 1, Math.max(7 * 60, Math.round(centre + spread))));
  }
  return minutes.sort((a, b) => a - b);
}

function pickAuthor(rng: Rng): (typeof AUTHORS)[number] {
  let u = rng.next();
  for (const author of AUTHORS) {
    u -= author.share;
    if (u < 0) return author;
  }
  return AUTHORS[0]!;
}

function notice(rng: Rng): string {
  const name = rng.pick(AUTHORS.slice(2)).name;
  const other = `${pickName(rng)} ${rng.pick(['Silva', 'Souza', 'Lima', 'Costa'])}`;
  return rng.pick([
    `${name} adicionou ${other}`,
    `${other} saiu`,
    `Você adicionou ${other}`,
    `${name} removeu ${other}`,
    `${name} mudou a descrição do grupo`,
    `${name} mudou a imagem deste grupo`,
    `${other} entrou usando o link de convite deste grupo`,
    `Seu código de segurança com ${name} mudou. Toque para saber mais.`,
  ]);
}

/** Writes the export and returns its facts; chunks go to disk as they fill (flat memory). */
function writeExport(path: string, total: number, seed: number): ExportFileMeta {
  const started = performance.now();
  const rng = createRng(seed);
  const counts = dayCounts(rng.fork('days'), total);
  const kinds: Record<string, number> = {};
  const count = (kind: string) => (kinds[kind] = (kinds[kind] ?? 0) + 1);
  const temp = `${path}.tmp`;
  const fd = openSync(temp, 'w');
  let chunk: string[] = [];
  let chunkLength = 0;
  let bytes = 0;
  let lines = 0;
  let written = 0;
  const emit = (text: string): void => {
    chunk.push(text);
    chunkLength += text.length;
    lines += 1 + (text.match(/\n/g)?.length ?? 0);
    if (chunkLength > 1 << 20) flush();
  };
  const flush = (): void => {
    const buffer = Buffer.from(`${chunk.join('\n')}\n`, 'utf8');
    writeSync(fd, buffer);
    bytes += buffer.length;
    chunk = [];
    chunkLength = 0;
  };
  let firstDay = '';
  let lastDay = '';
  try {
    for (let d = 0; d < DAYS; d++) {
      if (counts[d] === 0) continue;
      const day = new Date((FIRST_DAY + d * 86_400) * 1000);
      const dmy = `${pad2(day.getUTCDate())}/${pad2(day.getUTCMonth() + 1)}/${day.getUTCFullYear()}`;
      const ymd = `${day.getUTCFullYear()}${pad2(day.getUTCMonth() + 1)}${pad2(day.getUTCDate())}`;
      firstDay ||= dmy;
      lastDay = dmy;
      let mediaToday = 0;
      for (const minute of dayMinutes(rng, counts[d]!)) {
        const header = `${dmy} ${pad2(Math.floor(minute / 60))}:${pad2(minute % 60)} - `;
        const ts = FIRST_DAY + d * 86_400 + minute * 60 + 3 * 3600;
        if (written === 0) {
          emit(
            `${header}As mensagens e ligações são protegidas com a criptografia de ponta a ponta. Somente as pessoas que fazem parte da conversa podem ler, ouvir e compartilhar esse conteúdo. Saiba mais`,
          );
          count('system');
          written++;
          continue;
        }
        written++;
        const roll = rng.next();
        if (roll < 0.01) {
          emit(header + notice(rng));
          count('system');
          continue;
        }
        const author = pickAuthor(rng);
        const ctx: LineContext = { rng, ts, progress: d / DAYS, name: 'Reginaldo', company: 'Boi Gaúcho' };
        const line = (): string => textLine(author.role, ctx);
        let body: string;
        let editable = false;
        if (roll < 0.06) {
          const kind = rng.next();
          const n = `WA${String(++mediaToday).padStart(4, '0')}`;
          const file =
            kind < 0.6
              ? `IMG-${ymd}-${n}.jpg`
              : kind < 0.7
                ? `VID-${ymd}-${n}.mp4`
                : kind < 0.85
                  ? `PTT-${ymd}-${n}.opus`
                  : kind < 0.95
                    ? documentName(ctx)
                    : `STK-${ymd}-${n}.webp`;
          body = `${LRM}${file} (arquivo anexado)`;
          if (kind < 0.7 || (kind >= 0.85 && kind < 0.95)) {
            if (rng.chance(0.45)) body += `\n${caption(ctx)}`;
          }
          count('media');
        } else if (roll < 0.1) {
          body = '<Mídia oculta>';
          count('media omitted');
        } else if (roll < 0.11) {
          body = author.name === EXPORTER ? 'Você apagou esta mensagem' : 'Mensagem apagada';
          count('deleted');
        } else if (roll < 0.113) {
          body = `localização: https://maps.google.com/?q=-19.${rng.digits(4)},-43.${rng.digits(4)}`;
          count('location');
        } else if (roll < 0.27) {
          const parts = [line()];
          for (let i = rng.int(1, 4); i > 0; i--) parts.push(rng.chance(0.3) ? `\n- ${line()}` : line());
          body = parts.join('\n');
          editable = true;
          count('multi-line');
        } else {
          body = rng.chance(0.25) ? `${line()} ${line()}` : line();
          editable = true;
          count('text');
        }
        if (editable && rng.chance(0.02)) {
          body += ' <Mensagem editada>';
          count('edited');
        }
        emit(`${header}${author.name}: ${body}`);
      }
    }
    flush();
  } finally {
    closeSync(fd);
  }
  renameSync(temp, path);
  return {
    version: IMPORT_GENERATOR_VERSION,
    seed,
    dir: dirname(path),
    path,
    messages: written,
    lines,
    bytes,
    kinds,
    authors: AUTHORS.map((a) => a.name),
    firstDay,
    lastDay,
    generateMs: Math.round(performance.now() - started),
  };
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const { values } = parseArgs({
    options: { messages: { type: 'string' }, seed: { type: 'string' }, force: { type: 'boolean' } },
  });
  const { meta, cached } = ensureImportExport({
    messages: Number(values.messages ?? 1_000_000),
    seed: values.seed === undefined ? undefined : Number(values.seed),
    force: values.force === true,
    log: (line) => console.error(line),
  });
  console.log(JSON.stringify({ cached, ...meta }, null, 2));
}
