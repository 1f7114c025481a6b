/**
 * The planted model behind the synthetic MovieLens data: ML-32M's shape scaled to a rating
 * count, heavy-tailed degrees, sparse movie ids, genre-correlated low-rank factors.
 * Environment-neutral; `forEachUser` streams each user's sorted ratings.
 */
import { Rng } from './prng.js';
import { synthGenres, synthTitle } from './synth_titles.js';

/** Options of the synthetic generator. */
export interface SynthOptions {
  /** Number of ratings (exact). Default 100,000. */
  ratings?: number;
  /** Users; default scales ML-32M's 200,948 linearly (min so that everyone has >= 20). */
  users?: number;
  /** Rated-movie target; default scales ML-32M's 84,432 as ratings^0.375. */
  items?: number;
  /** Planted rank. Default 8. */
  k?: number;
  /** Std of the Gaussian noise before rounding to half stars. Default 0.5. */
  noise?: number;
  /** Seed. Default 42. */
  seed?: number;
}

/** One user's generated ratings (views into reused buffers). */
export interface UserRatings { user: number; n: number; items: Uint32Array; ratings: Float32Array }

const ML32 = { ratings: 32_000_204, users: 200_948, items: 84_432, maxId: 292_757 };
const MIN_DEGREE = 20;

/** Ratings, users and items of a synthetic set, before generating it (ML-32M's proportions by default). */
export function synthShape(opts: SynthOptions = {}): { ratings: number; users: number; items: number } {
  const ratings = Math.max(MIN_DEGREE, Math.round(opts.ratings ?? 100_000));
  const scale = ratings / ML32.ratings;
  const users = opts.users ?? Math.max(1, Math.min(Math.floor(ratings / MIN_DEGREE), Math.round(ML32.users * scale)));
  const items = opts.items ?? Math.max(50, Math.round(ML32.items * Math.pow(scale, 0.375)));
  return { ratings, users, items };
}

/** The planted model: catalog, popularity sampler, factors, biases and user degrees. */
export class SynthModel {
  readonly ratings: number;
  readonly users: number;
  readonly k: number;
  readonly noise: number;
  readonly seed: number;
  readonly movieIds: Uint32Array;
  readonly titles: string[] = [];
  readonly movieGenres: number[][] = [];
  readonly degrees: Uint32Array;
  readonly mu = 3.42;
  readonly userBias: Float32Array;
  readonly itemBias: Float32Array;
  readonly userFactors: Float32Array;
  readonly itemFactors: Float32Array;
  private readonly cumulative: Float64Array;
  private readonly mark: Int32Array;

  constructor(opts: SynthOptions = {}) {
    const shape = synthShape(opts);
    this.ratings = shape.ratings;
    this.users = shape.users;
    if (this.users * MIN_DEGREE > this.ratings) throw new RangeError(`${this.users} users need at least ${this.users * MIN_DEGREE} ratings`);
    const items = shape.items;
    this.k = opts.k ?? 8;
    this.noise = opts.noise ?? 0.5;
    this.seed = opts.seed ?? 42;
    const rng = new Rng(this.seed, 1);
    const catalog = Math.round(items * 1.0374);
    this.movieIds = sparseIds(rng, catalog, (ML32.maxId / ML32.items));
    for (let i = 0; i < catalog; i++) { this.titles.push(synthTitle(rng, i + 1)); this.movieGenres.push(synthGenres(rng)); }
    const pop = new Float64Array(catalog);
    this.cumulative = new Float64Array(catalog);
    let acc = 0;
    for (let i = 0; i < catalog; i++) {
      pop[i] = rng.normal();
      acc += rng.float() < 0.036 ? 0 : Math.exp(1.8 * pop[i]!);
      this.cumulative[i] = acc;
    }
    this.itemBias = new Float32Array(catalog);
    for (let i = 0; i < catalog; i++) this.itemBias[i] = 0.5 * rng.normal() + 0.12 * pop[i]!;
    this.userBias = new Float32Array(this.users);
    for (let u = 0; u < this.users; u++) this.userBias[u] = 0.45 * rng.normal();
    [this.userFactors, this.itemFactors] = plantFactors(rng, this.users, this.movieGenres, this.k);
    this.degrees = userDegrees(rng, this.users, this.ratings, Math.floor(catalog * 0.5));
    this.mark = new Int32Array(catalog);
  }

  /**
   * Yields each user in order with that user's `n` ratings in `items[0..n)` (catalog indices,
   * ascending = movieId order) and `ratings[0..n)`. The arrays are reused between users.
   */
  *userRatings(): Generator<UserRatings> {
    const rng = new Rng(this.seed, 2);
    const maxDeg = this.degrees.reduce((a, b) => Math.max(a, b), 0);
    const items = new Uint32Array(maxDeg), ratings = new Float32Array(maxDeg);
    const k = this.k, P = this.userFactors, Q = this.itemFactors, cum = this.cumulative;
    const total = cum[cum.length - 1]!, n = cum.length;
    for (let u = 0; u < this.users; u++) {
      const d = this.degrees[u]!;
      let got = 0, tries = 0;
      while (got < d && tries < 4 * d + 100) {
        tries++;
        const x = rng.float() * total;
        let lo = 0, hi = n - 1;
        while (lo < hi) { const m = (lo + hi) >>> 1; if (cum[m]! <= x) lo = m + 1; else hi = m; }
        if (this.mark[lo] !== u + 1) { this.mark[lo] = u + 1; items[got++] = lo; }
      }
      for (let i = rng.int(n); got < d; i = (i + 1) % n) {
        const w = cum[i]! - (i > 0 ? cum[i - 1]! : 0);
        if (w > 0 && this.mark[i] !== u + 1) { this.mark[i] = u + 1; items[got++] = i; }
      }
      const list = items.subarray(0, d).sort();
      const bu = this.mu + this.userBias[u]!;
      for (let j = 0; j < d; j++) {
        const i = list[j]!;
        let dot = 0;
        for (let f = 0; f < k; f++) dot += P[u * k + f]! * Q[i * k + f]!;
        const r = bu + this.itemBias[i]! + dot + this.noise * rng.normal();
        ratings[j] = Math.min(5, Math.max(0.5, Math.round(r * 2) / 2));
      }
      yield { user: u, n: d, items: list, ratings };
    }
  }
}

function sparseIds(rng: Rng, n: number, meanGap: number): Uint32Array {
  const ids = new Uint32Array(n);
  let id = 0;
  for (let i = 0; i < n; i++) {
    id += i < n * 0.1 ? 1 : 1 + Math.floor(-Math.log(1 - rng.float()) * (meanGap - 1) * 1.26);
    ids[i] = id;
  }
  return ids;
}

function plantFactors(rng: Rng, users: number, genres: number[][], k: number): [Float32Array, Float32Array] {
  const s = Math.pow(0.45 / Math.max(1, k), 0.25);
  const P = new Float32Array(users * k);
  for (let j = 0; j < P.length; j++) P[j] = s * rng.normal();
  const W = new Float32Array(20 * k);
  for (let j = 0; j < W.length; j++) W[j] = s * Math.sqrt(0.6 * 2) * rng.normal();
  const Q = new Float32Array(genres.length * k);
  for (let i = 0; i < genres.length; i++) {
    const g = genres[i]!.length ? genres[i]! : [19];
    for (let f = 0; f < k; f++) {
      let m = 0;
      for (const x of g) m += W[x * k + f]!;
      Q[i * k + f] = m / g.length + s * Math.sqrt(0.4) * rng.normal();
    }
  }
  return [P, Q];
}

function userDegrees(rng: Rng, users: number, ratings: number, cap: number): Uint32Array {
  const deg = new Uint32Array(users);
  const extra = new Float64Array(users);
  let sum = 0;
  for (let u = 0; u < users; u++) { extra[u] = Math.exp(1.25 * rng.normal()); sum += extra[u]!; }
  const budget = ratings - MIN_DEGREE * users;
  let assigned = 0;
  for (let u = 0; u < users; u++) {
    deg[u] = Math.min(cap, MIN_DEGREE + Math.floor((extra[u]! / sum) * budget));
    assigned += deg[u]!;
  }
  for (let left = ratings - assigned, guard = 0; left > 0 && guard < 1e8; guard++) {
    const u = rng.int(users);
    if (deg[u]! < cap) { deg[u]!++; left--; }
  }
  return deg;
}
