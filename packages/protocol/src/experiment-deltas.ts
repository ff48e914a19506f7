import type { Delta } from './delta-batch.ts';
import { EXPERIMENT_KEY } from './experiment-limits.ts';

/**
 * Decision names starting with this prefix carry experiment counts, never arm evidence: an
 * app's own decisions may not start with `$`.
 */
export const EXPERIMENT_DECISION_PREFIX = '$exp/';

/**
 * One experiment count carried as a delta: the first exposure of a user to `variation` (an
 * index) in `phase`, or, with a `metric`, that user's conversion worth `value`.
 */
export interface ExperimentCount {
  readonly experiment: string;
  readonly phase: number;
  readonly variation: number;
  /** null for an exposure. */
  readonly metric: string | null;
  readonly value: number;
}

/**
 * The delta that carries an experiment count through the outbox, exactly once like any
 * other: decision `$exp/<experiment>`, context `<phase>`, arm `<variation>` for an exposure
 * or `<variation>/<metric>` for a conversion, `s` the value (1 for an exposure).
 *
 * @example
 * experimentDelta({ experiment: 'learner-rollout', phase: 1, variation: 1, metric: null, value: 1 });
 * // { decision: '$exp/learner-rollout', context: '1', arm: '1', s: 1, f: 0 }
 */
export function experimentDelta(count: ExperimentCount): Delta {
  return {
    decision: `${EXPERIMENT_DECISION_PREFIX}${count.experiment}`,
    context: String(count.phase),
    arm: count.metric === null ? String(count.variation) : `${count.variation}/${count.metric}`,
    s: count.value,
    f: 0,
  };
}

const WHOLE = /^(?:0|[1-9][0-9]{0,8})$/;

/** True when `decision` names experiment counts rather than a decision. */
export function isExperimentDecision(decision: string): boolean {
  return decision.startsWith(EXPERIMENT_DECISION_PREFIX);
}

/**
 * Reads an experiment count back from a delta whose decision starts with
 * {@link EXPERIMENT_DECISION_PREFIX}; `{ ok: false, message }` says which part is malformed.
 *
 * @example
 * const read = readExperimentDelta(delta);
 * if (!read.ok) throw new Error(read.message);
 */
export function readExperimentDelta(
  delta: Pick<Delta, 'decision' | 'context' | 'arm' | 's' | 'f'>,
): { ok: true; count: ExperimentCount } | { ok: false; field: string; message: string } {
  const experiment = delta.decision.slice(EXPERIMENT_DECISION_PREFIX.length);
  if (!delta.decision.startsWith(EXPERIMENT_DECISION_PREFIX) || !EXPERIMENT_KEY.test(experiment)) {
    return {
      ok: false,
      field: 'decision',
      message: `an experiment count's decision must be '${EXPERIMENT_DECISION_PREFIX}<experiment key>'`,
    };
  }
  if (!WHOLE.test(delta.context)) {
    return {
      ok: false,
      field: 'context',
      message: "an experiment count's context must be its phase, a whole number",
    };
  }
  const slash = delta.arm.indexOf('/');
  const variation = slash === -1 ? delta.arm : delta.arm.slice(0, slash);
  const metric = slash === -1 ? null : delta.arm.slice(slash + 1);
  if (!WHOLE.test(variation) || (metric !== null && !EXPERIMENT_KEY.test(metric))) {
    return {
      ok: false,
      field: 'arm',
      message:
        "an experiment count's arm must be '<variation index>' or '<variation index>/<metric key>'",
    };
  }
  if (delta.f !== 0) {
    return {
      ok: false,
      field: 'f',
      message: 'an experiment count carries no failure weight: f must be 0',
    };
  }
  return {
    ok: true,
    count: {
      experiment,
      phase: Number(delta.context),
      variation: Number(variation),
      metric,
      value: delta.s,
    },
  };
}
