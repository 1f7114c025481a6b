// Section 6: suspicious profiles. After training, every profile is scored as
// a shilling profile (obscure movies rated far from their means) and as a
// shared account (two tastes in one profile); the top ones are listed with
// the ratings that drive the score, or the two tastes the test found.
import { type AlsModel, detectSuspicious, type Engine, type IntegrityReport, type SuspiciousUser } from 'als-wasm';

import { count, el, make, messageOf } from './dom.ts';

/** Above this many training ratings the scan waits for the button (it costs about as much as an epoch or two). */
const AUTO_LIMIT = 500_000;
const TOP = 10;

export class IntegrityPanel {
  private model: AlsModel | undefined;
  private pending: Promise<IntegrityReport | undefined> = Promise.resolve(undefined);
  private generation = 0;

  constructor(private readonly engine: () => Engine) {
    el('integrity-run').addEventListener('click', () => {
      this.scan().catch(() => {}); // the failure is shown in the status line
    });
  }

  /** Enable the button when there is a model. */
  enable(on: boolean): void {
    el<HTMLButtonElement>('integrity-run').disabled = !on || !this.model;
  }

  /** The last scan (or the one running), for tests and the console. */
  get report(): Promise<IntegrityReport | undefined> {
    return this.pending;
  }

  /** A new model: clear the lists and scan it right away when the data are small. */
  setModel(model: AlsModel | undefined, trainRatings: number): void {
    this.model = model;
    this.generation++;
    for (const id of ['suspicious-shilling', 'suspicious-shared']) el(id).replaceChildren();
    this.enable(model !== undefined);
    if (!model) {
      this.pending = Promise.resolve(undefined);
      this.status('Train a model first.');
    } else if (trainRatings <= AUTO_LIMIT) {
      this.scan().catch(() => {});
    } else {
      this.pending = Promise.resolve(undefined);
      this.status(`${count(trainRatings)} training ratings: press Scan to score every profile.`);
    }
  }

  /** Score every profile of the current model and list the top ones. */
  scan(): Promise<IntegrityReport | undefined> {
    const model = this.model;
    if (!model) return Promise.reject(new Error('train a model first'));
    const generation = this.generation;
    this.status('Scoring every profile…');
    const t0 = performance.now();
    this.pending = detectSuspicious(this.engine(), model, { top: TOP, explain: 3 }).then(
      (r) => {
        if (generation !== this.generation) return undefined; // a newer model replaced this one
        this.fill('suspicious-shilling', r.topShilling, shillingWhy);
        this.fill('suspicious-shared', r.topShared, sharedWhy);
        const seconds = ((performance.now() - t0) / 1000).toFixed(1);
        this.status(`Scored ${count(r.userIds.length)} profiles in ${seconds} s. Scores are robust z-sums: above ~6 is unusual.`);
        return r;
      },
      (e: unknown) => {
        this.status(`The scan failed: ${messageOf(e)}`);
        throw e;
      },
    );
    return this.pending;
  }

  private fill(id: string, users: SuspiciousUser[], why: (u: SuspiciousUser) => HTMLElement): void {
    el(id).replaceChildren(
      ...users.map((u) => {
        const li = make('li');
        const head = make('div', 'suspect');
        head.append(make('strong', '', `user ${u.userId}`), make('span', 'muted small', ` · score ${u.score.toFixed(1)} · ${count(u.stats.count)} ratings`));
        li.append(head, why(u));
        return li;
      }),
    );
  }

  private status(text: string): void {
    el('integrity-state').textContent = text;
  }
}

const title = (titles: (string | undefined)[] | undefined, ids: ArrayLike<number>, j: number): string => titles?.[j] ?? `movie ${ids[j]}`;

/** The ratings furthest from their movie's mean, with how often the movie is rated. */
function shillingWhy(u: SuspiciousUser): HTMLElement {
  const r = u.ratings;
  const parts = Array.from(r.movieIds, (_, j) => `${title(r.titles, r.movieIds, j)}: ★${r.ratings[j]} vs mean ${r.itemMeans[j]!.toFixed(1)} of ${r.itemCounts[j]} rating${r.itemCounts[j] === 1 ? '' : 's'}`);
  return make('div', 'small', `Rates obscure movies far from their means (RDMA ${u.stats.rdma.toFixed(3)}) — ${parts.join('; ')}`);
}

/** The two tastes the two-taste test split the profile into, with examples. */
function sharedWhy(u: SuspiciousUser): HTMLElement {
  const box = make('div', 'small');
  box.append(make('span', '', `Two tastes fit ${(u.stats.twoTasteGain * 100).toFixed(0)}% better than one:`));
  const list = make('ul', 'tastes');
  for (const [j, t] of (u.tastes ?? []).entries()) {
    const likes = Array.from(t.topMovieIds, (id, k) => t.topTitles?.[k] ?? `movie ${id}`).join(', ');
    list.append(make('li', '', `${j === 0 ? 'A' : 'B'}: ${count(t.size)} ratings, mean ★${t.meanRating.toFixed(1)}, likes ${likes}`));
  }
  box.append(list);
  return box;
}
