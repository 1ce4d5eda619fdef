// `pnpm vae`: trains Pyro's VAE on the default backend and writes its
// pictures. See cli-options.ts for the flags and README.md for the numbers.
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { setRngSeed } from '@pyro-ts/tensor';
import { startBackend } from './backend-setup.js';
import { parseCli, USAGE } from './cli-options.js';
import { firstOfEachClass, range, subset, type DataSplit } from './data/dataset.js';
import { loadEmbeddedMnist } from './data/embedded-mnist.js';
import { loadIdxDirectory } from './data/idx-files.js';
import { writePng } from './plot/png.js';
import { elboPicture, latentMapPicture, reconstructionsPicture, samplesPicture } from './pictures.js';
import { ProgressBar } from './progress.js';
import { TSNE } from './tsne.js';
import { Trainer } from './trainer.js';
import { VAE } from './vae.js';

async function main(): Promise<void> {
  const appDir = fileURLToPath(new URL('..', import.meta.url));
  const opts = parseCli(process.argv.slice(2), process.env.INIT_CWD ?? process.cwd(), join(appDir, 'vae-out'));
  if (opts.help) {
    console.log(USAGE);
    return;
  }
  const backend = await startBackend(opts.backend);

  const t0 = performance.now();
  const data: DataSplit = opts.dataDir ? loadIdxDirectory(opts.dataDir) : loadEmbeddedMnist();
  const train = opts.limit !== undefined ? subset(data.train, range(Math.min(opts.limit, data.train.count))) : data.train;
  console.log(`pyro-ts VAE (Pyro's examples/vae/vae.py) on the '${backend}' backend`);
  console.log(`data: ${data.name}: ${train.count} training and ${data.test.count} test images (loaded in ${((performance.now() - t0) / 1000).toFixed(1)} s)`);

  setRngSeed(opts.seed);
  const vae = new VAE({ inputDim: train.rows * train.cols });
  const trainer = new Trainer(vae, { batchSize: opts.batchSize, lr: opts.lr, shuffleSeed: opts.seed });
  if (opts.resume) {
    const meta = trainer.load(new Uint8Array(readFileSync(opts.resume)));
    console.log(`resumed from ${opts.resume}: ${meta.epoch} epochs (${meta.step} steps) done`);
  }
  console.log(`model: z ${vae.zDim}-dim, hidden ${vae.hiddenDim} (softplus); TraceELBO, Adam(lr ${opts.lr}), batch ${opts.batchSize}; ${opts.epochs} epochs of ${trainer.stepsPerEpoch(train)} steps`);

  const first = trainer.epoch;
  const bar = new ProgressBar({ epochs: opts.epochs, firstEpoch: first });
  for (let e = 0; e < opts.epochs; e++) {
    const trainLoss = trainer.trainEpoch(train, (r) => bar.update(r));
    const rec = trainer.epochs[trainer.epochs.length - 1];
    let line = `epoch ${trainer.epoch} done: train -ELBO ${trainLoss.toFixed(2)}`;
    if (opts.testEvery > 0 && ((e + 1) % opts.testEvery === 0 || e === opts.epochs - 1)) {
      const t = performance.now();
      const test = trainer.evaluate(data.test);
      line += `  test -ELBO ${test.toFixed(2)} (${((performance.now() - t) / 1000).toFixed(1)} s)`;
    }
    if (rec) line += `  ${rec.seconds.toFixed(1)} s/epoch, ${(train.count / rec.seconds).toFixed(0)} img/s`;
    console.log(line);
  }

  if (opts.save) {
    writeFileSync(opts.save, trainer.save({ data: data.name, backend, seed: opts.seed }));
    console.log(`saved parameters and optimizer state to ${opts.save}`);
  }

  mkdirSync(opts.out, { recursive: true });
  const written: string[] = [];
  const png = (name: string, r: Parameters<typeof writePng>[1]) => {
    const p = join(opts.out, name);
    writePng(p, r);
    written.push(p);
  };
  const shown = firstOfEachClass(data.test, 4).slice(0, 40);
  png('reconstructions.png', reconstructionsPicture(vae, data.test, shown, { pairsPerRow: 8, scale: 2 }));
  png('samples.png', samplesPicture(vae, 100, data.test.rows, data.test.cols, { columns: 10, scale: 2 }));
  png('elbo.png', elboPicture(trainer.stepLosses, trainer.epochs, trainer.stepsPerEpoch(train)));
  if (opts.tsnePoints > 0) {
    const idx = range(Math.min(opts.tsnePoints, data.test.count));
    const t = performance.now();
    const means = trainer.latentMeans(data.test, idx);
    const tsne = new TSNE(means, { seed: opts.seed });
    process.stdout.write(`t-SNE of ${idx.length} latent means ...`);
    const points = tsne.run();
    console.log(` ${((performance.now() - t) / 1000).toFixed(1)} s`);
    const labels = idx.map((i) => data.test.labels[i] as number);
    png('latent-tsne.png', latentMapPicture(points, labels, data.classNames, `T-SNE OF THE LATENT MEANS (${idx.length} TEST IMAGES)`));
  }
  const metrics = { data: data.name, backend, batchSize: opts.batchSize, lr: opts.lr, seed: opts.seed, trainImages: train.count, testImages: data.test.count, epochs: trainer.epochs };
  writeFileSync(join(opts.out, 'metrics.json'), JSON.stringify(metrics, null, 2) + '\n');
  written.push(join(opts.out, 'metrics.json'));
  console.log(`wrote:\n  ${written.join('\n  ')}`);
  trainer.dispose();
}

main().catch((e: unknown) => {
  console.error(`error: ${e instanceof Error ? e.message : String(e)}`);
  process.exit(1);
});
