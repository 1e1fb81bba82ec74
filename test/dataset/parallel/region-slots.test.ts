import { describe, expect, it } from 'vitest';
import { RegionSlots } from '../../../src/dataset/parallel/region-slots.js';

describe('RegionSlots', () => {
  it('hands out views of shared memory until every slot is taken, and reuses released ones', () => {
    const slots = new RegionSlots(2, 16);
    const first = slots.take(10);
    const second = slots.take(16);
    expect(first?.buffer).toBeInstanceOf(SharedArrayBuffer);
    expect(first?.length).toBe(10);
    expect(second?.byteOffset).not.toBe(first?.byteOffset);
    expect(slots.take(1)).toBeNull();
    first?.fill(7);
    slots.release(first!);
    const again = slots.take(4);
    expect(again?.byteOffset).toBe(first?.byteOffset);
  });

  it('gives no slot to a region longer than a slot, and ignores memory that is not its own', () => {
    const slots = new RegionSlots(1, 16);
    expect(slots.take(17)).toBeNull();
    slots.release(new Uint8Array(16));
    const only = slots.take(16);
    expect(only).not.toBeNull();
    expect(slots.take(1)).toBeNull();
  });
});
