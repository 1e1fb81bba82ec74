/**
 * The state one example's checks share: the issues found so far, the declared tools, and running
 * counts (images, tool-call ids). One scope per example; nothing outlives the call.
 *
 * @module
 */
import type { DatasetIssueCode } from '../issue-codes.js';
import type { IssueDetailsArgs } from '../issue-details.js';
import type { AnalyzeContext, ExampleFormat, IssueDraft } from '../types.js';
import { type IssueLocation, issueDraft } from './issue-draft.js';

/** One declared function tool. */
export interface DeclaredTool {
  /** The `parameters` schema, when it is an object that can validate arguments. */
  readonly parameters: Record<string, unknown> | null;
}

/** The tools (or deprecated functions) an example declares. */
export interface ToolCatalog {
  /** Declared tools by name. */
  readonly byName: ReadonlyMap<string, DeclaredTool>;
  /** False when the declaration itself is broken, so "unknown tool" cannot be decided. */
  readonly complete: boolean;
}

/** Shared state of the checks of one example. */
export class ExampleScope {
  readonly issues: IssueDraft[] = [];
  /** Top-level `tools` (or `input.tools`), `null` when absent. */
  tools: ToolCatalog | null = null;
  /** Deprecated top-level `functions`, `null` when absent. */
  functions: ToolCatalog | null = null;
  /** `parallel_tool_calls`; the API default is true. */
  parallelToolCalls = true;
  /** Images seen so far in the example. */
  images = 0;
  /** Path of the first image, where per-example image issues point. */
  firstImagePath: string | null = null;
  /** Tool-call ids seen so far, with the path of the call that used each first. */
  readonly toolCallIds = new Map<string, string>();
  /** Set once `tool_calls_without_tools` was reported, to report it once per example. */
  reportedCallsWithoutTools = false;

  constructor(
    readonly format: ExampleFormat,
    readonly context: AnalyzeContext,
  ) {}

  /** Records an issue; `details` are checked against the code (see `issueDraft`). */
  add<C extends DatasetIssueCode>(
    code: C,
    message: string,
    location: IssueLocation = {},
    ...details: IssueDetailsArgs<C>
  ): void {
    this.issues.push(issueDraft(code, message, location, ...details));
  }
}
