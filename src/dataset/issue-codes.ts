/**
 * Every dataset issue code, with its default severity (OpenAI profile), its category, and the
 * cookbook / legacy-CLI names it is also known by. Documented in docs/dataset.md (issue codes).
 *
 * Codes are stable: they are part of the public contract and never renamed.
 *
 * @module
 */

/** How bad an issue is. `error`: OpenAI would reject the file or job. `warning`: likely harmful. `info`: for your information. */
export type IssueSeverity = 'error' | 'warning' | 'info';

/** Which part of the rules a code belongs to (docs/dataset.md). */
export type IssueCategory =
  | 'file'
  | 'structure'
  | 'content'
  | 'tools'
  | 'preference'
  | 'reinforcement'
  | 'prompt_completion'
  | 'limits'
  | 'quality';

/** Definition of one issue code. */
export interface IssueCodeDefinition {
  readonly severity: IssueSeverity;
  readonly category: IssueCategory;
  /** What the check looks for, one line. */
  readonly summary: string;
  /** Names used by the OpenAI cookbook notebook or the legacy CLI for the same problem. */
  readonly aliases?: readonly string[];
  /** True when a fix in `finetune-kit` can repair it automatically. */
  readonly fixable?: boolean;
}

/**
 * The catalogue of dataset issue codes: severity, category, summary, aliases and whether a fix
 * repairs it, by code (the same shape as `METRICS_ISSUE_CODES`). `Object.keys` lists the codes in
 * catalogue order.
 */
export const DATASET_ISSUE_CODES = {
  // File, encoding, parsing
  file_not_found: { severity: 'error', category: 'file', summary: 'The path is missing or unreadable.' },
  empty_file: {
    severity: 'error',
    category: 'file',
    summary: 'The file has no bytes or no non-blank lines.',
  },
  invalid_extension: {
    severity: 'error',
    category: 'file',
    summary: 'The file name does not end in .jsonl.',
  },
  file_requires_uploads_api: {
    severity: 'warning',
    category: 'file',
    summary: 'Over 512 MB: the Files API refuses it; finetune-kit switches to the Uploads API.',
  },
  file_too_large: { severity: 'error', category: 'file', summary: 'Over 8 GB, the Uploads API maximum.' },
  invalid_utf8: { severity: 'error', category: 'file', summary: 'Bytes that are not valid UTF-8.' },
  utf8_bom: { severity: 'info', category: 'file', summary: 'A leading byte-order mark.', fixable: true },
  invalid_json: { severity: 'error', category: 'file', summary: 'A non-blank line that is not valid JSON.' },
  blank_line: {
    severity: 'warning',
    category: 'file',
    summary: 'A whitespace-only line inside the file.',
    fixable: true,
  },
  crlf_line_endings: {
    severity: 'info',
    category: 'file',
    summary: 'CRLF line endings, or lone-CR (classic Mac OS) line endings (tolerated).',
    fixable: true,
  },
  json_array_file: {
    severity: 'error',
    category: 'file',
    summary: 'The whole file is one JSON array or object, not JSONL.',
    fixable: true,
  },
  not_an_object: {
    severity: 'error',
    category: 'file',
    summary: 'A line that is JSON but not an object.',
    aliases: ['data_type'],
  },
  example_check_failed: {
    severity: 'error',
    category: 'file',
    summary: 'A check failed internally on this line, so it could not be fully validated.',
  },
  unknown_format: { severity: 'error', category: 'file', summary: "No format's required keys are present." },
  ambiguous_format: { severity: 'error', category: 'file', summary: 'Keys of two formats on one line.' },
  mixed_formats: {
    severity: 'error',
    category: 'file',
    summary: "The format differs from the file's format.",
  },
  format_method_mismatch: {
    severity: 'error',
    category: 'file',
    summary: 'The file format does not fit the fine-tuning method.',
  },
  too_few_examples: {
    severity: 'error',
    category: 'file',
    summary: 'Fewer than 10 examples.',
    aliases: ['invalid_n_examples'],
  },
  few_examples: { severity: 'warning', category: 'file', summary: 'Fewer than 50 examples (OpenAI advice).' },
  too_many_examples: {
    severity: 'error',
    category: 'file',
    summary: "Over the provider's maximum example count.",
  },
  too_many_image_examples: {
    severity: 'error',
    category: 'file',
    summary: 'Over 50,000 image-bearing examples.',
  },

  // Example structure (chat)
  missing_messages: {
    severity: 'error',
    category: 'structure',
    summary: '`messages` is absent or not an array.',
    aliases: ['missing_messages_list'],
  },
  empty_messages: {
    severity: 'error',
    category: 'structure',
    summary: '`messages` is an empty array.',
    aliases: ['missing_messages_list'],
  },
  unknown_example_key: {
    severity: 'error',
    category: 'structure',
    summary: 'A top-level key the format does not allow.',
  },
  message_not_object: {
    severity: 'error',
    category: 'structure',
    summary: 'An element of `messages` is not an object.',
  },
  missing_role: {
    severity: 'error',
    category: 'structure',
    summary: '`role` is absent or not a string.',
    aliases: ['message_missing_key'],
  },
  invalid_role: {
    severity: 'error',
    category: 'structure',
    summary: 'A role that is not system, user, assistant, tool or function.',
    aliases: ['unrecognized_role'],
  },
  deprecated_function_role: {
    severity: 'warning',
    category: 'structure',
    summary: 'The deprecated `function` role.',
  },
  unknown_message_key: {
    severity: 'error',
    category: 'structure',
    summary: 'A message key not allowed for its role.',
    aliases: ['message_unrecognized_key'],
  },
  missing_assistant_message: {
    severity: 'error',
    category: 'structure',
    summary: 'No assistant message.',
    aliases: ['example_missing_assistant_message'],
  },
  last_message_not_assistant: {
    severity: 'warning',
    category: 'structure',
    summary: 'Messages after the last assistant message are never trained.',
  },
  missing_system_message: { severity: 'info', category: 'structure', summary: 'No system message.' },
  missing_user_message: { severity: 'warning', category: 'structure', summary: 'No user message.' },
  system_message_position: {
    severity: 'warning',
    category: 'structure',
    summary: 'A system message that is not first, or more than one.',
  },
  invalid_role_order: {
    severity: 'warning',
    category: 'structure',
    summary: 'The same role twice in a row, or an unusual role transition.',
  },
  invalid_weight: {
    severity: 'error',
    category: 'structure',
    summary: '`weight` is not the integer 0 or 1.',
  },
  weight_on_non_assistant: {
    severity: 'error',
    category: 'structure',
    summary: '`weight` on a non-assistant message.',
  },
  no_trainable_messages: {
    severity: 'warning',
    category: 'structure',
    summary: 'Every assistant message has weight 0.',
  },

  // Content
  missing_content: {
    severity: 'error',
    category: 'content',
    summary: 'A system, user or tool message without content.',
  },
  invalid_content_type: {
    severity: 'error',
    category: 'content',
    summary: 'Content is not a string or an array of allowed parts.',
  },
  empty_content: {
    severity: 'warning',
    category: 'content',
    summary: 'Empty or whitespace-only content (an error for an assistant answer).',
  },
  invalid_assistant_content: {
    severity: 'error',
    category: 'content',
    summary: 'Assistant content missing without tool calls, or parts that are not all text or one refusal.',
  },
  unsupported_content_part: {
    severity: 'error',
    category: 'content',
    summary: 'A content part other than text or image_url.',
  },
  invalid_text_part: {
    severity: 'error',
    category: 'content',
    summary: 'A text part without a string `text`.',
  },
  image_not_in_user_message: {
    severity: 'error',
    category: 'content',
    summary: 'An image outside a user message.',
  },
  invalid_image_url: {
    severity: 'error',
    category: 'content',
    summary: 'An image URL that is not http(s) or a JPEG/PNG/WEBP data URL, or a bad `detail`.',
  },
  image_too_large: { severity: 'error', category: 'content', summary: 'A data-URL image over 10 MB.' },
  invalid_image_format: {
    severity: 'error',
    category: 'content',
    summary: 'Image bytes that are not JPEG, PNG or WEBP in RGB/RGBA.',
  },
  too_many_images: { severity: 'error', category: 'content', summary: 'More than 10 images in one example.' },
  images_not_supported: {
    severity: 'error',
    category: 'content',
    summary: 'Images for a model without vision fine-tuning.',
  },
  image_may_be_skipped: {
    severity: 'info',
    category: 'content',
    summary: 'A remote image cannot be checked offline and may be skipped by the server.',
  },
  mixed_multimodal_text: {
    severity: 'info',
    category: 'content',
    summary: 'Some examples carry images and some are text only.',
  },
  weighted_image_message: {
    severity: 'info',
    category: 'content',
    summary: 'An image-bearing message with a non-zero weight.',
  },
  invalid_name: { severity: 'error', category: 'content', summary: '`name` is not a string.' },

  // Tools and function calling
  invalid_tools: {
    severity: 'error',
    category: 'tools',
    summary: '`tools` is not an array of function tools.',
  },
  invalid_function_name: {
    severity: 'error',
    category: 'tools',
    summary: 'A function name that does not match ^[a-zA-Z0-9_-]{1,64}$.',
  },
  invalid_tool_parameters: {
    severity: 'error',
    category: 'tools',
    summary: '`parameters` is not a JSON Schema object, or `strict` is not boolean.',
  },
  duplicate_tool_name: {
    severity: 'warning',
    category: 'tools',
    summary: 'The same tool name twice in `tools`.',
  },
  invalid_tool_call: {
    severity: 'error',
    category: 'tools',
    summary: 'A tool call without id, type "function", name, or string arguments.',
  },
  tool_call_arguments_not_json: {
    severity: 'warning',
    category: 'tools',
    summary: 'Tool-call arguments that are not a JSON object.',
  },
  unknown_tool_called: {
    severity: 'warning',
    category: 'tools',
    summary: 'A call to a function absent from `tools`.',
  },
  tool_call_arguments_schema_mismatch: {
    severity: 'warning',
    category: 'tools',
    summary: "Tool-call arguments that fail the tool's parameter schema.",
  },
  invalid_tool_message: {
    severity: 'error',
    category: 'tools',
    summary: 'A tool message without `tool_call_id` or content.',
  },
  unmatched_tool_call_id: {
    severity: 'error',
    category: 'tools',
    summary: '`tool_call_id` matches no earlier tool call in the example.',
  },
  duplicate_tool_call_id: {
    severity: 'warning',
    category: 'tools',
    summary: 'Tool-call ids repeat within the example.',
  },
  tool_response_count_mismatch: {
    severity: 'warning',
    category: 'tools',
    summary: 'Tool responses do not match the calls before the next assistant message.',
  },
  invalid_parallel_tool_calls: {
    severity: 'error',
    category: 'tools',
    summary: '`parallel_tool_calls` is not boolean.',
  },
  parallel_calls_when_disabled: {
    severity: 'warning',
    category: 'tools',
    summary: 'Several calls in one message while `parallel_tool_calls` is false.',
  },
  deprecated_functions: {
    severity: 'warning',
    category: 'tools',
    summary: 'Deprecated `functions`, `function_call` or `function` role, or mixed with `tools`.',
  },
  tool_calls_without_tools: {
    severity: 'warning',
    category: 'tools',
    summary: '`tool_calls` present without top-level `tools`.',
  },

  // Preference, reinforcement, prompt/completion
  invalid_preference_keys: {
    severity: 'error',
    category: 'preference',
    summary: 'Keys are not exactly input, preferred_output, non_preferred_output.',
  },
  invalid_preference_input: {
    severity: 'error',
    category: 'preference',
    summary: '`input` is not an object with non-empty messages, or has bad tools.',
  },
  preference_input_ends_with_assistant: {
    severity: 'error',
    category: 'preference',
    summary: 'The last input message is an assistant message.',
  },
  invalid_preference_output: {
    severity: 'error',
    category: 'preference',
    summary: 'An output that is not exactly one assistant message with text content.',
  },
  identical_preference_outputs: {
    severity: 'warning',
    category: 'preference',
    summary: 'The preferred and non-preferred outputs are the same.',
  },
  preference_images_not_supported: {
    severity: 'error',
    category: 'preference',
    summary: 'Images in preference data.',
  },
  rft_invalid_role: {
    severity: 'error',
    category: 'reinforcement',
    summary: 'A role other than developer, user, assistant or tool in reinforcement data.',
  },
  rft_last_message_not_user: {
    severity: 'warning',
    category: 'reinforcement',
    summary: 'The final message is not a user message.',
  },
  rft_grader_fields: {
    severity: 'info',
    category: 'reinforcement',
    summary: 'Non-reserved keys available to graders as item.*, or a field a grader needs is missing.',
  },
  invalid_prompt_completion: {
    severity: 'error',
    category: 'prompt_completion',
    summary: '`prompt` or `completion` is missing or not a string.',
  },
  key_case_mismatch: {
    severity: 'error',
    category: 'prompt_completion',
    summary: 'Keys such as `Prompt` or `COMPLETION` in the wrong case.',
    fixable: true,
  },
  extra_columns: {
    severity: 'error',
    category: 'prompt_completion',
    summary: 'Keys other than prompt and completion.',
    fixable: true,
  },
  empty_completion: {
    severity: 'error',
    category: 'prompt_completion',
    summary: 'An empty or null completion.',
    fixable: true,
  },
  whitespace_completion: {
    severity: 'warning',
    category: 'prompt_completion',
    summary: 'A completion of whitespace only.',
  },
  long_example_chars: {
    severity: 'warning',
    category: 'prompt_completion',
    summary: 'Prompt plus completion over 10,000 characters.',
  },
  uppercase_heavy: {
    severity: 'warning',
    category: 'prompt_completion',
    summary: 'Over a third of the letters are upper-case.',
  },
  common_prompt_prefix: {
    severity: 'info',
    category: 'prompt_completion',
    summary: 'All prompts share a prefix longer than 12 characters.',
    fixable: true,
  },
  common_completion_prefix: {
    severity: 'info',
    category: 'prompt_completion',
    summary: 'All completions share a prefix of 5 or more characters.',
    fixable: true,
  },
  missing_prompt_separator: {
    severity: 'info',
    category: 'prompt_completion',
    summary: 'Prompts do not end in a common separator.',
    fixable: true,
  },
  long_prompt_separator: {
    severity: 'warning',
    category: 'prompt_completion',
    summary: 'The common prompt suffix is over 10 characters or recurs inside a prompt.',
  },
  missing_completion_stop: {
    severity: 'warning',
    category: 'prompt_completion',
    summary: 'Completions do not end in a common stop sequence.',
    fixable: true,
  },
  completion_no_leading_space: {
    severity: 'info',
    category: 'prompt_completion',
    summary: 'Completions do not all start with a space.',
    fixable: true,
  },
  identical_prompts: {
    severity: 'error',
    category: 'prompt_completion',
    summary: 'All prompts are identical.',
  },
  identical_completions: {
    severity: 'error',
    category: 'prompt_completion',
    summary: 'All completions are identical.',
  },

  // Limits, tokens, cost, model
  example_too_long: {
    severity: 'warning',
    category: 'limits',
    summary: "Over the model's token limit per example: truncated from the end.",
  },
  assistant_truncated: {
    severity: 'warning',
    category: 'limits',
    summary: 'All assistant tokens fall past the limit: the answer is cut.',
  },
  token_stats: { severity: 'info', category: 'limits', summary: 'Token and message statistics.' },
  epoch_estimate: { severity: 'info', category: 'limits', summary: 'The epoch count the job would use.' },
  cost_estimate: { severity: 'info', category: 'limits', summary: 'Billed tokens and cost in USD.' },
  model_not_fine_tunable: {
    severity: 'error',
    category: 'limits',
    summary: 'Unknown model, unsupported method, or past its cut-off or shutdown date.',
  },
  model_deprecated: {
    severity: 'warning',
    category: 'limits',
    summary: 'The job-creation cut-off or shutdown is near.',
  },
  invalid_hyperparameter: {
    severity: 'error',
    category: 'limits',
    summary: 'A hyperparameter outside its range.',
  },

  // Data quality
  duplicate_example: {
    severity: 'warning',
    category: 'quality',
    summary: 'An exact duplicate of an earlier example.',
    fixable: true,
  },
  system_prompt_summary: {
    severity: 'info',
    category: 'quality',
    summary: 'Whether examples share one system prompt.',
  },
  low_answer_diversity: {
    severity: 'warning',
    category: 'quality',
    summary: 'Most assistant answers are identical.',
  },
  refusal_heavy: {
    severity: 'warning',
    category: 'quality',
    summary: 'A large share of refusals among answers.',
  },
  train_validation_overlap: {
    severity: 'warning',
    category: 'quality',
    summary: 'The same example in the training and validation files.',
  },
  split_suggestion: {
    severity: 'info',
    category: 'quality',
    summary: 'No validation file: a split is suggested.',
  },
  moderation_risk: {
    severity: 'info',
    category: 'quality',
    summary: 'Flagged by the optional moderation pre-check hook.',
  },
  near_duplicate_example: {
    severity: 'warning',
    category: 'quality',
    summary:
      'Nearly the same text as an earlier example (estimated Jaccard similarity at or over the threshold).',
    fixable: true,
  },
  near_duplicate_across_files: {
    severity: 'warning',
    category: 'quality',
    summary: 'A validation example nearly the same as a training example: validation scores are inflated.',
  },

  // Privacy
  possible_secret: {
    severity: 'warning',
    category: 'content',
    summary: 'Text that looks like an API key, token, private key, JWT or a password in a URL.',
    fixable: true,
  },
  possible_pii: {
    severity: 'warning',
    category: 'content',
    summary: 'Personal data: an e-mail address, phone number, payment card, IBAN or national id number.',
    fixable: true,
  },
} as const satisfies Record<string, IssueCodeDefinition>;

/** Every dataset issue code. */
export type DatasetIssueCode = keyof typeof DATASET_ISSUE_CODES;

/** True when `value` is a known issue code. */
export function isDatasetIssueCode(value: unknown): value is DatasetIssueCode {
  return typeof value === 'string' && Object.hasOwn(DATASET_ISSUE_CODES, value);
}
