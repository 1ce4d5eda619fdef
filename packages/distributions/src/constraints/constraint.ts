// The Constraint base class (torch.distributions.constraints.Constraint).
import { tf } from '@pyro-ts/tensor';
import type { Tensor } from '@pyro-ts/tensor';
import { toTensor, type TensorInput } from '../internal/params.js';

/**
 * A region over which a variable is valid. `check(value)` returns a bool
 * tensor of shape `value.shape` minus the rightmost `eventDim` dims saying
 * whether each event lies in the region.
 */
export abstract class Constraint {
  /** torch's class name (`_GreaterThan`, `_IndependentConstraint`, ...); its repr drops the underscore. */
  abstract readonly className: string;
  /**
   * The public Pyro name: the singleton's name (`positive`, `real_vector`,
   * `unit_interval`) or the family of a constructed one (`greater_than`,
   * `interval`, `independent`).
   */
  readonly name: string;

  constructor(name: string) {
    this.name = name;
  }

  /** Whether the constrained space is discrete. */
  get isDiscrete(): boolean {
    return false;
  }

  /** Number of rightmost dimensions that together form one event. */
  get eventDim(): number {
    return 0;
  }

  /** Bool tensor: whether each event of `value` satisfies the constraint. */
  check(value: TensorInput): Tensor {
    return tf.tidy(() => this.checkTensor(toTensor(value)));
  }

  /** The check on a float32 tensor; runs inside `check`'s tf.tidy. */
  protected abstract checkTensor(value: Tensor): Tensor;

  /** torch's repr, e.g. `Real()`, `GreaterThan(lower_bound=0.0)`. */
  toString(): string {
    return `${this.className.slice(1)}()`;
  }
}

/** Gives a singleton its public name (`positive` is a `_GreaterThan(0.0)` named `positive`). */
export function named<C extends Constraint>(c: C, name: string): C {
  Object.defineProperty(c, 'name', { value: name, writable: false, enumerable: true });
  return c;
}

/**
 * Placeholder for a support that depends on other variables
 * (torch's `constraints.dependent`); `check` throws. `isDiscrete` and
 * `eventDim` throw unless given.
 */
export class Dependent extends Constraint {
  readonly className: string = '_Dependent';
  private readonly _isDiscrete: boolean | undefined;
  private readonly _eventDim: number | undefined;

  constructor(options: { isDiscrete?: boolean; eventDim?: number } = {}) {
    super('dependent');
    this._isDiscrete = options.isDiscrete;
    this._eventDim = options.eventDim;
  }

  override get isDiscrete(): boolean {
    if (this._isDiscrete === undefined) throw new Error('.isDiscrete cannot be determined statically');
    return this._isDiscrete;
  }

  override get eventDim(): number {
    if (this._eventDim === undefined) throw new Error('.eventDim cannot be determined statically');
    return this._eventDim;
  }

  /** A dependent constraint with these static attributes (torch's `dependent(is_discrete=..., event_dim=...)`). */
  with(options: { isDiscrete?: boolean; eventDim?: number }): Dependent {
    return new Dependent({ isDiscrete: options.isDiscrete ?? this._isDiscrete, eventDim: options.eventDim ?? this._eventDim });
  }

  protected checkTensor(_value: Tensor): Tensor {
    throw new Error('Cannot determine validity of dependent constraint');
  }
}

/** Whether `c` is a dependent constraint (torch's `constraints.is_dependent`). */
export function isDependent(c: unknown): c is Dependent {
  return c instanceof Dependent;
}
