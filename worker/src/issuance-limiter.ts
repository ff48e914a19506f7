import { DurableObject } from 'cloudflare:workers';

/** The outcome of asking for one issuance. */
export type Issuance =
  | { readonly ok: true }
  | { readonly ok: false; readonly retryAfterMs: number };

/** A bucket as stored: its tokens at `at`, and when it is full again (absent before v2). */
interface Bucket {
  readonly tokens: number;
  readonly at: number;
  readonly fullAt?: number;
}

/**
 * The issuance budget of one address (`<app>:<address key>`): a token bucket holding at most
 * `capacity` ids that refills at `capacity` per `windowMs`, so an address obtains at most
 * `capacity` ids at once and `capacity` more per window after that.
 *
 * A take writes one row, the bucket. An idle bucket is left in place: a bucket that has
 * refilled counts as a full one, and keeping its few bytes costs far less than deleting it
 * (an alarm's row and the delete's row: $2 per million ids at Workers Paid prices, against
 * $0.20 per GB-month of storage).
 */
export class IssuanceLimiter extends DurableObject<Env> {
  /** Takes one token when there is one; otherwise says when the next one comes. */
  async take(capacity: number, windowMs: number): Promise<Issuance> {
    const now = Date.now();
    const stored = await this.ctx.storage.get<Bucket>('bucket');
    const refill = stored === undefined ? capacity : ((now - stored.at) * capacity) / windowMs;
    const tokens = Math.min(capacity, (stored?.tokens ?? 0) + refill);
    const left = tokens < 1 ? tokens : tokens - 1;
    const fullAt = now + Math.ceil(((capacity - left) * windowMs) / capacity);
    await this.ctx.storage.put('bucket', { tokens: left, at: now, fullAt } satisfies Bucket);
    if (tokens < 1) {
      return { ok: false, retryAfterMs: Math.ceil(((1 - tokens) * windowMs) / capacity) };
    }
    return { ok: true };
  }

  /**
   * Versions before 2 set an alarm a window after each take to delete the bucket: delete it
   * only if it has refilled by now, so that an alarm left from then cannot hand a busy address
   * a full bucket early.
   */
  override async alarm(): Promise<void> {
    const stored = await this.ctx.storage.get<Bucket>('bucket');
    if (stored === undefined) return;
    if (stored.fullAt === undefined || stored.fullAt <= Date.now()) {
      await this.ctx.storage.deleteAll();
    }
  }
}
