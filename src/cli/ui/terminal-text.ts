/**
 * Makes text from outside (the API, a proxy, a dataset) safe to print on a terminal. A job id,
 * model name, event or error message can carry escape sequences that retitle the terminal
 * (`ESC ] 0 ; … BEL`), clear it (`ESC [ 2 J`), move the cursor to overwrite a line, or a `\r` that
 * prints a fake "✓ valid" over the real output; bidi overrides reorder what is shown.
 *
 * Two steps:
 * - {@link terminalSafe} is applied where external text enters a renderer: every control
 *   character becomes a visible escape (`\x1b`, `\n`, `\u202e`), so the value stays on its line.
 * - {@link neutralizeControls} is the safety net the `Ui` applies to everything it writes: the
 *   same escaping, except for line breaks, tabs and the CLI's own colour codes (`ESC [ … m`).
 *
 * @module
 */

/**
 * C0 controls, DEL, C1 controls, the line and paragraph separators, and the bidi embeddings,
 * overrides and isolates (U+202A–U+202E, U+2066–U+2069).
 */
const CONTROL = /[\u0000-\u001F\u007F-\u009F\u2028\u2029\u202A-\u202E\u2066-\u2069]/g;

/** The same, without tab and line feed, and colour sequences matched first so they can be kept. */
const CONTROL_EXCEPT_OWN =
  /(\u001B\[[0-9;]*m)|[\u0000-\u0008\u000B-\u001F\u007F-\u009F\u2028\u2029\u202A-\u202E\u2066-\u2069]/g;

const NAMED: Readonly<Record<string, string>> = { '\n': '\\n', '\r': '\\r', '\t': '\\t' };

function visible(character: string): string {
  const named = NAMED[character];
  if (named) return named;
  const code = character.charCodeAt(0);
  return code <= 0xff
    ? `\\x${code.toString(16).padStart(2, '0')}`
    : `\\u${code.toString(16).padStart(4, '0')}`;
}

/**
 * Escapes every control character of an external value, so that it prints as one inert line:
 * `"a\u001B]0;x\u0007"` → `a\x1b]0;x\x07`, a newline → `\n`, U+202E → `\u202e`.
 *
 * @param text - A value that came from outside finetune-kit (not always the string it should be).
 * @returns The text with control characters made visible; unchanged when it has none.
 */
export function terminalSafe(text: unknown): string {
  // A server may send a number, an object or null where a string belongs: show it, never throw.
  const value = typeof text === 'string' ? text : (JSON.stringify(text) ?? String(text));
  return value.replace(CONTROL, visible);
}

/**
 * The safety net for whole output lines: escapes control characters as {@link terminalSafe} does,
 * but keeps line feeds, tabs (a chat reply's code) and colour sequences (`ESC [ … m`), which the
 * CLI writes itself.
 *
 * @param text - Text about to be written to stdout or stderr.
 * @returns The text with every other control character made visible.
 */
export function neutralizeControls(text: string): string {
  return text.replace(CONTROL_EXCEPT_OWN, (match, colour: string | undefined) =>
    colour === undefined ? visible(match) : colour,
  );
}

/**
 * Makes JSON text safe for a terminal without changing what it parses to: `JSON.stringify` escapes
 * C0 controls but writes DEL, C1 controls, bidi controls and U+2028/U+2029 raw; they become `\uXXXX`.
 *
 * @param json - Output of `JSON.stringify`.
 * @returns Equivalent JSON with only printable characters besides the layout's line feeds.
 */
export function terminalSafeJson(json: string): string {
  return json.replace(
    /[\u007F-\u009F\u2028\u2029\u202A-\u202E\u2066-\u2069]/g,
    (character) => `\\u${character.charCodeAt(0).toString(16).padStart(4, '0')}`,
  );
}
