/** Top-N list options checked and converted on the calling side (see `RecommendOptions`). */
import { AlsError } from './errors.js';
import { rawIds } from './ids.js';
import { checkCount, checkOptions } from './option_keys.js';
import type { ListRequest, RecommendOptions } from './protocol/index.js';

/**
 * `opts` as the worker takes it: unknown keys, a bad `n` or `minRatings`, a
 * non-boolean `filterRated` are `INVALID_PARAM`; ids in `items`/`exclude`
 * that are not u32 integers are `INVALID_ID`.
 */
export function listRequest(opts: RecommendOptions, defaults: { minRatings?: number } = {}): ListRequest {
  checkOptions('recommend', opts);
  checkCount(opts.n);
  checkCount(opts.minRatings, 'minRatings');
  if (opts.filterRated !== undefined && typeof opts.filterRated !== 'boolean') {
    throw new AlsError('INVALID_PARAM', `filterRated must be a boolean, got ${String(opts.filterRated)}`, { name: 'filterRated', value: String(opts.filterRated) });
  }
  const biasWeight = opts.biasWeight ?? 0.05;
  if (typeof biasWeight !== 'number' || !Number.isFinite(biasWeight)) {
    throw new AlsError('INVALID_PARAM', `biasWeight must be a finite number, got ${String(biasWeight)}`, { name: 'biasWeight', value: String(biasWeight) });
  }
  return {
    n: opts.n ?? 10,
    biasWeight,
    minRatings: opts.minRatings ?? defaults.minRatings ?? 0,
    filterRated: opts.filterRated ?? true,
    items: opts.items === undefined ? undefined : rawIds(opts.items, 'items'),
    exclude: opts.exclude === undefined ? new Uint32Array(0) : rawIds(opts.exclude, 'exclude'),
  };
}
