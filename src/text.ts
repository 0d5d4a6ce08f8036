/**
 * Message text is untrusted data. Before it leaves the archive, remove the invisible and
 * bidirectional control characters that can hide or reorder what a reader sees.
 */
const CONTROLS =
  // eslint-disable-next-line no-control-regex -- matching control characters is the point
  /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f\u061c\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u2069\ufeff\ufff9-\ufffb]/g;

const MARKS = /\p{M}/gu;
const NON_ASCII = /[\u0080-\uffff]/;

/** Lower case without accents, as the full-text index compares words (orçamento = ORCAMENTO). */
export function foldText(text: string): string {
  return NON_ASCII.test(text) ? text.normalize('NFD').replace(MARKS, '').toLowerCase() : text.toLowerCase();
}

export function cleanText(text: string): string {
  return text.replace(CONTROLS, '');
}

export function cleanOrNull(text: string | null | undefined): string | null {
  return text === null || text === undefined ? null : cleanText(text);
}

/** One line, at most `max` characters, for tables and summaries. */
export function oneLine(text: string, max = 80): string {
  const flat = cleanText(text).replace(/\s+/g, ' ').trim();
  return flat.length > max ? `${flat.slice(0, max - 1)}…` : flat;
}

/** A count for people: 1,000,000 (plain digit grouping: an Intl formatter would cost start-up time). */
export function formatCount(n: number): string {
  return String(n).replace(/\B(?=(\d{3})+(?!\d))/g, ',');
}

/** A size for people: 812 kB, 292.3 MB, 1.25 GB. */
export function formatBytes(bytes: number): string {
  if (Math.abs(bytes) >= 1e9) return `${(bytes / 1e9).toFixed(2)} GB`;
  if (Math.abs(bytes) >= 1e6) return `${(bytes / 1e6).toFixed(1)} MB`;
  return `${Math.round(bytes / 1e3)} kB`;
}
