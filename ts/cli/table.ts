/** Plain-text tables for terminal output (no colours, no dependencies). */

/** A cell: numbers are right-aligned, everything else left-aligned. */
export type Cell = string | number | null | undefined;

/**
 * Format `rows` under `headers` as aligned columns separated by two spaces.
 * Numbers are printed as given (format them first for fixed decimals).
 *
 * @example
 * formatTable(['epoch', 'rmse'], [[1, '0.91']]);
 */
export function formatTable(headers: string[], rows: Cell[][], align?: ('l' | 'r')[]): string {
  const text = rows.map((r) => r.map((c) => (c === null || c === undefined ? '-' : String(c))));
  const right = align ?? headers.map((_, j) => rows.length > 0 && rows.every((r) => typeof r[j] === 'number' || /^-?[\d.]+%?$/.test(String(r[j] ?? ''))) ? 'r' : 'l');
  const widths = headers.map((h, j) => Math.max(h.length, ...text.map((r) => (r[j] ?? '').length)));
  const line = (cells: string[]) => cells.map((c, j) => (right[j] === 'r' ? c.padStart(widths[j]!) : c.padEnd(widths[j]!))).join('  ').trimEnd();
  return [line(headers), line(widths.map((w) => '-'.repeat(w))), ...text.map(line)].join('\n');
}

/** `x` with `digits` decimals, or `-` for null/NaN. */
export function fixed(x: number | null | undefined, digits = 4): string {
  return x === null || x === undefined || Number.isNaN(x) ? '-' : x.toFixed(digits);
}

/** A parameter as the user typed it: the core stores f32, so 0.002 comes back as 0.0020000000949… */
export function param(x: number): number {
  return Number(x.toPrecision(6));
}
