import { type Client, createClient } from '@crowdbandit/sdk';
import { LabError } from '../lab-error.ts';
import type { CommunityBackend, CommunityLearner } from './backend.ts';

/** The app of the lab's edge (see apps/lab/edge/wrangler.lab.jsonc). */
export const LAB_APP = { id: 'lab', key: 'pk_lab_local', adminToken: 'lab-admin-token' } as const;

const DECISION = 'lab';

/** Options of {@link createSdkEdgeBackend}. */
export interface SdkEdgeOptions {
  readonly items: number;
  /**
   * The decision's `maxPriorStrength`, an optional ceiling on the crowd prior's strength
   * (Infinity: none, the default: the strength is min(S + F, κ) with κ from the edge);
   * `null`: local-only clients that learn alone.
   */
  readonly maxPriorStrength: number | null;
  /** The edge's URL (a local edge in workerd); unused when learning alone. */
  readonly edgeUrl: string;
  /** Seeds the clients' Thompson draws (user u: seed·1e6 + u). */
  readonly seed: number;
  /** How long a refresh may wait for the edge and the clients. Default 30 s. */
  readonly timeoutMs?: number;
}

/** What the edge published, as the run saw it. */
export interface SdkEdgeBackend extends CommunityBackend {
  /**
   * Waits until the edge's raw totals (the admin view: every client's counts, unbounded) hold
   * every event the clients sent, and throws a LabError if they hold more (counted twice) or
   * never get there.
   */
  settle(): Promise<void>;
  /** The feedback events the clients sent, and the successes and failures the edge counted. */
  counts(): { readonly sent: number; readonly published: number; readonly version: number };
}

interface RawTotals {
  readonly version: number;
  readonly decisions: Record<
    string,
    Record<string, Record<string, { raw: [number, number, number] }>>
  >;
}

const sleep = (ms: number) => new Promise((done) => setTimeout(done, ms));

/**
 * Users learning through the real SDK (`createClient`, engine in-thread, memory storage) and
 * the real edge. Each user is one client with its own id and outbox; a refresh flushes every
 * active client and those who left since the last one (then closes those), waits until the
 * edge's raw totals hold every event sent (the shards' push and the aggregator's merge; the
 * priors published with that version are the bounded sums), then until every active client
 * has blended that
 * snapshot in (the WebSocket announcement and GET /priors). A newcomer starts once it holds
 * the latest snapshot. The decision is a `choose` over the items with no session boost and
 * no decision-level prior, so the posterior is the community prior plus the user's own
 * counts, as in the in-process backend.
 *
 * @example
 * const backend = createSdkEdgeBackend({ items: 34, maxPriorStrength: 3000, edgeUrl: edge.url, seed: 1 });
 * const result = await runCommunity(world, backend);
 */
export function createSdkEdgeBackend(options: SdkEdgeOptions): SdkEdgeBackend {
  const { items, maxPriorStrength, edgeUrl } = options;
  const timeoutMs = options.timeoutMs ?? 30_000;
  const arms = Array.from({ length: items }, (_, i) => `item-${i}`);
  const alone = maxPriorStrength === null;
  const clients = new Set<Client>();
  // Users who left since the last refresh: their last events go out with the next one, as
  // the in-process backend counts them at its next refresh.
  const leaving = new Set<Client>();
  let sent = 0;
  let published = { version: 0, total: 0 };

  const until = async (what: string, check: () => boolean | Promise<boolean>) => {
    const deadline = Date.now() + timeoutMs;
    while (!(await check())) {
      if (Date.now() > deadline)
        throw new LabError(`the edge at ${edgeUrl}: ${what} not within ${timeoutMs} ms`);
      await sleep(20);
    }
  };

  const readTotals = async (): Promise<RawTotals> => {
    const res = await fetch(`${edgeUrl}/v1/apps/${LAB_APP.id}/totals`, {
      headers: { authorization: `Bearer ${LAB_APP.adminToken}` },
    });
    if (!res.ok)
      throw new LabError(`GET /totals at ${edgeUrl} answered ${res.status}: ${await res.text()}`);
    return (await res.json()) as RawTotals;
  };

  const total = (totals: RawTotals) => {
    let sum = 0;
    for (const byArm of Object.values(totals.decisions[DECISION] ?? {})) {
      for (const { raw } of Object.values(byArm)) sum += raw[0] + raw[1];
    }
    return sum;
  };

  const holdsLatest = (client: Client) =>
    published.version === 0 || (client.status().priorsVersion ?? 0) >= published.version;

  // Waits until the published totals hold every event sent; more would be counted twice.
  const settle = async () => {
    if (sent > published.total || published.version === 0) {
      await until(`published totals holding all ${sent} events`, async () => {
        const totals = await readTotals();
        published = { version: totals.version, total: total(totals) };
        return published.total >= sent;
      });
    }
    if (published.total !== sent) {
      throw new LabError(
        `the edge published ${published.total} events for ${sent} sent: counted twice`,
      );
    }
  };

  return {
    async join(user) {
      const client = createClient({
        appId: LAB_APP.id,
        ...(alone ? {} : { endpoint: edgeUrl, publishableKey: LAB_APP.key }),
        decisions: {
          [DECISION]: {
            kind: 'choose',
            arms,
            k: 1,
            session: false,
            decisionPriorStrength: 0,
            ...(alone || maxPriorStrength === Number.POSITIVE_INFINITY ? {} : { maxPriorStrength }),
          },
        },
        worker: false,
        storage: 'memory',
        flushIntervalMs: 3_600_000,
        priorsPollMs: 1000,
        retry: { baseMs: 20, maxMs: 200 },
        seed: options.seed * 1e6 + user,
      });
      clients.add(client);
      if (!alone) await until(`user ${user}'s first priors`, () => holdsLatest(client));
      const learner: CommunityLearner = {
        async choose() {
          const { arms: chosen } = await client.choose(DECISION);
          return Number(chosen[0]!.id.slice('item-'.length));
        },
        async feedback(item, reward) {
          await client.feedback(DECISION, arms[item]!, reward === 1 ? 'like' : 'dislike');
          sent += 1;
        },
        // A leaver's last events reach the crowd with the next refresh, as in the in-process
        // backend. Sending them now would publish a snapshot mid-period, which the active
        // clients would blend in before the in-process users see it.
        leave() {
          clients.delete(client);
          leaving.add(client);
        },
      };
      return learner;
    },

    async refresh() {
      if (alone) return;
      // All at once, so the shards push (and the clients refetch) once or twice per refresh.
      await Promise.all(
        [...clients, ...leaving].map((client) =>
          until('a client flush', async () => (await client.flush()).pendingBatches === 0),
        ),
      );
      await settle();
      await Promise.all([...leaving].map((client) => client.close()));
      leaving.clear();
      for (const client of clients) {
        await until('every client holding the latest priors', () => holdsLatest(client));
      }
    },

    async close() {
      const all = [...clients, ...leaving];
      clients.clear();
      leaving.clear();
      // One last send each; settle() tells whether everything arrived.
      if (!alone) await Promise.all(all.map((client) => client.flush()));
      await Promise.all(all.map((client) => client.close()));
    },

    settle: async () => {
      if (!alone) await settle();
    },

    counts: () => ({ sent, published: published.total, version: published.version }),
  };
}
