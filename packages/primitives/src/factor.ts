// `factor`: an arbitrary log-density term.
import type { Tensor } from '@pyro-ts/tensor';
import { Unit, type TensorInput } from '@pyro-ts/distributions';
import { amIWrapped } from '@pyro-ts/poutine';
import { sampleSite } from './sample.js';

/**
 * Pyro's `pyro.factor(name, log_factor, has_rsample=None)`: adds
 * `logFactor` (a possibly batched tensor) to the model's log-density, as an
 * observed site of a `Unit` distribution. `hasRsample` tells gradient
 * estimators whether the factor is reparameterized (needed in guides).
 */
export function factor(name: string, logFactor: Tensor | TensorInput, options: { hasRsample?: boolean } = {}): void {
  const unit = options.hasRsample === undefined ? new Unit(logFactor) : new Unit(logFactor, { hasRsample: options.hasRsample });
  if (!amIWrapped()) return;
  const value = unit.sample();
  sampleSite(name, unit, { obs: value, infer: { isAuxiliary: true }, owned: [value] });
}
