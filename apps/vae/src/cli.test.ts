import { parseCli } from './cli-options.js';
import { ProgressBar } from './progress.js';

describe('command line', () => {
  it('has Pyro\'s defaults and resolves relative paths against the directory pnpm started in', () => {
    const o = parseCli([], '/home/u', '/app/vae-out');
    expect(o).toMatchObject({ epochs: 12, batchSize: 256, lr: 1e-3, seed: 0, out: '/app/vae-out', testEvery: 1, tsnePoints: 1000, help: false });
    expect(parseCli(['--out', 'pics'], '/home/u', '/app/vae-out').out).toBe('/home/u/pics');
    expect(o.dataDir).toBeUndefined();
    const p = parseCli(['--', '--epochs', '2', '--batch-size', '128', '--data-dir', 'd', '--out', '/abs', '--seed', '3', '--save', 's.bin', '--resume', 'r.bin', '--backend', 'cpu', '--lr', '0.01', '--limit', '100'], '/w');
    expect(p).toMatchObject({ epochs: 2, batchSize: 128, dataDir: '/w/d', out: '/abs', seed: 3, save: '/w/s.bin', resume: '/w/r.bin', backend: 'cpu', lr: 0.01, limit: 100 });
  });

  it('rejects bad values and unknown flags with the flag\'s name', () => {
    expect(() => parseCli(['--epochs', 'x'], '/')).toThrow(/--epochs must be an integer ≥ 0, got 'x'/);
    expect(() => parseCli(['--batch-size', '0'], '/')).toThrow(/--batch-size must be an integer ≥ 1/);
    expect(() => parseCli(['--lr=-1'], '/')).toThrow(/--lr must be a positive number/);
    expect(() => parseCli(['--epoch', '3'], '/')).toThrow(/Unknown option '--epoch'/);
  });

  it('prints progress lines every tenth of an epoch when not on a terminal, with step, epoch, −ELBO and speed', () => {
    const lines: string[] = [];
    const bar = new ProgressBar({ epochs: 2, write: (s) => lines.push(s), tty: false });
    for (let i = 0; i < 20; i++) bar.update({ step: i + 1, epoch: 0, stepInEpoch: i, stepsPerEpoch: 20, loss: 256 * (300 - i), batchSize: 256, ms: 100 });
    expect(lines.length).toBe(11); // the first step, then every tenth
    expect(lines[0]).toMatch(/step {2}1\/20/);
    expect(lines[1]).toMatch(/^epoch 1\/2 \[#+\.+\] step {2}2\/20 \(2 in all\) {2}-ELBO 299\.50 {2}10\.00 steps\/s, 2560 img\/s {2}ETA 0:02\n$/);
    expect(lines[10]).toMatch(/step 20\/20 .* -ELBO 290\.50 .* 2\.0 s\n$/);
    const tty: string[] = [];
    const bar2 = new ProgressBar({ epochs: 1, write: (s) => tty.push(s), tty: true });
    bar2.update({ step: 1, epoch: 0, stepInEpoch: 0, stepsPerEpoch: 1, loss: 10, batchSize: 1, ms: 5 });
    expect(tty[0]!.startsWith('\repoch 1/1 [')).toBe(true);
    expect(tty[0]!.endsWith('\u001b[K\n')).toBe(true);
  });
});
