// A messenger that may be entered again while installed (Pyro's `ReentrantMessenger`).
import { Messenger } from './messenger.js';

/** Counts nested entries; it is installed by the first and removed by the last exit. */
export class ReentrantMessenger extends Messenger {
  private refCount = 0;

  override enter(): this {
    this.refCount++;
    if (this.refCount === 1) super.enter();
    return this;
  }

  override exit(failed = false): void {
    this.refCount--;
    if (this.refCount === 0) super.exit(failed);
  }
}
