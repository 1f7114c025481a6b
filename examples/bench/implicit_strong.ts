/**
 * Strong generalization in `npm run bench:implicit`: on ml-latest-small
 * (ratings >= 4 as events), 20% of the users are held out of training; each
 * of them is folded in from 80% of their events (the history) with the items
 * fixed — als-wasm by `rankingMetricsForNewUsers`, `implicit` by its
 * `recalculate_user` — and ranked on the other 20%, history items left out.
 * Both are scored by the same code; popularity for scale.
 */
import { join } from 'node:path';

import { type AlsModel, type Engine, rankingMetricsAtK, rankingMetricsForNewUsers, type Ratings, type RankingMetrics } from 'als-wasm';

import { type Config, peerNewUsersModel, popularity, runPeer, writeHistory, writeTrain } from './implicit_peer_io.js';

export interface StrongOptions { data: string; seeds: number[]; k: number; iterations: number; reg: number; alpha: number; threads: number; work: string }

type Scores = Map<string, { ndcg10: number[]; recall20: number[] }>;

function push(rows: Scores, name: string, m: RankingMetrics): void {
  const r = rows.get(name) ?? { ndcg10: [], recall20: [] };
  r.ndcg10.push(m.ndcg);
  r.recall20.push(m.at[1]!.recall);
  rows.set(name, r);
}

const AT = { k: 10, extraK: [20], threshold: -Infinity };

async function folded(model: AlsModel, history: Ratings, test: Ratings): Promise<RankingMetrics> {
  const m = await rankingMetricsForNewUsers(model, history, test, AT);
  await model.dispose();
  return m;
}

export async function strongGeneralization(engine: Engine, o: StrongOptions): Promise<void> {
  const ratings = await engine.loadRatings(join(o.data, 'ratings.csv'));
  const events = await ratings.asEvents({ threshold: 4 });
  const rows: Scores = new Map();
  const shared = `reg=${o.reg} alpha=${o.alpha}`;
  let users = 0;
  for (const seed of o.seeds) {
    const { train, test: heldOut } = await events.split({ by: 'heldOutUsers', testRatio: 0.2, seed });
    const { train: history, test } = await heldOut.split({ by: 'user', testRatio: 0.2, seed });
    const c: Config = { name: shared, factors: o.k, reg: o.reg, alpha: o.alpha, iterations: o.iterations, seed };
    const dir = join(o.work, `strong-${seed}`);
    const ids = await writeTrain(train, dir, o.threads, () => o.alpha, [c]);
    const newUsers = await writeHistory(history, dir, ids);
    runPeer(dir);
    const ours = await engine.fit(train, { feedback: 'implicit', factors: o.k, iterations: o.iterations, lambda: 1, tau: o.reg, alpha: o.alpha, nu: 0, cgSteps: 3, seed });
    const m = await folded(ours, history, test);
    users += m.users / o.seeds.length;
    push(rows, `als-wasm ${shared}`, m);
    const peer = await peerNewUsersModel(engine, join(dir, shared), ids, newUsers);
    push(rows, `implicit ${shared} (recalculate_user)`, await rankingMetricsAtK(peer, history, test, AT));
    await peer.dispose();
    push(rows, 'als-wasm defaults', await folded(await engine.fit(train, { feedback: 'implicit', factors: o.k, seed }), history, test));
    push(rows, 'popularity', await folded(await popularity(engine, train), history, test));
  }
  const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
  console.log(`\nstrong generalization: ml-latest-small, ratings >= 4 as events, 20% of users held out (about ${Math.round(users)} scored per seed), folded in from 80% of their events, seeds ${o.seeds.join(',')}, K=${o.k}, ${o.iterations} iterations`);
  console.log('| model | NDCG@10 | Recall@20 |');
  console.log('|---|---|---|');
  for (const [name, r] of rows) console.log(`| ${name} | ${mean(r.ndcg10).toFixed(4)} | ${mean(r.recall20).toFixed(4)} |`);
}
