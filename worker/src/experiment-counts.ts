// Internal: separates a batch's experiment counts ($exp/… deltas) from its arm evidence.

import {
  type Delta,
  type ExperimentCount,
  isExperimentDecision,
  readExperimentDelta,
  type WireIssue,
} from '@crowdbandit/protocol';

/** A batch's deltas split into arm evidence and experiment counts, or what is malformed. */
export interface SplitDeltas {
  readonly evidence: Delta[];
  readonly counts: ExperimentCount[];
  /** One issue per malformed experiment delta, with its path (`deltas.3.arm`). */
  readonly issues: WireIssue[];
}

/**
 * Splits a batch's deltas: those under the reserved `$exp/` decision are experiment counts,
 * read with the protocol's `readExperimentDelta`; everything else is arm evidence.
 */
export function splitDeltas(deltas: readonly Delta[]): SplitDeltas {
  const evidence: Delta[] = [];
  const counts: ExperimentCount[] = [];
  const issues: WireIssue[] = [];
  deltas.forEach((delta, index) => {
    if (!isExperimentDecision(delta.decision)) {
      evidence.push(delta);
      return;
    }
    const read = readExperimentDelta(delta);
    if (read.ok) counts.push(read.count);
    else issues.push({ path: `deltas.${index}.${read.field}`, message: read.message });
  });
  return { evidence, counts, issues };
}
