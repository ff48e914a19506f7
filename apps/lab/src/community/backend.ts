/** A value, or a promise of one: backends that talk to a real edge are asynchronous. */
export type Awaitable<T> = T | Promise<T>;

/**
 * One simulated user's learner as a backend provides it. The simulation only ever asks it
 * which item to show and tells it what the user did.
 */
export interface CommunityLearner {
  /** The item (0..K−1) to show this user now. */
  choose(): Awaitable<number>;
  /** What the user did with `item`: reward 1 (a click) or 0. */
  feedback(item: number, reward: number): Awaitable<void>;
  /** The user is gone: stop refreshing their priors. */
  leave?(): Awaitable<void>;
}

/**
 * Where the users' learners live and how the crowd's evidence reaches them. The simulation
 * (users' tastes, arrivals, rewards, regret) is the same for every backend:
 *
 * - {@link createInProcessBackend}: core's Thompson sampling per user, with the edge's
 *   merge simulated in this process;
 * - a backend over the real SDK and edge (an SDK client per user against workerd) plugs in
 *   here: `join` creates a client, `refresh` flushes the outboxes, runs the shards' alarms
 *   and has every client fetch the new priors.
 */
export interface CommunityBackend {
  /** The learner of a user who joins now, starting from the latest published priors. */
  join(user: number): Awaitable<CommunityLearner>;
  /**
   * Publishes what every user contributed so far and refreshes every active learner's
   * priors: the shards' push, the aggregator's snapshot and the clients' GET /priors.
   */
  refresh(): Awaitable<void>;
  /** Releases resources (servers, clients). */
  close?(): Awaitable<void>;
}
