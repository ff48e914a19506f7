import { en } from 'zod/locales';
import { config } from 'zod/mini';

/**
 * Installs zod's English messages (zod/mini ships none and says "Invalid input"). Global to
 * the zod instance: call it once at startup of the edge, not in browser code.
 *
 * @example
 * installEnglishMessages();
 * const result = validateBatch({});
 * if (!result.ok) console.log(result.error.message);
 * // 'clientId: Invalid input: expected string, received undefined (and 2 more)'
 */
export function installEnglishMessages(): void {
  config(en());
}
