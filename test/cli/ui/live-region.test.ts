import { describe, expect, it } from 'vitest';
import { fitToWidth, LiveRegion } from '../../../src/cli/ui/live-region.js';

describe('fitToWidth', () => {
  it('cuts long lines to the width, keeping escape codes whole', () => {
    expect(fitToWidth('abcdef', 10)).toBe('abcdef');
    expect(fitToWidth('abcdefghij', 5)).toBe('abcd…');
    expect(fitToWidth('\u001B[31mabcdefghij\u001B[39m', 5)).toBe('\u001B[31mabcd…\u001B[0m');
  });
});

describe('LiveRegion', () => {
  it('logs above the block and redraws the block under it', () => {
    const writes: string[] = [];
    const region = new LiveRegion({ write: (text: string) => writes.push(text), isTTY: true, columns: 40 });
    region.render(['step 1/10']);
    region.log('event: started');
    region.render(['step 2/10', 'chart']);
    region.close();
    const output = writes.join('');
    expect(output).toContain('step 1/10\n');
    // Erase the one-line block, write the log line, redraw the block.
    expect(output).toContain('\u001B[1A\r\u001B[0Jevent: started\nstep 1/10\n');
    expect(output).toContain('\u001B[1A\r\u001B[0Jstep 2/10\nchart\n');
    expect(output.endsWith('\u001B[?25h')).toBe(true);
    region.log('after close');
    expect(writes.at(-1)).toBe('after close\n');
  });
});
