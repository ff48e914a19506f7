import { CrowdbanditError } from './errors.ts';
import { decayFactor } from './evidence.ts';
import type { SessionOptions } from './session-options.ts';
import { vectorNorm } from './vector.ts';

/** What session boosting needs to know of an item. */
export interface SessionItem {
  readonly id: string;
  /** Tags as `family:value`, e.g. `genre:Drama`, `director:Nolan`. */
  readonly features?: readonly string[] | undefined;
  /** An embedding vector; its direction is what counts. */
  readonly embedding?: ArrayLike<number> | undefined;
}

/** A session as stored (structured-clone and JSON friendly). */
export interface SessionRecord {
  readonly startedAt: number;
  readonly lastActiveAt: number;
  readonly interactions: number;
  readonly weights: ReadonlyArray<readonly [feature: string, weight: number, t: number]>;
  readonly vector: readonly number[] | null;
  readonly vectorT: number;
  readonly hidden: readonly string[];
  readonly seen: readonly string[];
}

interface Weight {
  w: number;
  t: number;
}

/**
 * Short-term taste within one visit: a like lifts items that share the liked item's
 * features, a dislike sinks them and hides the item, weights fade with a half-life, and
 * after `idleMs` without interaction the session starts over.
 *
 * @example
 * const session = new Session(resolveSession(undefined), Date.now());
 * session.feedback({ id: 'm1', features: ['genre:Drama', 'decade:1990s'] }, 'like', Date.now());
 * tagBoost(['genre:Drama', 'decade:2000s'], session.weightsAt(Date.now())); // ≈ 0.18
 */
export class Session {
  readonly options: SessionOptions;
  #startedAt: number;
  #lastActiveAt: number;
  #interactions = 0;
  #weights = new Map<string, Weight>();
  #vector: Float64Array | null = null;
  #vectorT = 0;
  #hidden = new Set<string>();
  #seen = new Set<string>();

  constructor(options: SessionOptions, now: number) {
    this.options = options;
    this.#startedAt = now;
    this.#lastActiveAt = now;
  }

  /** Rebuilds a stored session; an expired one comes back empty. */
  static restore(record: SessionRecord, options: SessionOptions, now: number): Session {
    const session = new Session(options, record.startedAt);
    session.#lastActiveAt = record.lastActiveAt;
    session.#interactions = record.interactions;
    for (const [feature, w, t] of record.weights) session.#weights.set(feature, { w, t });
    session.#vector = record.vector ? Float64Array.from(record.vector) : null;
    session.#vectorT = record.vectorT;
    for (const id of record.hidden) session.#hidden.add(id);
    for (const id of record.seen) session.#seen.add(id);
    session.expireIfIdle(now);
    return session;
  }

  get startedAt(): number {
    return this.#startedAt;
  }

  get lastActiveAt(): number {
    return this.#lastActiveAt;
  }

  /** Feedback events in this session so far. */
  get interactions(): number {
    return this.#interactions;
  }

  /** True when the session has nothing that could change a ranking. */
  get isNeutral(): boolean {
    return this.#weights.size === 0 && this.#vector === null && this.#hidden.size === 0;
  }

  /** Ends the session if it has been idle too long; returns whether it did. */
  expireIfIdle(now: number): boolean {
    if (now - this.#lastActiveAt <= this.options.idleMs) return false;
    this.#startedAt = now;
    this.#lastActiveAt = now;
    this.#interactions = 0;
    this.#weights.clear();
    this.#vector = null;
    this.#hidden.clear();
    this.#seen.clear();
    return true;
  }

  /** Records an interaction; likes and dislikes move the item's feature weights by ±eta. */
  feedback(item: SessionItem, kind: 'like' | 'dislike' | 'other', now: number): void {
    this.expireIfIdle(now);
    this.#lastActiveAt = Math.max(this.#lastActiveAt, now);
    this.#interactions += 1;
    this.#seen.add(item.id);
    if (kind === 'other') return;
    const delta = kind === 'like' ? this.options.eta : -this.options.eta;
    if (item.features) {
      for (const feature of new Set(item.features)) {
        const current = this.#weights.get(feature);
        const w = current ? current.w * decayFactor(now - current.t, this.options.halfLifeMs) : 0;
        this.#weights.set(feature, { w: w + delta, t: Math.max(now, current?.t ?? now) });
      }
    }
    if (item.embedding && item.embedding.length > 0) this.#moveVector(item.embedding, delta, now);
    if (kind === 'dislike' && this.options.hideDisliked) this.#hidden.add(item.id);
    if (kind === 'like') this.#hidden.delete(item.id);
  }

  #moveVector(embedding: ArrayLike<number>, delta: number, now: number): void {
    const norm = vectorNorm(embedding);
    if (norm === 0) return;
    if (this.#vector === null) {
      this.#vector = new Float64Array(embedding.length);
      this.#vectorT = now;
    } else if (this.#vector.length !== embedding.length) {
      throw new CrowdbanditError(
        'invalid_candidate',
        `embedding has ${embedding.length} dimensions but this session's items have ${this.#vector.length}`,
        'embedding',
      );
    }
    const vector = this.#vector;
    const k = decayFactor(now - this.#vectorT, this.options.halfLifeMs);
    for (let i = 0; i < vector.length; i++) {
      vector[i] = vector[i]! * k + (delta * (embedding[i] ?? 0)) / norm;
    }
    this.#vectorT = Math.max(now, this.#vectorT);
  }

  /** Feature weights decayed to `now`, for one ranking pass. */
  weightsAt(now: number): Map<string, number> {
    const out = new Map<string, number>();
    for (const [feature, { w, t }] of this.#weights) {
      out.set(feature, w * decayFactor(now - t, this.options.halfLifeMs));
    }
    return out;
  }

  /** The session's taste vector decayed to `now`, or null when no item had an embedding. */
  vectorAt(now: number): Float64Array | null {
    if (this.#vector === null) return null;
    const k = decayFactor(now - this.#vectorT, this.options.halfLifeMs);
    return this.#vector.map((x) => x * k);
  }

  /** Whether the visitor disliked this item earlier in the session. */
  isHidden(id: string): boolean {
    return this.#hidden.has(id);
  }

  /** Items the visitor interacted with in this session. */
  get seen(): ReadonlySet<string> {
    return this.#seen;
  }

  /** Items hidden for the rest of the session. */
  get hidden(): ReadonlySet<string> {
    return this.#hidden;
  }

  /** The session as a plain record for storage. */
  toRecord(): SessionRecord {
    return {
      startedAt: this.#startedAt,
      lastActiveAt: this.#lastActiveAt,
      interactions: this.#interactions,
      weights: [...this.#weights].map(([feature, { w, t }]) => [feature, w, t] as const),
      vector: this.#vector ? Array.from(this.#vector) : null,
      vectorT: this.#vectorT,
      hidden: [...this.#hidden],
      seen: [...this.#seen],
    };
  }
}

/**
 * Boost of an item with these features: the sum of their weights over sqrt(#features).
 *
 * @example
 * tagBoost(['genre:Drama', 'decade:1990s'], new Map([['genre:Drama', 0.25]])); // ≈ 0.177
 */
export function tagBoost(
  features: readonly string[],
  weights: ReadonlyMap<string, number>,
): number {
  const count = features.length;
  if (count === 0 || weights.size === 0) return 0;
  let sum = 0;
  for (let i = 0; i < count; i++) sum += weights.get(features[i]!) ?? 0;
  return sum / Math.sqrt(count);
}

/**
 * Boost of an item with an embedding: the session vector's component along the item's
 * direction (|v| times the cosine), so an item just like a liked one gains eta.
 *
 * @example
 * embeddingBoost([1, 0], Float64Array.of(0.25, 0)); // 0.25
 */
export function embeddingBoost(embedding: ArrayLike<number>, vector: Float64Array | null): number {
  if (vector === null || embedding.length !== vector.length) return 0;
  let dot = 0;
  let norm = 0;
  for (let i = 0; i < vector.length; i++) {
    const x = embedding[i] ?? 0;
    dot += x * vector[i]!;
    norm += x * x;
  }
  return norm === 0 ? 0 : dot / Math.sqrt(norm);
}
