import { describe, expect, it } from 'vitest';
import { loadFilms } from './films.ts';

describe('loadFilms', () => {
  it('keeps films with a title and an IMDB rating, with the demo features', () => {
    const films = loadFilms();
    expect(films.length).toBe(2987);
    expect(new Set(films.map((f) => f.id)).size).toBe(films.length);
    const features = new Set(
      films.flatMap((f) => f.features.map((x) => x.slice(0, x.indexOf(':')))),
    );
    expect([...features].sort()).toEqual(['creative', 'decade', 'director', 'genre', 'mpaa']);
  });

  it('builds ids, decades and popularity like the demo catalog', () => {
    const [film] = loadFilms([
      {
        Title: 'The Land Girls',
        'Release Date': 'Jun 12 1998',
        'Major Genre': null,
        'Creative Type': null,
        Director: null,
        'MPAA Rating': 'R',
        'IMDB Rating': 6.1,
        'IMDB Votes': 1071,
      },
    ]);
    expect(film).toMatchObject({
      id: 'the-land-girls-1998',
      popularity: 1071,
      features: ['decade:1990s', 'mpaa:R'],
    });
  });
});
