import type { Policy } from './policy.ts';

/**
 * UCB1 (Auer, Cesa-Bianchi & Fischer 2002): play each arm once, then the arm with the
 * largest mean + √(2 ln t / nᵢ); ties go to the lower index. Deterministic.
 *
 * @example
 * const ucb = createUcb1(10);
 * ucb.update(ucb.choose(), 0);
 */
export function createUcb1(arms: number): Policy {
  const pulls = new Float64Array(arms);
  const rewards = new Float64Array(arms);
  let t = 0;
  let unplayed = arms;
  const pick = (): number => {
    if (unplayed > 0) return pulls.indexOf(0);
    const logT2 = 2 * Math.log(t);
    let best = 0;
    let bestIndex = Number.NEGATIVE_INFINITY;
    for (let i = 0; i < arms; i++) {
      const n = pulls[i]!;
      const index = rewards[i]! / n + Math.sqrt(logT2 / n);
      if (index > bestIndex) {
        bestIndex = index;
        best = i;
      }
    }
    return best;
  };
  return {
    name: 'ucb1',
    arms,
    choose: pick,
    update(arm, reward) {
      if (pulls[arm] === 0) unplayed -= 1;
      pulls[arm]! += 1;
      rewards[arm]! += reward;
      t += 1;
    },
    probabilities(out) {
      out.fill(0);
      out[pick()] = 1;
    },
  };
}
