// `module`: registering a network's trainable weights as parameters.
import { tf, isTensor } from '@pyro-ts/tensor';
import type { Tensor, Variable } from '@pyro-ts/tensor';
import type { ParamStore } from '@pyro-ts/param-store';
import { MODULE_NAMESPACE_DIVIDER, paramWithModuleName } from '@pyro-ts/poutine';
import { param } from './param.js';
import { getParamStore } from './param-store.js';

/**
 * A trainable weight of a tfjs-layers layer (its `LayerVariable`), typed
 * structurally so that this package does not import tfjs-layers.
 */
export interface LayerVariableLike {
  /** The unique name tfjs gave the variable. */
  readonly name: string;
  /** The scoped name before tfjs made it unique, e.g. `dense_Dense1/kernel` or `kernel`. */
  readonly originalName?: string;
  /** The current value (the variable itself). */
  read(): Tensor;
}

/** A tfjs-layers `Layer` or `LayersModel` (anything with `trainableWeights`). */
export interface LayerLike {
  readonly name: string;
  readonly trainableWeights: LayerVariableLike[];
  /** Present on models: their layers. */
  readonly layers?: unknown[];
}

/** Variables by name, possibly nested (names join with '.'). */
export interface VariableTree {
  [name: string]: Variable | VariableTree;
}

export type ModuleLike = LayerLike | VariableTree;

export interface ModuleOptions {
  /** The param store (default: `getParamStore()`). */
  store?: ParamStore;
}

function isLayerLike(x: unknown): x is LayerLike {
  return typeof x === 'object' && x !== null && Array.isArray((x as { trainableWeights?: unknown }).trainableWeights);
}

/** The module-local names of a layer's trainable weights, torch style (`dense1.kernel`, or `kernel` for a single layer). */
function layerWeightNames(nn: LayerLike): string[] {
  const isModel = Array.isArray(nn.layers);
  const names = nn.trainableWeights.map((w) => {
    let n = w.originalName ?? w.name;
    if (!isModel && n.startsWith(`${nn.name}/`)) n = n.slice(nn.name.length + 1);
    return n.replace(/\//g, '.');
  });
  if (new Set(names).size !== names.length) {
    // Scoped names collide (e.g. two layers of the same name): fall back to tfjs's unique names.
    const unique = nn.trainableWeights.map((w) => w.name.replace(/\//g, '.'));
    if (new Set(unique).size === unique.length) return unique;
    throw new Error(`module '${nn.name}': two trainable weights have the same name (${names.join(', ')}); give the layers distinct names`);
  }
  return names;
}

function flattenTree(tree: VariableTree, prefix: string, out: Array<[string, VariableTree, string, Variable]>): void {
  for (const [k, v] of Object.entries(tree)) {
    const name = prefix ? `${prefix}.${k}` : k;
    if (v instanceof tf.Variable) out.push([name, tree, k, v]);
    else if (isTensor(v)) throw new Error(`module: '${name}' is a tensor, not a tf.Variable; only variables are trainable weights`);
    else if (typeof v === 'object' && v !== null) flattenTree(v, name, out);
  }
}

/**
 * Pyro's `pyro.module(name, nn_module)`: registers the trainable weights of
 * a tfjs-layers layer or model (or of a plain object of `tf.Variable`s,
 * possibly nested) as parameters named `name$$$<weight>` (e.g.
 * `encoder$$$dense1.kernel`, `fc$$$bias`), and emits a param site for each,
 * so that traces, SVI and the optimizers see them. Returns `nn`.
 *
 * The param store then owns the weights: the layer's weights are pointed
 * at the store's variables (and a plain object's entries replaced by them),
 * and the variables they held are disposed. So training through the store
 * trains the network, saving the store saves the network, and a store
 * loaded before the first call (with the same names and shapes) gives its
 * values to the network. Build the layer first (give it an input shape),
 * since an unbuilt layer has no weights yet; do not dispose the layer
 * separately (dispose the store).
 */
export function module<M extends ModuleLike>(name: string, nn: M, options: ModuleOptions = {}): M {
  if (name.includes(MODULE_NAMESPACE_DIVIDER)) throw new Error(`module: improper module name '${name}', since it contains ${MODULE_NAMESPACE_DIVIDER}`);
  const store = options.store ?? getParamStore();
  if (typeof nn === 'function') throw new Error('module: give a layer instance, not a class or function');
  if (isLayerLike(nn)) {
    const names = layerWeightNames(nn);
    nn.trainableWeights.forEach((w, i) => {
      const full = paramWithModuleName(name, names[i] as string);
      const value = param(full, () => w.read(), { store });
      adoptVariable(full, w as LayerVariableLike & { val?: Variable }, store.variable(full), value);
    });
    return nn;
  }
  const entries: Array<[string, VariableTree, string, Variable]> = [];
  flattenTree(nn as VariableTree, '', entries);
  for (const [local, parent, key, v] of entries) {
    const full = paramWithModuleName(name, local);
    param(full, () => v, { store });
    const stored = store.variable(full);
    if (stored !== v) {
      checkShape(full, v.shape, stored.shape);
      parent[key] = stored;
      v.dispose();
    }
  }
  return nn;
}

function checkShape(name: string, own: readonly number[], stored: readonly number[]): void {
  if (own.length !== stored.length || own.some((d, i) => d !== stored[i])) {
    throw new Error(`module: parameter '${name}' has shape [${stored}] in the param store but [${own}] in the network; clear the stale parameter or load a matching store`);
  }
}

/** Points a LayerVariable at the store's variable, disposing the one it held. */
function adoptVariable(full: string, w: LayerVariableLike & { val?: Variable }, stored: Variable, _value: Tensor): void {
  const current = w.read();
  if (current === stored) return;
  checkShape(full, current.shape, stored.shape);
  if (!('val' in w)) throw new Error(`module: cannot rebind weight '${w.name}' of '${full}' (not a tfjs-layers LayerVariable)`);
  w.val = stored;
  if (!current.isDisposed) current.dispose();
}
