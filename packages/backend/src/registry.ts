// Choosing the tensor backend: a registry of TensorBackends (cpu and wasm built
// in, others such as webgpu register themselves), `useBackend` to switch, and
// `ready()` to start the default when nothing was chosen.
import { tf } from '@pyro-ts/tensor';
import type { BackendAvailability, TensorBackend } from './tensor-backend.js';
import { cpuBackend } from './cpu.js';
import { wasmBackend } from './wasm.js';
import { DEFAULT_BACKEND } from './default-backend.js';

const KEY = Symbol.for('@pyro-ts/backend.registry');

interface RegistryState {
  backends: Map<string, TensorBackend>;
  /** The backend chosen through useBackend/ready, if any. */
  chosen: string | undefined;
}

// Kept on globalThis so that two loaded copies of this package agree (as
// tfjs does with its engine).
function registry(): RegistryState {
  const g = globalThis as unknown as Record<symbol, RegistryState | undefined>;
  let s = g[KEY];
  if (s === undefined) {
    s = { backends: new Map(), chosen: undefined };
    g[KEY] = s;
  }
  for (const b of [cpuBackend, wasmBackend]) if (!s.backends.has(b.name)) s.backends.set(b.name, b);
  return s;
}

/** Adds (or replaces) a backend under its name. */
export function registerTensorBackend(backend: TensorBackend): void {
  registry().backends.set(backend.name, backend);
}

/** The backend registered under `name`, if any. */
export function getTensorBackend(name: string): TensorBackend | undefined {
  return registry().backends.get(name);
}

/** Names of all registered backends, available here or not. */
export function registeredBackends(): string[] {
  return [...registry().backends.keys()];
}

/** Every registered backend with whether it can run here (and why not). */
export async function checkBackends(): Promise<Array<{ name: string } & BackendAvailability>> {
  const out: Array<{ name: string } & BackendAvailability> = [];
  for (const b of registry().backends.values()) {
    let a: BackendAvailability;
    try {
      a = await b.isAvailable();
    } catch (e) {
      a = { available: false, reason: (e as Error).message };
    }
    out.push({ name: b.name, ...a });
  }
  return out;
}

/** Names of the registered backends that can run here. */
export async function availableBackends(): Promise<string[]> {
  return (await checkBackends()).filter((b) => b.available).map((b) => b.name);
}

/**
 * Makes `backend` (a registered name, or a TensorBackend, which gets
 * registered) the active tfjs backend. Throws, with the backend's reason,
 * when it cannot run here.
 */
export async function useBackend(backend: string | TensorBackend): Promise<void> {
  const s = registry();
  let b: TensorBackend | undefined;
  if (typeof backend === 'string') {
    b = s.backends.get(backend);
    if (b === undefined) throw new Error(`useBackend: no backend named '${backend}' (registered: ${[...s.backends.keys()].join(', ')})`);
  } else {
    b = backend;
    s.backends.set(b.name, b);
  }
  const a = await b.isAvailable();
  if (!a.available) throw new Error(`useBackend: backend '${b.name}' is not available: ${a.reason ?? 'no reason given'}`);
  await b.initialize();
  const ok = await tf.setBackend(b.name);
  if (!ok || tf.getBackend() !== b.name) throw new Error(`useBackend: tfjs could not initialize backend '${b.name}' (see the warning tfjs printed)`);
  b.activated?.();
  s.chosen = b.name;
}

/**
 * Resolves once a backend is active: a no-op after `useBackend`, else it
 * starts DEFAULT_BACKEND (or cpu where the default cannot run). It does not
 * see backends selected with `tf.setBackend` directly.
 */
export async function ready(): Promise<void> {
  const s = registry();
  if (s.chosen !== undefined) return;
  const def = s.backends.get(DEFAULT_BACKEND);
  if (def !== undefined && (await def.isAvailable()).available) await useBackend(def);
  else await useBackend('cpu');
}

/**
 * The name of the active tfjs backend. Throws when none is active yet
 * (await `ready()` or `useBackend(...)` first).
 */
export function currentBackend(): string {
  const name = tf.engine().backendName;
  if (name === null || name === undefined) throw new Error('currentBackend: no backend is active yet; await ready() or useBackend(name) first');
  return name;
}
