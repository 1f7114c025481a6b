/** Ranking-metric options checked on the calling side, and the core's means made into `RankingMetrics`. */
import { AlsError } from './errors.js';
import type { CutoffMetrics, RankingAtK, RankingMetrics, RankingOptions } from './protocol/index.js';

/** `opts` as the worker takes it: a cut-off that is not a positive integer, or a negative `maxUsers`, is `INVALID_PARAM`. */
export function rankingRequest(opts: RankingOptions): { ks: number[]; threshold: number; maxUsers: number } {
  const ks = [opts.k ?? 10, ...(opts.extraK ?? [])];
  for (const c of ks) {
    if (!Number.isInteger(c) || c < 1) throw new AlsError('INVALID_PARAM', `k must be a positive integer, got ${c}`, { name: 'k', value: c });
  }
  const maxUsers = opts.maxUsers ?? 0;
  if (!Number.isInteger(maxUsers) || maxUsers < 0) {
    throw new AlsError('INVALID_PARAM', `maxUsers must be a non-negative integer, got ${maxUsers}`, { name: 'maxUsers', value: maxUsers });
  }
  return { ks, threshold: opts.threshold ?? 4, maxUsers };
}

/** The first cut-off's metrics, then all of them in `at`. */
export function rankingResult(threshold: number, raw: CutoffMetrics[]): RankingMetrics {
  const at = raw.map(withNaN);
  return { ...at[0]!, threshold, at };
}

/** Means over no users are NaN (nothing was scored). */
function withNaN(m: CutoffMetrics): RankingAtK {
  if (m.users > 0) return m;
  return { ...m, precision: NaN, recall: NaN, ndcg: NaN, map: NaN };
}
