// The core's ratings parse + merge alone, in WebAssembly: the threaded build
// (dist/wasm/, run `npm run build` first) with a 2-thread pool, the file held
// in memory and pushed in 4 MiB chunks through CoreRatingsParser (no file
// read, no engine worker). Prints the wall and process CPU time of each run.
//
//   node scripts/parse_cpu.mjs FILE [runs=3] [dist=./dist]
//
// FILE: a MovieLens ratings.csv (header userId,movieId,rating,...), e.g. the
// one `npm run bench:ingest` caches under .bench/. A development tool for the
// parser's CPU time (docs/ingest.md), not part of the package.
import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';

const [file, runsArg = '3', distArg = 'dist'] = process.argv.slice(2);
if (!file) throw new Error('usage: node scripts/parse_cpu.mjs FILE [runs] [dist]');
const dist = pathToFileURL(resolve(distArg)).href;
const { installWebWorkerShim, poolFailure } = await import(`${dist}/worker/pool_node.js`);
const glue = `${dist}/wasm/als_core.js`;
installWebWorkerShim(glue);
const core = await import(glue);
const wasm = await readFile(new URL(`${dist}/wasm/als_core_bg.wasm`));
await core.default({ module_or_path: wasm, memory: new WebAssembly.Memory({ initial: 256, maximum: 65536, shared: true }) });
await Promise.race([core.initThreadPool(2), poolFailure]);
const data = await readFile(file);
for (let run = 0; run < Number(runsArg); run++) {
  const c0 = process.cpuUsage();
  const t0 = performance.now();
  const p = new core.CoreRatingsParser(file, ',', 'true', 'userId', 'movieId', 'rating', true, 0.5, 5, false);
  p.reserveRows(Math.ceil((data.length / 27) * 1.02));
  const step = 4 << 20;
  for (let o = 0; o < data.length; o += step) {
    const chunk = data.subarray(o, Math.min(o + step, data.length));
    p.reserve(chunk.length).set(chunk);
    p.commit(chunk.length);
  }
  const parsed = p.finish();
  p.free();
  const wall = (performance.now() - t0) / 1000;
  const c = process.cpuUsage(c0);
  const cpu = (c.user + c.system) / 1e6;
  console.log(`run ${run}: ${parsed.count} rows, ${wall.toFixed(2)} s wall, ${cpu.toFixed(2)} CPU-s (system ${(c.system / 1e6).toFixed(2)})`);
  parsed.free();
}
process.exit(0);
