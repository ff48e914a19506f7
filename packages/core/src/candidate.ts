import { CrowdbanditError, describeValue } from './errors.ts';

/**
 * An item offered to `rank`.
 *
 * @example
 * const candidate: Candidate = {
 *   id: 'tt0111161',
 *   relevance: 0.82, // from your own recommender, in [0, 1]; optional
 *   popularity: 2_400_000, // e.g. votes or views; optional, ≥ 0
 *   features: ['genre:Drama', 'director:Frank Darabont', 'decade:1990s'],
 * };
 */
export interface Candidate {
  readonly id: string;
  /** The app's own relevance score in [0, 1]. Without it the bandit ranks alone. */
  readonly relevance?: number | undefined;
  /** Popularity ≥ 0, used by popularity dampening and the long-tail boost. */
  readonly popularity?: number | undefined;
  /** Tags as `family:value` (e.g. `genre:Drama`) for session boosts and diversity caps. */
  readonly features?: readonly string[] | undefined;
  /** An embedding for session boosts and MMR by cosine similarity. */
  readonly embedding?: ArrayLike<number> | undefined;
}

function bad(message: string, field: string): never {
  throw new CrowdbanditError('invalid_candidate', message, field);
}

/** Checks one candidate, cheaply: it runs for every item of a big catalog. */
export function checkCandidate(candidate: Candidate, index: number): void {
  if (typeof candidate !== 'object' || candidate === null) {
    bad(
      `candidates[${index}] must be an object with an id, got ${describeValue(candidate)}`,
      `candidates[${index}]`,
    );
  }
  const { id, relevance, popularity, features } = candidate;
  if (typeof id !== 'string' || id.length === 0 || id.length > 128) {
    bad(
      `candidates[${index}].id must be a string of 1–128 characters, got ${describeValue(id)}`,
      `candidates[${index}].id`,
    );
  }
  if (
    relevance !== undefined &&
    !(typeof relevance === 'number' && relevance >= 0 && relevance <= 1)
  ) {
    bad(
      `candidates[${index}].relevance must be a finite number in [0, 1], got ${describeValue(relevance)}`,
      `candidates[${index}].relevance`,
    );
  }
  if (
    popularity !== undefined &&
    !(typeof popularity === 'number' && popularity >= 0 && popularity < Number.POSITIVE_INFINITY)
  ) {
    bad(
      `candidates[${index}].popularity must be a finite number ≥ 0, got ${describeValue(popularity)}`,
      `candidates[${index}].popularity`,
    );
  }
  if (features !== undefined && !Array.isArray(features)) {
    bad(
      `candidates[${index}].features must be an array of strings, got ${describeValue(features)}`,
      `candidates[${index}].features`,
    );
  }
}
