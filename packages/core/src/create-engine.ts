import { checkDecision } from './check-decision.ts';
import { checkEngineOptions } from './check-engine-options.ts';
import { buildEngine } from './engine.ts';
import type { Engine, EngineOptions } from './engine-types.ts';
import { resolveSession } from './session-options.ts';

/**
 * Creates a decision engine. Throws a {@link CrowdbanditError} naming the field for any
 * misconfiguration.
 *
 * @example
 * const engine = createEngine({
 *   decisions: { 'home-feed': { kind: 'rank', k: 10 } },
 *   seed: 42,
 * });
 * const feed = engine.rank('home-feed', films.map((f) => ({ id: f.id, features: f.tags })));
 * engine.feedback('home-feed', feed[0].id, 'like');
 */
export function createEngine(options: EngineOptions): Engine {
  checkEngineOptions(options);
  for (const [name, config] of Object.entries(options.decisions)) checkDecision(name, config);
  resolveSession(options.session);
  return buildEngine(options);
}
