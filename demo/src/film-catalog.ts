/** One film of the demo catalog. */
export interface Film {
  readonly id: string;
  readonly title: string;
  readonly year: number | null;
  readonly genre: string | null;
  readonly creativeType: string | null;
  readonly director: string | null;
  readonly mpaa: string | null;
  readonly imdbRating: number | null;
  readonly imdbVotes: number;
  /** Session-boost features: genre, creative type, director, decade, MPAA rating. */
  readonly features: readonly string[];
}

/** A row of vega-datasets' movies.json, the fields the catalog uses. */
export interface MovieRow {
  readonly Title: string | number | null;
  readonly 'Release Date': string | null;
  readonly 'Major Genre': string | null;
  readonly 'Creative Type': string | null;
  readonly Director: string | null;
  readonly 'MPAA Rating': string | null;
  readonly 'IMDB Rating': number | null;
  readonly 'IMDB Votes': number | null;
}

function slug(text: string): string {
  return text
    .normalize('NFKD')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-|-$/g, '')
    .slice(0, 60);
}

/**
 * The catalog from the rows of the vega-datasets `movies.json` (IMDB and box-office data):
 * films with a title and an IMDB rating. Ids are stable slugs of title and year. The demo
 * and the lab both build their catalog with it.
 *
 * @example
 * const films = filmsFrom(JSON.parse(readFileSync(moviesJsonPath, 'utf8')));
 * films[0].features; // ['genre:…', 'creative:…', 'director:…', 'decade:1990s', 'mpaa:R']
 */
export function filmsFrom(rows: readonly MovieRow[]): Film[] {
  const films: Film[] = [];
  const ids = new Set<string>();
  for (const row of rows) {
    if (row.Title === null || row['IMDB Rating'] === null) continue;
    const title = String(row.Title);
    const match = /(\d{4})$/.exec(row['Release Date'] ?? '');
    const year = match ? Number(match[1]) : null;
    // A few rows carry two-digit years parsed into the future; they have no decade.
    const sane = year !== null && year >= 1915 && year <= 2012 ? year : null;
    let id = slug(`${title} ${sane ?? ''}`);
    for (let n = 2; ids.has(id); n++) id = slug(`${title} ${sane ?? ''} ${n}`);
    ids.add(id);
    const features = [
      row['Major Genre'] && `genre:${row['Major Genre']}`,
      row['Creative Type'] && `creative:${row['Creative Type']}`,
      row.Director && `director:${row.Director}`,
      sane !== null && `decade:${Math.floor(sane / 10) * 10}s`,
      row['MPAA Rating'] && `mpaa:${row['MPAA Rating']}`,
    ].filter((f): f is string => typeof f === 'string');
    films.push({
      id,
      title,
      year: sane,
      genre: row['Major Genre'],
      creativeType: row['Creative Type'],
      director: row.Director,
      mpaa: row['MPAA Rating'],
      imdbRating: row['IMDB Rating'],
      imdbVotes: row['IMDB Votes'] ?? 0,
      features,
    });
  }
  return films;
}
