// An app that installed als-wasm from npm: trains on files its server hosts.
import { AlsError, createEngine } from 'als-wasm';

async function run() {
  const engine = await createEngine();
  try {
    // Relative URLs resolve against the page.
    const ratings = await engine.loadRatings('ratings.csv');
    const catalog = await engine.loadMovies('movies.csv');
    const model = await engine.fit(ratings, { factors: 4, iterations: 5 }, { catalog });
    const recs = await model.recommend(1, { n: 3 });
    const missing = await engine.loadRatings('missing.csv').then(() => 'loaded', (e) => (e instanceof AlsError ? e.code : String(e)));
    const again = await model.predict([1], [10]);
    // Every other source kind loads the same ratings.
    const bytes = new Uint8Array(await (await fetch('ratings.csv')).arrayBuffer());
    const others = [new URL('ratings.csv', location.href), new Blob([bytes]), bytes, bytes.slice().buffer, (await fetch('ratings.csv')).body];
    const counts = [];
    for (const src of others) counts.push((await engine.loadRatings(src)).count);
    const columns = await engine.ratingsFromArrays({ users: [1, 2], items: [10, 20], ratings: [4, 5] });
    return {
      threads: engine.threads, variant: engine.info.variant, isolated: globalThis.crossOriginIsolated,
      count: ratings.count, recs: recs.map((r) => r.title), missing, again: again[0], counts, columns: columns.count,
    };
  } finally {
    await engine.close();
  }
}

window.__result = run().catch((e) => ({ error: `${e?.code ?? e?.name}: ${e?.message}` }));
window.__result.then((r) => (document.getElementById('out').textContent = JSON.stringify(r, null, 2)));
