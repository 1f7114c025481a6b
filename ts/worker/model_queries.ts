/** The `models` part of the worker API: queries on trained models held by handle. */
import * as Comlink from 'comlink';

import type { Provenance } from '../provenance.js';
import type { CoreExports } from './core_module.js';
import type { CoreRatings } from '../wasm/als_core.js';
import type { Handles } from './handles.js';
import { explanationOf, findMovies, type HeldModel, scoredList } from './model_ops.js';
import type { CoreSession } from './session.js';
import type { CutoffMetrics, Explanation, ItemMap, ListRequest, ModelInfo, Scored, ScoredUser, UnknownIdPolicy } from '../protocol/index.js';

/** @internal Reached as `api.models.*` through comlink. */
export class ModelQueries {
  constructor(private readonly session: CoreSession) {}

  private get handles(): Handles {
    return this.session.handles;
  }

  private guard<T>(f: (core: CoreExports) => T): T {
    return this.session.guard(f);
  }

  private model(handle: number): HeldModel {
    return this.handles.get<HeldModel>(handle, 'model');
  }

  modelInfo(handle: number): ModelInfo {
    return this.guard(() => {
      const core = this.model(handle).core;
      const provenance = core.provenance() as Provenance | undefined;
      return { ...(core.info() as ModelInfo), ...(provenance === undefined ? {} : { provenance }) };
    });
  }

  predict(handle: number, users: Uint32Array, items: Uint32Array, unknown: UnknownIdPolicy): Float32Array {
    return this.guard(() => {
      const out = this.model(handle).core.predict(users, items, unknown);
      return Comlink.transfer(out, [out.buffer]);
    });
  }

  predictWithStd(handle: number, users: Uint32Array, items: Uint32Array, unknown: UnknownIdPolicy): { mean: Float32Array; std: Float32Array } {
    return this.guard(() => {
      const core = this.model(handle).core;
      const std = core.predictStd(users, items, unknown);
      const mean = core.predict(users, items, unknown);
      return Comlink.transfer({ mean, std }, [mean.buffer, std.buffer]);
    });
  }

  evaluate(handle: number, ratings: number): { rmse: number; mae: number; count: number; skipped: number } {
    return this.guard(() => this.model(handle).core.evaluate(this.handles.get<CoreRatings>(ratings, 'ratings')));
  }

  /** Ranking metrics at each of `ks`, computed in the core (`ts/evaluate.ts`). */
  rankingMetrics(handle: number, train: number, test: number, ks: number[], threshold: number, maxUsers: number): CutoffMetrics[] {
    return this.guard(() => {
      const get = (h: number) => this.handles.get<CoreRatings>(h, 'ratings');
      return this.model(handle).core.rankingMetrics(get(train), get(test), Uint32Array.from(ks), threshold, maxUsers) as CutoffMetrics[];
    });
  }

  /** The same for users folded in from `history` (strong generalization). */
  rankingMetricsNewUsers(handle: number, history: number, test: number, ks: number[], threshold: number, maxUsers: number): CutoffMetrics[] {
    return this.guard(() => {
      const get = (h: number) => this.handles.get<CoreRatings>(h, 'ratings');
      return this.model(handle).core.rankingMetricsNewUsers(get(history), get(test), Uint32Array.from(ks), threshold, maxUsers) as CutoffMetrics[];
    });
  }

  recommend(handle: number, user: number, req: ListRequest): Scored[] {
    return this.recommendUsers(handle, Uint32Array.of(user), req)[0]!;
  }

  /** Top-N lists of many training users in one call (parallel in the core). */
  recommendUsers(handle: number, users: Uint32Array, req: ListRequest): Scored[][] {
    return this.guard(() => {
      const m = this.model(handle);
      const raw = m.core.recommendUsers(users, req.n, req.filterRated, req.minRatings, req.biasWeight, req.byDirection, req.items, req.exclude) as
        { offsets: Uint32Array; items: Uint32Array; scores: Float32Array };
      return Array.from(users, (_, j) => {
        const [a, b] = [raw.offsets[j]!, raw.offsets[j + 1]!];
        return scoredList(m, { items: raw.items.subarray(a, b), scores: raw.scores.subarray(a, b) });
      });
    });
  }

  /** The users with the highest predicted rating of each item (parallel in the core). */
  topUsersForItems(handle: number, items: Uint32Array, n: number): ScoredUser[][] {
    return this.guard(() => {
      const raw = this.model(handle).core.topUsersForItems(items, n) as { offsets: Uint32Array; users: Uint32Array; scores: Float32Array };
      return Array.from(items, (_, j) => {
        const out: ScoredUser[] = [];
        for (let e = raw.offsets[j]!; e < raw.offsets[j + 1]!; e++) out.push({ user: raw.users[e]!, score: raw.scores[e]! });
        return out;
      });
    });
  }

  /** Raw ids of the model's items, in its order. */
  itemIds(handle: number): Uint32Array {
    return this.guard(() => {
      const ids = Uint32Array.from(this.model(handle).core.itemIds());
      return Comlink.transfer(ids, [ids.buffer]);
    });
  }

  /** Raw ids of the model's training users, in its order. */
  userIds(handle: number): Uint32Array {
    return this.guard(() => {
      const ids = Uint32Array.from(this.model(handle).core.userIds());
      return Comlink.transfer(ids, [ids.buffer]);
    });
  }

  recommendNew(handle: number, items: Uint32Array, ratings: Float32Array, req: ListRequest): Scored[] {
    return this.guard(() => {
      const m = this.model(handle);
      return scoredList(m, m.core.recommendNewFiltered(items, ratings, req.n, req.minRatings, req.biasWeight, req.items, req.exclude));
    });
  }

  predictNewUser(handle: number, items: Uint32Array, ratings: Float32Array, targets: Uint32Array): { mean: Float32Array; std: Float32Array } {
    return this.guard(() => {
      const out = this.model(handle).core.predictNewUser(items, ratings, targets) as { mean: Float32Array; std: Float32Array };
      return Comlink.transfer(out, [out.mean.buffer, out.std.buffer]);
    });
  }

  foldIn(handle: number, items: Uint32Array, ratings: Float32Array): { bias: number; factors: Float32Array } {
    return this.guard(() => this.model(handle).core.foldIn(items, ratings));
  }

  similarItems(handle: number, item: number, req: ListRequest): Scored[] {
    return this.guard(() => {
      const m = this.model(handle);
      return scoredList(m, m.core.similarItemsFiltered(item, req.n, req.minRatings ?? 0, req.items, req.exclude));
    });
  }

  similarUsers(handle: number, user: number, req: ListRequest): ScoredUser[] {
    return this.guard(() => {
      const raw = this.model(handle).core.similarUsers(user, req.n, req.minRatings ?? 0, req.items, req.exclude) as { items: Uint32Array; scores: Float32Array };
      return Array.from(raw.items, (u, r) => ({ user: u, score: raw.scores[r]! }));
    });
  }

  findMovies(handle: number, query: string | number, limit: number): Scored[] {
    return this.guard(() => findMovies(this.model(handle), query, limit));
  }

  /** Item ids, training counts, biases and factors (row-major) of a model, for maps and exports. */
  itemTable(handle: number): { itemIds: Uint32Array; counts: Uint32Array; biases: Float32Array; factors: Float32Array } {
    return this.guard(() => {
      const c = this.model(handle).core;
      const t = { itemIds: Uint32Array.from(c.itemIds()), counts: Uint32Array.from(c.itemCounts()), biases: c.itemBiases(), factors: c.itemFactors() };
      return Comlink.transfer(t, [t.itemIds.buffer, t.counts.buffer, t.biases.buffer, t.factors.buffer]);
    });
  }

  explain(handle: number, user: number, item: number, n: number): Explanation {
    return this.guard(() => {
      const m = this.model(handle);
      return explanationOf(m, m.core.explain(user, item, n));
    });
  }

  polarizing(handle: number, n: number, minRatings: number): { most: Scored[]; least: Scored[] } {
    return this.guard(() => {
      const m = this.model(handle);
      const raw = m.core.polarizing(n, minRatings) as Record<'most' | 'least', { items: Uint32Array; scores: Float32Array }>;
      return { most: scoredList(m, raw.most), least: scoredList(m, raw.least) };
    });
  }

  itemMap(handle: number, n: number): ItemMap {
    return this.guard(() => {
      const map = this.model(handle).core.itemMap(n) as ItemMap;
      return Comlink.transfer(map, [map.items.buffer, map.x.buffer, map.y.buffer, map.counts.buffer] as ArrayBuffer[]);
    });
  }
}
