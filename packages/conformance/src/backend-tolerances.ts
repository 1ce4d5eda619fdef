// Per-backend tolerances for cases whose reference tolerance a backend's
// numerics cannot meet, each with its reason. Real bugs are not papered over
// here: they are reported and fixed where they live.

interface Override {
  rtol: number;
  atol: number;
  reason: string;
}

/** backend -> "suite/case id" -> override */
export const BACKEND_TOLERANCES: Record<string, Record<string, Override>> = {
  webgpu: {
    'special/expm1': {
      rtol: 1e-5,
      atol: 0,
      reason:
        "For large x expm1 is exp(x) - 1, and WGSL specifies exp only to 3 + 2|x| ulp. Mesa llvmpipe's exp(50) is " +
        '5.1846998e21 against 5.1847055e21 (1.1e-6 relative, 9 ulp; the bound at x = 50 is 103 ulp, ~1.2e-5). ' +
        'The cpu and wasm backends meet the reference rtol of 1e-6.',
    },
  },
};

export function toleranceFor(backend: string, suite: string, id: string, tol: { rtol: number; atol: number }): { rtol: number; atol: number } {
  const o = BACKEND_TOLERANCES[backend]?.[`${suite}/${id}`];
  return o === undefined ? tol : { rtol: o.rtol, atol: o.atol };
}

/** Looser tolerances per quantity for a distributions case (see @pyro-ts/distributions/testing's CaseTolerances). */
interface DistributionOverride {
  tolerances: Partial<Record<'logProb' | 'moments' | 'entropy' | 'cdf' | 'icdf', { rtol: number; atol: number }>>;
  reason: string;
}

/** backend -> distributions case id -> override (none needed so far). */
export const DISTRIBUTION_TOLERANCES: Record<string, Record<string, DistributionOverride>> = {};
