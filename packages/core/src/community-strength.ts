/**
 * The strength a newcomer's community prior may reach (κ) when the priors publish none, as
 * an older edge's do: the fixed cap every decision used before κ was estimated.
 *
 * @example
 * const kappa = snapshot.kappa?.['home-feed']?.value ?? DEFAULT_PRIOR_STRENGTH;
 */
export const DEFAULT_PRIOR_STRENGTH = 100;

/**
 * κ of one decision as a priors snapshot publishes it (the protocol's `Kappa`, of which core
 * reads only these fields): how much the crowd's users agree, p_user ~ Beta(m·κ, (1 − m)·κ).
 * `arms` holds κ by context key and arm where that arm's own estimate differs.
 *
 * @example
 * const kappa: PublishedKappa = { value: 812, source: 'estimate', arms: { evening: { 'movie-1234': 9 } } };
 */
export interface PublishedKappa {
  readonly value: number;
  readonly source: 'estimate' | 'ceiling' | 'fallback';
  readonly arms?: Readonly<Record<string, Readonly<Record<string, number>>>>;
}

/**
 * κ by decision, as in a priors snapshot's `kappa` (see `Engine.setCommunity`).
 *
 * @example
 * engine.setCommunity(snapshot.decisions, own, snapshot.kappa);
 */
export type CommunityKappa = Readonly<Record<string, PublishedKappa>>;

/**
 * Where the κ behind a community prior came from: `arm` (this arm's own estimate, where it
 * differs from its decision's), `estimate` (the decision's, pooled over its arms), `ceiling`
 * (users agree beyond what the data can tell), `fallback` (the edge's value while few clients
 * have enough feedback), `default` (no κ published: {@link DEFAULT_PRIOR_STRENGTH}).
 *
 * @example
 * const source: KappaOrigin = explanation.community?.kappa.source ?? 'default';
 */
export type KappaOrigin = 'arm' | 'estimate' | 'ceiling' | 'fallback' | 'default';

/**
 * κ and where it came from.
 *
 * @example
 * const kappa: PriorKappa = { value: 812, source: 'estimate' };
 */
export interface PriorKappa {
  readonly value: number;
  readonly source: KappaOrigin;
}

/**
 * How strongly a community prior counts, and why: the prior keeps the crowd's mean m and has
 * strength n = min(evidence, κ, maxPriorStrength), alpha0 = a + m·n, beta0 = b + (1 − m)·n.
 *
 * @example
 * const { community } = engine.posterior('home-feed', 'movie-1234');
 * // { strength: 812, evidence: 5400, kappa: { value: 812, source: 'estimate' }, capped: false }
 * if (community?.capped) console.log(`held at the app's maxPriorStrength of ${community.strength}`);
 */
export interface CommunityStrength {
  /** n, the strength used. */
  readonly strength: number;
  /** The crowd's evidence S + F on this arm, net of this client's own contribution. */
  readonly evidence: number;
  /** κ: the strength users' agreement allows. */
  readonly kappa: PriorKappa;
  /** True when the decision's `maxPriorStrength` held n below both the evidence and κ. */
  readonly capped: boolean;
}

/** κ when none is published. */
export const DEFAULT_KAPPA: PriorKappa = Object.freeze({
  value: DEFAULT_PRIOR_STRENGTH,
  source: 'default',
});

/**
 * A decision's published κ as a {@link PriorKappa}; the default when it publishes none (or
 * one that is not a positive number).
 *
 * @example
 * decisionKappaOf({ value: 812, source: 'estimate' }); // { value: 812, source: 'estimate' }
 * decisionKappaOf(undefined); // { value: 100, source: 'default' }
 */
export function decisionKappaOf(published: PublishedKappa | undefined): PriorKappa {
  return published !== undefined && published.value > 0
    ? { value: published.value, source: published.source }
    : DEFAULT_KAPPA;
}
