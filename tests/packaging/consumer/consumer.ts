// What a TypeScript app writes against the package's types (checked with
// tsc --noEmit, strict, skipLibCheck false, in several configurations).
import {
  AlsError, createEngine, type AlsErrorCode, type AlsModel, type Catalog, type DataSource, type Engine,
  type EpochStats, type IngestProgress, type LoadRatingsOptions, type Ratings, type RatingsFormat,
  type RecommendOptions, type Scored, type ScoredUser,
} from 'als-wasm';

export async function train(source: DataSource): Promise<Scored[]> {
  const engine: Engine = await createEngine({ threads: 2 });
  try {
    const format: RatingsFormat | 'csv' = 'csv';
    const opts: LoadRatingsOptions = { format, onInvalid: 'skip' };
    const ratings: Ratings = await engine.loadRatings(source, { ...opts, onProgress: (p: IngestProgress) => void p.rows, timeoutMs: 10_000 });
    const columns: Ratings = await engine.ratingsFromArrays({ users: [1, 2], items: [3, 4], ratings: [5, 4] });
    const catalog: Catalog | undefined = undefined;
    const { train: part, test } = await ratings.split({ testRatio: 0.2, seed: 1 });
    const epochs: EpochStats[] = [];
    const model: AlsModel = await engine.fit(part, { factors: 8, iterations: 5 }, { evalSet: test, catalog, onEpoch: (s) => epochs.push(s) });
    const list: RecommendOptions = { n: 5, exclude: [1, 2], items: new Uint32Array([3, 4, 5]) };
    const lists: Scored[][] = await model.recommendBatch([1, 2], list);
    const neighbours: ScoredUser[] = await model.similarUsers(1, { n: 3 });
    for await (const chunk of model.recommendAll({ n: 2, chunkSize: 100 })) void chunk[0]?.items;
    await columns.dispose();
    return [...(lists[0] ?? []), ...neighbours.map((u) => ({ item: u.user, score: u.score }))];
  } catch (e) {
    if (e instanceof AlsError) {
      const code: AlsErrorCode = e.code;
      if (code === 'NOT_FOUND' || code === 'INVALID_ID') return [];
    }
    throw e;
  } finally {
    await engine.close();
  }
}
