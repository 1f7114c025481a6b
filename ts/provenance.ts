/**
 * Where a model's training ratings came from, saved in the model file (`SPLT`, format version 2):
 * the split and a fingerprint of the whole data set. Commands compare it with what they are given
 * so that scoring on the wrong test set, or titling movies from another data set, is said out loud.
 */

/** Counts and id-map hash of a data set (equal when it is the same data, loaded the same way). */
export interface Fingerprint {
  ratings: number;
  users: number;
  items: number;
  /** FNV-1a 64 of the raw user then item ids in the core's dense order, 16 hex digits. */
  idHash: string;
}

/** The split a model was trained with and the data set it was cut from. */
export interface Provenance {
  /** `none`: every rating trained; `rating`/`user`: a seeded random split; `testFile`: a separate test file. */
  split: 'none' | 'rating' | 'user' | 'testFile';
  seed: number;
  /** In [0, 1); 0 unless the split is random. */
  testRatio: number;
  /** The whole data set (before the split). */
  data: Fingerprint;
}

/** Whether two fingerprints name the same data set. */
export function sameData(a: Fingerprint, b: Fingerprint): boolean {
  return a.ratings === b.ratings && a.users === b.users && a.items === b.items && a.idHash === b.idHash;
}
