// The edge as deployed, plus one bench-only route that fills an aggregator's history, so the
// history benchmark can read a full day of minutes without waiting a day. Never deployed:
// only worker/bench/wrangler.history.jsonc names this module.

import { type ArmPoint, type DecisionPoints, MINUTE, recordHistory } from '../src/arm-history.ts';
import edge from '../src/index.ts';
import { PriorsAggregator as Aggregator } from '../src/priors-aggregator.ts';

export { ClientShard, IssuanceLimiter } from '../src/index.ts';

/**
 * The aggregator with a seeding method: for each minute it writes every arm key's point
 * through the same `recordHistory` the push path uses, with synthetic totals (each arm gains
 * evidence every minute, so every arm key writes a row every minute: the worst case).
 */
export class PriorsAggregator extends Aggregator {
  seedHistory(decision: string, arms: number, firstMinute: number, minutes: number): number {
    let rows = 0;
    this.ctx.storage.transactionSync(() => {
      for (let m = 0; m < minutes; m++) {
        const at = firstMinute + m * MINUTE;
        const step = Math.round((at - firstMinute) / MINUTE) + 1;
        const points = new Map<string, ArmPoint>();
        for (let a = 0; a < arms; a++) {
          const n = step * (1 + (a % 7));
          points.set(`ctx=${a % 4}\0movie-${a}`, {
            s: Math.round(n * (0.05 + (a % 13) / 100) * 1000) / 1000,
            f: Math.round(n * 0.8 * 1000) / 1000,
            n,
            share: Math.round((1 / (arms / 4)) * 10_000) / 10_000,
            pBest: a % 250 === 0 ? 0.25 : 0,
          });
        }
        const after = new Map<string, DecisionPoints>([
          [decision, { arms: points, kappa: 100 + m }],
        ]);
        rows += recordHistory(this.ctx.storage.sql, new Map(), after, at);
      }
    });
    return rows;
  }
}

export default {
  async fetch(request, env, ctx) {
    const url = new URL(request.url);
    if (url.pathname !== '/bench/seed-history') return edge.fetch(request, env, ctx);
    if (request.headers.get('authorization') !== `Bearer ${env.ADMIN_TOKEN}`) {
      return new Response('admin token needed', { status: 401 });
    }
    const q = (name: string) => Number(url.searchParams.get(name));
    const stub = env.PRIORS.getByName(url.searchParams.get('app') ?? 'one') as unknown as {
      seedHistory(decision: string, arms: number, first: number, minutes: number): Promise<number>;
    };
    const rows = await stub.seedHistory(
      url.searchParams.get('decision') ?? 'bench',
      q('arms'),
      q('first'),
      q('minutes'),
    );
    return Response.json({ rows });
  },
} satisfies ExportedHandler<Env>;
