/**
 * Ingest benchmark (not a test) on a synthetic ML-32M-shaped ratings.csv (generated once, cached
 * under .bench/). First the product path through the public API — the file read into wasm memory
 * in the engine's worker, parsed in parallel by the core's parser, then both sparse layouts built
 * in Rust — on three fresh engines, each loading the file twice, with MB/s, CPU seconds and peak
 * RSS; then the raw read and papaparse on a slice for
 * comparison; last, pandas `read_csv` and pyarrow's CSV reader on the same file, side by side as
 * ratios (PyPI packages in `.bench/venv-ingest`, git-ignored, created on first use).
 *
 *   node --import tsx examples/bench/ingest.ts [ratings=32000000] [threads=2]
 */
import { createReadStream, existsSync, statSync } from 'node:fs';
import { loadavg } from 'node:os';
import { join } from 'node:path';
import Papa from 'papaparse';
import { createEngine } from 'als-wasm';

import { peerReads } from './ingest_peers.js';
import { generateMovieLens } from '../../ts/synth/write_files.js';

const ratings = Number(process.argv[2] ?? 32_000_000);
const threads = Number(process.argv[3] ?? 2);
/** Bump when the generator's output changes, so a stale cached file is not reused. */
const GENERATOR_VERSION = 2;
const dir = join('.bench', `synth-v${GENERATOR_VERSION}-${ratings}`);
const file = join(dir, 'ratings.csv');
const mb = (b: number): string => (b / 1e6).toFixed(1);
const rssMB = (): string => mb(process.resourceUsage().maxRSS * 1024);

if (!existsSync(file)) {
  const t0 = performance.now();
  let shown = 0;
  const r = await generateMovieLens(dir, { ratings, seed: 42 }, (p) => {
    if (p.rows - shown >= p.totalRows / 20 || p.rows === p.totalRows) { shown = p.rows; process.stderr.write(`\rgenerating ${p.rows}/${p.totalRows}`); }
  });
  console.log(`\ngenerated ${r.ratings} ratings, ${mb(r.bytes)} MB in ${((performance.now() - t0) / 1e3).toFixed(1)} s`);
}
const size = statSync(file).size;

// The product path: file -> engine (worker) -> wasm memory -> user-CSR + item-CSC, all inside
// `loadRatings`. Each of `ENGINES` fresh engines loads the file twice: first with its wasm memory
// still growing and its code still tiering up, then again. The medians go into the comparison.
// CPU time is the whole process's (worker and pool threads included): on a shared machine it says
// what the wall clock cannot.
const ENGINES = 3;
const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[xs.length >> 1]!;
const fresh: number[] = [], again: number[] = [];
let productThreads = 0;
for (let e = 0; e < ENGINES; e++) {
  const t0 = performance.now();
  const engine = await createEngine({ threads });
  console.log(`  engine ${e + 1} started in ${((performance.now() - t0) / 1e3).toFixed(2)} s`);
  productThreads = engine.threads;
  for (const run of ['fresh engine', 'same engine again']) {
    const c0 = process.cpuUsage();
    const t0 = performance.now();
    const ratings = await engine.loadRatings(file);
    const d = await ratings.describe();
    const seconds = (performance.now() - t0) / 1e3;
    const cpu = process.cpuUsage(c0);
    const cpuSeconds = (cpu.user + cpu.system) / 1e6;
    (run === 'fresh engine' ? fresh : again).push(seconds);
    if (e === 0 && run === 'fresh engine') {
      console.log(`file -> both sparse layouts, ${engine.threads} threads: ${d.count} ratings, ${d.userCount} users, ${d.itemCount} movies, layouts ${mb(d.layoutBytes)} MB`);
    }
    console.log(`  engine ${e + 1}, ${run.padEnd(17)}: ${mb(size)} MB in ${seconds.toFixed(2)} s = ${mb(size / seconds)} MB/s; CPU ${cpuSeconds.toFixed(2)} s (user ${(cpu.user / 1e6).toFixed(2)}, system ${(cpu.system / 1e6).toFixed(2)})`);
    await ratings.dispose();
  }
  await engine.close();
}
const productSeconds = median(fresh), warmSeconds = median(again);
console.log(`  median of ${ENGINES}: a fresh engine ${mb(size / productSeconds)} MB/s, the same engine again ${mb(size / warmSeconds)} MB/s; peak RSS ${rssMB()} MB (whole process: main thread, engine worker, wasm memory)`);

const readOnly = async (): Promise<number> => {
  const t0 = performance.now();
  let n = 0;
  for await (const c of createReadStream(file, { highWaterMark: 1 << 22 })) n += (c as Buffer).length;
  return (performance.now() - t0) / 1e3;
};
const tRead = await readOnly();
console.log(`raw read (fs stream, 4 MiB chunks): ${tRead.toFixed(2)} s, ${mb(size / tRead)} MB/s`);

const slice = Math.min(size, 50e6);
const text = await new Promise<string>((res) => {
  const parts: Buffer[] = [];
  createReadStream(file, { start: 0, end: slice - 1 }).on('data', (c) => parts.push(c as Buffer)).on('end', () => res(Buffer.concat(parts).toString('utf8')));
});
const tp = performance.now();
let rows = 0;
Papa.parse<string[]>(text, { step: () => { rows++; } });
const tPapa = (performance.now() - tp) / 1e3;
console.log(`papaparse (step, strings only, no id mapping) on ${mb(slice)} MB: ${mb(slice / tPapa)} MB/s (${rows} rows)`);

// The same file read by pandas and pyarrow, in this run: ratios are the comparison that counts.
const peers = peerReads(file, productThreads);
const rate = (s: number): string => `${mb(size / s).padStart(7)} MB/s`;
console.log(`side by side on ${mb(size)} MB (load average ${loadavg()[0]!.toFixed(1)} at the end):`);
console.log(`  als-wasm, file -> both layouts (${productThreads} threads, fresh engine, median)  ${rate(productSeconds)}  1.00`);
console.log(`  pandas ${peers.pandas.version} read_csv (C engine, 1 thread)  ${rate(peers.pandas.seconds)}  ${(productSeconds / peers.pandas.seconds).toFixed(2)}`);
console.log(`  pyarrow ${peers.pyarrow.version} csv.read_csv (${peers.pyarrow.threads} threads)  ${rate(peers.pyarrow.seconds)}  ${(productSeconds / peers.pyarrow.seconds).toFixed(2)}`);
console.log('  (last column: als-wasm time / peer time; below 1 means als-wasm is faster)');
console.log(`  the same engine again: ${rate(warmSeconds).trim()}, time / pandas ${(warmSeconds / peers.pandas.seconds).toFixed(2)}, / pyarrow ${(warmSeconds / peers.pyarrow.seconds).toFixed(2)}`);
