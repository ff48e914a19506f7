import { type Rng, sampleNormal } from '@crowdbandit/core';
import type { Film } from './films.ts';

/** A simulated visitor: what they would like, known to the simulation only. */
export interface SimulatedUser {
  readonly favouriteGenres: readonly string[];
  /** Probability of a like per film, in catalog order. */
  readonly likeProbability: Float64Array;
  /** Ground truth for the ranking metrics: films this user likes with probability ≥ 1/2. */
  readonly relevant: ReadonlySet<string>;
}

const sigmoid = (x: number) => 1 / (1 + Math.exp(-x));

/**
 * Draws a visitor with two favourite genres (drawn in proportion to the genres' sizes) whose
 * like probability is sigmoid(−2.5 + 2.5·[favourite genre] + 0.8·(IMDB rating − 6.5) + ε),
 * ε ~ N(0, 0.8²) per film: they like good films of their genres, a few others, and
 * popularity as such does not matter to them.
 *
 * @example
 * const user = simulatedUser(films, createRng(1));
 * user.relevant.size; // a few hundred films
 */
export function simulatedUser(films: readonly Film[], rng: Rng): SimulatedUser {
  const genres = films.map((f) => f.genre).filter((g): g is string => g !== null);
  const favourites = new Set<string>();
  while (favourites.size < 2) favourites.add(genres[Math.floor(rng() * genres.length)]!);
  const likeProbability = new Float64Array(films.length);
  const relevant = new Set<string>();
  films.forEach((film, i) => {
    const fan = film.genre !== null && favourites.has(film.genre) ? 2.5 : 0;
    const p = sigmoid(-2.5 + fan + 0.8 * (film.imdbRating - 6.5) + 0.8 * sampleNormal(rng));
    likeProbability[i] = p;
    if (p >= 0.5) relevant.add(film.id);
  });
  return { favouriteGenres: [...favourites], likeProbability, relevant };
}
