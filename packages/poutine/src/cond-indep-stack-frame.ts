// One entry of a site's `condIndepStack`: a plate the site is inside.

/** Pyro's `CondIndepStackFrame(name, dim, size, counter, full_size)`. */
export class CondIndepStackFrame {
  constructor(
    /** The plate's name. */
    readonly name: string,
    /** The plate's (negative) batch dim, or null for a sequential plate. */
    readonly dim: number | null,
    /** The plate's size at this site (the subsample size when subsampling; -1 for an unsized plate). */
    readonly size: number,
    /** How many times a sequential plate has been entered (distinguishes its iterations). */
    readonly counter: number,
    /** The plate's full size before subsampling. */
    readonly fullSize?: number,
  ) {}

  /** Whether the plate is vectorized (has a batch dim). */
  get vectorized(): boolean {
    return this.dim !== null;
  }

  /** Pyro's equality: same name, dim, size and counter. */
  equals(other: CondIndepStackFrame): boolean {
    return this.name === other.name && this.dim === other.dim && this.size === other.size && this.counter === other.counter;
  }

  /** A string key for sets and maps (the fields that define equality). */
  key(): string {
    return `${this.name}\u0000${this.dim}\u0000${this.size}\u0000${this.counter}`;
  }

  toString(): string {
    return this.name;
  }
}
