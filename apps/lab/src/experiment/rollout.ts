import { createRng, type DecisionConfig } from '@crowdbandit/core';
import type { ExperimentResults, MetricResults } from '@crowdbandit/protocol';
import { LabError } from '../lab-error.ts';
import type { Film } from '../metrics/films.ts';
import { simulatedUser } from '../metrics/simulated-user.ts';
import type { Progress } from '../progress.ts';
import { assigner } from './assignment.ts';
import type { ExperimentAdmin } from './edge-admin.ts';
import { edgeUser, inBatches } from './edge-user.ts';
import { population } from './population.ts';
import { type RelevanceMode, ratedCatalog, sessionRelevance } from './session-relevance.ts';

/** The rolled-out decision. */
export const ROLLOUT_DECISION = 'home-feed';

/** Options of {@link runRollout}. */
export interface RolloutOptions {
  readonly edgeUrl: string;
  readonly admin: ExperimentAdmin;
  readonly films: readonly Film[];
  /** Visitors arriving (about `coverage` of them enter the experiment). */
  readonly users: number;
  /** Films shown to each, one per round, each liked or disliked. */
  readonly rounds: number;
  /** A visitor who likes at least this many films tracks `engaged`. */
  readonly engagedAt: number;
  readonly coverage: number;
  /** The app's relevance, see session-relevance.ts. */
  readonly relevance: RelevanceMode;
  readonly seed: number;
  readonly parallel?: number;
  readonly progress?: Progress;
}

/** What the rollout sent, by variation (0 baseline, 1 learner), for the check against the edge. */
export interface RolloutSent {
  readonly exposed: number[];
  readonly likes: number[];
  readonly engaged: number[];
  /** Visitors outside the coverage (they get the baseline and are not counted). */
  outside: number;
  /** Each visitor's variation (-1: outside) and likes, in arrival order. */
  readonly visitors: { variation: number; likes: number }[];
}

/** The rollout's results as the edge gives them, and what the lab sent. */
export interface RolloutOutcome {
  readonly key: string;
  readonly sent: RolloutSent;
  readonly results: ExperimentResults;
  readonly like: MetricResults;
  readonly engaged: MetricResults;
}

// The learner as an app configures its feed: relevance blended with the Thompson draw
// 0.6 / 0.4 and session boosts (the defaults). One film a round (k = 1), so no exploration
// slot: with k = 1 the demo's epsilon of 0.1 would show a random film one round in ten.
const DECISION: DecisionConfig = { kind: 'rank', k: 1, epsilon: 0 };

const CATALOG = 'films';

const sleep = (ms: number) => new Promise((done) => setTimeout(done, ms));

/**
 * The learner rolled out against the baseline on the film catalog, through the real SDK and
 * edge: a policy experiment on `home-feed` (variations `baseline` → policy 'baseline',
 * `learner` → 'learner', coverage as given) created and started through the admin API; each
 * visitor (the lab's simulated film users) is an SDK client that assigns, then for `rounds`
 * rounds ranks the catalog with the app's relevance (see session-relevance.ts), is shown
 * the top film not shown before, and likes or dislikes it with their like probability —
 * feedback the SDK counts as the experiment's `like` conversions; a visitor with
 * `engagedAt` likes tracks `engaged`. Everyone's feedback reaches the crowd (the learner's
 * community priors) through the edge, as in production. Reads the results endpoint once it
 * holds everything sent.
 *
 * @example
 * const outcome = await runRollout({ edgeUrl, admin, films, users: 400, rounds: 15, engagedAt: 5, coverage: 0.5, seed: 1 });
 * outcome.engaged.variations[1].versusControl.uplift; // the learner's relative uplift
 */
export async function runRollout(options: RolloutOptions): Promise<RolloutOutcome> {
  const { admin, films } = options;
  const key = `learner-rollout-${options.seed}`;
  await admin.create({
    key,
    decision: ROLLOUT_DECISION,
    coverage: options.coverage,
    hashAttribute: 'userId',
    variations: [
      { key: 'baseline', policy: 'baseline' },
      { key: 'learner', policy: 'learner' },
    ],
    metrics: ['engaged'],
  });
  const state = await admin.start(key);
  const variationOf = assigner({
    seed: state.seed,
    weights: state.weights,
    coverage: state.coverage,
  });
  const ids = population(options.seed * 1_000 + 999, options.users).ids;
  const rated = ratedCatalog(films);
  const sent: RolloutSent = {
    exposed: [0, 0],
    likes: [0, 0],
    engaged: [0, 0],
    outside: 0,
    visitors: new Array(options.users),
  };
  await inBatches(options.users, options.parallel ?? 20, async (u) => {
    const rng = createRng(options.seed * 1_000_003 + u);
    const visitor = simulatedUser(films, rng);
    const user = edgeUser({
      edgeUrl: options.edgeUrl,
      userId: ids[u]!,
      decisions: { [ROLLOUT_DECISION]: DECISION },
      seed: options.seed * 1_000_000 + u,
    });
    await waitForPriors(user.client);
    const a = await user.assignWhenKnown(key);
    const v = variationOf(ids[u]!);
    if (v !== (a.inExperiment ? a.variation : -1)) {
      throw new LabError(
        `visitor ${ids[u]}: the SDK gave variation ${a.variation}, the lab's assignment ${v}`,
      );
    }
    const relevance = sessionRelevance(films);
    if (options.relevance === 'rating') await user.client.setCatalog(CATALOG, rated);
    const candidates = () => (options.relevance === 'rating' ? CATALOG : relevance.candidates());
    const shown = new Set<string>();
    const index = new Map(films.map((film, i) => [film.id, i]));
    let likes = 0;
    for (let round = 0; round < options.rounds; round++) {
      const [top] = await user.client.rank(ROLLOUT_DECISION, candidates(), {
        k: 1,
        exclude: shown,
      });
      if (top === undefined) break;
      // Outside the coverage a visitor gets the control's policy, the baseline.
      const policy = v === 1 ? 'learner' : 'baseline';
      if (top.explanation.policy !== policy) {
        throw new LabError(
          `visitor ${ids[u]} (variation ${v}) was ranked by the ${top.explanation.policy} policy, not the ${policy}`,
        );
      }
      shown.add(top.id);
      const i = index.get(top.id)!;
      const liked = rng() < visitor.likeProbability[i]!;
      await user.client.feedback(ROLLOUT_DECISION, top.id, liked ? 'like' : 'dislike');
      if (liked) {
        likes += 1;
        relevance.like(films[i]!);
      }
    }
    const engaged = likes >= options.engagedAt;
    if (engaged) await user.client.track('engaged');
    sent.visitors[u] = { variation: v, likes };
    if (v === -1) sent.outside += 1;
    else {
      sent.exposed[v]! += 1;
      sent.likes[v]! += likes;
      if (engaged) sent.engaged[v]! += 1;
    }
    await user.settle();
    options.progress?.advance(1);
  });
  const results = await settled(admin, key, sent);
  const metric = (name: string) => {
    const found = results.metrics.find((m) => m.metric === name);
    if (found === undefined) throw new LabError(`the results of ${key} have no metric ${name}`);
    return found;
  };
  return { key, sent, results, like: metric('like'), engaged: metric('engaged') };
}

// A newcomer blends the crowd's latest priors in before its first rank, as a returning app
// would have them; the very first visitors find none published yet.
async function waitForPriors(client: { status(): { priorsVersion: number | null } }) {
  const deadline = Date.now() + 2_000;
  while (client.status().priorsVersion === null && Date.now() < deadline) await sleep(20);
}

async function settled(admin: ExperimentAdmin, key: string, sent: RolloutSent, timeoutMs = 30_000) {
  const sum = (xs: readonly number[]) => xs.reduce((a, b) => a + b, 0);
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const results = await admin.results<ExperimentResults>(key);
    const exposed = sum(results.variations.map((v) => v.exposed));
    const like = results.metrics.find((m) => m.metric === 'like');
    const likes = sum(like?.variations.map((v) => v.valueSum) ?? []);
    if (exposed >= sum(sent.exposed) && likes >= sum(sent.likes)) return results;
    if (Date.now() > deadline) {
      throw new LabError(
        `rollout ${key}: the edge's results hold ${exposed} exposures and ${likes} likes of ${sum(sent.exposed)} and ${sum(sent.likes)} sent, after ${timeoutMs} ms`,
      );
    }
    await sleep(100);
  }
}
