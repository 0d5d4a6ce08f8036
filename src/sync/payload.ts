/** Reading untyped Green API payloads: absent or mistyped fields read as empty, never throw. */

export type Rec = Record<string, unknown>;
export const obj = (v: unknown): Rec => (v && typeof v === 'object' && !Array.isArray(v) ? (v as Rec) : {});
export const arr = (v: unknown): unknown[] => (Array.isArray(v) ? v : []);
export const str = (v: unknown): string | null => (typeof v === 'string' && v !== '' ? v : null);
export const numOrNull = (v: unknown): number | null =>
  typeof v === 'number' && Number.isFinite(v) ? v : null;
export const join = (...parts: unknown[]): string | null => {
  const kept = parts.map((p) => (typeof p === 'string' ? p.trim() : '')).filter((p) => p !== '');
  return kept.length ? kept.join('\n') : null;
};
/** Unix seconds; a millisecond value (seen in one Postman example) is scaled down. */
export function seconds(v: unknown): number | null {
  if (typeof v !== 'number' || !Number.isFinite(v) || v <= 0) return null;
  return Math.floor(v > 1e11 ? v / 1000 : v);
}
