/**
 * `train`'s memory check before anything is loaded: the ratings it will hold
 * (the synthetic count, or a file's size times the line density of its first
 * MiB), split and fitted at K, against the core's estimate. A set that cannot
 * fit fails at once with `OUT_OF_MEMORY` naming the estimate and the largest
 * set that fits at this K, instead of loading for minutes and trapping.
 */
import { closeSync, openSync, readSync, statSync } from 'node:fs';

import { type Engine, PRESETS, type Preset } from '../node.js';
import { predictedRows } from '../ingest/row_estimate.js';
import { detectMovieLens } from '../ingest/node_files.js';
import { type SynthArgs, synthOptionsOf } from './data.js';

const SAMPLE_BYTES = 1 << 20;

/** What `train` is about to load and fit. */
export interface TrainPlan extends SynthArgs {
  /** A file or MovieLens directory; absent: the synthetic set of `synthShape`, `synthRatings` and `seed`. */
  data?: string;
  factors?: number;
  preset?: Preset;
  /** Whether training first fits on a validation split of the training part (early stopping, `--auto`). */
  validation: boolean;
}

/** Rejects with `OUT_OF_MEMORY` if the plan's estimate exceeds what the engine can hold. */
export async function checkTrainMemory(engine: Engine, plan: TrainPlan): Promise<void> {
  const factors = plan.factors ?? PRESETS[plan.preset ?? 'default'].factors;
  const data = plan.data === undefined ? { synthetic: synthOptionsOf(plan) } : { ratings: fileRows(plan.data) };
  // `train` frees the whole set once split (the parts hold copies), so its peak is the parts, the
  // validation split's copies when there is one, and the layouts.
  await engine.estimateMemory({ ...data, factors, split: plan.validation, check: true });
}

/** Ratings a file (or a MovieLens directory's ratings file) holds, predicted from its first MiB. */
function fileRows(path: string): number {
  const file = statSync(path).isDirectory() ? detectMovieLens(path).ratingsFile : path;
  const size = statSync(file).size;
  if (size === 0) return 0;
  const fd = openSync(file, 'r');
  try {
    const sample = new Uint8Array(Math.min(size, SAMPLE_BYTES));
    const n = readSync(fd, sample, 0, sample.length, 0);
    return predictedRows(sample.subarray(0, n), size);
  } finally {
    closeSync(fd);
  }
}
