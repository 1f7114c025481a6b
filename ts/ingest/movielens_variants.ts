/**
 * The MovieLens variants: which files each holds and how they are encoded. Environment-neutral.
 */
import { RATINGS_CSV, RATINGS_DAT, RATINGS_U_DATA, type RatingsFormat } from './ratings_format.js';

/** Movies file layouts. */
export type MoviesFormat = 'csv' | 'dat' | 'u.item';
/** Text encodings of movies files: 'auto' = UTF-8 if valid, else latin-1 (for .dat files). */
export type MoviesEncoding = 'utf-8' | 'latin1' | 'auto';

/** One MovieLens variant's layout. */
export interface MovieLensLayout {
  variant: string;
  /** Directory names that identify this variant when several share a layout. */
  dirNames: string[];
  ratings: string;
  movies: string;
  genres?: string;
  ratingsFormat: RatingsFormat;
  moviesFormat: MoviesFormat;
  moviesEncoding: MoviesEncoding;
}

const csv = (variant: string, dirNames: string[]): MovieLensLayout => ({
  variant, dirNames, ratings: 'ratings.csv', movies: 'movies.csv',
  ratingsFormat: RATINGS_CSV, moviesFormat: 'csv', moviesEncoding: 'utf-8',
});

/** Known variants; for a shared layout the last entry is the fallback when the name says nothing. */
export const MOVIELENS_VARIANTS: readonly MovieLensLayout[] = [
  csv('ml-latest-small', ['ml-latest-small']),
  csv('ml-20m', ['ml-20m']),
  csv('ml-25m', ['ml-25m']),
  csv('ml-32m', ['ml-32m']),
  csv('ml-latest', ['ml-latest']),
  {
    variant: 'ml-10m', dirNames: ['ml-10m', 'ml-10m100k'], ratings: 'ratings.dat', movies: 'movies.dat',
    ratingsFormat: RATINGS_DAT, moviesFormat: 'dat', moviesEncoding: 'auto',
  },
  {
    variant: 'ml-1m', dirNames: ['ml-1m'], ratings: 'ratings.dat', movies: 'movies.dat',
    ratingsFormat: RATINGS_DAT, moviesFormat: 'dat', moviesEncoding: 'latin1',
  },
  {
    variant: 'ml-100k', dirNames: ['ml-100k'], ratings: 'u.data', movies: 'u.item', genres: 'u.genre',
    ratingsFormat: RATINGS_U_DATA, moviesFormat: 'u.item', moviesEncoding: 'latin1',
  },
];

/** The 19 genres of ml-100k's u.item flag columns, in order (used when u.genre is absent). */
export const U_ITEM_GENRES: readonly string[] = [
  'unknown', 'Action', 'Adventure', 'Animation', "Children's", 'Comedy', 'Crime', 'Documentary', 'Drama',
  'Fantasy', 'Film-Noir', 'Horror', 'Musical', 'Mystery', 'Romance', 'Sci-Fi', 'Thriller', 'War', 'Western',
];
