// Section 1, data: generate a synthetic MovieLens- or Netflix-shaped set, or stream
// MovieLens files from disk into the engine, then split it 90/10.
import type { Catalog, Engine, LoadRatingsOptions, Ratings, SynthShape } from 'als-wasm';

import { bytes, count, el, messageOf } from './dom.ts';

/** Ratings in the engine, split for training, with the movie catalog if there is one. */
export interface DemoData {
  /** What the data is, for status lines. */
  label: string;
  ratings: Ratings;
  train: Ratings;
  test: Ratings;
  catalog?: Catalog;
}

type RatingsFormat = NonNullable<Exclude<LoadRatingsOptions['format'], object>>;
type MoviesFormat = 'csv' | 'dat' | 'u.item';

/** MovieLens file names this page recognises, and the format each is in. */
const RATINGS_FILES: Record<string, RatingsFormat> = { 'ratings.csv': 'csv', 'ratings.dat': 'dat', 'u.data': 'u.data' };
const MOVIES_FILES: Record<string, MoviesFormat> = { 'movies.csv': 'csv', 'movies.dat': 'dat', 'u.item': 'u.item' };

/** Share of the ratings held out to score every epoch. */
const TEST_RATIO = 0.1;

/** The ratings and movies files among `files` (picked by name), or why there are none. */
export function pickMovieLensFiles(files: Iterable<File>): { ratings?: File; movies?: File } {
  const out: { ratings?: File; movies?: File } = {};
  for (const f of files) {
    const name = f.name.toLowerCase();
    if (name in RATINGS_FILES) out.ratings ??= f;
    if (name in MOVIES_FILES) out.movies ??= f;
  }
  return out;
}

export class DataPanel {
  private data: DemoData | undefined;
  private readonly progress = el<HTMLProgressElement>('data-progress');
  private readonly state = el('data-state');
  private readonly controls = ['synth-run', 'files-input', 'folder-input', 'synth-size', 'synth-shape'].map((id) => el<HTMLInputElement>(id));

  constructor(
    private readonly engine: () => Engine,
    /** Called with new data (the previous set is disposed first). */
    private readonly onData: (data: DemoData) => void,
    /** Called when the panel starts or stops talking to the engine. */
    private readonly onBusy: (busy: boolean) => void,
  ) {
    el('synth-run').addEventListener('click', () => {
      this.generate(Number(el<HTMLSelectElement>('synth-size').value), el<HTMLSelectElement>('synth-shape').value as SynthShape).catch(() => {});
    });
    for (const id of ['files-input', 'folder-input']) {
      const input = el<HTMLInputElement>(id);
      input.addEventListener('change', () => {
        if (input.files?.length) this.loadFiles([...input.files]).catch(() => {});
        input.value = '';
      });
    }
  }

  get current(): DemoData | undefined {
    return this.data;
  }

  enable(on: boolean): void {
    for (const c of this.controls) c.disabled = !on;
  }

  /** Forget the data without disposing it (the engine it lived in is gone). */
  forget(message: string): void {
    this.data = undefined;
    this.state.textContent = message;
  }

  /** Generate `n` synthetic ratings (0: the shape's full size) with titles and genres (seed 42). */
  generate(n: number, shape: SynthShape = 'ml-32m'): Promise<DemoData> {
    const size = el<HTMLSelectElement>('synth-size');
    if ([...size.options].some((o) => o.value === String(n))) size.value = String(n);
    el<HTMLSelectElement>('synth-shape').value = shape;
    const name = shape === 'netflix' ? 'Netflix-shaped' : 'MovieLens-shaped';
    return this.run(`Generating ${n > 0 ? count(n) : 'full-size'} ${name} synthetic ratings…`, async (engine) => {
      const { ratings, catalog } = await engine.synthesize({ shape, ratings: n > 0 ? n : undefined, seed: 42 });
      return { label: `${count(ratings.count)} ${name} synthetic ratings`, ratings, catalog };
    });
  }

  /** Stream the MovieLens ratings (and movies) files among `files` into the engine. */
  loadFiles(files: File[]): Promise<DemoData> {
    const picked = pickMovieLensFiles(files);
    return this.run(`Reading ${picked.ratings?.name ?? 'files'}…`, async (engine) => {
      if (!picked.ratings) {
        throw new Error(`no ratings file among ${files.length} file(s): expected ${Object.keys(RATINGS_FILES).join(', ')}`);
      }
      const ratingsFile = picked.ratings;
      const t0 = performance.now();
      const ratings = await engine.loadRatings(ratingsFile, {
        format: RATINGS_FILES[ratingsFile.name.toLowerCase()],
        onProgress: (p) => this.showProgress(`Reading ${ratingsFile.name}`, p.bytes, p.totalBytes ?? ratingsFile.size, p.rows, t0),
      });
      let catalog: Catalog | undefined;
      if (picked.movies) {
        const moviesFile = picked.movies;
        catalog = await engine.loadMovies(moviesFile, {
          format: MOVIES_FILES[moviesFile.name.toLowerCase()],
          onProgress: (p) => this.showProgress(`Reading ${moviesFile.name}`, p.bytes, p.totalBytes ?? moviesFile.size, p.rows, t0),
        });
      }
      const label = `${ratingsFile.name} (${count(ratings.count)} ratings)${catalog ? ` + ${picked.movies!.name}` : ', no movie titles'}`;
      return { label, ratings, catalog };
    });
  }

  private showProgress(what: string, done: number, total: number, rows: number, t0: number): void {
    this.progress.max = Math.max(total, 1);
    this.progress.value = done;
    const rate = done / Math.max((performance.now() - t0) / 1000, 1e-3);
    this.state.textContent = `${what}: ${bytes(done)} of ${bytes(total)}, ${count(rows)} rows (${bytes(rate)}/s)`;
  }

  /** Load with `load`, split, dispose the old set, and report. */
  private async run(what: string, load: (engine: Engine) => Promise<Omit<DemoData, 'train' | 'test'>>): Promise<DemoData> {
    this.onBusy(true);
    this.progress.hidden = false;
    this.progress.removeAttribute('value'); // indeterminate until bytes arrive
    this.state.textContent = what;
    try {
      await this.dispose();
      const engine = this.engine();
      const t0 = performance.now();
      const loaded = await load(engine);
      const { train, test } = await loaded.ratings.split({ testRatio: TEST_RATIO, seed: 42 });
      this.data = { ...loaded, train, test };
      const seconds = ((performance.now() - t0) / 1000).toFixed(1);
      this.state.textContent =
        `${loaded.label}: ${count(loaded.ratings.userCount)} users × ${count(loaded.ratings.itemCount)} movies` +
        `${loaded.catalog ? ` in ${loaded.catalog.genres.length} genres` : ''}, split ${count(train.count)} train / ` +
        `${count(test.count)} test (${seconds} s).`;
      this.progress.value = this.progress.max;
      this.onData(this.data);
      return this.data;
    } catch (e) {
      this.state.textContent = `Could not load the data: ${messageOf(e)}`;
      throw e;
    } finally {
      this.progress.hidden = true;
      this.onBusy(false);
    }
  }

  private async dispose(): Promise<void> {
    const old = this.data;
    this.data = undefined;
    if (!old) return;
    await Promise.all([old.train.dispose(), old.test.dispose(), old.ratings.dispose(), old.catalog?.dispose()]);
  }
}
