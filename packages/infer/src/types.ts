// The callables inference runs.

/** A model: any synchronous function containing sample/param/plate statements. */
export type Model<A extends unknown[] = any[]> = (...args: A) => unknown;

/**
 * A guide: a function of the model's arguments that samples the model's
 * latent sites (hand-written, or an autoguide, which is callable too).
 */
export type Guide<A extends unknown[] = any[]> = (...args: A) => unknown;
