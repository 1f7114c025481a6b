/**
 * Synthetic movie titles and genres in MovieLens style: "Title, The (1994)", some with quotes
 * and accents, so writers must quote and encode them properly.
 */
import type { Rng } from './prng.js';

/** The 19 genres of ML-32M's movies.csv (plus the '(no genres listed)' label). */
export const SYNTH_GENRES: readonly string[] = [
  'Drama', 'Comedy', 'Thriller', 'Romance', 'Action', 'Horror', 'Documentary', 'Crime', 'Adventure',
  'Sci-Fi', 'Mystery', 'Animation', 'Children', 'Fantasy', 'War', 'Western', 'Musical', 'Film-Noir', 'IMAX',
];
/** Label of movies without genres. */
export const NO_GENRES = '(no genres listed)';
const GENRE_WEIGHTS = [40, 30, 13, 12, 12, 10, 9, 9, 7, 6, 5, 5, 4, 4, 3, 2, 2, 1, 0.3];

const WORDS = ['Silent', 'Harbor', 'Midnight', 'Garden', 'Lost', 'City', 'Iron', 'River', 'Last', 'Summer',
  'Dark', 'Star', 'Broken', 'Crown', 'Secret', 'Wind', 'Golden', 'Road', 'Winter', 'Heart', 'Blue', 'Moon',
  'Wild', 'House', 'Little', 'Night', 'Fire', 'Shadow', 'Café', 'Señor', 'Ghost', 'Empire', 'Dream', 'Love'];

/** A title such as `Midnight Garden, The (1987)` or `"Blue" Moon (2003)`. */
export function synthTitle(rng: Rng, index: number): string {
  const n = 1 + rng.int(3);
  const words: string[] = [];
  for (let w = 0; w < n; w++) words.push(WORDS[rng.int(WORDS.length)]!);
  if (rng.float() < 0.02) words[0] = `"${words[0]}"`;
  let t = `${words.join(' ')} ${index}`;
  if (rng.float() < 0.12) t += ', The';
  return `${t} (${1900 + rng.int(124)})`;
}

/** Genre indices (into {@link SYNTH_GENRES}) of one movie; empty = '(no genres listed)'. */
export function synthGenres(rng: Rng): number[] {
  if (rng.float() < 0.015) return [];
  const count = 1 + (rng.float() < 0.55 ? 1 + (rng.float() < 0.4 ? 1 : 0) : 0);
  const total = GENRE_WEIGHTS.reduce((a, b) => a + b, 0);
  const out: number[] = [];
  for (let tries = 0; out.length < count && tries < 20; tries++) {
    let x = rng.float() * total, g = 0;
    while (x >= GENRE_WEIGHTS[g]! && g < GENRE_WEIGHTS.length - 1) { x -= GENRE_WEIGHTS[g]!; g++; }
    if (!out.includes(g)) out.push(g);
  }
  return out.sort((a, b) => a - b);
}
