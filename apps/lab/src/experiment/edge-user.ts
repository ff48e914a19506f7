import { type Assignment, type Client, createClient, type DecisionConfig } from '@crowdbandit/sdk';
import { LAB_APP } from '../community/sdk-edge-backend.ts';
import { LabError } from '../lab-error.ts';

const sleep = (ms: number) => new Promise((done) => setTimeout(done, ms));

/** Options of {@link edgeUser}. */
export interface EdgeUserOptions {
  readonly edgeUrl: string;
  /** The app's id of the user: what `userId` experiments hash. */
  readonly userId: string;
  readonly decisions?: Readonly<Record<string, DecisionConfig>>;
  /** Seeds the client's draws. */
  readonly seed: number;
  /** How long to wait for the experiments snapshot or a flush. Default 30 s. */
  readonly timeoutMs?: number;
}

/**
 * One simulated user as a real SDK client (createClient, engine in-thread, memory storage)
 * of the lab's app on the edge, as the community run makes them; flushing is left to the
 * caller (the interval is an hour).
 *
 * @example
 * const user = edgeUser({ edgeUrl: edge.url, userId: 'u-1', seed: 1 });
 * const { variation } = await user.assignWhenKnown('checkout');
 * await user.settle();
 */
export function edgeUser(options: EdgeUserOptions) {
  const timeoutMs = options.timeoutMs ?? 30_000;
  const client: Client = createClient({
    appId: LAB_APP.id,
    endpoint: options.edgeUrl,
    publishableKey: LAB_APP.key,
    // The SDK wants at least one decision; an app that only runs experiments has its feed.
    decisions: options.decisions ?? { feed: { kind: 'rank' } },
    userId: options.userId,
    worker: false,
    storage: 'memory',
    flushIntervalMs: 3_600_000,
    priorsPollMs: 1000,
    retry: { baseMs: 20, maxMs: 200 },
    seed: options.seed,
  });
  const until = async <T>(what: string, attempt: () => Promise<T | null>): Promise<T> => {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const value = await attempt();
      if (value !== null) return value;
      if (Date.now() > deadline) {
        throw new LabError(`user ${options.userId}: ${what} not within ${timeoutMs} ms`);
      }
      await sleep(20);
    }
  };
  return {
    client,
    /**
     * `client.assign` once the client holds a snapshot that names the experiment (before
     * that it answers `unknown`, counting nothing).
     */
    assignWhenKnown: (experiment: string): Promise<Assignment> =>
      until(`the experiments snapshot naming ${experiment}`, async () => {
        const a = await client.assign(experiment);
        return a.reason === 'unknown' ? null : a;
      }),
    /** Flushes until the outbox is empty, then closes the client. */
    async settle(): Promise<void> {
      await until('a flush', async () =>
        (await client.flush()).pendingBatches === 0 ? true : null,
      );
      await client.close();
    },
  };
}

/**
 * Runs `work` for items `0 … count − 1`, at most `parallel` at a time, in order of start.
 *
 * @example
 * await inBatches(300, 25, async (i) => runUser(i));
 */
export async function inBatches(
  count: number,
  parallel: number,
  work: (index: number) => Promise<void>,
): Promise<void> {
  let next = 0;
  const lane = async () => {
    while (next < count) await work(next++);
  };
  await Promise.all(Array.from({ length: Math.min(parallel, count) }, lane));
}
