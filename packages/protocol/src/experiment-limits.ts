// Internal: the experiment key rule and size limits, apart from the zod schemas in
// experiment.ts so that the hand-written client decoders can use them without pulling zod in.

/**
 * An experiment, variation or metric key: 1–64 characters of `A-Z a-z 0-9 _ . -`, starting
 * with a letter or digit, so it can sit in a URL path and inside a delta's names as is.
 */
export const EXPERIMENT_KEY = /^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$/;

/** The most variations one experiment may have. */
export const MAX_VARIATIONS = 20;

/** The most metrics one experiment may name. */
export const MAX_METRICS = 20;
