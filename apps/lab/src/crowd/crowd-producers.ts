import { edgeCrowdRows } from './crowd-edge.ts';
import type { CrowdRowProducer } from './crowd-rows.ts';
import { type InProcessCrowdOptions, inProcessCrowdRows } from './in-process-rows.ts';

/**
 * Everything that writes rows of crowd.json, in the order they run: the in-process study
 * (with `options`), then the attacks and the κ check through the real edge in workerd.
 *
 * @example
 * const json = await collectCrowdRows(crowdProducers(), context);
 */
export function crowdProducers(options: InProcessCrowdOptions = {}): CrowdRowProducer[] {
  return [inProcessCrowdRows(options), edgeCrowdRows];
}
