/**
 * Slots of memory shared with the analyze workers, for the bytes of regions of lines
 * (`LineRegion`). A region written into a slot crosses to a worker without a copy (a view of
 * shared memory is shared by `postMessage`, not cloned) and the slot is reused once the region's
 * results are back. Copying each megabyte region into a new buffer instead, and cloning it into a
 * new buffer of the worker, cost the calling thread about a fifth of its time on 100 MB: fresh
 * memory is slow to touch in a virtual machine, and the buffers' churn triggered full garbage
 * collections (docs/performance.md).
 *
 * @module
 */

/** See the module comment. */
export class RegionSlots {
  readonly #memory: SharedArrayBuffer;
  readonly #slotBytes: number;
  readonly #free: number[] = [];

  /**
   * @param count - Number of slots (regions in flight at once).
   * @param slotBytes - Bytes per slot; longer regions get no slot.
   */
  constructor(count: number, slotBytes: number) {
    this.#memory = new SharedArrayBuffer(count * slotBytes);
    this.#slotBytes = slotBytes;
    for (let slot = count - 1; slot >= 0; slot--) this.#free.push(slot);
  }

  /**
   * The first `length` bytes of a free slot, now taken.
   *
   * @returns The view, or `null` when every slot is taken or `length` does not fit in one.
   */
  take(length: number): Uint8Array | null {
    if (length > this.#slotBytes) return null;
    const slot = this.#free.pop();
    return slot === undefined ? null : new Uint8Array(this.#memory, slot * this.#slotBytes, length);
  }

  /**
   * Frees the slot `bytes` is a view of; does nothing for other memory.
   *
   * @param bytes - A view from {@link RegionSlots.take}, once nothing reads it any more.
   */
  release(bytes: Uint8Array): void {
    if (bytes.buffer !== this.#memory) return;
    this.#free.push(Math.floor(bytes.byteOffset / this.#slotBytes));
  }

  /**
   * Slots of shared memory, or `null` where `SharedArrayBuffer` is missing (regions are then
   * copied).
   */
  static create(count: number, slotBytes: number): RegionSlots | null {
    return typeof SharedArrayBuffer === 'function' ? new RegionSlots(count, slotBytes) : null;
  }
}
