import { DurableObject } from 'cloudflare:workers';
import { shardOf } from '@crowdbandit/core';

/** The outcome of asking for one issuance. */
export type Issuance =
  | { readonly ok: true }
  | { readonly ok: false; readonly retryAfterMs: number };

/**
 * How many limiter objects an app's addresses are spread over: the fewer, the more takes one
 * write stores (the cost bench's 750 ids over four: 0.6 rows per 1,000 events). How many
 * takes a second one object answers is not measured here.
 */
export const LIMITER_PARTITIONS = 4;

/**
 * How long a limiter may hold takes in memory before it stores them: the first take after
 * a quiet second is stored before it is answered; those within the next second are stored
 * together a second after it (a timer, not an alarm, which would write a row of its own),
 * in one row however many addresses they came from.
 */
export const LIMITER_WRITE_EVERY_MS = 1000;

/**
 * At most how many addresses one row holds: an IPv4 address's entry is about 50 bytes of JSON,
 * so a full row is some 800 KB of the 2 MB a row may hold.
 */
export const BUCKETS_PER_ROW = 16_384;

/**
 * The limiter object an address of an app belongs to.
 *
 * @example
 * env.ISSUANCE.getByName(limiterName('demo', addressKey(ip))).take(addressKey(ip), 4, 3_600_000);
 */
export function limiterName(app: string, address: string): string {
  return `${app}:limits:${shardOf(address, LIMITER_PARTITIONS)}`;
}

/** One address's bucket: its tokens at `at`, and when it is full again. */
interface Bucket {
  readonly tokens: number;
  readonly at: number;
  readonly fullAt: number;
}

type Entry = [address: string, tokens: number, at: number, fullAt: number];

/** How many rows hold `size` buckets: a power of two, so the layout rarely changes. */
function rowsFor(size: number): number {
  let rows = 1;
  while (rows * BUCKETS_PER_ROW < size) rows *= 2;
  return rows;
}

/**
 * The issuance budget of the addresses of one partition of an app (see {@link limiterName}):
 * per address (`<address key>`), a token bucket holding at most `capacity` ids that refills
 * at `capacity` per `windowMs`, so an address obtains at most `capacity` ids at once and
 * `capacity` more per window after that.
 *
 * The buckets live in memory and in `bucket_rows` (a JSON array of entries per row, an
 * address's row by hash): a write rewrites the rows of the addresses that took since the
 * last one, at most once per {@link LIMITER_WRITE_EVERY_MS}, and drops buckets that have
 * refilled (a full bucket and none are the same). A busy limiter so writes a row or two a
 * second where it wrote one per id. What that gives up: takes answered in the second before
 * a write are lost if the object is lost before it, which lets those addresses take again;
 * no caller can choose when that happens.
 */
export class IssuanceLimiter extends DurableObject<Env> {
  #sql = this.ctx.storage.sql;
  #buckets: Map<string, Bucket> | null = null;
  #rows = 1;
  #dirty = new Set<string>();
  #writtenAt = Number.NEGATIVE_INFINITY;
  #timer: ReturnType<typeof setTimeout> | null = null;

  constructor(ctx: DurableObjectState, env: Env) {
    super(ctx, env);
    this.#sql.exec(
      'CREATE TABLE IF NOT EXISTS bucket_rows (row INTEGER PRIMARY KEY, entries TEXT NOT NULL)',
    );
  }

  /** Takes one token of `address`'s bucket when there is one; otherwise says when one comes. */
  take(address: string, capacity: number, windowMs: number): Issuance {
    const now = Date.now();
    const buckets = this.#load(now);
    const stored = buckets.get(address);
    const refill = stored === undefined ? capacity : ((now - stored.at) * capacity) / windowMs;
    const tokens = Math.min(capacity, (stored?.tokens ?? 0) + refill);
    // A refusal changes nothing to store: the bucket refills on the same line.
    if (tokens < 1) {
      return { ok: false, retryAfterMs: Math.ceil(((1 - tokens) * windowMs) / capacity) };
    }
    const left = tokens - 1;
    buckets.set(address, {
      tokens: left,
      at: now,
      fullAt: now + Math.ceil(((capacity - left) * windowMs) / capacity),
    });
    this.#dirty.add(address);
    if (now - this.#writtenAt >= LIMITER_WRITE_EVERY_MS) this.#write(now);
    else if (this.#timer === null) {
      this.#timer = setTimeout(
        () => {
          this.#timer = null;
          this.#write(Date.now());
        },
        this.#writtenAt + LIMITER_WRITE_EVERY_MS - now,
      );
    }
    return { ok: true };
  }

  /**
   * Only objects of version 1 (one per address, its bucket under the key-value `bucket`) have
   * alarms: one deletes its storage, as nothing names that object now.
   */
  override async alarm(): Promise<void> {
    if ((await this.ctx.storage.get('bucket')) !== undefined) await this.ctx.storage.deleteAll();
  }

  #load(now: number): Map<string, Bucket> {
    if (this.#buckets !== null) return this.#buckets;
    const buckets = new Map<string, Bucket>();
    let rows = 0;
    for (const { entries } of this.#sql.exec<{ entries: string }>(
      'SELECT entries FROM bucket_rows',
    )) {
      rows += 1;
      for (const [address, tokens, at, fullAt] of JSON.parse(entries) as Entry[]) {
        if (fullAt > now) buckets.set(address, { tokens, at, fullAt });
      }
    }
    this.#rows = Math.max(1, rows);
    this.#buckets = buckets;
    return buckets;
  }

  // Rewrites the rows holding the addresses that took since the last write (every row when
  // the number of rows changes), leaving out refilled buckets.
  #write(now: number): void {
    const buckets = this.#buckets!;
    if (this.#dirty.size === 0) return;
    for (const [address, bucket] of buckets) {
      if (bucket.fullAt <= now && !this.#dirty.has(address)) buckets.delete(address);
    }
    const rows = rowsFor(buckets.size);
    const relaid = rows !== this.#rows;
    const rowOf = (address: string) => shardOf(address, rows);
    const touched = relaid
      ? new Set(Array.from({ length: rows }, (_, i) => i))
      : new Set([...this.#dirty].map(rowOf));
    const entries = new Map<number, Entry[]>([...touched].map((row) => [row, []]));
    for (const [address, b] of buckets) {
      entries.get(rowOf(address))?.push([address, b.tokens, b.at, b.fullAt]);
    }
    this.ctx.storage.transactionSync(() => {
      if (relaid) this.#sql.exec('DELETE FROM bucket_rows');
      for (const [row, list] of entries) {
        this.#sql.exec(
          `INSERT INTO bucket_rows (row, entries) VALUES (?, ?)
           ON CONFLICT (row) DO UPDATE SET entries = excluded.entries`,
          row,
          JSON.stringify(list),
        );
      }
    });
    this.#rows = rows;
    this.#dirty.clear();
    this.#writtenAt = now;
  }
}
