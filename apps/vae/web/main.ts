// The page: trains the VAE step by step between animation frames, with a
// live −ELBO curve, reconstructions, prior samples and a latent map.
// `window.__vae` exposes the state to the end-to-end test.
import { setRngSeed } from '@pyro-ts/tensor';
import { splitEmbeddedIdx } from '../src/data/embedded-split.js';
import { firstOfEachClass, range, type DataSplit } from '../src/data/dataset.js';
import { elboPicture, latentMapPicture, reconstructionsPicture, samplesPicture } from '../src/pictures.js';
import type { Raster } from '../src/plot/raster.js';
import { pca2 } from '../src/pca.js';
import { TSNE } from '../src/tsne.js';
import { Trainer, type StepReport } from '../src/trainer.js';
import { VAE } from '../src/vae.js';
import { startBackend } from './backend.js';

interface PageState {
  state: 'loading' | 'ready' | 'running' | 'paused' | 'error';
  backend?: string;
  backendNote?: string;
  steps: number;
  /** −ELBO per image of every step. */
  losses: number[];
  /** How many times each picture was drawn. */
  drawn: Record<string, number>;
  error?: string;
}

const page: PageState = { state: 'loading', steps: 0, losses: [], drawn: {} };
(window as unknown as { __vae: PageState }).__vae = page;

const $ = <T extends HTMLElement>(id: string) => document.getElementById(id) as T;
const startBtn = $<HTMLButtonElement>('start');
const pauseBtn = $<HTMLButtonElement>('pause');
const tsneBtn = $<HTMLButtonElement>('tsne');
const batchSel = $<HTMLSelectElement>('batch');
const status = $<HTMLDivElement>('status');
const params = new URLSearchParams(location.search);
const MAP_POINTS = 500;
const MAP_SIZE = { width: 580, height: 500 };

function show(id: string, r: Raster): void {
  const canvas = $<HTMLCanvasElement>(id);
  canvas.width = r.width;
  canvas.height = r.height;
  const ctx = canvas.getContext('2d');
  if (!ctx) return;
  ctx.putImageData(new ImageData(r.data as Uint8ClampedArray<ArrayBuffer>, r.width, r.height), 0, 0);
  page.drawn[id] = (page.drawn[id] ?? 0) + 1;
}

function fail(e: unknown): void {
  page.state = 'error';
  page.error = e instanceof Error ? `${e.message}\n${e.stack ?? ''}` : String(e);
  status.innerHTML = '';
  const div = document.createElement('div');
  div.className = 'error';
  div.textContent = `error: ${page.error}`;
  status.append(div);
  startBtn.disabled = pauseBtn.disabled = true;
}

async function main(): Promise<void> {
  const choice = await startBackend(params.get('backend'));
  page.backend = choice.name;
  page.backendNote = choice.note;
  $('backend').textContent = choice.name + (choice.note ? ` (not WebGPU: ${choice.note})` : '');

  const res = await fetch('mnist-10k.idx');
  if (!res.ok) throw new Error(`could not load the digits: HTTP ${res.status}`);
  const data: DataSplit = splitEmbeddedIdx(new Uint8Array(await res.arrayBuffer()), 'mnist');
  const shown = firstOfEachClass(data.test, 2);
  const mapIdx = range(Math.min(MAP_POINTS, data.test.count));
  const mapLabels = mapIdx.map((i) => data.test.labels[i] as number);

  const seed = Number(params.get('seed') ?? 0);
  if (params.has('batch')) batchSel.value = params.get('batch') as string;
  let trainer: Trainer | null = null;
  let running = false;
  let tsne: TSNE | null = null;
  let lastPlot = 0;
  let lastPictures = 0;
  let stepMs = 0;
  let stepCount = 0;
  let lastReport: StepReport | undefined;

  const drawCurve = () => {
    if (trainer) show('elbo', elboPicture(trainer.stepLosses, trainer.epochs, trainer.stepsPerEpoch(data.train), { width: 580, height: 360 }));
  };
  const drawPictures = () => {
    if (!trainer) return;
    show('recon', reconstructionsPicture(trainer.vae, data.test, shown, { pairsPerRow: 5, scale: 2 }));
    show('samples', samplesPicture(trainer.vae, 64, 28, 28, { columns: 8, scale: 2 }));
    if (!tsne) {
      show('latent', latentMapPicture(pca2(trainer.latentMeans(data.test, mapIdx)), mapLabels, data.classNames, `PCA OF THE LATENT MEANS (STEP ${trainer.stepCount})`, MAP_SIZE));
    }
  };
  const setStatus = (r?: StepReport) => {
    if (!trainer || !r) return;
    const recent = page.losses.slice(-20);
    const avg = recent.reduce((a, b) => a + b, 0) / recent.length;
    status.textContent =
      `step ${r.step}  epoch ${r.epoch + 1} (${r.stepInEpoch + 1}/${r.stepsPerEpoch})  -ELBO ${(r.loss / r.batchSize).toFixed(2)} (mean of last ${recent.length}: ${avg.toFixed(2)})` +
      `  ${(1000 / (stepMs / Math.max(1, stepCount))).toFixed(2)} steps/s` +
      (trainer.epochs.length ? `\nepochs: ${trainer.epochs.map((e) => `${e.epoch + 1}: train ${e.trainLoss.toFixed(2)}${e.testLoss !== undefined ? `, held-out ${e.testLoss.toFixed(2)}` : ''}`).join(' · ')}` : '');
  };

  const loop = async () => {
    while (running && trainer) {
      const r = trainer.step(data.train);
      lastReport = r;
      stepMs += r.ms;
      stepCount++;
      page.steps = r.step;
      page.losses.push(r.loss / r.batchSize);
      if (r.epochLoss !== undefined) trainer.evaluate(data.test);
      const now = performance.now();
      if (now - lastPlot > 300 || r.epochLoss !== undefined) {
        drawCurve();
        setStatus(r);
        lastPlot = now;
      }
      if (now - lastPictures > 3000 || r.step === 1) {
        drawPictures();
        lastPictures = performance.now();
      }
      await new Promise((resolve) => setTimeout(resolve, 0));
    }
  };

  startBtn.onclick = () => {
    if (running) return;
    if (!trainer) {
      setRngSeed(seed);
      trainer = new Trainer(new VAE(), { batchSize: Number(batchSel.value), shuffleSeed: seed });
      batchSel.disabled = true;
    }
    running = true;
    page.state = 'running';
    startBtn.disabled = true;
    pauseBtn.disabled = false;
    tsneBtn.disabled = false;
    loop().catch(fail);
  };
  pauseBtn.onclick = () => {
    running = false;
    page.state = 'paused';
    startBtn.disabled = false;
    startBtn.textContent = 'Resume';
    pauseBtn.disabled = true;
    setStatus(lastReport);
    drawCurve();
    drawPictures();
  };
  tsneBtn.onclick = () => {
    if (!trainer) return;
    tsne = new TSNE(trainer.latentMeans(data.test, mapIdx), { seed, iterations: 600 });
    const t = tsne;
    const caption = $('latent-caption');
    const chunk = () => {
      if (tsne !== t) return;
      for (let i = 0; i < 10 && t.iteration < t.iterations; i++) t.step();
      show('latent', latentMapPicture(t.embedding, mapLabels, data.classNames, `T-SNE OF THE LATENT MEANS (STEP ${trainer?.stepCount ?? 0})`, MAP_SIZE));
      caption.textContent = `t-SNE of the latent means of ${mapIdx.length} held-out digits: iteration ${t.iteration}/${t.iterations}`;
      if (t.iteration < t.iterations) setTimeout(chunk, 0);
      else tsne = null; // later pictures go back to the live PCA map
    };
    chunk();
  };

  page.state = 'ready';
  status.textContent = `ready: ${data.train.count} training and ${data.test.count} held-out digits. Press Start.`;
  startBtn.disabled = false;
  if (params.has('autostart')) startBtn.click();
}

main().catch(fail);
