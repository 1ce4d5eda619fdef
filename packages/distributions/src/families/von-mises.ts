// VonMises(loc, concentration): torch.distributions.VonMises, a circular
// distribution with density exp(κ cos(x − loc)) / (2π I0(κ)).
import { tf, broadcastShapes, logBesselI, rand } from '@pyro-ts/tensor';
import type { Tensor } from '@pyro-ts/tensor';
import type { Constraint } from '../constraints/constraint.js';
import { positive, real } from '../constraints/index.js';
import type { TensorInput } from '../internal/params.js';
import { inputShape, parseArgs, required, type DistributionOptions } from '../distribution/args.js';
import { Distribution } from '../distribution/internal.js';

export interface VonMisesArgs extends DistributionOptions {
  loc: TensorInput;
  concentration: TensorInput;
}

/** Rejection rounds before giving up (each accepts with probability > 0.65). */
const MAX_ROUNDS = 200;

/**
 * The von Mises distribution on the circle with mean direction `loc` and
 * concentration κ > 0; samples lie in [−π, π). Sampling is Best & Fisher's
 * rejection method (Applied Statistics 28, 1979), vectorized with one
 * read-back per round, as torch does it.
 */
export class VonMises extends Distribution {
  constructor(loc: TensorInput, concentration: TensorInput, options?: DistributionOptions);
  constructor(args: VonMisesArgs);
  constructor(...args: unknown[]) {
    const kw = parseArgs('VonMises', args, ['loc', 'concentration']);
    const loc = required('VonMises', kw, 'loc');
    const concentration = required('VonMises', kw, 'concentration');
    super(broadcastShapes(inputShape(loc), inputShape(concentration)), [], kw);
    Object.assign(this._params, { loc, concentration });
    this.validateParams();
  }

  override get className(): string {
    return 'VonMises';
  }

  override get argConstraints(): Record<string, Constraint> {
    return { loc: real, concentration: positive };
  }

  override get support(): Constraint {
    return real;
  }

  get loc(): Tensor {
    return this.pOut('loc');
  }

  get concentration(): Tensor {
    return this.pOut('concentration');
  }

  override expand(batchShape: readonly number[]): VonMises {
    return this.expandedCopy(batchShape);
  }

  override logProb(value: TensorInput): Tensor {
    return tf.tidy(() => {
      const v = this.checkedValue(value);
      const k = this.p('concentration');
      return tf.sub(tf.sub(tf.mul(k, tf.cos(tf.sub(v, this.p('loc')))), Math.log(2 * Math.PI)), logBesselI(k, 0));
    });
  }

  /** Best & Fisher's r = (1 + ρ²) / (2ρ), with ρ written without cancellation for small κ; call inside tf.tidy. */
  protected proposalR(k: Tensor): Tensor {
    const s = tf.sqrt(tf.add(tf.mul(tf.square(k), 4), 1));
    const tau = tf.add(s, 1);
    // ρ = (τ − √(2τ)) / (2κ) = 2κτ / ((√(1 + 4κ²) + 1)(τ + √(2τ))).
    const rho = tf.div(tf.mul(tf.mul(k, tau), 2), tf.mul(tf.add(s, 1), tf.add(tau, tf.sqrt(tf.mul(tau, 2)))));
    return tf.div(tf.add(tf.square(rho), 1), tf.mul(rho, 2));
  }

  override sample(sampleShape: readonly number[] = []): Tensor {
    return tf.tidy(() => {
      const shape = this.shape(sampleShape);
      const k = tf.broadcastTo(this.p('concentration'), shape);
      const r = this.proposalR(k);
      let x: Tensor = tf.zeros(shape);
      let done: Tensor = tf.zeros(shape, 'bool');
      for (let round = 0; round < MAX_ROUNDS; round++) {
        const [u1, u2, u3] = tf.unstack(rand([3, ...shape])) as [Tensor, Tensor, Tensor];
        const z = tf.cos(tf.mul(u1, Math.PI));
        const f = tf.div(tf.add(tf.mul(r, z), 1), tf.add(r, z));
        const c = tf.mul(k, tf.sub(r, f));
        const accept = tf.logicalAnd(
          tf.logicalNot(done),
          tf.logicalOr(tf.greater(tf.sub(tf.mul(c, tf.sub(2, c)), u2), 0), tf.greaterEqual(tf.sub(tf.add(tf.log(tf.div(c, u2)), 1), c), 0)),
        );
        const angle = tf.mul(tf.sign(tf.sub(u3, 0.5)), tf.acos(tf.clipByValue(f, -1, 1)));
        x = tf.where(accept, angle, x);
        done = tf.logicalOr(done, accept);
        if (tf.all(done).dataSync()[0] === 1) break;
      }
      // (x + π + loc) mod 2π − π.
      const shifted = tf.add(tf.add(x, Math.PI), this.p('loc'));
      const wrapped = tf.sub(shifted, tf.mul(tf.floor(tf.div(shifted, 2 * Math.PI)), 2 * Math.PI));
      return tf.sub(wrapped, Math.PI);
    });
  }

  override get mean(): Tensor {
    return this.loc;
  }

  override get mode(): Tensor {
    return this.loc;
  }

  /** The circular variance 1 − I1(κ) / I0(κ). */
  override get variance(): Tensor {
    return tf.tidy(() => {
      const k = this.p('concentration');
      return tf.sub(1, tf.exp(tf.sub(logBesselI(k, 1), logBesselI(k, 0))));
    });
  }
}
