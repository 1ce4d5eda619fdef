// `pnpm demo`: SVI on the embedded default backend, checked against the
// exact posterior. Flags: --backend <name> --steps <n> --seed <n>.
import { parseArgs } from 'node:util';
import { ready, useBackend, currentBackend } from '@pyro-ts/backend';
import { setRngSeed } from '@pyro-ts/tensor';
import { fit, normalData } from './normal-model.js';

const { values } = parseArgs({
  options: {
    backend: { type: 'string' },
    steps: { type: 'string', default: '2000' },
    seed: { type: 'string', default: '0' },
  },
});

if (values.backend) await useBackend(values.backend);
else await ready();
setRngSeed(Number(values.seed));

const data = normalData(100, 1.5, 2, 1);
const steps = Number(values.steps);
console.log(`pyro-ts hello-svi on the '${currentBackend()}' backend`);
console.log(`model: mu ~ Normal(0, 10); x_i ~ Normal(mu, 2), ${data.length} points; guide: Normal(loc, softplus(raw_scale))`);
const t0 = performance.now();
const res = fit(data, {
  priorScale: 10,
  noiseScale: 2,
  steps,
  particles: 16,
  lr: 0.05,
  onStep: (step, loss) => {
    if (step % 250 === 0 || step === steps - 1) {
      const width = 30;
      const done = Math.round(((step + 1) / steps) * width);
      process.stdout.write(`\r[${'#'.repeat(done)}${'.'.repeat(width - done)}] step ${String(step + 1).padStart(5)}  -ELBO ${loss.toFixed(3).padStart(9)}`);
    }
  },
});
const secs = (performance.now() - t0) / 1000;
console.log(`\n${steps} steps in ${secs.toFixed(2)} s (${(steps / secs).toFixed(0)} steps/s)`);
console.log(`posterior of mu   loc      scale`);
console.log(`  SVI guide       ${res.loc.toFixed(4)}   ${res.scale.toFixed(4)}`);
console.log(`  exact           ${res.exactLoc.toFixed(4)}   ${res.exactScale.toFixed(4)}`);
const ok = Math.abs(res.loc - res.exactLoc) < 0.05 && Math.abs(res.scale - res.exactScale) / res.exactScale < 0.1;
console.log(ok ? 'agrees with the exact posterior' : 'DOES NOT agree with the exact posterior');
process.exit(ok ? 0 : 1);
