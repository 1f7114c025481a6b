/** `als-wasm map --out map.svg|png`: the 2-D item map of the most-rated movies as a picture. */
import { writeFileSync } from 'node:fs';
import type { Command } from 'commander';

import { emit, type GlobalOptions, numberArg, optionsOf, UsageError, withEngine } from '../command_context.js';
import { itemMapSvg, type MapPoint, svgToPng } from '../item_map_svg.js';
import { checkWritable, type ModelOptions, openModel } from '../model_file.js';
import { addModelOptions } from './model_options.js';

interface MapOptions extends ModelOptions, GlobalOptions {
  out?: string;
  n: number;
  labels: number;
}

/** Register `map`. */
export function registerMap(program: Command): void {
  addModelOptions(program.command('map').description('draw the most-rated movies in 2-D (K=2 factors directly, else PCA), genres highlighted'))
    .option('--out <file>', 'picture to write: .svg or .png')
    .option('-n, --n <n>', 'how many of the most-rated movies', numberArg({ integer: true, min: 2 }), 500)
    .option('--labels <n>', 'label this many of the most-rated movies', numberArg({ integer: true, min: 0 }), 15)
    .action(async (_o: unknown, self: Command) => {
      const o = optionsOf<MapOptions>(self);
      if (o.out === undefined || !/\.(svg|png)$/i.test(o.out)) throw new UsageError('map needs --out FILE ending in .svg or .png');
      checkWritable(o.out, '--out');
      await withEngine(o, async (engine) => {
        const { model } = await openModel(engine, o);
        const map = await model.itemMap({ n: o.n });
        const points: MapPoint[] = await Promise.all(Array.from(map.items, async (item, j) => {
          const [found] = await model.findMovies(item, 1);
          return { item, x: map.x[j]!, y: map.y[j]!, count: map.counts[j]!, title: found?.title, genres: found?.genres };
        }));
        const svg = itemMapSvg(points, { title: `${points.length} most-rated movies (${map.method}); dot area = ratings`, labels: o.labels });
        const bytes = /\.png$/i.test(o.out!) ? await svgToPng(svg) : new TextEncoder().encode(svg);
        writeFileSync(o.out!, bytes);
        emit(o, () => `wrote ${o.out} (${points.length} movies, ${map.method}, ${bytes.byteLength.toLocaleString('en-US')} bytes)`,
          () => ({ out: o.out, movies: points.length, method: map.method, bytes: bytes.byteLength }));
      });
    });
}
