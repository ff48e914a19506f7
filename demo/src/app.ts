import {
  blend,
  type ChooseResult,
  type Client,
  type ClientStatus,
  type RankedItem,
  type SyncStatus,
} from '@crowdbandit/sdk';
import { crowdFavourites, type Edge, type Favourite } from './community.ts';
import { STRATEGIES, type Strategy } from './decisions.ts';
import { type Film, toCandidate } from './films.ts';
import { strategyList } from './strategies.ts';

/** A card of the strategy row, with the strategy that put it there. */
export interface StrategyCard {
  readonly film: Film;
  readonly strategy: Strategy;
}

/** Everything the page shows. */
export interface DemoState {
  feed: readonly RankedItem[];
  strategies: ChooseResult | null;
  row: readonly StrategyCard[];
  community: readonly Favourite[];
  communityError: string | null;
  status: ClientStatus;
  sync: SyncStatus | null;
  openWhy: Set<string>;
  detail: { film: Film; openedAt: number } | null;
  liked: Film[];
  disliked: Set<string>;
  announcement: string;
}

const CATALOG = 'films';

/**
 * The demo's behaviour: ranks the feed, chooses and blends strategies, and sends every
 * like, dislike, click and dwell to the SDK. The view calls its actions and re-renders on
 * `onChange`.
 */
export class DemoApp {
  readonly client: Client;
  readonly films: readonly Film[];
  readonly byId: ReadonlyMap<string, Film>;
  readonly edge: Edge;
  readonly state: DemoState;
  #onChange: () => void = () => {};
  // Films already counted as shown in this browsing session; kept in sessionStorage so a
  // reload is not a second impression.
  #impressed = new Set<string>(readImpressed());
  #seed: number;
  #now: () => number;

  constructor(client: Client, films: readonly Film[], edge: Edge, seed: number, now: () => number) {
    this.client = client;
    this.films = films;
    this.byId = new Map(films.map((f) => [f.id, f]));
    this.edge = edge;
    this.#seed = seed;
    this.#now = now;
    this.state = {
      feed: [],
      strategies: null,
      row: [],
      community: [],
      communityError: null,
      status: client.status(),
      sync: null,
      openWhy: new Set(),
      detail: null,
      liked: [],
      disliked: new Set(),
      announcement: '',
    };
    client.on('sync', (sync) => {
      this.state.sync = sync;
      this.state.status = client.status();
      this.#onChange();
    });
    // New community priors shape the next ranking; re-ranking now would reshuffle the page
    // under the visitor's pointer, so only the status and the crowd view update.
    client.on('priors', () => {
      this.state.status = client.status();
      void this.refreshCommunity();
    });
    client.on('storage', () => {
      this.state.status = client.status();
      this.#onChange();
    });
  }

  /** Called after every state change. */
  set onChange(listener: () => void) {
    this.#onChange = listener;
  }

  /** Registers the catalog in the SDK and draws the first page. */
  async start(): Promise<void> {
    await this.client.setCatalog(CATALOG, this.films.map(toCandidate));
    await this.refresh();
    void this.refreshCommunity();
  }

  /** Re-ranks the feed and re-chooses the strategy row. */
  async refresh(): Promise<void> {
    // The "why this?" panels show each posterior's 95% interval.
    const feed = await this.client.rank('home-feed', CATALOG, { explain: true });
    const shown = new Set(feed.map((r) => r.id));
    const taste = { liked: this.state.liked, disliked: this.state.disliked, shown };
    const lists = new Map(
      STRATEGIES.map((s) => [s, strategyList(s, this.films, taste, this.#seed)]),
    );
    const available = STRATEGIES.filter((s) => (lists.get(s)?.length ?? 0) > 0);
    const strategies = await this.client.choose('strategy', { available, explain: true });
    const row = blend(
      strategies.arms.map((a) => ({
        arm: a.id,
        weight: a.weight,
        items: lists.get(a.id as Strategy) ?? [],
      })),
      8,
      (film) => film.id,
    ).map(({ item, arm }) => ({ film: item, strategy: arm as Strategy }));
    Object.assign(this.state, { feed, strategies, row, status: this.client.status() });
    this.#onChange();
    void this.#reportImpressions(feed);
  }

  /** Reads the crowd's favourites from the edge (the community view). */
  async refreshCommunity(): Promise<void> {
    try {
      this.state.community = await crowdFavourites(this.edge, this.byId);
      this.state.communityError = null;
    } catch (error) {
      this.state.communityError = (error as Error).message;
    }
    this.#onChange();
  }

  /** "More like this" (like) or "Less of this" (dislike) on a film, from the feed or the strategy row. */
  async react(filmId: string, kind: 'like' | 'dislike', strategy?: Strategy): Promise<void> {
    const film = this.byId.get(filmId);
    if (film === undefined) return;
    await this.client.feedback('home-feed', filmId, kind, { item: { features: film.features } });
    if (strategy !== undefined) await this.client.feedback('strategy', strategy, kind);
    if (kind === 'like') {
      this.state.liked = [...this.state.liked.filter((f) => f.id !== filmId), film];
      this.state.disliked.delete(filmId);
    } else {
      this.state.disliked.add(filmId);
      this.state.liked = this.state.liked.filter((f) => f.id !== filmId);
    }
    this.state.announcement =
      kind === 'like'
        ? `Liked ${film.title}: films like it move up.`
        : `Hid ${film.title}: films like it move down for this visit.`;
    await this.refresh();
  }

  /** Opens a film's details: a click now, its dwell time when closed. */
  async open(filmId: string): Promise<void> {
    const film = this.byId.get(filmId);
    if (film === undefined) return;
    this.state.detail = { film, openedAt: this.#now() };
    this.#onChange();
    await this.client.feedback('home-feed', filmId, 'click', { item: { features: film.features } });
  }

  async close(): Promise<void> {
    const detail = this.state.detail;
    if (detail === null) return;
    this.state.detail = null;
    this.#onChange();
    await this.client.feedback('home-feed', detail.film.id, {
      type: 'dwell',
      ms: Math.max(0, this.#now() - detail.openedAt),
    });
  }

  toggleWhy(filmId: string): void {
    if (this.state.openWhy.has(filmId)) this.state.openWhy.delete(filmId);
    else this.state.openWhy.add(filmId);
    this.#onChange();
  }

  async syncNow(): Promise<void> {
    this.state.sync = await this.client.flush();
    this.state.status = this.client.status();
    this.#onChange();
  }

  /** Forgets everything this browser learned and starts over. */
  async clearLocalData(): Promise<void> {
    await this.client.clear();
    this.state.liked = [];
    this.state.disliked.clear();
    this.#impressed.clear();
    saveImpressed(this.#impressed);
    this.state.announcement = 'Local data cleared.';
    await this.refresh();
  }

  /** Mean position of a film over `runs` full rankings (for tests and the curious, via the console). */
  async meanPosition(filmId: string, runs = 20): Promise<number> {
    let total = 0;
    for (let i = 0; i < runs; i++) {
      const ranked = await this.client.rank('home-feed', CATALOG, { k: this.films.length });
      const at = ranked.findIndex((r) => r.id === filmId);
      total += at === -1 ? this.films.length : at;
    }
    return total / runs;
  }

  // An impression (a small implicit negative) once per film per browsing session.
  async #reportImpressions(feed: readonly RankedItem[]): Promise<void> {
    const fresh = feed.filter(({ id }) => !this.#impressed.has(id));
    for (const { id } of fresh) this.#impressed.add(id);
    saveImpressed(this.#impressed);
    for (const { id } of fresh) await this.client.feedback('home-feed', id, 'impression');
  }
}

const IMPRESSED = 'crowdbandit-demo:impressed';

function readImpressed(): string[] {
  try {
    return JSON.parse(sessionStorage.getItem(IMPRESSED) ?? '[]') as string[];
  } catch {
    return [];
  }
}

function saveImpressed(ids: ReadonlySet<string>): void {
  try {
    sessionStorage.setItem(IMPRESSED, JSON.stringify([...ids]));
  } catch {
    // Storage full or blocked: impressions may repeat after a reload, nothing worse.
  }
}
