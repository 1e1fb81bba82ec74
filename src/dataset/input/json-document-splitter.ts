/**
 * Splits a file that is one JSON document (a JSON array of examples, or pretty-printed objects one
 * after another) into its examples, streaming, line by line.
 *
 * Many people save training data with `json.dump(examples, f, indent=2)` or `JSON.stringify(data,
 * null, 2)`. Instead of reporting every line as invalid JSON, the validator detects this shape
 * (`json_array_file`), reads each element as an example with the line it starts on, and the
 * `jsonArrayToJsonl` fix rewrites it as JSONL. Only the element being read is held in memory.
 *
 * @module
 */

/** One element of the document: a candidate example. */
export interface JsonDocumentElement {
  /** 1-based physical line where the element starts. */
  readonly line: number;
  /** The element's JSON text, possibly spanning several lines (joined with `\n`). */
  readonly text: string;
}

/** What is left when the input ends. */
export interface JsonDocumentEnd {
  /** The last element, when it was not closed (its text fails `JSON.parse`). */
  readonly elements: JsonDocumentElement[];
  /** The line of an outer `[` that was never closed, or `null`. */
  readonly unclosedArrayLine: number | null;
}

/**
 * True when a file whose first non-blank line is `text` is a JSON document rather than JSONL: the
 * line starts with `[` (a JSONL line is never an array), or is a lone `{` (pretty-printed object).
 *
 * @param text - The first non-blank line, BOM already removed.
 */
export function looksLikeJsonDocument(text: string): boolean {
  const trimmed = text.trim();
  return trimmed.startsWith('[') || trimmed === '{';
}

const QUOTE = 0x22;
const BACKSLASH = 0x5c;

/**
 * Streaming splitter over the lines of a JSON document. Elements of a top-level array are
 * examples; a top-level value outside an array (e.g. one pretty-printed object) is an example.
 * Brackets inside strings are ignored. Syntax is not checked here: each element is later parsed
 * with `JSON.parse`, which reports the exact problem.
 *
 * @example
 * ```ts
 * const splitter = new JsonDocumentSplitter();
 * splitter.push('[', 1); splitter.push('  {"a": 1},', 2); splitter.push('  {"a": 2}', 3); splitter.push(']', 4);
 * // → elements { line: 2, text: '{"a": 1}' } and { line: 3, text: '{"a": 2}' }
 * ```
 */
export class JsonDocumentSplitter {
  /** Bracket depth, counting the outer array. */
  #depth = 0;
  #inString = false;
  #escaped = false;
  /** Line of the currently open outer array, or `null`. */
  #arrayLine: number | null = null;
  /** Pieces of the element being read, and the line it started on (`0` when none). */
  #pieces: string[] = [];
  #elementLine = 0;
  /** True while reading a scalar element (string, number, literal) rather than a container. */
  #scalar = false;

  /**
   * Adds one physical line.
   *
   * @param text - The line without its terminator.
   * @param line - Its 1-based number.
   * @returns The elements completed on this line.
   */
  push(text: string, line: number): JsonDocumentElement[] {
    const out: JsonDocumentElement[] = [];
    let pieceStart = this.#elementLine > 0 ? 0 : -1;
    const elementDepth = () => (this.#arrayLine === null ? 0 : 1);
    const finish = (end: number) => {
      this.#pieces.push(text.slice(Math.max(pieceStart, 0), end));
      const joined = this.#pieces.join('\n').trim();
      out.push({ line: this.#elementLine, text: joined });
      this.#pieces = [];
      this.#elementLine = 0;
      this.#scalar = false;
      pieceStart = -1;
    };

    for (let index = 0; index < text.length; index++) {
      const char = text.charCodeAt(index);
      if (this.#inString) {
        if (this.#escaped) this.#escaped = false;
        else if (char === BACKSLASH) this.#escaped = true;
        else if (char === QUOTE) this.#inString = false;
        continue;
      }
      const atElementLevel = this.#depth === elementDepth();
      if (char === 0x20 || char === 0x09 || char === 0x0d) {
        if (atElementLevel && this.#scalar && this.#arrayLine === null) finish(index);
        continue;
      }
      if (atElementLevel && this.#elementLine > 0 && this.#scalar) {
        // A scalar element ends at the next delimiter of the enclosing array.
        if (char === 0x2c /* , */ || char === 0x5d /* ] */) finish(index);
      }
      if (atElementLevel && this.#elementLine === 0) {
        if (char === 0x5b /* [ */ && this.#arrayLine === null && this.#depth === 0) {
          this.#arrayLine = line;
          this.#depth = 1;
          continue;
        }
        if (char === 0x2c /* , */) continue;
        if (char === 0x5d /* ] */ && this.#arrayLine !== null) {
          this.#arrayLine = null;
          this.#depth = 0;
          continue;
        }
        this.#elementLine = line;
        pieceStart = index;
        this.#scalar = char !== 0x7b && char !== 0x5b;
      }
      if (char === QUOTE) this.#inString = true;
      else if (char === 0x7b || char === 0x5b) this.#depth++;
      else if (char === 0x7d || char === 0x5d) {
        if (this.#depth > elementDepth()) {
          this.#depth--;
          if (this.#depth === elementDepth() && this.#elementLine > 0 && !this.#scalar) finish(index + 1);
        }
      }
    }
    if (this.#elementLine > 0) {
      // A scalar outside an array ends with its line; anything else continues on the next line.
      if (this.#scalar && this.#arrayLine === null && !this.#inString) finish(text.length);
      else this.#pieces.push(text.slice(Math.max(pieceStart, 0)));
    }
    return out;
  }

  /**
   * Ends the input.
   *
   * @returns The unfinished element, if any, and the line of an unclosed outer array.
   */
  end(): JsonDocumentEnd {
    const elements: JsonDocumentElement[] = [];
    if (this.#elementLine > 0) {
      elements.push({ line: this.#elementLine, text: this.#pieces.join('\n').trim() });
      this.#pieces = [];
      this.#elementLine = 0;
    }
    return { elements, unclosedArrayLine: this.#arrayLine };
  }
}
