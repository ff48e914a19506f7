import { CrowdbanditError, describeValue } from './errors.ts';

/** Part of the day in the device's local time. */
export type TimeOfDay = 'morning' | 'afternoon' | 'evening' | 'night';
/** Weekday or weekend. */
export type DayType = 'weekday' | 'weekend';
/** Where in the session the visitor is, by interactions so far. */
export type SessionPosition = 'early' | 'middle' | 'late';
/** Kind of visitor, by interactions ever. */
export type UserType = 'cold-start' | 'regular' | 'power';

/**
 * Buckets an hour 0..23: morning 5–11, afternoon 12–16, evening 17–21, night 22–4.
 *
 * @example
 * timeOfDay(new Date().getHours()); // 'evening' at 19:30
 */
export function timeOfDay(hour: number): TimeOfDay {
  if (hour >= 5 && hour < 12) return 'morning';
  if (hour >= 12 && hour < 17) return 'afternoon';
  if (hour >= 17 && hour < 22) return 'evening';
  return 'night';
}

/**
 * Saturday and Sunday are the weekend (`day` as from `Date#getDay`, 0 = Sunday).
 *
 * @example
 * dayType(new Date(2026, 10, 22).getDay()); // 'weekend' (a Sunday)
 */
export function dayType(day: number): DayType {
  return day === 0 || day === 6 ? 'weekend' : 'weekday';
}

/**
 * Buckets the interactions of this session: early below `early` (5), late from `late` (20).
 *
 * @example
 * sessionPosition(7); // 'middle'
 */
export function sessionPosition(interactions: number, early = 5, late = 20): SessionPosition {
  if (interactions < early) return 'early';
  return interactions < late ? 'middle' : 'late';
}

/**
 * Buckets the interactions of this visitor ever: cold-start below `regular` (10), power
 * from `power` (100).
 *
 * @example
 * userType(0); // 'cold-start'
 */
export function userType(interactions: number, regular = 10, power = 100): UserType {
  if (interactions < regular) return 'cold-start';
  return interactions < power ? 'regular' : 'power';
}

/** Feature values an app passes with a call; numbers must be bucketed first. */
export type ContextValues = { readonly [feature: string]: string | boolean | undefined };

const VALUE = /^[\w.:+-]{1,64}$/;

/**
 * The deterministic context key of a decision: its features in the decision's order as
 * `name=value`, joined by `;` (`""` for a decision without context features). Only this key
 * ever leaves the device, never the raw context.
 *
 * @example
 * contextKey(['timeOfDay', 'dayType'], { dayType: 'weekend', timeOfDay: 'evening' });
 * // 'timeOfDay=evening;dayType=weekend'
 */
export function contextKey(features: readonly string[], values: ContextValues): string {
  let key = '';
  for (const name of features) {
    const raw = values[name];
    if (raw === undefined) {
      throw new CrowdbanditError(
        'invalid_context',
        `context.${name} is required by this decision`,
        `context.${name}`,
      );
    }
    const value = typeof raw === 'boolean' ? String(raw) : raw;
    if (typeof value !== 'string' || !VALUE.test(value)) {
      throw new CrowdbanditError(
        'invalid_context',
        `context.${name} must be a bucket name of 1–64 letters, digits or . : + - _ (bucket numbers first), got ${describeValue(raw)}`,
        `context.${name}`,
      );
    }
    key += key === '' ? `${name}=${value}` : `;${name}=${value}`;
  }
  return key;
}
