import { DurableObject } from 'cloudflare:workers';

/** The outcome of asking for one issuance. */
export type Issuance =
  | { readonly ok: true }
  | { readonly ok: false; readonly retryAfterMs: number };

/**
 * The issuance budget of one address (`<app>:<address key>`): a token bucket holding at most
 * `capacity` ids that refills at `capacity` per `windowMs`, so an address obtains at most
 * `capacity` ids at once and `capacity` more per window after that.
 */
export class IssuanceLimiter extends DurableObject<Env> {
  /** Takes one token when there is one; otherwise says when the next one comes. */
  async take(capacity: number, windowMs: number): Promise<Issuance> {
    const now = Date.now();
    const stored = await this.ctx.storage.get<{ tokens: number; at: number }>('bucket');
    const refill = stored === undefined ? capacity : ((now - stored.at) * capacity) / windowMs;
    const tokens = Math.min(capacity, (stored?.tokens ?? 0) + refill);
    if (tokens < 1) {
      await this.ctx.storage.put('bucket', { tokens, at: now });
      return { ok: false, retryAfterMs: Math.ceil(((1 - tokens) * windowMs) / capacity) };
    }
    await this.ctx.storage.put('bucket', { tokens: tokens - 1, at: now });
    // An idle bucket is full again after one window; let its storage go then.
    await this.ctx.storage.setAlarm(now + windowMs);
    return { ok: true };
  }

  override async alarm(): Promise<void> {
    await this.ctx.storage.deleteAll();
  }
}
