// Internal: posterior intervals for explanations, loaded the first time one is asked for
// (the Beta quantile code is about a fifteenth of the worker).
import {
  type ArmPosterior,
  type ChooseResult,
  type RankedItem,
  withInterval,
} from '@crowdbandit/core';

/** Ranked items with the 95% interval in each explanation. */
export function explainRanked(items: readonly RankedItem[]): RankedItem[] {
  return items.map((item) => ({ ...item, explanation: withInterval(item.explanation) }));
}

/** A choice with the 95% interval of each arm. */
export function explainChosen(result: ChooseResult): ChooseResult {
  return { ...result, arms: result.arms.map((arm) => withInterval(arm)) };
}

/** A posterior with its 95% interval. */
export function explainPosterior(posterior: ArmPosterior) {
  return withInterval(posterior);
}
