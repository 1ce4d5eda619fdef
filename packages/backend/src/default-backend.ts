// The backend `ready()` starts when none was chosen. Chosen from the
// measurements in README.md ("Choosing the default"), made with
// `pnpm --filter @pyro-ts/bench backend-choice`.
export const DEFAULT_BACKEND = 'wasm';
