// The --save / --resume file: a magic string, a JSON header (counters,
// generator states, losses) and two byte blocks, the param store's
// `toBytes()` and Adam's `save()`, both bit-exact.
//
//   bytes 0..7   'PYROVAE1'
//   then three blocks, each a little-endian uint32 length and its bytes:
//   the UTF-8 JSON metadata, the param store, the optimizer state.
import type { EpochRecord } from './trainer.js';

export interface CheckpointMeta {
  epoch: number;
  step: number;
  batchSize: number;
  zDim: number;
  hiddenDim: number;
  shuffleState: number;
  rngState: number;
  stepLosses: number[];
  epochs: EpochRecord[];
  extra: Record<string, unknown>;
}

const MAGIC = 'PYROVAE1';

export function encodeCheckpoint(meta: CheckpointMeta, params: Uint8Array, optim: Uint8Array): Uint8Array {
  const json = new TextEncoder().encode(JSON.stringify(meta));
  const blocks = [json, params, optim];
  const out = new Uint8Array(MAGIC.length + blocks.reduce((a, b) => a + 4 + b.length, 0));
  const view = new DataView(out.buffer);
  for (let i = 0; i < MAGIC.length; i++) out[i] = MAGIC.charCodeAt(i);
  let off = MAGIC.length;
  for (const b of blocks) {
    view.setUint32(off, b.length, true);
    out.set(b, off + 4);
    off += 4 + b.length;
  }
  return out;
}

export function decodeCheckpoint(bytes: Uint8Array): { meta: CheckpointMeta; params: Uint8Array; optim: Uint8Array } {
  for (let i = 0; i < MAGIC.length; i++) {
    if (bytes[i] !== MAGIC.charCodeAt(i)) throw new Error(`not a VAE checkpoint (it does not start with '${MAGIC}'; write one with --save)`);
  }
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const blocks: Uint8Array[] = [];
  let off = MAGIC.length;
  for (let k = 0; k < 3; k++) {
    if (off + 4 > bytes.length) throw new Error('VAE checkpoint truncated');
    const n = view.getUint32(off, true);
    if (off + 4 + n > bytes.length) throw new Error('VAE checkpoint truncated');
    blocks.push(bytes.subarray(off + 4, off + 4 + n));
    off += 4 + n;
  }
  const meta = JSON.parse(new TextDecoder().decode(blocks[0])) as CheckpointMeta;
  return { meta, params: blocks[1] as Uint8Array, optim: blocks[2] as Uint8Array };
}
