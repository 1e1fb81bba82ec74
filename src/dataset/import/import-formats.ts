/**
 * The record converters of the importers: one record of ShareGPT, Alpaca or TRL data (or an
 * example already in OpenAI's format) to one OpenAI fine-tuning example. Pure functions over a
 * parsed JSON object; a problem is returned with the JSON path it is about, and the driver adds the
 * source line.
 *
 * Formats (public descriptions):
 * - ShareGPT as LLaMA-Factory documents it (`conversations: [{from, value}]`, optional `system` and
 *   `tools`; `function_call` / `observation` turns), and its `messages: [{role, content}]` variant.
 * - Alpaca (`instruction`, `input`, `output`, optional `system` and `history`).
 * - Hugging Face TRL dataset types: preference (`prompt`/`chosen`/`rejected`, explicit or implicit
 *   prompt, standard or conversational), conversational language modeling (`messages`) and
 *   prompt-completion.
 *
 * @module
 */

/** The formats the importers read. `json` detects the shape of each record. */
export type ImportFormat = 'sharegpt' | 'alpaca' | 'trl' | 'csv' | 'tsv' | 'json';

/** A converted example, or why the record could not be converted. */
export type ConvertedRecord =
  | { readonly ok: true; readonly example: Record<string, unknown>; readonly shape: RecordShape }
  | { readonly ok: false; readonly path: string; readonly message: string };

/** The shape a record was read as. */
export type RecordShape = 'sharegpt' | 'alpaca' | 'trl' | 'openai';

/** Options that apply to every record. */
export interface RecordOptions {
  /** A system message to put first when the example has none. */
  readonly system?: string;
}

type Json = Record<string, unknown>;
type Message = Record<string, unknown>;

const SHAREGPT_ROLES = ['human', 'gpt', 'system', 'function_call', 'observation'] as const;
const SHAREGPT_ROLE_MAP: Readonly<Record<string, string>> = {
  human: 'user',
  user: 'user',
  gpt: 'assistant',
  assistant: 'assistant',
  system: 'system',
  function_call: 'function_call',
  observation: 'observation',
  tool: 'observation',
};

class RecordError extends Error {
  readonly path: string;
  constructor(path: string, message: string) {
    super(message);
    this.path = path;
  }
}

const isObject = (value: unknown): value is Json =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

function describe(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  if (typeof value === 'string') return `the string ${clipped(value)}`;
  return typeof value === 'object' ? 'an object' : `${typeof value} ${String(value)}`;
}

function clipped(text: string): string {
  const json = JSON.stringify(text);
  return json.length > 40 ? `${json.slice(0, 39)}…"` : json;
}

function text(value: unknown, path: string, what = 'a string'): string {
  if (typeof value !== 'string') throw new RecordError(path, `must be ${what}, got ${describe(value)}`);
  return value;
}

/**
 * Converts one record of the given format.
 *
 * @param record - The parsed JSON object.
 * @param format - The format to read it as; `json` detects it.
 * @param options - System message.
 */
export function convertRecord(
  record: Json,
  format: Exclude<ImportFormat, 'csv' | 'tsv'>,
  options: RecordOptions = {},
): ConvertedRecord {
  try {
    const shape = format === 'json' ? detectShape(record) : format;
    const example =
      shape === 'sharegpt'
        ? fromShareGpt(record)
        : shape === 'alpaca'
          ? fromAlpaca(record)
          : shape === 'trl'
            ? fromTrl(record)
            : record;
    return { ok: true, example: withSystem(example, options.system), shape };
  } catch (error) {
    if (error instanceof RecordError) return { ok: false, path: error.path, message: error.message };
    throw error;
  }
}

/**
 * The shape of a record of a `json` import: OpenAI's own formats pass unchanged.
 *
 * @throws {RecordError} When no known shape matches.
 */
function detectShape(record: Json): RecordShape {
  if (Array.isArray(record.conversations)) return 'sharegpt';
  if ('instruction' in record && 'output' in record) return 'alpaca';
  if ('chosen' in record && 'rejected' in record) return 'trl';
  if (Array.isArray(record.messages)) {
    const messages = record.messages as unknown[];
    const foreign = messages.some(
      (message) =>
        isObject(message) &&
        ('from' in message || message.role === 'function_call' || message.role === 'observation'),
    );
    return foreign ? 'sharegpt' : 'openai';
  }
  if ('input' in record && 'preferred_output' in record) return 'openai';
  if ('prompt' in record && 'completion' in record) {
    return Array.isArray(record.prompt) || Array.isArray(record.completion) ? 'trl' : 'openai';
  }
  throw new RecordError(
    '',
    `no known shape: expected "conversations" (ShareGPT), "instruction"/"output" (Alpaca), "chosen"/"rejected" or "prompt"/"completion" (TRL), or "messages" (found keys: ${Object.keys(
      record,
    )
      .slice(0, 6)
      .map((key) => JSON.stringify(key))
      .join(', ')})`,
  );
}

/** Puts `system` first unless the example already starts with a system or developer message. */
function withSystem(example: Json, system: string | undefined): Json {
  if (system === undefined) return example;
  const target = Array.isArray(example.messages)
    ? { holder: example, key: 'messages' }
    : isObject(example.input) && Array.isArray(example.input.messages)
      ? { holder: example.input, key: 'messages' }
      : null;
  if (target === null) return example;
  const messages = target.holder[target.key] as unknown[];
  const first = messages[0];
  if (isObject(first) && (first.role === 'system' || first.role === 'developer')) return example;
  const withFirst = [{ role: 'system', content: system }, ...messages];
  return target.holder === example
    ? { ...example, messages: withFirst }
    : { ...example, input: { ...(example.input as Json), messages: withFirst } };
}

// ShareGPT -------------------------------------------------------------------------------------

function fromShareGpt(record: Json): Json {
  const key = Array.isArray(record.conversations) ? 'conversations' : 'messages';
  const turns = record[key];
  if (!Array.isArray(turns)) {
    throw new RecordError('conversations', `must be an array of {from, value} turns, got ${describe(turns)}`);
  }
  const messages: Message[] = [];
  if (record.system !== undefined && record.system !== '') {
    messages.push({ role: 'system', content: text(record.system, 'system') });
  }
  /** Ids of calls not answered yet by an observation, in call order. */
  const pending: string[] = [];
  let calls = 0;
  turns.forEach((turn: unknown, index: number) => {
    const path = `${key}[${index}]`;
    if (!isObject(turn)) throw new RecordError(path, `must be an object, got ${describe(turn)}`);
    const roleKey = 'from' in turn ? 'from' : 'role';
    const valueKey = 'from' in turn ? 'value' : 'content';
    const from = turn[roleKey];
    const role = typeof from === 'string' ? SHAREGPT_ROLE_MAP[from] : undefined;
    if (role === undefined) {
      throw new RecordError(
        `${path}.${roleKey}`,
        `${typeof from === 'string' ? `'${from.slice(0, 40)}'` : describe(from)} is not one of ${SHAREGPT_ROLES.join('|')}`,
      );
    }
    const value = text(turn[valueKey], `${path}.${valueKey}`);
    if (role !== 'observation' && pending.length > 0) {
      throw new RecordError(
        path,
        `${pending.length} function call${pending.length === 1 ? '' : 's'} before this turn ${pending.length === 1 ? 'has' : 'have'} no observation`,
      );
    }
    if (role === 'function_call') {
      const parsed = parseCalls(value, `${path}.${valueKey}`);
      const toolCalls = parsed.map((call) => {
        const id = `call_${calls++}`;
        pending.push(id);
        return { id, type: 'function', function: call };
      });
      messages.push({ role: 'assistant', tool_calls: toolCalls });
    } else if (role === 'observation') {
      if (pending.length === 0) {
        throw new RecordError(path, 'an observation without a function_call before it');
      }
      // One observation for several parallel calls may hold a JSON array of their results.
      const results =
        pending.length > 1 ? splitResults(value, pending.length, `${path}.${valueKey}`) : [value];
      for (const result of results) {
        messages.push({ role: 'tool', tool_call_id: pending.shift(), content: result });
      }
    } else {
      messages.push({ role, content: value });
    }
  });
  if (pending.length > 0) {
    throw new RecordError(key, `the conversation ends with ${pending.length} unanswered function call(s)`);
  }
  const example: Json = { messages };
  const tools = record.tools;
  if (tools !== undefined && tools !== '' && tools !== null) example.tools = readTools(tools);
  return example;
}

/** A `function_call` value: `{"name", "arguments"}` or an array of them, as JSON text. */
function parseCalls(value: string, path: string): { name: string; arguments: string }[] {
  let parsed: unknown;
  try {
    parsed = JSON.parse(value);
  } catch {
    throw new RecordError(path, 'must be JSON text of {"name", "arguments"}');
  }
  const list = Array.isArray(parsed) ? parsed : [parsed];
  if (list.length === 0) throw new RecordError(path, 'holds no function call');
  return list.map((call, index) => {
    const where = Array.isArray(parsed) ? `${path}[${index}]` : path;
    if (!isObject(call) || typeof call.name !== 'string' || call.name === '') {
      throw new RecordError(where, 'must be {"name": string, "arguments": object}');
    }
    const args = call.arguments ?? call.parameters ?? {};
    return { name: call.name, arguments: typeof args === 'string' ? args : JSON.stringify(args) };
  });
}

function splitResults(value: string, count: number, path: string): string[] {
  try {
    const parsed: unknown = JSON.parse(value);
    if (Array.isArray(parsed) && parsed.length === count) {
      return parsed.map((item) => (typeof item === 'string' ? item : JSON.stringify(item)));
    }
  } catch {
    // Not a list of results: fall through.
  }
  throw new RecordError(
    path,
    `one observation answers ${count} parallel calls; it must be a JSON array of ${count} results`,
  );
}

/** `tools`: JSON text or an array of function definitions (bare or `{type: "function", function}`). */
function readTools(tools: unknown): unknown[] {
  let list = tools;
  if (typeof tools === 'string') {
    try {
      list = JSON.parse(tools);
    } catch {
      throw new RecordError('tools', 'must be a JSON array of function definitions');
    }
  }
  if (!Array.isArray(list)) throw new RecordError('tools', `must be an array, got ${describe(list)}`);
  return list.map((tool, index) => {
    if (!isObject(tool)) throw new RecordError(`tools[${index}]`, `must be an object, got ${describe(tool)}`);
    if (tool.type === 'function' && isObject(tool.function)) return tool;
    if (typeof tool.name !== 'string') throw new RecordError(`tools[${index}].name`, 'must be a string');
    return { type: 'function', function: tool };
  });
}

// Alpaca ---------------------------------------------------------------------------------------

function fromAlpaca(record: Json): Json {
  const instruction = text(record.instruction, 'instruction');
  const input = record.input === undefined || record.input === null ? '' : text(record.input, 'input');
  const output = text(record.output, 'output');
  const messages: Message[] = [];
  if (record.system !== undefined && record.system !== null && record.system !== '') {
    messages.push({ role: 'system', content: text(record.system, 'system') });
  }
  const history = record.history ?? [];
  if (!Array.isArray(history)) {
    throw new RecordError('history', `must be an array of [user, assistant] pairs, got ${describe(history)}`);
  }
  history.forEach((pair: unknown, index: number) => {
    if (!Array.isArray(pair) || pair.length !== 2) {
      throw new RecordError(`history[${index}]`, `must be a [user, assistant] pair, got ${describe(pair)}`);
    }
    messages.push({ role: 'user', content: text(pair[0], `history[${index}][0]`) });
    messages.push({ role: 'assistant', content: text(pair[1], `history[${index}][1]`) });
  });
  const user =
    input.trim() === '' ? instruction : instruction.trim() === '' ? input : `${instruction}\n\n${input}`;
  messages.push({ role: 'user', content: user });
  messages.push({ role: 'assistant', content: output });
  return { messages };
}

// TRL ------------------------------------------------------------------------------------------

function fromTrl(record: Json): Json {
  if ('chosen' in record || 'rejected' in record) return fromTrlPreference(record);
  if (Array.isArray(record.messages)) return { messages: readMessages(record.messages, 'messages') };
  if ('prompt' in record && 'completion' in record) {
    if ('label' in record) {
      throw new RecordError('label', 'unpaired preference data (KTO) has no OpenAI equivalent');
    }
    const prompt = asMessages(record.prompt, 'prompt', 'user');
    const completion = asMessages(record.completion, 'completion', 'assistant');
    return { messages: [...prompt, ...completion] };
  }
  throw new RecordError(
    '',
    'not a TRL record: expected "prompt"/"chosen"/"rejected", "chosen"/"rejected", "messages" or "prompt"/"completion"',
  );
}

function fromTrlPreference(record: Json): Json {
  let prompt: Message[];
  let chosen: Message[];
  let rejected: Message[];
  if ('prompt' in record) {
    prompt = asMessages(record.prompt, 'prompt', 'user');
    chosen = asMessages(record.chosen, 'chosen', 'assistant');
    rejected = asMessages(record.rejected, 'rejected', 'assistant');
  } else if (typeof record.chosen === 'string' && typeof record.rejected === 'string') {
    // Implicit prompt, standard form: the common text is the prompt (TRL's extract_prompt).
    const split = commonTextPrefix(record.chosen, record.rejected);
    if (split === 0) throw new RecordError('chosen', 'no prompt: chosen and rejected share no common start');
    prompt = [{ role: 'user', content: record.chosen.slice(0, split) }];
    chosen = [{ role: 'assistant', content: record.chosen.slice(split) }];
    rejected = [{ role: 'assistant', content: record.rejected.slice(split) }];
  } else {
    // Implicit prompt, conversational form: the common leading messages are the prompt.
    const full = readMessages(record.chosen, 'chosen');
    const other = readMessages(record.rejected, 'rejected');
    let split = 0;
    while (split < full.length - 1 && split < other.length - 1 && sameMessage(full[split], other[split]))
      split++;
    if (split === 0)
      throw new RecordError('chosen', 'no prompt: chosen and rejected share no leading messages');
    prompt = full.slice(0, split);
    chosen = full.slice(split);
    rejected = other.slice(split);
  }
  const single = (messages: Message[], path: string): Message[] => {
    if (messages.length !== 1 || messages[0]?.role !== 'assistant') {
      throw new RecordError(
        path,
        `must be one assistant message for DPO, got ${messages.length} message${messages.length === 1 ? '' : 's'}${messages.length === 1 ? ` with role ${JSON.stringify(messages[0]?.role)}` : ''}`,
      );
    }
    return messages;
  };
  return {
    input: { messages: prompt },
    preferred_output: single(chosen, 'chosen'),
    non_preferred_output: single(rejected, 'rejected'),
  };
}

/** TRL's rule for standard implicit prompts: up to the first difference, before a trailing space. */
function commonTextPrefix(a: string, b: string): number {
  const limit = Math.min(a.length, b.length);
  let index = 0;
  while (index < limit && a[index] === b[index]) index++;
  if (index < limit && index > 0 && a[index - 1] === ' ') index--;
  return index;
}

function sameMessage(a: Message | undefined, b: Message | undefined): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

/** A string (one message of `role`) or a list of messages. */
function asMessages(value: unknown, path: string, role: string): Message[] {
  if (typeof value === 'string') return [{ role, content: value }];
  return readMessages(value, path);
}

function readMessages(value: unknown, path: string): Message[] {
  if (!Array.isArray(value)) {
    throw new RecordError(
      path,
      `must be a string or a list of {role, content} messages, got ${describe(value)}`,
    );
  }
  return value.map((message: unknown, index: number) => {
    if (!isObject(message)) {
      throw new RecordError(
        `${path}[${index}]`,
        `must be a {role, content} message, got ${describe(message)}`,
      );
    }
    text(message.role, `${path}[${index}].role`);
    return message;
  });
}
