// Internal: the one place an alert's sentence is written, for GET /stats and the alert log.
import type { StatsAlert } from '@crowdbandit/protocol';

type Facts = Pick<StatsAlert, 'kind' | 'decision' | 'context' | 'arm' | 'value' | 'threshold'>;

const where = (decision: string, context: string) => `${decision}${context ? ` (${context})` : ''}`;

/** The alert's message, from its kind and reading. */
export function alertMessage({ kind, decision, context, arm, value, threshold }: Facts): string {
  switch (kind) {
    case 'dominant-arm':
      return `${arm} takes ${(value * 100).toFixed(0)}% of selections in ${where(decision, context)}`;
    case 'low-success':
      return `${arm} succeeds ${(value * 100).toFixed(2)}% of the time in ${where(decision, context)}, under the ${(threshold * 100).toFixed(2)}% floor`;
    case 'sudden-shift':
      return `clients first seen in one push period moved ${arm}'s mean in ${where(decision, context)} by ${value.toFixed(1)} points`;
  }
}
