/**
 * What the CLI suggests running next: commands typed the way this one was started, so they run
 * exactly as printed, and the job's page on the provider's dashboard.
 *
 * @module
 */
import type { ClientHandle } from './client/create-client.js';

/**
 * How to type `finetune-kit` in a hint. Run through npm (`npm run demo`, `npx finetune-kit`), the
 * command is usually not on the PATH of the shell the user types into, so hints say
 * `npx finetune-kit`, which works in the repository and anywhere the package is installed.
 *
 * @param env - The environment: npm sets `npm_lifecycle_event` in scripts and `npm_command` in `npx`.
 */
export function cliCommand(env: Readonly<Record<string, string | undefined>>): string {
  return env.npm_lifecycle_event || env.npm_command === 'exec' ? 'npx finetune-kit' : 'finetune-kit';
}

/**
 * Quotes `text` as one POSIX shell word when it needs it (single quotes; a quote inside becomes
 * `'\''`).
 *
 * @example
 * ```ts
 * shellQuote('ftjob-abc')           // ftjob-abc
 * shellQuote("What's the policy?")  // 'What'\''s the policy?'
 * ```
 */
export function shellQuote(text: string): string {
  return /^[\w@%+=:,./-]+$/.test(text) ? text : `'${text.replace(/'/g, "'\\''")}'`;
}

/** OpenAI's dashboard page of a fine-tuning job. */
export const OPENAI_JOB_PAGE = 'https://platform.openai.com/finetune/';

/**
 * Where to see the job in the provider's dashboard: OpenAI's job page; for Azure, the Azure AI
 * Foundry portal (its job pages need the resource and project, which the API does not tell us);
 * nothing for the simulator or another OpenAI-compatible server.
 *
 * @param handle - The client the job was created with.
 * @param jobId - The job id.
 * @returns One line, or `null` when no dashboard is known.
 */
export function dashboardLine(handle: Pick<ClientHandle, 'kind' | 'baseURL'>, jobId: string): string | null {
  if (handle.kind === 'azure') {
    return 'Dashboard: the Fine-tuning page of your resource in the Azure AI Foundry portal, https://ai.azure.com';
  }
  if (handle.kind !== 'openai') return null;
  let host: string;
  try {
    host = new URL(handle.baseURL).hostname;
  } catch {
    return null;
  }
  return host === 'api.openai.com' ? `Dashboard: ${OPENAI_JOB_PAGE}${jobId}` : null;
}
