// End to end: builds the page with Vite, serves it on localhost, and drives
// Debian's Chromium headless with Playwright: trains a few dozen steps,
// checks that the −ELBO falls and that every picture is drawn, and saves a
// screenshot. Skips (and says why) where /usr/bin/chromium is absent.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { Server } from 'node:http';
import type { BrowserContext, Page } from 'playwright-core';
import { serveDirectory } from './static-server.js';

const CHROMIUM = process.env.PYRO_TS_CHROMIUM ?? '/usr/bin/chromium';
const APP = resolve(__dirname, '..');
const OUT = process.env.PYRO_TS_VAE_E2E_OUT ?? join(tmpdir(), 'pyro-ts-vae-e2e');
const FLAGS = ['--headless', '--no-sandbox', '--enable-unsafe-webgpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run', '--disable-quic'];
const STEPS = 40;

const haveChromium = existsSync(CHROMIUM);
if (!haveChromium) console.log(`SKIPPED the browser end-to-end test: no Chromium at ${CHROMIUM} (Debian: apt-get install chromium; or set PYRO_TS_CHROMIUM)`);
const maybe = haveChromium ? describe : describe.skip;

interface PageState {
  state: string;
  backend?: string;
  backendNote?: string;
  steps: number;
  losses: number[];
  drawn: Record<string, number>;
  error?: string;
}

const state = (page: Page) => page.evaluate(() => (window as unknown as { __vae?: PageState }).__vae ?? null);

/** Pixels of a canvas that are not white, and the distinct colours among them. */
const canvasInk = (page: Page, id: string) =>
  page.evaluate((cid) => {
    const c = document.getElementById(cid) as HTMLCanvasElement;
    const d = c.getContext('2d')!.getImageData(0, 0, c.width, c.height).data;
    let ink = 0;
    const colours = new Set<number>();
    for (let i = 0; i < d.length; i += 4) {
      if (d[i] !== 255 || d[i + 1] !== 255 || d[i + 2] !== 255) {
        ink++;
        colours.add((d[i]! << 16) | (d[i + 1]! << 8) | d[i + 2]!);
      }
    }
    return { ink, total: c.width * c.height, colours: colours.size };
  }, id);

maybe('the VAE page in headless Chromium', () => {
  let dist: string;
  let userData: string;
  let server: Server;
  let url: string;
  let context: BrowserContext;
  const problems: string[] = [];

  beforeAll(async () => {
    dist = mkdtempSync(join(tmpdir(), 'vae-web-'));
    const vite = join(APP, 'node_modules', 'vite', 'bin', 'vite.js'); // the package's own vite (a devDependency)
    const b = spawnSync(process.execPath, [vite, 'build', '--config', 'web/vite.config.ts', '--outDir', dist, '--logLevel', 'error'], { cwd: APP, encoding: 'utf8' });
    if (b.status !== 0) throw new Error(`vite build failed (${b.status}):\n${b.stdout}\n${b.stderr}`);
    ({ server, url } = await serveDirectory(dist));
    userData = mkdtempSync(join(tmpdir(), 'vae-chromium-'));
    const { chromium } = await import('playwright-core');
    context = await chromium.launchPersistentContext(userData, { executablePath: CHROMIUM, headless: true, args: FLAGS, viewport: { width: 1300, height: 1100 } });
  }, 240_000);

  afterAll(async () => {
    await context?.close();
    server?.close();
    for (const d of [dist, userData]) if (d) rmSync(d, { recursive: true, force: true });
  });

  it(`trains ${STEPS} steps: the −ELBO falls, the pictures are drawn, start/pause work`, async () => {
    const page = await context.newPage();
    page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
    page.on('console', (m) => {
      if (m.type() === 'error') problems.push(`console error: ${m.text()}`);
    });
    await page.goto(`${url}?batch=64&seed=0`);
    await page.waitForFunction(() => ['ready', 'error'].includes((window as unknown as { __vae?: PageState }).__vae?.state ?? ''), null, { timeout: 60_000 });
    const ready = (await state(page))!;
    expect(ready.error).toBeUndefined();
    console.log(`browser backend: ${ready.backend}${ready.backendNote ? ` (${ready.backendNote})` : ''}`);
    expect(['webgpu', 'wasm']).toContain(ready.backend);
    if (ready.backend !== 'webgpu') expect(ready.backendNote).toMatch(/WebGPU|webgpu/);

    await page.click('#start');
    await page.waitForFunction((n) => ((window as unknown as { __vae?: PageState }).__vae?.steps ?? 0) >= n || (window as unknown as { __vae?: PageState }).__vae?.state === 'error', STEPS, { timeout: 150_000 });
    await page.click('#pause');
    await page.waitForFunction(() => (window as unknown as { __vae?: PageState }).__vae?.state === 'paused');
    const s = (await state(page))!;
    expect(s.error).toBeUndefined();
    const mean = (a: number[]) => a.reduce((x, y) => x + y, 0) / a.length;
    const first = mean(s.losses.slice(0, 5));
    const last = mean(s.losses.slice(-10));
    console.log(`-ELBO per image: first 5 steps ${first.toFixed(1)}, last 10 of ${s.losses.length} steps ${last.toFixed(1)}`);
    expect(s.losses.every(Number.isFinite)).toBe(true);
    expect(first).toBeGreaterThan(400); // an untrained decoder: about 543 nats per digit
    expect(last).toBeLessThan(0.75 * first);
    // paused: no more steps
    const stepsAtPause = s.steps;
    await page.waitForTimeout(500);
    expect((await state(page))!.steps).toBe(stepsAtPause);

    // pictures: drawn, with ink; the latent map in several class colours
    // (least ink: the curve and the scatter on white; images of digits on black are mostly ink)
    const minInk: Record<string, number> = { elbo: 0.005, latent: 0.01, recon: 0.2, samples: 0.2 };
    for (const id of ['elbo', 'recon', 'samples', 'latent']) {
      expect(s.drawn[id] ?? 0).toBeGreaterThan(0);
      const { ink, total, colours } = await canvasInk(page, id);
      expect(ink / total).toBeGreaterThan(minInk[id]!);
      if (id === 'latent') expect(colours).toBeGreaterThan(10);
    }
    // the t-SNE button refines the map
    await page.click('#tsne');
    await page.waitForFunction(() => /iteration ([5-9]\d|\d{3})/.test(document.getElementById('latent-caption')?.textContent ?? ''), null, { timeout: 60_000 });

    mkdirSync(OUT, { recursive: true });
    const shot = join(OUT, 'vae-page.png');
    await page.screenshot({ path: shot, fullPage: true });
    console.log(`screenshot: ${shot}`);
    expect(problems).toEqual([]);
  }, 300_000);
});
