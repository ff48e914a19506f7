import { sampleBeta } from './beta.ts';
import type { Candidate } from './candidate.ts';
import { Catalog } from './catalog.ts';
import type { CommunityStrength } from './community-strength.ts';
import { type DiversityOptions, type Pick, selectDiverse } from './diversity.ts';
import { CrowdbanditError } from './errors.ts';
import type { BoostFeature, Explanation } from './explanation.ts';
import { topK } from './heap.ts';
import type { PriorSource } from './prior.ts';
import type { Rng } from './random.ts';
import { embeddingBoost } from './session.ts';

/** Mix of the hybrid score: score = relevance*rel + bandit*theta + boost. */
export interface RankWeights {
  readonly relevance: number;
  readonly bandit: number;
}

/** A Beta posterior written into a reused object, so lookups allocate nothing. */
export interface PosteriorSlot {
  alpha: number;
  beta: number;
  source: PriorSource;
  /** How strong a community prior is (null for any other prior). */
  community: CommunityStrength | null;
}

/** Where `rank` and `choose` read each arm's posterior from. */
export interface PosteriorLookup {
  posterior(arm: string, out: PosteriorSlot): void;
}

/** The session's state for one ranking pass. */
export interface BoostState {
  readonly weights: ReadonlyMap<string, number>;
  readonly vector: Float64Array | null;
}

/** Everything one ranking pass needs. */
export interface RankInput {
  readonly candidates: readonly Candidate[] | Catalog;
  readonly k: number;
  readonly posteriors: PosteriorLookup;
  readonly rng: Rng;
  readonly weights: RankWeights;
  readonly epsilon: number;
  readonly diversity: DiversityOptions;
  readonly boost: BoostState | null;
  /** Ids that must not be returned (hidden, seen, or excluded by the app). */
  readonly exclude: Iterable<string> | null;
  /**
   * Rank as the similarity baseline: by relevance alone (candidates without one last), ties
   * by popularity (none counts as lowest), then input order; no draws, no boost, no
   * popularity terms, no diversity, no exploration. Default false: the learner.
   */
  readonly baseline?: boolean;
}

/**
 * A ranked item.
 *
 * @example
 * for (const { id, explanation } of ranked) console.log(id, explanation.rule);
 */
export interface RankedItem {
  readonly id: string;
  readonly score: number;
  readonly explanation: Explanation;
}

/** Ranked items with their positions in the catalog. */
export interface RankOutcome {
  readonly catalog: Catalog;
  readonly items: RankedItem[];
  readonly indices: readonly number[];
}

/**
 * One Thompson-sampling ranking pass: a Beta draw per candidate, the hybrid score with
 * session boost and popularity terms, heap top-k, diversity, the epsilon exploration slot,
 * and an explanation for each returned item. Returns at most `k` items (fewer when fewer
 * are eligible; `[]` for no candidates). Throws on invalid or duplicate candidates.
 *
 * @example
 * const ranked = rankCandidates({ candidates, k: 20, posteriors, rng: createRng(1),
 *   weights: { relevance: 0.6, bandit: 0.4 }, epsilon: 0, diversity: {}, boost: null, exclude: null });
 */
export function rankCandidates(input: RankInput): RankedItem[] {
  return rankOutcome(input).items;
}

/** {@link rankCandidates}, also returning the catalog positions of the items. */
export function rankOutcome(input: RankInput): RankOutcome {
  const { k, posteriors, rng } = input;
  const baseline = input.baseline === true;
  // The baseline ignores every term but relevance.
  const diversity: DiversityOptions = baseline ? {} : input.diversity;
  const boost = baseline ? null : input.boost;
  const catalog =
    input.candidates instanceof Catalog ? input.candidates : new Catalog(input.candidates);
  const n = catalog.size;
  if (n === 0 || k === 0) return { catalog, items: [], indices: [] };
  const { ids, relevance, logPopularity, featureStart, featureIndex, featureNorm } = catalog;

  const wRel = catalog.hasRelevance ? input.weights.relevance : 0;
  const wBandit = catalog.hasRelevance ? input.weights.bandit : 1;
  const gamma = diversity.popularityDampening ?? 0;
  const popScale =
    gamma > 0 && catalog.maxPopularity > 0 ? gamma / Math.log1p(catalog.maxPopularity) : 0;
  const tailLog =
    diversity.longTail === undefined ? -1 : Math.log1p(diversity.longTail.maxPopularity);
  const tailBonus = diversity.longTail?.bonus ?? 0;
  const featureWeights = internWeights(catalog, boost);
  const vector = catalog.hasEmbeddings ? (boost?.vector ?? null) : null;

  const scores = new Float64Array(n);
  const thetas = new Float64Array(n);
  if (input.exclude !== null) {
    for (const id of input.exclude) {
      const at = catalog.indexOf(id);
      if (at !== -1) scores[at] = Number.NEGATIVE_INFINITY;
    }
  }
  const slot: PosteriorSlot = { alpha: 1, beta: 1, source: 'base', community: null };
  for (let i = 0; i < n; i++) {
    if (scores[i] === Number.NEGATIVE_INFINITY) continue;
    if (baseline) {
      scores[i] = Number.isNaN(relevance[i]!) ? -1 : relevance[i]!;
      continue;
    }
    posteriors.posterior(ids[i]!, slot);
    const theta = sampleBeta(rng, slot.alpha, slot.beta);
    thetas[i] = theta;
    let score = wBandit * theta;
    if (wRel !== 0) {
      const rel = relevance[i]!;
      if (!Number.isNaN(rel)) score += wRel * rel;
    }
    if (featureWeights !== null) {
      let sum = 0;
      for (let j = featureStart[i]!, end = featureStart[i + 1]!; j < end; j++)
        sum += featureWeights[featureIndex[j]!]!;
      score += sum * featureNorm[i]!;
    }
    if (vector !== null) score += vectorBoost(catalog, i, vector);
    const logPop = logPopularity[i]!;
    if (!Number.isNaN(logPop)) {
      score -= popScale * logPop;
      if (logPop <= tailLog) score += tailBonus;
    }
    scores[i] = score;
  }

  const diverse = diversity.mmr !== undefined || diversity.caps !== undefined;
  const ties = baseline ? catalog.popularity.map((p) => (Number.isNaN(p) ? -1 : p)) : undefined;
  const pool = topK(scores, diverse ? Math.max(3 * k, k + 30) : k, n, ties);
  const picks = diverse
    ? selectDiverse(pool, scores, catalog.candidates, k, diversity)
    : Array.from(pool, (index): Pick => ({ index, rule: 'score' }));
  if (!baseline && input.epsilon > 0 && rng() < input.epsilon) explore(picks, scores, k, rng);

  const items: RankedItem[] = new Array(picks.length);
  for (let p = 0; p < picks.length; p++) {
    const { index, rule } = picks[p]!;
    posteriors.posterior(ids[index]!, slot);
    const { boost: boostValue, features } = explainBoost(catalog, index, featureWeights, vector);
    const logPop = logPopularity[index]!;
    const popularityAdjustment = !Number.isNaN(logPop)
      ? -popScale * logPop + (logPop <= tailLog ? tailBonus : 0)
      : 0;
    const rel = relevance[index]!;
    items[p] = {
      id: ids[index]!,
      score: scores[index]!,
      explanation: {
        policy: baseline ? 'baseline' : 'learner',
        theta: thetas[index]!,
        mean: slot.alpha / (slot.alpha + slot.beta),
        alpha: slot.alpha,
        beta: slot.beta,
        prior: slot.source,
        community: slot.community,
        relevance: Number.isNaN(rel) ? null : rel,
        boost: boostValue,
        boostFeatures: features,
        popularityAdjustment,
        score: scores[index]!,
        rule,
      },
    };
  }
  return { catalog, items, indices: picks.map((p) => p.index) };
}

// The session's feature weights as an array over the catalog's interned features, so the
// per-candidate loop reads a typed array instead of probing a map for every feature.
function internWeights(catalog: Catalog, boost: BoostState | null): Float64Array | null {
  if (boost === null || boost.weights.size === 0) return null;
  const out = new Float64Array(catalog.featureNames.length);
  let any = false;
  for (const [feature, weight] of boost.weights) {
    const id = catalog.featureId(feature);
    if (id !== -1 && weight !== 0) {
      out[id] = weight;
      any = true;
    }
  }
  return any ? out : null;
}

function vectorBoost(catalog: Catalog, i: number, vector: Float64Array): number {
  const embedding = catalog.candidates[i]!.embedding;
  if (embedding === undefined) return 0;
  if (embedding.length !== vector.length) {
    throw new CrowdbanditError(
      'invalid_candidate',
      `candidates[${i}].embedding has ${embedding.length} dimensions, the session's items have ${vector.length}`,
      `candidates[${i}].embedding`,
    );
  }
  return embeddingBoost(embedding, vector);
}

function explainBoost(
  catalog: Catalog,
  i: number,
  weights: Float64Array | null,
  vector: Float64Array | null,
): { boost: number; features: BoostFeature[] } {
  const features: BoostFeature[] = [];
  let sum = 0;
  if (weights !== null) {
    for (let j = catalog.featureStart[i]!; j < catalog.featureStart[i + 1]!; j++) {
      const id = catalog.featureIndex[j]!;
      const weight = weights[id]!;
      sum += weight;
      if (Math.abs(weight) > 1e-9) features.push({ feature: catalog.featureNames[id]!, weight });
    }
  }
  features.sort((a, b) => Math.abs(b.weight) - Math.abs(a.weight));
  const boost =
    sum * catalog.featureNorm[i]! + (vector === null ? 0 : vectorBoost(catalog, i, vector));
  return { boost, features };
}

// Puts one uniformly drawn eligible candidate from outside the picks at a random position,
// pushing the last pick out when the list is full.
function explore(picks: Pick[], scores: Float64Array, k: number, rng: Rng): void {
  const taken = new Set(picks.map((p) => p.index));
  let eligible = 0;
  for (let i = 0; i < scores.length; i++) {
    if (scores[i] !== Number.NEGATIVE_INFINITY && !taken.has(i)) eligible += 1;
  }
  if (eligible === 0) return;
  let target = Math.floor(rng() * eligible);
  let chosen = -1;
  for (let i = 0; i < scores.length; i++) {
    if (scores[i] === Number.NEGATIVE_INFINITY || taken.has(i)) continue;
    if (target === 0) {
      chosen = i;
      break;
    }
    target -= 1;
  }
  const at = Math.floor(rng() * Math.min(picks.length + 1, k));
  picks.splice(at, 0, { index: chosen, rule: 'explore' });
  if (picks.length > k) picks.pop();
}
