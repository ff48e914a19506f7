import { deltaKey } from './delta-key.ts';

const utf8 = new TextEncoder();

// core's hash32, again: the client entry imports nothing outside this package (a test checks
// the two agree).
function hash32(text: string): number {
  let hash = 0x811c9dc5;
  for (const byte of utf8.encode(text)) hash = Math.imul(hash ^ byte, 0x01000193);
  return hash >>> 0;
}

/**
 * Whether the edge already knows an arm, so that a batch may name it by its 4-byte
 * {@link armRef} instead of spelling its id out: in the SDK, the arms of the community priors
 * the edge last sent.
 *
 * @example
 * const known: KnownArms = (decision, context, arm) =>
 *   Object.hasOwn(priors.decisions[decision]?.[context] ?? {}, arm);
 */
export type KnownArms = (decision: string, context: string, arm: string) => boolean;

/**
 * The 4-byte name of an arm id in a batch of format version 3: the FNV-1a 32 hash of its
 * UTF-8 bytes (core's hash32). The edge finds the arm among those it holds totals for under
 * the same decision and context.
 *
 * @example
 * armRef('the-dark-knight-2008'); // an unsigned 32-bit integer
 */
export function armRef(arm: string): number {
  return hash32(arm);
}

/**
 * The check a batch with refs ends with: hash32 of the referenced arm keys in the batch's
 * order, each `decision NUL context NUL arm`, joined by NUL. The edge recomputes it from the
 * arms it resolved, so a ref that found another arm with the same hash refuses the batch
 * instead of counting the wrong arm.
 *
 * @example
 * refCheck([{ decision: 'home-feed', context: '', arm: 'the-dark-knight-2008' }]);
 */
export function refCheck(
  keys: readonly { readonly decision: string; readonly context: string; readonly arm: string }[],
): number {
  return hash32(keys.map(deltaKey).join('\u0000'));
}
