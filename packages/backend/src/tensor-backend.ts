// The contract every pyro-ts tensor backend satisfies. A backend is a tfjs
// backend (registered with tfjs under `name`) plus the knowledge of whether it
// can run here and how to get it ready.

/** Whether a backend can run in this process, and if not, why. */
export interface BackendAvailability {
  available: boolean;
  /** Why the backend cannot run (set when `available` is false). */
  reason?: string;
}

export interface TensorBackend {
  /** The tfjs backend name (`tf.getBackend()` answers this once it is active). */
  readonly name: string;
  /** One line for humans: what runs the kernels. */
  readonly description?: string;
  /** Checks, without side effects on the active backend, whether it can run here. */
  isAvailable(): Promise<BackendAvailability>;
  /**
   * Registers the tfjs backend factory and kernels (idempotent) and prepares
   * anything the backend needs before `tf.setBackend(name)`.
   */
  initialize(): Promise<void>;
  /** Called after `tf.setBackend(name)` succeeded (e.g. to adjust the live instance). */
  activated?(): void;
}
