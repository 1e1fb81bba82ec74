/**
 * Checks of the tools an example declares (docs/dataset.md): top-level `tools`, the
 * deprecated `functions`, and `parallel_tool_calls`. Builds the catalogue that tool calls are then
 * checked against.
 *
 * @module
 */
import type { DeclaredTool, ExampleScope } from './example-scope.js';
import { hashCanonicalJson } from './hash.js';
import {
  childPath,
  describeValue,
  isJsonObject,
  type JsonObject,
  joinPath,
  ownEntry,
  preview,
} from './issue-draft.js';
import { checkJsonSchema, type SchemaProblem } from './json-schema.js';

/** The pattern function names must match. */
export const FUNCTION_NAME_PATTERN = /^[a-zA-Z0-9_-]{1,64}$/;

const FUNCTION_KEYS = new Set(['name', 'description', 'parameters', 'strict']);
/** Keys other APIs use for a function's parameter schema. */
const PARAMETER_KEY_HINTS: Readonly<Record<string, string>> = {
  input_schema: "'input_schema' is Anthropic's name; use 'parameters'",
  inputSchema: "'inputSchema' is the MCP name; use 'parameters'",
  params: "use 'parameters'",
  arguments: "use 'parameters' for the schema",
  schema: "use 'parameters'",
};

/** Maximum number of deprecated `functions` per example (spec: 1–128 items). */
const MAX_FUNCTIONS = 128;

/**
 * Checks a `tools` array and records the declared tools in `scope.tools`.
 *
 * @param tools - The value of `tools` (or `input.tools`).
 * @param path - `tools` or `input.tools`.
 * @param scope - The example's scope.
 */
export function checkTools(tools: unknown, path: string, scope: ExampleScope): void {
  if (!Array.isArray(tools)) {
    scope.add(
      'invalid_tools',
      `${path}: must be an array of {"type": "function", "function": {…}} tools, got ${describeValue(tools)}.`,
      {
        path,
      },
    );
    scope.tools = { byName: new Map(), complete: false };
    return;
  }
  if (tools.length === 0) {
    scope.add('invalid_tools', `${path}: an empty array; remove 'tools' or declare at least one tool.`, {
      path,
    });
  }
  const byName = new Map<string, DeclaredTool>();
  let complete = true;
  tools.forEach((tool, index) => {
    const toolPath = childPath(path, index);
    if (!isJsonObject(tool)) {
      scope.add('invalid_tools', `${toolPath}: must be an object, got ${describeValue(tool)}.`, {
        path: toolPath,
      });
      complete = false;
      return;
    }
    if (tool.type !== 'function') {
      const flat = typeof tool.name === 'string' && !('function' in tool);
      scope.add(
        'invalid_tools',
        flat
          ? `${toolPath}: a flat {name, parameters} definition (Responses API or legacy style); wrap it as {"type": "function", "function": {"name": …, "parameters": …}}.`
          : `${toolPath}.type: must be 'function', got ${describeValue(tool.type)}.`,
        { path: flat ? toolPath : childPath(toolPath, 'type') },
      );
      if (!('function' in tool)) {
        complete = false;
        return;
      }
    }
    for (const key of Object.keys(tool)) {
      if (key !== 'type' && key !== 'function') {
        scope.add(
          'invalid_tools',
          `${toolPath}: unexpected key '${key}' (a tool has only 'type' and 'function').`,
          {
            path: childPath(toolPath, key),
          },
        );
      }
    }
    const declared = checkFunctionDefinition(tool.function, childPath(toolPath, 'function'), scope);
    if (declared === null) {
      complete = false;
      return;
    }
    if (byName.has(declared.name)) {
      scope.add('duplicate_tool_name', `${toolPath}: tool '${declared.name}' is declared twice in ${path}.`, {
        path: childPath(childPath(toolPath, 'function'), 'name'),
      });
      return;
    }
    byName.set(declared.name, declared.tool);
  });
  scope.tools = { byName, complete };
}

/**
 * Checks the deprecated top-level `functions` array and records it in `scope.functions`.
 *
 * @param functions - The value of `functions`.
 * @param path - `functions`.
 * @param scope - The example's scope.
 */
export function checkFunctions(functions: unknown, path: string, scope: ExampleScope): void {
  scope.add(
    'deprecated_functions',
    `${path}: 'functions' is deprecated in favour of 'tools'${scope.tools !== null ? '; do not mix both in one example' : ''}.`,
    { path },
  );
  if (!Array.isArray(functions) || functions.length === 0 || functions.length > MAX_FUNCTIONS) {
    const got = Array.isArray(functions) ? `${functions.length} items` : describeValue(functions);
    scope.add(
      'invalid_tools',
      `${path}: must be an array of 1 to ${MAX_FUNCTIONS} function definitions, got ${got}.`,
      { path },
    );
    if (!Array.isArray(functions)) {
      scope.functions = { byName: new Map(), complete: false };
      return;
    }
  }
  const byName = new Map<string, DeclaredTool>();
  let complete = true;
  functions.forEach((definition, index) => {
    const declared = checkFunctionDefinition(definition, childPath(path, index), scope);
    if (declared === null) {
      complete = false;
      return;
    }
    if (byName.has(declared.name)) {
      scope.add(
        'duplicate_tool_name',
        `${childPath(path, index)}: function '${declared.name}' is declared twice.`,
        {
          path: childPath(childPath(path, index), 'name'),
        },
      );
      return;
    }
    byName.set(declared.name, declared.tool);
  });
  scope.functions = { byName, complete };
}

/**
 * Checks `parallel_tool_calls` and records it in `scope.parallelToolCalls`.
 *
 * @param value - The value of `parallel_tool_calls`.
 * @param path - Its path.
 * @param scope - The example's scope.
 */
export function checkParallelToolCalls(value: unknown, path: string, scope: ExampleScope): void {
  if (typeof value !== 'boolean') {
    scope.add('invalid_parallel_tool_calls', `${path}: must be true or false, got ${describeValue(value)}.`, {
      path,
    });
    return;
  }
  scope.parallelToolCalls = value;
}

/** Checks one `{name, description?, parameters?, strict?}` definition. */
function checkFunctionDefinition(
  definition: unknown,
  path: string,
  scope: ExampleScope,
): { name: string; tool: DeclaredTool } | null {
  if (!isJsonObject(definition)) {
    scope.add(
      'invalid_tools',
      `${path}: must be an object {"name": …, "parameters": …}, got ${describeValue(definition)}.`,
      { path },
    );
    return null;
  }
  for (const key of Object.keys(definition)) {
    if (FUNCTION_KEYS.has(key)) continue;
    const hint = ownEntry(PARAMETER_KEY_HINTS, key);
    scope.add(
      'invalid_tools',
      `${path}: unexpected key '${key}' (allowed: name, description, parameters, strict)${hint ? `; ${hint}` : ''}.`,
      { path: childPath(path, key) },
    );
  }
  if ('description' in definition && typeof definition.description !== 'string') {
    scope.add(
      'invalid_tools',
      `${path}.description: must be a string, got ${describeValue(definition.description)}.`,
      {
        path: childPath(path, 'description'),
      },
    );
  }
  const strict = definition.strict;
  if (strict !== undefined && strict !== null && typeof strict !== 'boolean') {
    scope.add('invalid_tool_parameters', `${path}.strict: must be a boolean, got ${describeValue(strict)}.`, {
      path: childPath(path, 'strict'),
    });
  }
  const parameters = checkParameters(definition, path, scope, strict === true);

  const namePath = childPath(path, 'name');
  const name = definition.name;
  if (typeof name !== 'string') {
    scope.add('invalid_tools', `${namePath}: a function needs a string name, got ${describeValue(name)}.`, {
      path: namePath,
    });
    return null;
  }
  if (!FUNCTION_NAME_PATTERN.test(name)) {
    scope.add(
      'invalid_function_name',
      `${namePath}: ${preview(name, 70)} must match ^[a-zA-Z0-9_-]{1,64}$.`,
      { path: namePath },
    );
  }
  return { name, tool: { parameters } };
}

/** Checks `parameters`; returns it when it can validate arguments. */
function checkParameters(
  definition: JsonObject,
  path: string,
  scope: ExampleScope,
  strict: boolean,
): JsonObject | null {
  if (!('parameters' in definition)) return null;
  const parametersPath = childPath(path, 'parameters');
  const parameters = definition.parameters;
  if (!isJsonObject(parameters)) {
    scope.add(
      'invalid_tool_parameters',
      `${parametersPath}: must be a JSON Schema object, got ${describeValue(parameters)}.`,
      {
        path: parametersPath,
      },
    );
    return null;
  }
  if (Object.keys(parameters).length > 0 && parameters.type !== 'object') {
    scope.add(
      'invalid_tool_parameters',
      `${parametersPath}.type: function parameters must be an object schema ({"type": "object", "properties": …}), got ${describeValue(parameters.type)}.`,
      { path: childPath(parametersPath, 'type'), severity: 'warning' },
    );
  }
  for (const problem of schemaProblems(parameters, strict)) {
    const problemPath = joinPath(parametersPath, problem.path);
    scope.add('invalid_tool_parameters', `${problemPath}: ${problem.message}.`, {
      path: problemPath,
      severity: 'warning',
    });
  }
  return parameters;
}

/**
 * Schema problems by canonical hash of the schema. A file repeats the same tool definitions on
 * every line, so checking each distinct schema once makes tool-heavy files several times faster.
 * Bounded; the results depend only on the schema, so the cache never changes an answer.
 */
const schemaProblemCache = new Map<string, readonly SchemaProblem[]>();
const SCHEMA_CACHE_SIZE = 256;

function schemaProblems(parameters: JsonObject, strict: boolean): readonly SchemaProblem[] {
  const key = (strict ? 's' : 'n') + hashCanonicalJson(parameters);
  let problems = schemaProblemCache.get(key);
  if (problems === undefined) {
    problems = checkJsonSchema(parameters, { strict });
    if (schemaProblemCache.size >= SCHEMA_CACHE_SIZE) schemaProblemCache.clear();
    schemaProblemCache.set(key, problems);
  }
  return problems;
}
