/**
 * Context features the engine fills in itself when the caller does not.
 *
 * @example
 * const decision: DecisionConfig = { kind: 'choose', arms, context: [...BUILT_IN_FEATURES] };
 */
export const BUILT_IN_FEATURES = ['timeOfDay', 'dayType', 'sessionPosition', 'userType'] as const;
