/**
 * The rewrite applied to the vendored openai-node tests when they load (see
 * `rewrite-plugin.ts`): which placeholder in which file becomes which real object of the world
 * (`world.ts`), and which tests are expected to fail for now or do not apply.
 *
 * Upstream writes the tests for a mock server that answers anything; against the simulator a
 * placeholder id (`'ft-AF1WoRqd3aJAHsqc9NY7iL8F'`, `'file_id'`, `'upload_abc123'`…) must name a real
 * object, and a test that changes an object (cancel, pause, delete…) needs its own. Nothing else in
 * the vendored files changes: every request keeps its upstream parameters.
 */
import type { WorldIds } from './world.js';

/** One placeholder: its exact source text in the vendored file and the real value by test. */
export interface Placeholder {
  /** The exact source text, e.g. `'file_id'` (quotes included) or `bytes: 0`. */
  readonly find: string;
  /** The part of `find` that becomes the real value (default: all of it). */
  readonly token?: string;
  /** The real value for the test named `test` (its title, without the describe block). */
  readonly value: (ids: WorldIds, test: string) => unknown;
  /** Why, for the reader. */
  readonly why: string;
}

/** A test that must not run as it is, and why. */
export interface ExpectedOutcome {
  /**
   * `refused`: the request is one the real API refuses, so the test passes only when the simulator
   * answers it with a 400 whose message matches `refusal`; `skip`: out of scope.
   */
  readonly mode: 'refused' | 'skip';
  /** For `refused`: what the 400's message must say. */
  readonly refusal?: RegExp;
  readonly reason: string;
}

const JOB = "'ft-AF1WoRqd3aJAHsqc9NY7iL8F'";

/** Placeholders by vendored file (path under `openai-node/api-resources/`). */
export const PLACEHOLDERS: Readonly<Record<string, readonly Placeholder[]>> = {
  'fine-tuning/jobs/jobs.test.ts': [
    {
      find: "'file-abc123'",
      value: (ids) => ids.trainingFile,
      why: 'training_file and validation_file: a processed fine-tune file',
    },
    {
      find: JOB,
      value: (ids, test) =>
        ({ cancel: ids.jobToCancel, pause: ids.jobToPause, resume: ids.jobToResume })[test] ??
        ids.succeededJob,
      why: 'cancel, pause and resume each get a job in a state that allows it; the others read a succeeded job',
    },
  ],
  'fine-tuning/jobs/checkpoints.test.ts': [
    { find: JOB, value: (ids) => ids.succeededJob, why: 'a succeeded job has checkpoints' },
  ],
  'fine-tuning/checkpoints/permissions.test.ts': [
    {
      find: "'ft:gpt-4o-mini-2024-07-18:org:weather:B7R9VjQd'",
      value: (ids) => ids.checkpointModel,
      why: 'a checkpoint of a succeeded job',
    },
    {
      // Upstream passes a job id where the path wants a checkpoint (a mock server does not care).
      find: JOB,
      value: (ids) => ids.checkpointModel,
      why: 'retrieve and list take the fine_tuned_model_checkpoint',
    },
    {
      find: "['string']",
      token: "'string'",
      value: (ids, test) => (test === 'create: only required params' ? ids.projects[0] : ids.projects[1]),
      why: 'project ids of the real shape; one per create test, as a project is granted once',
    },
    {
      find: "'cp_zc4Q7MP6XxulcVzj4MZdwsAB'",
      value: (ids, test) =>
        test === 'delete: only required params' ? ids.permissionsToDelete[0] : ids.permissionsToDelete[1],
      why: 'one existing grant per delete test',
    },
  ],
  'files.test.ts': [
    {
      find: "'file_id'",
      value: (ids, test) => (test === 'delete' ? ids.fileToDelete : ids.fileToRead),
      why: 'an existing file; the one deleted is not the one read',
    },
  ],
  'models.test.ts': [
    {
      find: "'ft:gpt-4o-mini:acemeco:suffix:abc123'",
      value: (ids) => ids.modelToDelete,
      why: 'a fine-tuned model of this account (a base model cannot be deleted)',
    },
  ],
  'uploads/uploads.test.ts': [
    {
      find: "'upload_abc123'",
      value: (ids, test) =>
        test === 'cancel'
          ? ids.uploadToCancel
          : test === 'complete: only required params'
            ? ids.uploadsToComplete[0].id
            : ids.uploadsToComplete[1].id,
      why: 'a pending upload per test; the completed ones hold one part with all their bytes',
    },
    {
      find: "part_ids: ['string']",
      token: "'string'",
      value: (ids, test) =>
        test === 'complete: only required params'
          ? ids.uploadsToComplete[0].partId
          : ids.uploadsToComplete[1].partId,
      why: 'the part of that upload',
    },
    {
      find: "md5: 'md5'",
      token: "'md5'",
      value: (ids) => ids.uploadsToComplete[1].md5,
      why: 'the md5 of the bytes uploaded (a wrong checksum is refused, as documented)',
    },
    {
      find: 'bytes: 0',
      token: '0',
      value: () => 1024,
      why: 'a positive size: the simulator refuses an empty upload (nothing could ever complete it)',
    },
  ],
  'chat/completions/completions.test.ts': [
    {
      find: "model: 'gpt-5.4'",
      token: "'gpt-5.4'",
      value: (ids) => ids.fineTunedModel,
      why: 'the simulator serves its fine-tunable base models and the models fine-tuned in it; chat with the latter',
    },
  ],
  'uploads/parts.test.ts': [
    { find: "'upload_abc123'", value: (ids) => ids.uploadForParts, why: 'a pending upload' },
  ],
};

const STORED_CHAT = 'stored chat completions are not part of fine-tuning (issue 12: out of scope)';

/** Tests that do not run as they are, by vendored file and test title. */
export const EXPECTED: Readonly<Record<string, Readonly<Record<string, ExpectedOutcome>>>> = {
  'chat/completions/completions.test.ts': {
    // Written for a mock server, it sends every parameter at once, including combinations the
    // real API refuses with a 400 (`stream_options` with `stream: false`: "The 'stream_options'
    // parameter is only allowed when 'stream' is enabled.", `max_completion_tokens: 0`, both
    // `max_tokens` and `max_completion_tokens`…). The simulator refuses it too, and must.
    'create: required and optional params': {
      mode: 'refused',
      refusal: /max_completion_tokens|max_tokens|stream_options/,
      reason: 'parameters the real API refuses together; the simulator answers 400 as it does',
    },
    retrieve: { mode: 'skip', reason: STORED_CHAT },
    'update: only required params': { mode: 'skip', reason: STORED_CHAT },
    'update: required and optional params': { mode: 'skip', reason: STORED_CHAT },
    list: { mode: 'skip', reason: STORED_CHAT },
    delete: { mode: 'skip', reason: STORED_CHAT },
  },
};
