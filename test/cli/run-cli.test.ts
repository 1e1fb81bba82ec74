import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import packageJson from '../../package.json' with { type: 'json' };
import { COMMANDS } from '../../src/cli/commands/index.js';
import { runCliInProcess } from './helpers/run-cli-in-process.js';
import { REPO_ROOT, runCliProcess } from './helpers/run-cli-process.js';

describe('finetune-kit (top level)', () => {
  it('prints the command list with --help, the version with --version (spawned)', async () => {
    const [help, version] = await Promise.all([runCliProcess(['--help']), runCliProcess(['--version'])]);
    expect(help.code).toBe(0);
    expect(help.stdout).toMatch(
      /^finetune-kit \d+\.\d+\.\d+ — validate, price, run and analyse OpenAI fine-tuning jobs\n/,
    );
    for (const command of COMMANDS)
      expect(help.stdout).toMatch(new RegExp(`\\n  ${command.name} +${command.summary.slice(0, 20)}`));
    expect(help.stdout).toContain('Try it without an API key:  finetune-kit run train.jsonl --simulate');
    expect(version.stdout).toBe(`${packageJson.version}\n`);
  });

  it('has a help page for every command, and usage errors exit 2 with a suggestion', async () => {
    for (const command of COMMANDS) {
      const run = await runCliInProcess([command.name, '--help']);
      expect(run.code, command.name).toBe(0);
      expect(run.stdout).toMatch(new RegExp(`^Usage: finetune-kit ${command.name}`));
      expect(run.stdout).toContain('Exit codes:');
      if (command.usesApi) expect(run.stdout).toContain('--simulate');
      // `simulate` manages the account --simulate uses, and says so, but takes no API options.
      else if (command.name === 'simulate') expect(run.stdout).not.toContain('--azure');
      else expect(run.stdout).not.toContain('--simulate');
      // Every example names the command it documents.
      for (const example of command.examples ?? []) expect(example.startsWith(command.name)).toBe(true);
    }
    const helpTopic = await runCliInProcess(['help', 'watch']);
    expect(helpTopic.stdout).toMatch(/^Usage: finetune-kit watch <job> \[options\]/);

    const typo = await runCliInProcess(['valdate', 'x.jsonl']);
    expect(typo.code).toBe(2);
    expect(typo.stderr).toBe(
      'Error: Unknown command "valdate". Did you mean "validate"?\nRun `finetune-kit --help` for usage.\n',
    );
    const none = await runCliInProcess([]);
    expect(none.code).toBe(2);
    expect(none.stdout).toContain('Usage: finetune-kit <command> [options]');
    const option = await runCliInProcess(['--json', 'list']);
    expect(option.code).toBe(2);
    expect(option.stderr).toContain('Unknown option --json: put options after the command.');
    const apiOnly = await runCliInProcess(['split', 'x.jsonl', '--simulate']);
    expect(apiOnly.code).toBe(2);
    expect(apiOnly.stderr).toContain('Unknown option --simulate for "split".');
    const speed = await runCliInProcess(['list', '--speed', '10'], { env: { OPENAI_API_KEY: 'sk-x' } });
    expect(speed.code).toBe(2);
    expect(speed.stderr).toContain('--speed only applies with --simulate.');
  });
});

describe('layering', () => {
  it('the library never imports the CLI', () => {
    const sources = readdirSync(join(REPO_ROOT, 'src'), { recursive: true, encoding: 'utf8' }).filter(
      (path) => path.endsWith('.ts') && !path.startsWith('cli'),
    );
    expect(sources.length).toBeGreaterThan(20);
    for (const path of sources) {
      const text = readFileSync(join(REPO_ROOT, 'src', path), 'utf8');
      const specifiers = [...text.matchAll(/(?:from|import\()\s*'([^']+)'/g)].map((match) => match[1] ?? '');
      for (const specifier of specifiers) {
        if (!specifier.startsWith('.')) continue;
        const target = join(dirname(join('src', path)), specifier);
        expect(target.startsWith(join('src', 'cli')), `${path} imports ${specifier}`).toBe(false);
      }
    }
  });
});
