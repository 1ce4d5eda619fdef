/**
 * Thrown where torch / Pyro raise `ValueError`: invalid parameters or
 * out-of-support values under validation, shapes that do not broadcast, an
 * invalid `expand` or `toEvent`.
 */
export class ValueError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ValueError';
  }
}
