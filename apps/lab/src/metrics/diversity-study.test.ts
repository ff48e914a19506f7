import { describe, expect, it } from 'vitest';
import { crowdTotals, diversityConfigs, runDiversityStudy } from './diversity-study.ts';
import { loadFilms } from './films.ts';

const films = loadFilms();

describe('crowdTotals', () => {
  it('gives popular films more evidence and good films a larger like share', () => {
    const arms = crowdTotals(films).feed![''];
    const top = [...films].sort((a, b) => b.popularity - a.popularity)[0]!;
    const [s, f] = arms![top.id]!;
    expect(s + f).toBeCloseTo(2000, 9);
    expect(s / (s + f)).toBeCloseTo((top.imdbRating / 10) ** 3, 9);
  });
});

describe('runDiversityStudy', () => {
  const configs = diversityConfigs(15_115).filter((c) =>
    ['none', 'dampen-0.5', 'mmr'].includes(c.id),
  );
  const rows = runDiversityStudy({ films, configs, users: 12, rounds: 2, k: 20, seed: 1 });
  const row = (id: string) => rows.find((r) => r.config.id === id)!;

  it('computes every metric in its range', () => {
    for (const r of rows) {
      for (const x of [
        r.precision,
        r.recall,
        r.ndcg,
        r.mrr,
        r.likeRate,
        r.intraListDiversity,
        r.longTailShare,
        r.serendipity,
        r.coverage,
        r.gini,
      ]) {
        expect(x).toBeGreaterThanOrEqual(0);
        expect(x).toBeLessThanOrEqual(1);
      }
      expect(r.novelty).toBeGreaterThan(1);
    }
  });

  it('shows popularity dampening pushing feeds into the long tail', () => {
    expect(row('dampen-0.5').longTailShare).toBeGreaterThan(row('none').longTailShare);
    expect(row('dampen-0.5').novelty).toBeGreaterThan(row('none').novelty);
  });

  it('shows MMR making feeds more diverse', () => {
    expect(row('mmr').intraListDiversity).toBeGreaterThan(row('none').intraListDiversity + 0.05);
  });
});
