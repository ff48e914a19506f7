// Internal: the encoders' guard. A batch that breaks the contract is a bug in the caller, so
// it throws (the one place this package throws), naming the field to fix.
import { checkBatch } from './check-batch.ts';
import type { DeltaBatch } from './delta-batch.ts';

export function assertBatch(batch: DeltaBatch): void {
  const problem = checkBatch(batch);
  if (problem) {
    throw new RangeError(`cannot encode this delta batch: ${problem.path}: ${problem.message}`);
  }
}
