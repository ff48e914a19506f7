import { describe, expect, it } from 'vitest';
import type { Film } from '../metrics/films.ts';
import { ratedCatalog, sessionRelevance } from './session-relevance.ts';

const film = (id: string, imdbRating: number, features: string[]): Film => ({
  id,
  title: id,
  genre: features[0]?.slice('genre:'.length) ?? null,
  imdbRating,
  popularity: 100,
  features,
});

const FILMS = [
  film('noir-a', 8, ['genre:Noir', 'director:X']),
  film('noir-b', 6, ['genre:Noir', 'director:Y']),
  film('comedy', 9, ['genre:Comedy', 'director:Z']),
];

describe('the app relevance the baseline ranks by', () => {
  it('is the IMDB rating / 10 in the demo app', () => {
    expect(ratedCatalog(FILMS).map((c) => c.relevance)).toEqual([0.8, 0.6, 0.9]);
  });

  it('moves films like the ones liked in the session up, within [0, 1]', () => {
    const relevance = sessionRelevance(FILMS);
    expect(relevance.candidates().map((c) => c.relevance)).toEqual([0.8, 0.6, 0.9]);
    relevance.like(FILMS[0]!);
    const [a, b, c] = relevance.candidates().map((x) => x.relevance!);
    // noir-b shares the genre: 0.4·0.6 + 0.6·(1 / (√2·√2)); the comedy shares nothing: 0.4·0.9.
    expect(b).toBeCloseTo(0.24 + 0.3, 12);
    expect(c).toBeCloseTo(0.36, 12);
    expect(b!).toBeGreaterThan(c!);
    expect(a).toBeCloseTo(0.32 + 0.6, 12);
    for (const r of [a, b, c]) expect(r).toBeLessThanOrEqual(1);
  });
});
