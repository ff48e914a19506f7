import { LabError } from '../lab-error.ts';
import { readObdLog } from '../obd/obd-log.ts';
import { OBD_ATTRIBUTION, obdMissing, obdPaths } from '../obd/obd-paths.ts';
import { type ShrunkRates, shrunkItemRates } from '../obd/obd-rates.ts';
import { type Environment, OBD_ENVIRONMENT_ID } from './environments.ts';

/**
 * The OBD-like low-CTR catalog: 34 items whose rates are the shrunk per-item CTRs of the
 * OBD "Men" uniformly random logs.
 *
 * @throws LabError saying where it looked and how to pass --data when the sample is absent.
 *
 * @example
 * const { environment } = obdEnvironment('/work/shared/data/obd');
 * environment.rates.length; // 34
 */
export function obdEnvironment(dataDir: string): {
  environment: Environment;
  estimate: ShrunkRates;
} {
  const missing = obdMissing(dataDir);
  if (missing !== null) throw new LabError(missing);
  const estimate = shrunkItemRates(readObdLog(obdPaths(dataDir).random));
  return {
    environment: {
      id: OBD_ENVIRONMENT_ID,
      label: `OBD-like catalog, ${estimate.rates.length} items, mean CTR ${(estimate.pooledRate * 100).toFixed(2)}%`,
      rates: estimate.rates,
      source: OBD_ATTRIBUTION,
    },
    estimate,
  };
}
