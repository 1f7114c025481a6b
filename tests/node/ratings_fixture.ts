// A small deterministic ratings.csv for tests that need a file to load and train on.

/** `users` × `items` ratings (about 60% of pairs), MovieLens csv with a header. */
export function ratingsCsv(users = 40, items = 30): string {
  const lines = ['userId,movieId,rating,timestamp'];
  for (let u = 1; u <= users; u++) {
    for (let i = 1; i <= items; i++) {
      const h = (u * 2654435761 + i * 40503) >>> 0;
      if (h % 10 < 6) lines.push(`${u},${i * 10},${1 + ((u + i) % 9) / 2},${1000 + u * 100 + i}`);
    }
  }
  return `${lines.join('\n')}\n`;
}
