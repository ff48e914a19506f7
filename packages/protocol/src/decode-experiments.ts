import { epochMs, name, unit, version } from './client-guards.ts';
import type { ExperimentsSnapshot } from './experiment.ts';
import { EXPERIMENT_KEY, MAX_METRICS, MAX_VARIATIONS } from './experiment-limits.ts';
import type { ExperimentsAnnouncement } from './experiments-announcement.ts';
import {
  array,
  decoder,
  type Guard,
  number,
  object,
  oneOf,
  record,
  refine,
  text,
  tuple,
} from './guard.ts';

const key = text(1, 64, EXPERIMENT_KEY, 'A-Z a-z 0-9 _ . - starting with a letter or digit');
const label = text(1, 256);
const value: Guard = (found) =>
  typeof found === 'boolean'
    ? undefined
    : typeof found === 'number'
      ? number(-Number.MAX_VALUE)(found)
      : text(0, 1024)(found);

const variation = object({ key }, { name: label, value, policy: oneOf(['baseline', 'learner']) });

const namespace = refine(tuple([key, unit, unit]), (ns: [string, number, number]) =>
  ns[1] < ns[2] ? undefined : { path: [2], message: 'the namespace range must have start < end' },
);

const experiment = object(
  {
    key,
    variations: array(variation, 2, MAX_VARIATIONS),
    weights: array(unit, 2, MAX_VARIATIONS),
    coverage: unit,
    hashAttribute: oneOf(['clientId', 'userId']),
    hashVersion: oneOf([2]),
    metrics: array(key, 0, MAX_METRICS),
    status: oneOf(['draft', 'running', 'stopped']),
    phase: version,
    seed: text(1, 128),
  },
  {
    name: label,
    decision: name,
    namespace,
    winner: version,
    startedAt: epochMs,
    stoppedAt: epochMs,
  },
);

/**
 * Checks a parsed experiments snapshot: the same rules as {@link ExperimentsSnapshotSchema},
 * hand written so the browser bundle needs no zod. Unknown fields are ignored.
 *
 * @example
 * const result = decodeExperimentsSnapshot(await response.json());
 * if (result.ok) experiments = result.value.experiments;
 */
export const decodeExperimentsSnapshot = decoder<ExperimentsSnapshot>(
  object({
    app: text(1, 128),
    version,
    generatedAt: epochMs,
    experiments: record(key, experiment),
  }),
);

/**
 * Checks a parsed WebSocket message that announces a new experiments snapshot, the same
 * rules as {@link ExperimentsAnnouncementSchema}.
 *
 * @example
 * const result = decodeExperimentsAnnouncement(JSON.parse(event.data));
 * if (result.ok && result.value.version > known) refetchExperiments();
 */
export const decodeExperimentsAnnouncement = decoder<ExperimentsAnnouncement>(
  object({ type: oneOf(['experiments']), version }),
);
