/** Human output of CLI commands: aligned tables, JSON for scripts, progress on stderr. */
import { formatCount } from '../text.js';

export interface Column<T> {
  header: string;
  value: (row: T) => string | number | null | undefined;
  /** Maximum width; longer values are cut with an ellipsis. */
  max?: number;
  align?: 'left' | 'right';
}

/** A right-aligned column of counts, digits grouped (12,345). */
export function countColumn<T>(header: string, value: (row: T) => number): Column<T> {
  return { header, value: (row) => formatCount(value(row)), align: 'right' };
}

export function write(text: string): void {
  process.stdout.write(text.endsWith('\n') ? text : `${text}\n`);
}

/** New messages from which a summary suggests compacting (see store/compact.ts). */
const COMPACT_HINT_AT = 50_000;

export function suggestCompact(inserted: number, work: string): void {
  if (inserted >= COMPACT_HINT_AT)
    write(
      `Tip: \`wa-archive compact\` makes the archive smaller and its searches faster after ${work} this big.`,
    );
}

export function writeJson(value: unknown): void {
  process.stdout.write(`${JSON.stringify(value, null, 2)}\n`);
}

function cut(text: string, max: number): string {
  const flat = text.replace(/\s+/g, ' ');
  return flat.length > max ? `${flat.slice(0, max - 1)}…` : flat;
}

export function table<T>(rows: readonly T[], columns: readonly Column<T>[]): string {
  const cells = rows.map((row) => columns.map((c) => cut(String(c.value(row) ?? ''), c.max ?? 60)));
  const widths = columns.map((c, i) => Math.max(c.header.length, ...cells.map((r) => r[i]!.length)));
  const line = (values: string[]) =>
    values
      .map((v, i) => (columns[i]!.align === 'right' ? v.padStart(widths[i]!) : v.padEnd(widths[i]!)))
      .join('  ')
      .trimEnd();
  return [
    line(columns.map((c) => c.header)),
    line(widths.map((w) => '-'.repeat(w))),
    ...cells.map(line),
  ].join('\n');
}

/** A progress bar on stderr that redraws in place on a terminal and prints sparse lines elsewhere. */
export function progressBar(label: string): {
  update: (done: number, total: number | undefined, message?: string) => void;
  done: () => void;
} {
  const tty = process.stderr.isTTY;
  let lastPrinted = 0;
  return {
    update(done, total, message) {
      const now = Date.now();
      if (!tty && now - lastPrinted < 2000) return;
      lastPrinted = now;
      const width = 30;
      const ratio = total ? Math.min(1, done / total) : 0;
      const bar = total
        ? `[${'#'.repeat(Math.round(ratio * width)).padEnd(width, '.')}] ${Math.round(ratio * 100)}%`
        : `${done}`;
      const text = `${label} ${bar}${message ? ` ${message}` : ''}`;
      process.stderr.write(
        tty
          ? `\r${cut(text, (process.stderr.columns || 100) - 1).padEnd(Math.min(100, process.stderr.columns || 100) - 1)}`
          : `${text}\n`,
      );
    },
    done() {
      if (tty) process.stderr.write('\n');
    },
  };
}
