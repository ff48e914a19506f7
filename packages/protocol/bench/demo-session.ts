// The wire benchmark's workload: visitors of the demo site (demo/src/app.ts) driving the real
// engine over the demo's film catalog, their increments sealed the way the SDK seals them.
//
// A visit: the page ranks the home feed (20 films), chooses 3 strategies for the strategy
// row and reports an impression of every film it shows for the first time; then, after a
// think time, the visitor likes or dislikes a film of the feed (the page re-ranks), opens one
// (a click, then its dwell time when closed) or likes or dislikes a film of the strategy row
// (feedback on the film and on the strategy, then a re-rank). Every flush interval the SDK
// seals what the engine counted since the last flush (pending increments summed per arm key,
// then protocol's mergeDeltas, as packages/sdk/src/storage/outbox-ops.ts does), and once more
// when the visitor leaves (the page-hide flush).
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import {
  blend,
  type Candidate,
  createEngine,
  createRng,
  type DecisionConfig,
  type Rng,
} from '@crowdbandit/core';
import { type Film, filmsFrom, type MovieRow } from '@crowdbandit/demo/film-catalog';
import type { Delta } from '../src/delta-batch.ts';
import { mergeDeltas } from '../src/merge-deltas.ts';

/** What the benchmark takes from demo/src (the demo's own modules, run as they are). */
interface DemoModules {
  readonly DECISIONS: Readonly<Record<string, DecisionConfig>>;
  readonly STRATEGIES: readonly Strategy[];
  strategyList(
    strategy: Strategy,
    films: readonly Film[],
    taste: { liked: readonly Film[]; disliked: ReadonlySet<string>; shown: ReadonlySet<string> },
    seed: number,
  ): Film[];
}
type Strategy = string;

// Loaded by URL so this package's typecheck does not take in the demo's browser program
// (its SDK types and bundler-only JSON import); the shape above is all the bench uses.
const demoModule = (name: string) => new URL(`../../../demo/src/${name}`, import.meta.url).href;
const { DECISIONS, STRATEGIES } = (await import(demoModule('decisions.ts'))) as Pick<
  DemoModules,
  'DECISIONS' | 'STRATEGIES'
>;
const { strategyList } = (await import(demoModule('strategies.ts'))) as Pick<
  DemoModules,
  'strategyList'
>;

/** The visits the benchmark simulates. */
export const SESSION_WORKLOAD = {
  visitors: 200,
  /** The SDK's default `flushIntervalMs`. */
  flushIntervalMs: 60_000,
  /** Actions per visit: 1 + a geometric number with this mean. */
  meanActions: 14,
  /** Mean think time before an action, exponential, at least 2 s. */
  meanThinkMs: 9_000,
  /** Mean time a film's details stay open, exponential, at least 1 s. */
  meanDwellMs: 20_000,
  /** Shares of the visitor's actions. */
  actions: { like: 0.35, dislike: 0.2, open: 0.3, row: 0.15 },
  /** The demo's `session` option. */
  session: { eta: 0.15 },
  seed: 0x5eed,
} as const;

/** The kinds of event counted: the demo's feedback calls and the engine's strategy impressions. */
export type EventKind =
  | 'impression'
  | 'like'
  | 'dislike'
  | 'click'
  | 'dwell'
  | 'strategy impression'
  | 'strategy like'
  | 'strategy dislike';

/** One visitor's increments as the SDK seals them, and what the visit counted. */
export interface Visit {
  /** One merged list of deltas per flush that had something to send. */
  readonly flushes: readonly (readonly Delta[])[];
  /** Events counted, by kind. */
  readonly events: Readonly<Record<EventKind, number>>;
  readonly durationMs: number;
}

/** The demo's catalog from vega-datasets' movies.json (as demo/src/films.ts loads it). */
export function demoFilms(): Film[] {
  const path = fileURLToPath(new URL('../data/movies.json', import.meta.resolve('vega-datasets')));
  return filmsFrom(JSON.parse(readFileSync(path, 'utf8')) as MovieRow[]);
}

/** demo/src/films.ts `toCandidate` (that module imports the JSON through the bundler). */
function toCandidate(film: Film): Candidate {
  const relevance =
    film.imdbRating === null ? 0.5 : Math.min(Math.max((film.imdbRating - 1) / 9, 0), 1);
  return { id: film.id, relevance, popularity: film.imdbVotes, features: film.features };
}

const exponential = (rng: Rng, mean: number, min: number) =>
  Math.max(min, Math.round(-mean * Math.log(1 - rng())));

/**
 * Simulates one visit of the demo.
 *
 * @example
 * const visit = simulateVisit(demoFilms(), 7);
 * simulateVisit(demoFilms(), 7, 30_000).flushes.length; // more batches: sealed twice as often
 * visit.flushes.length; // batches the SDK would send
 */
export function simulateVisit(
  films: readonly Film[],
  seed: number,
  flushIntervalMs: number = SESSION_WORKLOAD.flushIntervalMs,
): Visit {
  const w = SESSION_WORKLOAD;
  const rng = createRng(seed);
  const byId = new Map(films.map((f) => [f.id, f]));
  const candidates = films.map(toCandidate);
  const start = Date.UTC(2026, 10, 2 + Math.floor(rng() * 7), 0, 0, 0);
  const hour = Math.floor(rng() * 24);
  let now = start;
  const engine = createEngine({
    decisions: DECISIONS,
    seed,
    now: () => now,
    localTime: () => ({ hour, day: new Date(start).getUTCDay() }),
    session: w.session,
  });
  const events: Record<EventKind, number> = {
    impression: 0,
    like: 0,
    dislike: 0,
    click: 0,
    dwell: 0,
    'strategy impression': 0,
    'strategy like': 0,
    'strategy dislike': 0,
  };
  const flushes: Delta[][] = [];
  let nextFlush = start + flushIntervalMs;
  const seal = () => {
    const deltas = engine
      .takeDeltas()
      .map(({ decision, context, arm, s, f, n }) =>
        n > 0 ? { decision, context, arm, s, f, n } : { decision, context, arm, s, f },
      );
    const merged = mergeDeltas(deltas);
    if (merged.length > 0) flushes.push(merged);
  };
  const advance = (ms: number) => {
    now += ms;
    while (now >= nextFlush) {
      seal();
      nextFlush += flushIntervalMs;
    }
  };

  const impressed = new Set<string>();
  const liked: Film[] = [];
  const disliked = new Set<string>();
  let feed: string[] = [];
  let row: { film: Film; strategy: Strategy }[] = [];
  const refresh = () => {
    feed = engine.rank('home-feed', candidates).map((r) => r.id);
    const shown = new Set(feed);
    const lists = new Map(
      STRATEGIES.map((s) => [s, strategyList(s, films, { liked, disliked, shown }, 1)]),
    );
    const available = STRATEGIES.filter((s) => (lists.get(s)?.length ?? 0) > 0);
    const chosen = engine.choose('strategy', { available });
    events['strategy impression'] += chosen.fallback ? 0 : chosen.arms.length;
    row = blend(
      chosen.arms.map((a) => ({
        arm: a.id,
        weight: a.weight,
        items: lists.get(a.id as Strategy) ?? [],
      })),
      8,
      (film) => film.id,
    ).map(({ item, arm }) => ({ film: item, strategy: arm }));
    for (const id of feed) {
      if (impressed.has(id)) continue;
      impressed.add(id);
      engine.feedback('home-feed', id, 'impression');
      events.impression += 1;
    }
  };
  // Visitors look at the top of a list more than its end.
  const pick = <T>(list: readonly T[]): T => list[Math.floor(list.length * rng() ** 2)]!;
  const react = (film: Film, kind: 'like' | 'dislike') => {
    engine.feedback('home-feed', film.id, kind, { item: { features: film.features } });
    events[kind] += 1;
    if (kind === 'like') liked.push(film);
    else disliked.add(film.id);
  };

  refresh();
  let actions = 1;
  while (rng() > 1 / w.meanActions) actions += 1;
  for (let i = 0; i < actions; i++) {
    advance(exponential(rng, w.meanThinkMs, 2000));
    const roll = rng();
    const a = w.actions;
    if (roll < a.like + a.dislike) {
      react(byId.get(pick(feed))!, roll < a.like ? 'like' : 'dislike');
      refresh();
    } else if (roll < a.like + a.dislike + a.open) {
      const film = byId.get(pick(feed))!;
      engine.feedback('home-feed', film.id, 'click', { item: { features: film.features } });
      events.click += 1;
      const ms = exponential(rng, w.meanDwellMs, 1000);
      advance(ms);
      engine.feedback('home-feed', film.id, { type: 'dwell', ms });
      events.dwell += 1;
    } else if (row.length > 0) {
      const { film, strategy } = pick(row);
      const kind = rng() < 0.7 ? 'like' : 'dislike';
      react(film, kind);
      engine.feedback('strategy', strategy, kind);
      events[`strategy ${kind}`] += 1;
      refresh();
    }
  }
  seal();
  return { flushes, events, durationMs: now - start };
}
