/**
 * Rows of an RFC 4180 CSV text, for movies.csv (titles hold commas and
 * doubled quotes). Written here rather than imported so the engine worker
 * loads no CommonJS module (bundlers' dev servers serve workers' imports as
 * they are, and a CommonJS file there fails to load).
 */

/** The rows, and a message for each row (0-based) whose quoting is malformed. */
export interface CsvRows {
  rows: string[][];
  errors: Map<number, string>;
}

/**
 * Split `text` into rows of fields: `,` separates fields, `\n` (or `\r\n`)
 * ends a row, a field that starts with `"` runs to the next lone `"` and may
 * hold commas, newlines and `""` (one quote). Every line is a row, empty ones
 * included (as `['']`), like papaparse with `skipEmptyLines: false`.
 */
export function csvRows(text: string): CsvRows {
  const rows: string[][] = [];
  const errors = new Map<number, string>();
  if (text === '') return { rows, errors };
  let row: string[] = [];
  let pos = 0;
  const n = text.length;
  for (;;) {
    let field: string;
    if (text[pos] === '"') {
      const { value, end, error } = quotedField(text, pos);
      if (error && !errors.has(rows.length)) errors.set(rows.length, error);
      field = value;
      pos = end;
    } else {
      let end = pos;
      while (end < n && text[end] !== ',' && text[end] !== '\n') end++;
      field = text.slice(pos, text[end - 1] === '\r' && text[end] === '\n' ? end - 1 : end);
      pos = end;
    }
    row.push(field);
    if (pos >= n) {
      rows.push(row);
      return { rows, errors };
    }
    if (text[pos] === '\n') {
      rows.push(row);
      row = [];
    }
    pos++; // past ',' or '\n'
  }
}

/** The quoted field starting at `start`: its value and where the text after it begins. */
function quotedField(text: string, start: number): { value: string; end: number; error?: string } {
  let value = '';
  let pos = start + 1;
  for (;;) {
    const close = text.indexOf('"', pos);
    if (close < 0) return { value: value + text.slice(pos), end: text.length, error: 'Quoted field unterminated' };
    value += text.slice(pos, close);
    if (text[close + 1] === '"') {
      value += '"';
      pos = close + 2;
      continue;
    }
    let end = close + 1;
    if (text[end] === '\r' && text[end + 1] === '\n') end++;
    if (end >= text.length || text[end] === ',' || text[end] === '\n') return { value, end };
    // Text after the closing quote: keep it, as papaparse does, but report the row.
    let stop = end;
    while (stop < text.length && text[stop] !== ',' && text[stop] !== '\n') stop++;
    return { value: value + text.slice(end, stop), end: stop, error: 'Trailing quote on quoted field is malformed' };
  }
}
