// Sections 4 and 5: search a movie and see its nearest neighbours, rate a few
// movies and get recommendations (new-user fold-in with a popularity floor),
// and the most and least polarizing movies.
import type { AlsModel, RatedMovie, Scored } from 'als-wasm';

import { count, el, make, messageOf } from './dom.ts';
import { polarizing } from './item_space.ts';
import { LIKED } from './train_panel.ts';

const STARS = [1, 2, 3, 4, 5];

export class ExplorePanel {
  private model: AlsModel | undefined;
  /** movieId → the user's rating and the movie's title. */
  private readonly rated = new Map<number, { rating: number; title: string }>();
  private lastRecommendations: Scored[] = [];
  private readonly controls = ['search-input', 'search-run', 'recommend-run', 'min-ratings'].map((id) => el<HTMLInputElement>(id));

  constructor() {
    el('search-form').addEventListener('submit', (e) => {
      e.preventDefault();
      this.search(el<HTMLInputElement>('search-input').value).catch(() => {});
    });
    el('recommend-run').addEventListener('click', () => {
      this.recommend().catch(() => {});
    });
  }

  /** Enable the controls that need a model. */
  enable(on: boolean): void {
    for (const c of this.controls) c.disabled = !on || !this.model;
  }

  /** A new model: clear old results, set the popularity floor, fill the polarizing lists. */
  async setModel(model: AlsModel | undefined, floor: number, polarizingMin: number): Promise<void> {
    this.model = model;
    for (const id of ['search-results', 'neighbours-list', 'recommendations', 'polarizing-most', 'polarizing-least']) el(id).replaceChildren();
    el('neighbours').hidden = true;
    this.lastRecommendations = [];
    el<HTMLInputElement>('min-ratings').value = String(floor);
    if (!model) return;
    this.renderRated();
    const { most, least } = await polarizing(model, 8, polarizingMin);
    el('polarizing-caption').textContent =
      `Length of a movie's factor vector ‖q‖ among movies with ≥ ${count(polarizingMin)} ratings: long vectors are movies tastes ` +
      'disagree about, short ones please or bore everyone alike.';
    this.fill('polarizing-most', most, (s) => `‖q‖ ${s.score.toFixed(3)}`);
    this.fill('polarizing-least', least, (s) => `‖q‖ ${s.score.toFixed(3)}`);
  }

  /** Movies whose title contains `query` (or with that id), most-rated first. */
  async search(query: string): Promise<Scored[]> {
    const model = this.need();
    el<HTMLInputElement>('search-input').value = query;
    const hits = await model.findMovies(query.trim(), 8);
    this.fill('search-results', hits, (s) => `${count(s.score)} ratings`, (s) => this.neighbours(s.item, s.title).catch(() => {}));
    if (!hits.length) el('search-results').append(make('li', 'muted', `No movie matches “${query}”.`));
    return hits;
  }

  /** The movies nearest to `item` in the factor space (cosine). */
  async neighbours(item: number, title?: string): Promise<Scored[]> {
    const model = this.need();
    const list = await model.similarItems(item, { n: 8 });
    el('neighbours-of').textContent = title ?? (await model.findMovies(item, 1))[0]?.title ?? `movie ${item}`;
    el('neighbours').hidden = false;
    this.fill('neighbours-list', list, (s) => `cos ${s.score.toFixed(2)}`);
    return list;
  }

  /** Rate a movie (0 removes the rating). */
  async rate(item: number, rating: number, title?: string): Promise<void> {
    if (rating <= 0) this.rated.delete(item);
    else this.rated.set(item, { rating, title: title ?? (await this.need().findMovies(item, 1))[0]?.title ?? `movie ${item}` });
    this.renderRated();
  }

  get ratings(): RatedMovie[] {
    return [...this.rated].map(([item, r]) => ({ item, rating: r.rating }));
  }

  /** What the model folds in: the ratings, or for an implicit model the likes (≥ `LIKED`) as events of value 1. */
  private foldInput(model: AlsModel): RatedMovie[] {
    if (model.params.feedback !== 'implicit') return this.ratings;
    return this.ratings.filter((r) => r.rating >= LIKED).map(({ item }) => ({ item, rating: 1 }));
  }

  /** Recommendations for the movies rated here, or the last ones shown. */
  async recommend(): Promise<Scored[]> {
    const model = this.need();
    const out = el('recommendations');
    if (!this.rated.size) {
      out.replaceChildren(make('li', 'muted', 'Rate at least one movie first.'));
      return [];
    }
    const minRatings = Number(el<HTMLInputElement>('min-ratings').value) || 0;
    const events = this.foldInput(model);
    if (!events.length) {
      out.replaceChildren(make('li', 'muted', `The implicit model learns from likes: rate at least one movie ${LIKED} ★ or more.`));
      return [];
    }
    try {
      const recs = await model.recommendForNewUser(events, { n: 10, minRatings });
      this.lastRecommendations = recs;
      // A Bayesian model knows how sure it is: its predicted rating ± the posterior standard deviation.
      const bands = model.info.posterior ? await model.predictForNewUser(this.ratings, recs.map((s) => s.item)) : undefined;
      this.fill('recommendations', recs, (s, j) => bands
        ? `you'll probably rate it ${bands.mean[j]!.toFixed(1)} ± ${bands.std[j]!.toFixed(1)}`
        : `score ${s.score.toFixed(2)}`);
      if (!recs.length) out.append(make('li', 'muted', `No unrated movie has ≥ ${minRatings} ratings: lower the floor.`));
      return recs;
    } catch (e) {
      out.replaceChildren(make('li', 'warning', `Could not recommend: ${messageOf(e)}`));
      throw e;
    }
  }

  get recommendations(): Scored[] {
    return this.lastRecommendations;
  }

  private need(): AlsModel {
    if (!this.model) throw new Error('no model yet: train one first');
    return this.model;
  }

  private renderRated(): void {
    const list = el('my-ratings');
    list.replaceChildren();
    if (!this.rated.size) list.append(make('li', 'muted', 'Rate movies with the ★ buttons.'));
    for (const [item, r] of this.rated) {
      const li = make('li', '', `${'★'.repeat(r.rating)} ${r.title}`);
      const remove = make('button', 'link', '×');
      remove.type = 'button';
      remove.title = 'Remove this rating';
      remove.addEventListener('click', () => void this.rate(item, 0));
      li.append(' ', remove);
      list.append(li);
    }
  }

  /** Fill a list of movies: title, genres, a note, ★ buttons; `onOpen` makes the title a link. */
  private fill(id: string, list: Scored[], note: (s: Scored, j: number) => string, onOpen?: (s: Scored) => void): void {
    const ol = el(id);
    ol.replaceChildren();
    for (const [j, s] of list.entries()) {
      const title = s.title ?? `movie ${s.item}`;
      const li = make('li');
      li.dataset.item = String(s.item);
      const name = onOpen ? make('button', 'link title', title) : make('span', 'title', title);
      if (onOpen) name.addEventListener('click', () => onOpen(s));
      const stars = make('span', 'stars');
      for (const v of STARS) {
        const b = make('button', 'star', '★');
        b.type = 'button';
        b.title = `Rate ${v} of 5`;
        b.dataset.rating = String(v);
        if ((this.rated.get(s.item)?.rating ?? 0) >= v) b.classList.add('on');
        b.addEventListener('click', () => {
          void this.rate(s.item, v, title).then(() => stars.querySelectorAll<HTMLElement>('.star').forEach((x, j) => x.classList.toggle('on', j < v)));
        });
        stars.append(b);
      }
      li.append(stars, name, make('span', 'muted small', ` ${(s.genres ?? []).join(' · ')} — ${note(s, j)}`));
      ol.append(li);
    }
  }
}
