import { context, epochMs, name, total, version } from './client-guards.ts';
import { decoder, number, object, oneOf, record, text, tuple } from './guard.ts';
import type { PriorsSnapshot } from './priors-snapshot.ts';
import { SHARD_KEY } from './text-rules.ts';

/**
 * Checks a parsed priors snapshot: the same rules as {@link PriorsSnapshotSchema}, hand
 * written so the browser bundle needs no zod. Unknown fields are ignored; the value is
 * returned as is, not copied.
 *
 * @example
 * const result = decodePriorsSnapshot(await response.json());
 * if (result.ok) engine.setPriors(result.value);
 */
const positive = number(Number.MIN_VALUE);
const rho = (value: unknown) => (value === null ? undefined : number(-1, 1)(value));

export const decodePriorsSnapshot = decoder<PriorsSnapshot>(
  object(
    {
      app: name,
      version,
      generatedAt: epochMs,
      shards: record(text(1, 10, SHARD_KEY, 'a shard index'), version),
      decisions: record(name, record(context, record(name, tuple([total, total])))),
    },
    {
      maxWeightPerClient: positive,
      kappa: record(
        name,
        object(
          {
            value: positive,
            source: oneOf(['estimate', 'ceiling', 'fallback']),
            clients: version,
            rho,
          },
          { arms: record(context, record(name, positive)) },
        ),
      ),
    },
  ),
);
