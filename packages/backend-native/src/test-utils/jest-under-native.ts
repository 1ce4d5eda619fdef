// A jest setup file (setupFilesAfterEnv) that runs another package's unit
// tests on the native backend: it registers the backend, selects it, and
// redirects tfjs's setBackend('cpu') (what useCpuForTests calls) to
// 'native'. The cpu backend itself stays registered: the cpu fallback runs
// the kernels libtorch lacks there. Used by scripts/test-under-native.mjs.
import '../index.js';
import { tf } from '@pyro-ts/tensor';
import { useBackend } from '@pyro-ts/backend';
import { loadAddon } from '../addon.js';
import { registerNative } from '../native-tensor-backend.js';

interface EngineLike {
  setBackend(name: string): Promise<boolean>;
}

const addon = loadAddon();
if (!addon.available) throw new Error(`tests under the native backend: it is unavailable: ${addon.reason}`);
registerNative();
const engine = tf.engine() as unknown as EngineLike;
const setBackend = engine.setBackend.bind(engine);
engine.setBackend = (name: string) => setBackend(name === 'cpu' ? 'native' : name);

beforeAll(async () => {
  await useBackend('native');
});

afterAll(() => {
  // every test file must have run on native (a test that selected another backend by name is reported)
  if (tf.getBackend() !== 'native') throw new Error(`tests under the native backend: the file ended on '${tf.getBackend()}'`);
});
