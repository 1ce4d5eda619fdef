// Resetting all global state between tests (ARCHITECTURE.md §7).
import { setValidateArgs } from '@pyro-ts/distributions';
import { resetRuntime as resetPoutine } from '@pyro-ts/poutine';

/**
 * Clears the handler stack, restores the default settings (validation on,
 * for poutine and the distributions) and disposes the default param store.
 */
export function resetRuntime(): void {
  resetPoutine();
  setValidateArgs(true);
}
