import {
  APIConnectionError,
  APIUserAbortError,
  AuthenticationError,
  BadRequestError,
  InternalServerError,
  NotFoundError,
  RateLimitError,
} from 'openai';
import { describe, expect, it } from 'vitest';
import { CliError, CliUsageError } from '../../src/cli/cli-error.js';
import { describeError } from '../../src/cli/describe-error.js';
import { ExitCode } from '../../src/cli/exit-codes.js';
import {
  FinetuneKitAbortError,
  FinetuneKitApiError,
  JobFailedError,
  UnknownModelError,
} from '../../src/errors.js';

const headers = new Headers();

describe('describeError', () => {
  it('passes CLI errors through with their exit code and hint', () => {
    const usage = describeError(new CliUsageError('Missing argument <file>.', 'validate'));
    expect(usage).toEqual({
      message: 'Missing argument <file>.',
      hint: 'Run `finetune-kit validate --help` for usage.',
      exitCode: ExitCode.usage,
      code: 'cli_error',
    });
    expect(describeError(new CliError('boom', ExitCode.auth)).exitCode).toBe(3);
  });

  it('names the key variable on 401, for OpenAI and for Azure, and never prints the key', () => {
    const error = new AuthenticationError(
      401,
      { message: 'Incorrect API key provided: sk-abcdef123456.' },
      undefined,
      headers,
    );
    const openai = describeError(error);
    expect(openai.exitCode).toBe(ExitCode.auth);
    expect(openai.message).toBe('The API refused the key (401): Incorrect API key provided: [redacted].');
    expect(openai.hint).toContain('OPENAI_API_KEY');
    expect(describeError(error, { azure: true }).hint).toBe('Check AZURE_OPENAI_API_KEY.');
  });

  it('classifies 404, 429 (quota or rate), 5xx and 400 with the parameter', () => {
    const notFound = describeError(
      new NotFoundError(
        404,
        { message: 'Job ftjob-x not found', code: 'fine_tuning_job_not_found' },
        undefined,
        headers,
      ),
    );
    expect(notFound).toMatchObject({
      exitCode: ExitCode.failure,
      code: 'http_404',
      message: 'Not found (404): Job ftjob-x not found',
    });
    const quota = describeError(
      new RateLimitError(429, { message: 'Quota', code: 'insufficient_quota' }, undefined, headers),
    );
    expect(quota.exitCode).toBe(ExitCode.unavailable);
    expect(quota.hint).toContain('billing');
    expect(describeError(new RateLimitError(429, { message: 'Slow down' }, undefined, headers)).hint).toBe(
      'Wait a minute and run the command again.',
    );
    expect(
      describeError(new InternalServerError(503, { message: 'Overloaded' }, undefined, headers)).message,
    ).toBe('The API failed (503), still after retrying: Overloaded');
    expect(
      describeError(
        new BadRequestError(
          400,
          { message: 'Invalid suffix', code: 'invalid_value', param: 'suffix' },
          undefined,
          headers,
        ),
      ).message,
    ).toBe('The API rejected the request (400 invalid_value): Invalid suffix (param: suffix)');
  });

  it('finds the API error in a cause chain, and reads FinetuneKitApiError itself', () => {
    const sdk = new NotFoundError(404, { message: 'No such job' }, undefined, headers);
    const wrapped = new FinetuneKitApiError(
      'fineTuning.jobs.retrieve ftjob-x failed: 404 No such job',
      {
        operation: 'fineTuning.jobs.retrieve',
        status: 404,
        apiCode: 'fine_tuning_job_not_found',
      },
      { cause: sdk },
    );
    expect(describeError(wrapped)).toMatchObject({ exitCode: ExitCode.failure, code: 'http_404' });
    const offline = new FinetuneKitApiError('fineTuning.jobs.list failed: Connection error.', {
      operation: 'fineTuning.jobs.list',
      status: null,
    });
    expect(describeError(offline, { baseURL: 'http://127.0.0.1:9' })).toMatchObject({
      exitCode: ExitCode.unavailable,
      code: 'connection_error',
    });
  });

  it('explains connection errors with the URL and the cause', () => {
    const error = new APIConnectionError({ message: 'Connection error.', cause: new Error('ECONNREFUSED') });
    const description = describeError(error, { baseURL: 'http://127.0.0.1:9/v1' });
    expect(description.message).toBe(
      'Could not reach the API at http://127.0.0.1:9/v1 (Connection error: ECONNREFUSED).',
    );
    expect(description.hint).toContain('OPENAI_BASE_URL');
  });

  it('lists the known models for an unknown model, as a usage error', () => {
    const description = describeError(
      new UnknownModelError('gpt-9', ['gpt-4o-mini-2024-07-18', 'gpt-4o-2024-08-06']),
    );
    expect(description).toEqual({
      message: 'Unknown model "gpt-9".',
      hint: 'Known models: gpt-4o-mini-2024-07-18, gpt-4o-2024-08-06.',
      exitCode: ExitCode.usage,
      code: 'unknown_model',
    });
  });

  it('maps aborts to 130, failed jobs to 1, missing files and unexpected errors', () => {
    expect(describeError(new FinetuneKitAbortError()).exitCode).toBe(ExitCode.interrupted);
    expect(describeError(new APIUserAbortError()).exitCode).toBe(ExitCode.interrupted);
    const failed = describeError(
      new JobFailedError({
        id: 'ftjob-1',
        status: 'failed',
        error: { code: 'invalid_n_examples', message: 'Too few' },
      }),
    );
    expect(failed).toMatchObject({
      exitCode: 1,
      code: 'job_failed',
      message: 'Fine-tuning job ftjob-1 failed: invalid_n_examples: Too few',
    });
    const missing = Object.assign(new Error("ENOENT: no such file or directory, open 'x.jsonl'"), {
      code: 'ENOENT',
      path: 'x.jsonl',
    });
    expect(describeError(missing)).toMatchObject({
      message: 'File not found: x.jsonl',
      exitCode: 1,
      code: 'file_not_found',
    });
    const unexpected = describeError(new TypeError('undefined is not a function'));
    expect(unexpected.message).toBe('Unexpected error: undefined is not a function');
    expect(unexpected.hint).toContain('FINETUNE_KIT_DEBUG=1');
  });
});

describe('describeError on hostile answers', () => {
  it('says an unreadable answer is not JSON, not that the API cannot be reached', () => {
    const cause = new SyntaxError('Unexpected end of JSON input');
    const wrapped = new FinetuneKitApiError(
      'fineTuning.jobs.list failed: Unexpected end of JSON input',
      { operation: 'fineTuning.jobs.list', status: null },
      { cause },
    );
    expect(describeError(wrapped, { baseURL: 'http://127.0.0.1:4000/v1' })).toEqual({
      message:
        'The API at http://127.0.0.1:4000/v1 sent an answer that is not valid JSON (Unexpected end of JSON input).',
      hint: 'This is on the server side, or a proxy in between; try again later.',
      exitCode: ExitCode.unavailable,
      code: 'invalid_response',
    });
  });

  it('prints server text as one inert line without secrets', () => {
    const error = new AuthenticationError(
      401,
      { message: 'Incorrect API key provided: sk-proj-Abcdef0123456789.\u001B]0;x\u0007\nnext' },
      undefined,
      headers,
    );
    expect(describeError(error).message).toBe(
      'The API refused the key (401): Incorrect API key provided: [redacted].\\x1b]0;x\\x07\\nnext',
    );
  });
});
