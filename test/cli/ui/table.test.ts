import { describe, expect, it } from 'vitest';
import { createColors } from '../../../src/cli/ui/colors.js';
import { renderTable } from '../../../src/cli/ui/table.js';

describe('renderTable', () => {
  it('aligns columns, right-aligns numbers, and ignores colour codes when measuring', () => {
    const red = createColors(true).error;
    const lines = renderTable(
      ['model', 'cost'],
      [
        ['gpt-4o-mini', red('$0.49')],
        ['gpt-4o', '$4.12'],
      ],
      { align: ['left', 'right'] },
    );
    expect(lines).toEqual(['  model         cost', `  gpt-4o-mini  ${red('$0.49')}`, '  gpt-4o       $4.12']);
  });

  it('renders a table without header and a custom indent', () => {
    expect(renderTable(null, [['a', 'b']], { indent: 0 })).toEqual(['a  b']);
  });
});
