/**
 * Help screens: the command list and one page per command.
 *
 * @module
 */
import type { CommandDefinition, CommandGroup, OptionSpec } from './command.js';
import { API_OPTIONS, GLOBAL_OPTIONS } from './global-options.js';
import type { Colors } from './ui/colors.js';
import { renderTable } from './ui/table.js';

const GROUP_TITLES: Record<CommandGroup, string> = {
  data: 'Data (no API key needed)',
  jobs: 'Jobs',
  results: 'Results and models',
  shell: 'Shell',
};

/**
 * The top-level help: what the tool is, the command list by group, global options, exit codes.
 *
 * @param commands - Every command, in display order.
 * @param version - The package version.
 * @param colors - Styles for headings.
 */
export function renderRootHelp(
  commands: readonly CommandDefinition[],
  version: string,
  colors: Colors,
): string {
  const lines = [
    `${colors.bold('finetune-kit')} ${version} — validate, price, run and analyse OpenAI fine-tuning jobs`,
    '',
    `${colors.bold('Usage:')} finetune-kit <command> [options]`,
    '       finetune-kit --version   (or -v: print the version)',
    '       finetune-kit --help      (or -h; finetune-kit <command> --help for one command)',
    '',
  ];
  for (const group of Object.keys(GROUP_TITLES) as CommandGroup[]) {
    const members = commands.filter((command) => command.group === group);
    if (members.length === 0) continue;
    lines.push(colors.bold(`${GROUP_TITLES[group]}:`));
    lines.push(
      ...renderTable(
        null,
        members.map((command) => [command.name, command.summary]),
      ),
    );
    lines.push('');
  }
  lines.push(colors.bold('Options for every command:'), ...renderOptions(GLOBAL_OPTIONS), '');
  lines.push(colors.bold('Options for commands that call the API:'), ...renderOptions(API_OPTIONS), '');
  lines.push(
    colors.bold('Environment:'),
    ...renderTable(null, [
      ['OPENAI_API_KEY', 'API key (required for API commands unless --simulate)'],
      ['OPENAI_BASE_URL', 'API base URL, for proxies and compatible servers'],
      ['AZURE_OPENAI_API_KEY', 'with --azure: the resource key'],
      ['AZURE_OPENAI_ENDPOINT', 'with --azure: https://<resource>.openai.azure.com'],
      ['OPENAI_API_VERSION', 'with --azure: the API version, e.g. 2025-04-01-preview'],
      ['NO_COLOR / FORCE_COLOR', 'turn colour off / on'],
      [
        'FINETUNE_KIT_STATE_DIR',
        'with --simulate: the simulated account is in <dir>/simulator; eval keeps answers in <dir>/eval-cache (with --simulate, in the account)',
      ],
    ]),
    '',
    colors.bold('Exit codes:'),
    ...renderTable(null, EXIT_CODE_ROWS),
    '',
    `Try it without an API key:  ${colors.info('finetune-kit run train.jsonl --simulate')}`,
    `Help for one command:       ${colors.info('finetune-kit <command> --help')}`,
  );
  return lines.join('\n');
}

const EXIT_CODE_ROWS = [
  ['0', 'success (validate: no errors in the data)'],
  ['1', 'invalid data, failed or cancelled job, missing resource, other failure'],
  ['2', 'usage error: unknown command or option, bad value, unknown model'],
  ['3', 'no API key configured, or the key was refused (401/403)'],
  ['4', 'API unreachable, rate limited or failing after retries'],
  ['130', 'interrupted with Ctrl-C (a watched job keeps running)'],
];

/**
 * The help page of one command.
 *
 * @param command - The command.
 * @param colors - Styles for headings.
 */
export function renderCommandHelp(command: CommandDefinition, colors: Colors): string {
  const positionals = (command.positionals ?? [])
    .map((spec) => {
      const name = `<${spec.name}>${spec.variadic ? '...' : ''}`;
      return spec.required === false ? `[${name}]` : name;
    })
    .join(' ');
  const lines = [
    `${colors.bold('Usage:')} finetune-kit ${command.name}${positionals ? ` ${positionals}` : ''} [options]`,
    '',
    command.summary,
  ];
  if (command.description) lines.push('', command.description);
  if (command.subcommands?.length) {
    lines.push('', colors.bold('Subcommands:'));
    lines.push(
      ...renderTable(
        null,
        command.subcommands.map((subcommand) => [subcommand.name, subcommand.summary]),
      ),
    );
  }
  if (command.positionals?.length) {
    lines.push('', colors.bold('Arguments:'));
    lines.push(
      ...renderTable(
        null,
        command.positionals.map((spec) => [`<${spec.name}>`, spec.description]),
      ),
    );
  }
  if (command.options && Object.keys(command.options).length > 0) {
    lines.push('', colors.bold('Options:'), ...renderOptions(command.options));
  }
  lines.push('', colors.bold('Global options:'), ...renderOptions(GLOBAL_OPTIONS));
  if (command.usesApi) lines.push(...renderOptions(API_OPTIONS));
  if (command.examples?.length) {
    lines.push(
      '',
      colors.bold('Examples:'),
      ...command.examples.map((example) => `  finetune-kit ${example}`),
    );
  }
  lines.push('', colors.bold('Exit codes:'), `  ${command.exitCodes ?? defaultExitCodes(command)}`);
  return lines.join('\n');
}

function defaultExitCodes(command: CommandDefinition): string {
  return command.usesApi
    ? '0 ok, 1 failure, 2 usage error, 3 no or refused API key, 4 API unavailable, 130 interrupted'
    : '0 ok, 1 failure, 2 usage error';
}

function renderOptions(options: Readonly<Record<string, OptionSpec>>): string[] {
  return renderTable(
    null,
    Object.entries(options).map(([name, spec]) => {
      const flag = `${spec.short ? `-${spec.short}, ` : '    '}--${spec.negatable ? 'no-' : ''}${name}${
        spec.type === 'string' ? ` ${spec.valueName ?? '<value>'}` : ''
      }`;
      const details = [spec.description];
      if (spec.multiple) details.push('(repeatable)');
      if (spec.defaultText) details.push(`(default: ${spec.defaultText})`);
      return [flag, details.join(' ')];
    }),
  );
}
