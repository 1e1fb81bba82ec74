/**
 * `finetune-kit upload <file>`: validate, upload (Files API, or Uploads API above 512 MB) and wait
 * until the file is processed.
 *
 * @module
 */
import type { UploadProgress } from '../../job/index.js';
import type { CommandDefinition } from '../command.js';
import { withValidationRefusal } from '../job-commands.js';
import { loadJob } from '../library.js';
import { requireModel } from '../model-names.js';
import { formatBytes, plural } from '../ui/format.js';
import type { ProgressBar } from '../ui/progress-bar.js';
import type { Ui } from '../ui/ui.js';
import { DEFAULT_MODEL, METHODS } from './validate.js';

/** A progress bar that follows an upload through its phases. */
export function uploadProgress(ui: Ui, label: string): (progress: UploadProgress) => void {
  let bar: ProgressBar | null = null;
  return (progress) => {
    if (ui.json || progress.phase === 'validating') return;
    bar ??= ui.progress({
      label: `${label} ${progress.filename}`,
      total: progress.totalBytes,
      format: formatBytes,
    });
    if (progress.phase === 'uploading') {
      const parts = progress.via === 'uploads' ? `part ${progress.partsDone}/${progress.partsTotal}` : '';
      bar.update(progress.loadedBytes, { detail: parts });
    } else if (progress.phase === 'processing') {
      bar.update(progress.totalBytes, { detail: `processing (${progress.fileStatus ?? 'uploaded'})` });
    } else {
      bar.finish(
        `${label === 'Uploading' ? 'Uploaded' : label} ${progress.filename} → ${progress.fileId} (${formatBytes(progress.totalBytes)} via the ${
          progress.via === 'files' ? 'Files' : 'Uploads'
        } API)`,
      );
    }
  };
}

/** The `upload` command. */
export const uploadCommand: CommandDefinition = {
  name: 'upload',
  group: 'jobs',
  summary: 'Validate and upload a training or validation file, wait until it is processed',
  description:
    'Validates the file first and refuses to upload one with errors (--force uploads anyway). Files up to 512 MB go through the Files API, larger ones through the Uploads API in parallel parts.',
  usesApi: true,
  positionals: [{ name: 'file', description: 'the JSONL file' }],
  options: {
    model: {
      type: 'string',
      short: 'm',
      valueName: '<name>',
      description: 'model the file is for (token limits)',
      defaultText: DEFAULT_MODEL,
    },
    method: { type: 'string', valueName: '<type>', description: 'supervised, dpo or reinforcement' },
    validation: {
      type: 'boolean',
      description: 'the file is a validation file: validation rules (no 10-example minimum)',
    },
    force: { type: 'boolean', short: 'f', description: 'upload even when validation finds errors' },
    validate: { type: 'boolean', negatable: true, description: 'skip validation' },
  },
  examples: [
    'upload train.jsonl',
    'upload valid.jsonl --validation',
    'upload prefs.jsonl --method dpo --json',
  ],
  async run({ args, ui, signal, client, resolvePath }) {
    const file = args.positional('file');
    const model = requireModel(args.string('model') ?? DEFAULT_MODEL, args.command);
    const method = args.choice('method', METHODS);
    const [handle, { uploadTrainingFile }] = await Promise.all([client(), loadJob()]);
    const uploaded = await withValidationRefusal(
      ui,
      () =>
        uploadTrainingFile(handle.client, resolvePath(file), {
          model: model.requested,
          ...(method ? { method } : {}),
          validate: args.flag('validate', true),
          // A validation file is held to the validation rules, as the API holds a validation_file.
          ...(args.flag('validation') ? { validation: { role: 'validation' as const } } : {}),
          force: args.flag('force'),
          filename: file.split(/[\\/]/).pop() ?? file,
          clock: handle.clock,
          signal,
          onProgress: uploadProgress(ui, 'Uploading'),
        }),
      { [resolvePath(file)]: file },
      args.flag('validation') ? 'validation' : 'training',
    );
    if (ui.json) {
      ui.printJson({
        ok: true,
        id: uploaded.id,
        filename: uploaded.filename,
        bytes: uploaded.bytes,
        via: uploaded.via,
        status: uploaded.file.status,
        report: uploaded.report
          ? {
              ok: uploaded.report.ok,
              examples: uploaded.report.examples,
              countsBySeverity: uploaded.report.countsBySeverity,
            }
          : null,
      });
      return undefined;
    }
    const { colors } = ui;
    if (uploaded.report) {
      const { error, warning } = uploaded.report.countsBySeverity;
      ui.print(
        colors.muted(
          `Validated: ${plural(uploaded.report.examples, 'example')}, ${plural(error, 'error')}, ${plural(warning, 'warning')}.`,
        ),
      );
    }
    ui.print(
      `${colors.success('✓')} ${colors.bold(uploaded.id)}  ${uploaded.filename}, ${formatBytes(uploaded.bytes)}, ${uploaded.file.status}`,
      colors.muted(
        `Next: finetune-kit create ${uploaded.id} --model ${model.requested}${handle.account?.flag ?? ''}`,
      ),
    );
    return undefined;
  },
};
