// Pyro's VAE (examples/vae/vae.py) on pyro-ts. The encoder maps an image x
// (784 pixels in [0, 1]) through a softplus hidden layer of 400 units to the
// mean z_loc and the scale exp(·) of a diagonal normal over the 50-dim code
// z; the decoder maps z through a softplus layer of 400 units to 784 pixel
// probabilities (sigmoid). Both networks are tfjs-layers models registered
// with `module`, so the param store owns (trains, saves, loads) their weights.
//
//   model(x):  module('decoder');  plate('data', N):
//                z ~ Normal(0, 1).toEvent(1);  x ~ Bernoulli(decoder(z)).toEvent(1)
//   guide(x):  module('encoder');  plate('data', N):
//                z ~ Normal(z_loc(x), z_scale(x)).toEvent(1)
import * as tl from '@tensorflow/tfjs-layers';
import { tf, rand, randn } from '@pyro-ts/tensor';
import type { Tensor } from '@pyro-ts/tensor';
import { Bernoulli, Normal } from '@pyro-ts/distributions';
import type { ParamStore } from '@pyro-ts/param-store';
import { module, plate, sample } from '@pyro-ts/primitives';

export interface VAEOptions {
  /** Pixels per image (default 784). */
  inputDim?: number;
  /** Size of the code z (default 50). */
  zDim?: number;
  /** Hidden units of the encoder and the decoder (default 400). */
  hiddenDim?: number;
  /** The param store the networks' weights go to (default: the default store). */
  store?: ParamStore;
}

function dense(name: string, units: number, activation?: 'softplus' | 'sigmoid'): tl.layers.Layer {
  return tl.layers.dense({ units, activation, name, kernelInitializer: 'zeros', biasInitializer: 'zeros' });
}

/**
 * Initializes a built dense layer as torch.nn.Linear is (weight and bias
 * uniform in ±1/√fan_in), from the library's seeded generator.
 */
function initLikeTorch(layer: tl.layers.Layer): void {
  const [kernel] = layer.getWeights();
  const [fanIn, units] = (kernel as Tensor).shape as [number, number];
  const bound = 1 / Math.sqrt(fanIn);
  const values = [rand([fanIn, units], -bound, bound), rand([units], -bound, bound)];
  layer.setWeights(values);
  tf.dispose(values);
}

export class VAE {
  readonly inputDim: number;
  readonly zDim: number;
  readonly hiddenDim: number;
  /** x → [z_loc, log z_scale]: layers `fc1` (softplus), `fc21`, `fc22`. */
  readonly encoder: tl.LayersModel;
  /** z → pixel probabilities: layers `fc1` (softplus), `fc21` (sigmoid). */
  readonly decoder: tl.LayersModel;
  private readonly store: ParamStore | undefined;

  constructor(options: VAEOptions = {}) {
    this.inputDim = options.inputDim ?? 784;
    this.zDim = options.zDim ?? 50;
    this.hiddenDim = options.hiddenDim ?? 400;
    this.store = options.store;
    const { inputDim, zDim, hiddenDim } = this;

    // Layers are built inside their models, so that their weights get scoped
    // names (`fc1/kernel`) and `module` names the params `encoder$$$fc1.kernel`.
    const x = tl.input({ shape: [inputDim], name: 'x' });
    const encFc1 = dense('fc1', hiddenDim, 'softplus');
    const hidden = encFc1.apply(x) as tl.SymbolicTensor;
    const encFc21 = dense('fc21', zDim);
    const encFc22 = dense('fc22', zDim);
    this.encoder = tl.model({ inputs: x, outputs: [encFc21.apply(hidden) as tl.SymbolicTensor, encFc22.apply(hidden) as tl.SymbolicTensor], name: 'encoder' });
    const decFc1 = dense('fc1', hiddenDim, 'softplus');
    const decFc21 = dense('fc21', inputDim, 'sigmoid');
    this.decoder = tl.sequential({ name: 'decoder', layers: [tl.layers.inputLayer({ inputShape: [zDim] }), decFc1, decFc21] });
    for (const layer of [encFc1, encFc21, encFc22, decFc1, decFc21]) initLikeTorch(layer);
  }

  /** z_loc and z_scale of q(z | x) for a batch x of shape [N, inputDim]. */
  encode(x: Tensor): [Tensor, Tensor] {
    return tf.tidy(() => {
      const [loc, logScale] = this.encoder.apply(x) as Tensor[];
      return [loc as Tensor, tf.exp(logScale as Tensor)];
    }) as [Tensor, Tensor];
  }

  /** Pixel probabilities for a batch of codes z of shape [N, zDim]. */
  decode(z: Tensor): Tensor {
    return tf.tidy(() => this.decoder.apply(z) as Tensor);
  }

  /** The generative model p(z) p(x | z), x observed: `model(x)` returns the decoded image probabilities. */
  readonly model = (x: Tensor): Tensor => {
    module('decoder', this.decoder, { store: this.store });
    const n = x.shape[0] as number;
    return plate('data', n, () => {
      const z = sample('latent', new Normal(0, 1).expand([n, this.zDim]).toEvent(1));
      const locImg = this.decode(z);
      // As Pyro's example, no validation: Fashion-MNIST pixels are not binary.
      sample('obs', new Bernoulli({ probs: locImg, validateArgs: false }).toEvent(1), { obs: x });
      return locImg;
    });
  };

  /** The amortized guide q(z | x). */
  readonly guide = (x: Tensor): void => {
    module('encoder', this.encoder, { store: this.store });
    const n = x.shape[0] as number;
    plate('data', n, () => {
      const [zLoc, zScale] = this.encode(x);
      sample('latent', new Normal(zLoc, zScale).toEvent(1));
    });
  };

  /**
   * Registers both networks with the param store now (the model and guide
   * do it at every call): afterwards the store's values are the networks'
   * weights, also those just loaded into the store.
   */
  register(): void {
    module('encoder', this.encoder, { store: this.store });
    module('decoder', this.decoder, { store: this.store });
  }

  /** Pyro's `reconstruct_img`: encode, draw z from q(z | x), decode (the mean z_loc instead with `useMean`). */
  reconstruct(x: Tensor, options: { useMean?: boolean } = {}): Tensor {
    return tf.tidy(() => {
      const [loc, scale] = this.encode(x);
      const z = options.useMean ? loc : tf.add(loc, tf.mul(scale, randn(loc.shape)));
      return this.decode(z);
    });
  }

  /** Images decoded from `n` codes drawn from the prior N(0, I). */
  samplePrior(n: number): Tensor {
    return tf.tidy(() => this.decode(randn([n, this.zDim])));
  }
}
