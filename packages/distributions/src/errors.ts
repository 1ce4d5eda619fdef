/**
 * Thrown where Pyro / torch raise `NotImplementedError`: a transform without
 * a log-Jacobian (SoftmaxTransform, LowerCholeskyTransform, ...), a sign that
 * is not defined, a constraint with no registered transform.
 */
export class NotImplementedError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'NotImplementedError';
  }
}
