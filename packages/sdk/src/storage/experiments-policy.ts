// Internal: read as the host starts (kept apart from experiment-ops.ts, which loads with the
// experiment code): whether a stored experiment switches a decision's policy.
import type { ExperimentsRecord } from './records.ts';
import type { Store } from './store.ts';

/** True when the stored experiments snapshot has an experiment on a decision. */
export function storedPolicyExperiments(store: Store): Promise<boolean> {
  return store.run(
    ['experiments'],
    'readonly',
    async (tx) => (await tx.get<ExperimentsRecord>('experiments', 'current'))?.policy === true,
  );
}
