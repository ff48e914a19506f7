/** The bandit policies the lab compares. */
export type PolicyName = 'thompson' | 'ucb1' | 'epsilon-greedy' | 'random';

/** Every policy name, in the order tables list them. */
export const POLICY_NAMES: readonly PolicyName[] = ['thompson', 'ucb1', 'epsilon-greedy', 'random'];

/**
 * An online policy over arms 0..K−1 with rewards in [0, 1]. Simulations call `choose` and
 * `update` in a tight loop; replay also asks for the action probabilities (for IPS).
 *
 * @example
 * const policy = createPolicy('thompson', 10, createRng(1));
 * const arm = policy.choose();
 * policy.update(arm, 1);
 */
export interface Policy {
  readonly name: PolicyName;
  readonly arms: number;
  /** The arm to play now. */
  choose(): number;
  /** Learns the reward of one play of `arm`. */
  update(arm: number, reward: number): void;
  /** Writes into `out` the probability that `choose` would return each arm now. */
  probabilities(out: Float64Array): void;
}
