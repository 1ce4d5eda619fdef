// What every kernel family uses: the kernel signature, the backend name,
// and lookups of the addon's op tables by name.
import type { tf, TensorInfo } from '@pyro-ts/tensor';
import type { NativeBackend } from '../native-backend.js';

export const BACKEND_NAME = 'native';

export interface KernelArgs {
  inputs: Record<string, TensorInfo> & TensorInfo[];
  backend: NativeBackend;
  attrs: Record<string, unknown>;
}

export type NativeKernelFunc = (args: KernelArgs) => TensorInfo | TensorInfo[];

/** A kernel for the native backend. */
export function kernel(kernelName: string, fn: NativeKernelFunc): tf.KernelConfig {
  return { kernelName, backendName: BACKEND_NAME, kernelFunc: fn as unknown as tf.KernelFunc };
}

/** The index of `name` in one of the addon's op tables; throws if the addon lacks it. */
export function opIndex(table: readonly string[], name: string, what: string): number {
  const i = table.indexOf(name);
  if (i < 0) throw new Error(`native backend: the addon has no ${what} op '${name}' (rebuild it)`);
  return i;
}

/** An input that the kernel requires. */
export function input(args: KernelArgs, name: string): TensorInfo {
  const t = args.inputs[name];
  if (t === undefined) throw new Error(`native backend: missing input '${name}'`);
  return t;
}

/** `shape`'s element count. */
export function sizeOf(shape: readonly number[]): number {
  let n = 1;
  for (const d of shape) n *= d;
  return n;
}
