/** How many ratings a source holds, predicted before it is read (memory checks, presizing). */

/** Ratings a file of `totalBytes` holds, from the line density of its first `first` bytes. */
export function predictedRows(first: Uint8Array, totalBytes: number): number {
  let lines = 0;
  for (let p = first.indexOf(10); p >= 0; p = first.indexOf(10, p + 1)) lines++;
  return first.length === 0 ? 0 : Math.floor((Math.max(lines, 1) * totalBytes) / first.length);
}
