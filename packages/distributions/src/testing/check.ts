// Jest-free assertions for the conformance cases (they also run outside
// jest, in @pyro-ts/conformance's runner): each throws an Error saying what
// differed.

/** Deep equality by JSON text (shapes, dtypes, names, flags). */
export function checkEqual(actual: unknown, expected: unknown, what: string): void {
  const a = JSON.stringify(actual);
  const e = JSON.stringify(expected);
  if (a !== e) throw new Error(`${what}: got ${a}, expected ${e}`);
}

/** Runs `fn`, which must throw; returns the error. */
export function checkThrows(fn: () => unknown, what: string): unknown {
  try {
    fn();
  } catch (e) {
    return e;
  }
  throw new Error(`${what}: expected an error, none was thrown`);
}

/** `error` is an instance of `cls` whose message contains `text` (or starts with it, when `prefix`). */
export function checkError(error: unknown, cls: abstract new (...args: never[]) => Error, text: string, what: string, prefix = false): void {
  if (!(error instanceof cls)) throw new Error(`${what}: expected a ${cls.name}, got ${String(error)}`);
  const m = error.message;
  const ok = prefix ? m.startsWith(text) : m.includes(text);
  if (!ok) throw new Error(`${what}: message ${JSON.stringify(m)} does not ${prefix ? 'start with' : 'contain'} ${JSON.stringify(text)}`);
}
