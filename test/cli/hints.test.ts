import { describe, expect, it } from 'vitest';
import { cliCommand, dashboardLine, shellQuote } from '../../src/cli/hints.js';

describe('cliCommand', () => {
  it('says npx finetune-kit when started through npm, where the bin is not on the PATH', () => {
    expect(cliCommand({})).toBe('finetune-kit');
    expect(cliCommand({ npm_lifecycle_event: 'demo' })).toBe('npx finetune-kit');
    expect(cliCommand({ npm_command: 'exec' })).toBe('npx finetune-kit');
    expect(cliCommand({ npm_command: 'install' })).toBe('finetune-kit');
  });
});

describe('shellQuote', () => {
  it('leaves plain words alone and single-quotes the rest', () => {
    expect(shellQuote('ft:gpt-4o-mini-2024-07-18:org:support:abc')).toBe(
      'ft:gpt-4o-mini-2024-07-18:org:support:abc',
    );
    expect(shellQuote('How do I reset my password?')).toBe("'How do I reset my password?'");
    expect(shellQuote("What's $HOME?")).toBe("'What'\\''s $HOME?'");
  });
});

describe('dashboardLine', () => {
  it("links OpenAI's job page, points Azure to its portal, and knows none for other servers", () => {
    expect(dashboardLine({ kind: 'openai', baseURL: 'https://api.openai.com/v1' }, 'ftjob-abc')).toBe(
      'Dashboard: https://platform.openai.com/finetune/ftjob-abc',
    );
    expect(dashboardLine({ kind: 'azure', baseURL: 'https://r.openai.azure.com/openai' }, 'ftjob-abc')).toBe(
      'Dashboard: the Fine-tuning page of your resource in the Azure AI Foundry portal, https://ai.azure.com',
    );
    expect(dashboardLine({ kind: 'openai', baseURL: 'http://127.0.0.1:8787/v1' }, 'ftjob-abc')).toBeNull();
    expect(dashboardLine({ kind: 'simulator', baseURL: 'http://sim/v1' }, 'ftjob-abc')).toBeNull();
  });
});
