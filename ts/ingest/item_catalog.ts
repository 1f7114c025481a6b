/**
 * {@link ItemCatalog}: movie ids, titles and genres as flat arrays, and the builder the movies
 * parsers share (validation, duplicates, strict/lenient). Environment-neutral.
 */
import { MAX_ID as MAX_RAW_ID } from '../ids.js';
import { emptySkipCounts, IngestError, skipReason, type IngestErrorCode, type OnInvalid, type SkipCounts } from './errors.js';

/** Titles and genres of the movies in a movies file, in file order. */
export interface ItemCatalog {
  /** Raw movieId per catalog row. */
  movieIds: Uint32Array;
  /** Title per catalog row. */
  titles: string[];
  /** Genre labels (first-seen order; for u.item the u.genre order). */
  genres: string[];
  /** Genres of row r are `itemGenres[itemGenresIndptr[r] .. itemGenresIndptr[r+1])` (indices into `genres`). */
  itemGenresIndptr: Uint32Array;
  itemGenres: Uint16Array;
  /** Raw movieId -> catalog row. */
  rowOf: Map<number, number>;
  stats: { lines: number; skipped: SkipCounts };
}

/** Accumulates catalog rows; `addRow` validates one line. */
export class CatalogBuilder {
  readonly file: string;
  readonly genreNames: string[] | undefined;
  readonly skipped = emptySkipCounts();
  sawHeader = false;
  private readonly strict: boolean;
  private readonly ids: number[] = [];
  private readonly titles: string[] = [];
  private readonly genreIndex = new Map<string, number>();
  private readonly labels: string[] = [];
  private readonly indptr: number[] = [0];
  private readonly itemGenres: number[] = [];
  private readonly rowOf = new Map<number, number>();
  private lines = 0;

  constructor(file: string, onInvalid: OnInvalid, genreNames?: string[]) {
    this.file = file;
    this.strict = onInvalid === 'error';
    this.genreNames = genreNames;
    for (const g of genreNames ?? []) this.genreId(g);
  }

  /** Throws (strict) or counts (lenient) one bad line. */
  invalid(code: IngestErrorCode, message: string, line: number, text: string): void {
    if (this.strict) throw new IngestError(code, message, { file: this.file, line, text: text.length > 200 ? `${text.slice(0, 200)}…` : text });
    this.skipped[skipReason(code)]++;
  }

  /** Validates and adds one movie line. */
  addRow(id: string | undefined, title: string | undefined, genres: string[] | undefined,
    line: number, text: string, needFields: number, haveFields: number): void {
    this.lines = Math.max(this.lines, line);
    if (haveFields < needFields || id === undefined || title === undefined || genres === undefined) {
      this.invalid('MISSING_COLUMN', `expected ${needFields} fields, found ${haveFields}`, line, text);
      return;
    }
    const t = id.trim();
    if (!/^\d+$/.test(t)) { this.invalid('PARSE_ERROR', 'cannot parse movie id', line, text); return; }
    const raw = Number(t);
    if (raw > MAX_RAW_ID) { this.invalid('ID_OVERFLOW', 'movie id exceeds 4294967295', line, text); return; }
    if (this.rowOf.has(raw)) { this.invalid('DUPLICATE_MOVIE', `movie ${raw} listed twice`, line, text); return; }
    this.rowOf.set(raw, this.ids.length);
    this.ids.push(raw);
    this.titles.push(title);
    for (const g of genres) if (g !== '') this.itemGenres.push(this.genreId(g));
    this.indptr.push(this.itemGenres.length);
  }

  /** The finished catalog; `HEADER_ONLY` when a header had no movie lines after it. */
  finish(): ItemCatalog {
    if (this.ids.length === 0 && this.sawHeader && Object.values(this.skipped).every((v) => v === 0)) {
      throw new IngestError('HEADER_ONLY', 'file has a header but no movies', { file: this.file, line: 1 });
    }
    return {
      movieIds: Uint32Array.from(this.ids),
      titles: this.titles,
      genres: this.labels,
      itemGenresIndptr: Uint32Array.from(this.indptr),
      itemGenres: Uint16Array.from(this.itemGenres),
      rowOf: this.rowOf,
      stats: { lines: this.lines, skipped: this.skipped },
    };
  }

  private genreId(g: string): number {
    let k = this.genreIndex.get(g);
    if (k === undefined) { k = this.labels.length; this.labels.push(g); this.genreIndex.set(g, k); }
    return k;
  }
}
