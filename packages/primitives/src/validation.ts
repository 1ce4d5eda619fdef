// The validation switch (Pyro's `pyro.enable_validation`): poutine's checks
// and the distributions' argument and support checks together.
import { getValidateArgs, setValidateArgs } from '@pyro-ts/distributions';
import { enableValidation as enablePoutineValidation, isValidationEnabled as poutineValidation } from '@pyro-ts/poutine';

/**
 * Turns validation on or off: distribution parameters and `logProb` values
 * are checked against their constraints, plate shapes against the data, and
 * log-probabilities are checked for NaN. On by default, as in Pyro; turn it
 * off in mature models to skip the read-backs the checks cost.
 */
export function enableValidation(isValidate = true): void {
  setValidateArgs(isValidate);
  enablePoutineValidation(isValidate);
}

/** Whether validation is on (both switches). */
export function isValidationEnabled(): boolean {
  return getValidateArgs() && poutineValidation();
}

/** Runs `fn` with validation on or off, then restores both switches (Pyro's `validation_enabled`). */
export function validationEnabled<T>(isValidate: boolean, fn: () => T): T {
  const dist = getValidateArgs();
  const pout = poutineValidation();
  enableValidation(isValidate);
  try {
    return fn();
  } finally {
    setValidateArgs(dist);
    enablePoutineValidation(pout);
  }
}
