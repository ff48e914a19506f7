import { type ShrunkRates, shrunkItemRates } from '../obd/obd-rates.ts';
import { type ObdSample, readObdSample } from '../obd/obd-sample.ts';
import type { Environment } from './environments.ts';

/**
 * The OBD-like low-CTR catalog of the campaign sample under `dataDir`: one item per item of
 * the campaign, whose rate is the item's shrunk CTR in the uniformly random log. Its id is
 * `obd-<campaign>` and its label and source name the campaign and item count read.
 *
 * @throws LabError saying where it looked and how to pass --data when the sample is absent.
 *
 * @example
 * const { environment } = await obdEnvironment(DEFAULT_DATA_DIR);
 * environment.id; // 'obd-men'
 * environment.rates.length; // 34
 */
export async function obdEnvironment(dataDir: string): Promise<{
  environment: Environment;
  estimate: ShrunkRates;
  sample: ObdSample;
}> {
  const sample = await readObdSample(dataDir);
  const estimate = shrunkItemRates(sample.random);
  return {
    environment: {
      id: `obd-${sample.campaign}`,
      label: `OBD-like catalog ("${sample.title}" campaign), ${sample.items} items, mean CTR ${(estimate.pooledRate * 100).toFixed(2)}%`,
      rates: estimate.rates,
      source: sample.attribution,
    },
    estimate,
    sample,
  };
}
