import {
  type ContextValues,
  contextKey,
  dayType,
  sessionPosition,
  timeOfDay,
  userType,
} from './context.ts';
import type { ResolvedDecision } from './decision.ts';
import { CrowdbanditError, describeValue } from './errors.ts';

/** What the engine knows now, from which the built-in context features derive. */
export interface ContextNow {
  readonly hour: number;
  readonly day: number;
  /** Interactions in this session. */
  readonly sessionInteractions: number;
  /** Interactions ever. */
  readonly interactions: number;
}

/**
 * The context key of a call for a decision: the decision's features taken from the app's
 * values, or else derived (timeOfDay, dayType, sessionPosition, userType). '' for a
 * decision without context.
 *
 * @example
 * contextKeyFor(decision, { userType: 'power' }, { hour: 8, day: 1, sessionInteractions: 0, interactions: 3 });
 * // 'timeOfDay=morning|userType=power' for context ['timeOfDay', 'userType']
 */
export function contextKeyFor(
  d: ResolvedDecision,
  values: ContextValues | undefined,
  now: ContextNow,
): string {
  if (d.context.length === 0) return '';
  if (values !== undefined && (typeof values !== 'object' || values === null)) {
    throw new CrowdbanditError(
      'invalid_context',
      `context must be an object of feature values, got ${describeValue(values)}`,
      'context',
    );
  }
  return contextKey(d.context, {
    timeOfDay: timeOfDay(now.hour),
    dayType: dayType(now.day),
    sessionPosition: sessionPosition(now.sessionInteractions),
    userType: userType(now.interactions),
    ...values,
  });
}
