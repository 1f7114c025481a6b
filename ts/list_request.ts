/** Top-N list options checked and converted on the calling side (see `RecommendOptions`). */
import { AlsError } from './errors.js';
import { rawIds } from './ids.js';
import { checkCount, checkOptions } from './option_keys.js';
import type { ListRequest, RecommendOptions } from './protocol/index.js';

/**
 * `opts` as the worker takes it: unknown keys, a bad `n` or `minRatings`, a
 * non-boolean `filterRated` or `byDirection` are `INVALID_PARAM`; ids in `items`/`exclude`
 * that are not u32 integers are `INVALID_ID`.
 */
export function listRequest(opts: RecommendOptions): ListRequest {
  checkOptions('recommend', opts);
  checkCount(opts.n);
  checkCount(opts.minRatings, 'minRatings');
  checkBoolean(opts.filterRated, 'filterRated');
  checkBoolean(opts.byDirection, 'byDirection');
  const biasWeight = opts.biasWeight ?? 0.05;
  if (typeof biasWeight !== 'number' || !Number.isFinite(biasWeight)) {
    throw new AlsError('INVALID_PARAM', `biasWeight must be a finite number, got ${String(biasWeight)}`, { name: 'biasWeight', value: String(biasWeight) });
  }
  return {
    n: opts.n ?? 10,
    biasWeight,
    minRatings: opts.minRatings,
    byDirection: opts.byDirection,
    filterRated: opts.filterRated ?? true,
    items: opts.items === undefined ? undefined : rawIds(opts.items, 'items'),
    exclude: opts.exclude === undefined ? new Uint32Array(0) : rawIds(opts.exclude, 'exclude'),
  };
}

function checkBoolean(value: unknown, name: string): void {
  if (value !== undefined && typeof value !== 'boolean') {
    throw new AlsError('INVALID_PARAM', `${name} must be a boolean, got ${String(value)}`, { name, value: String(value) });
  }
}
