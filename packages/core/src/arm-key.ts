import { CrowdbanditError, describeValue } from './errors.ts';

/** The three parts of an arm key. */
export interface ArmKeyParts {
  readonly decision: string;
  readonly context: string;
  readonly arm: string;
}

/**
 * The arm key `decision/context/arm`. Decision names and context keys never contain `/`,
 * so the key splits back unambiguously even when an arm id does.
 *
 * @example
 * armKey('home-feed', 'timeOfDay=evening', 'tt0111161'); // 'home-feed/timeOfDay=evening/tt0111161'
 */
export function armKey(decision: string, context: string, arm: string): string {
  return `${decision}/${context}/${arm}`;
}

/**
 * Splits an arm key made by {@link armKey}.
 *
 * @example
 * parseArmKey('strategy//gems'); // { decision: 'strategy', context: '', arm: 'gems' }
 */
export function parseArmKey(key: string): ArmKeyParts {
  const first = key.indexOf('/');
  const second = first === -1 ? -1 : key.indexOf('/', first + 1);
  if (second === -1) {
    throw new CrowdbanditError('invalid_state', `not an arm key: ${describeValue(key)}`, 'key');
  }
  return {
    decision: key.slice(0, first),
    context: key.slice(first + 1, second),
    arm: key.slice(second + 1),
  };
}

// The wire's rule (see @crowdbandit/protocol): no control characters (C0, C1) and no lone
// surrogates, which could not survive UTF-8. Checked here so a bad id fails at feedback
// time instead of getting a whole batch rejected later.
const WIRE_TEXT = /^[^\p{Cc}\p{Cs}]*$/u;

/**
 * Checks an arm id from an app: 1–128 characters, no control characters.
 *
 * @example
 * checkArmId('tt0111161', 'armId'); // ok
 */
export function checkArmId(arm: unknown, field: string): string {
  if (typeof arm !== 'string' || arm.length === 0 || arm.length > 128 || !WIRE_TEXT.test(arm)) {
    throw new CrowdbanditError(
      'invalid_option',
      `${field} must be a string of 1–128 characters without control characters or lone surrogates, got ${describeValue(arm)}`,
      field,
    );
  }
  return arm;
}
