/**
 * A streaming CSV/TSV parser (RFC 4180): fields in double quotes may hold the delimiter, line
 * breaks and doubled quotes (`""`). Fed one physical line at a time (the line reader has already
 * removed the BOM and the line terminators), it keeps only the record being read, so a file of
 * any size parses in flat memory. Every record and every problem carries the 1-based line (and
 * column) where it starts, for messages about the source file.
 *
 * Lenient where RFC 4180 is strict but the intent is clear, as spreadsheet exports need: a quote
 * inside an unquoted field is kept as text, and text after a closing quote is appended (both are
 * reported as problems).
 *
 * @module
 */

/** One record: its fields and where it starts. */
export interface CsvRecord {
  /** 1-based line where the record starts. */
  readonly line: number;
  readonly fields: readonly string[];
}

/** A problem found while parsing. */
export interface CsvProblem {
  /** 1-based line. */
  readonly line: number;
  /** 1-based column (in UTF-16 code units). */
  readonly column: number;
  readonly message: string;
}

/** What {@link CsvParser.pushLine} and {@link CsvParser.end} found. */
export interface CsvOutput {
  readonly records: CsvRecord[];
  readonly problems: CsvProblem[];
}

/**
 * Parses CSV or TSV, one physical line at a time.
 *
 * @example
 * ```ts
 * const parser = new CsvParser(',');
 * parser.pushLine('prompt,response', 1); // { records: [{ line: 1, fields: ['prompt', 'response'] }], problems: [] }
 * parser.pushLine('"Say ""hi""","Hello,', 2); // a quoted field goes on
 * parser.pushLine('world"', 3); // { records: [{ line: 2, fields: ['Say "hi"', 'Hello,\nworld'] }], … }
 * parser.end();
 * ```
 */
export class CsvParser {
  readonly #delimiter: string;
  #fields: string[] = [];
  #field = '';
  /** Inside a quoted field that continues on the next line. */
  #quoted = false;
  /** Line where the current record started; 0 when none is open. */
  #recordLine = 0;
  #quoteLine = 0;
  #quoteColumn = 0;

  /** @param delimiter - `,` for CSV, `\t` for TSV (one character). */
  constructor(delimiter: string) {
    this.#delimiter = delimiter;
  }

  /**
   * Parses one physical line (without its terminator).
   *
   * @param text - The line.
   * @param line - Its 1-based number.
   */
  pushLine(text: string, line: number): CsvOutput {
    const records: CsvRecord[] = [];
    const problems: CsvProblem[] = [];
    if (this.#quoted) {
      // The quoted field spans the line break: the break is part of the value.
      this.#field += '\n';
    } else {
      this.#recordLine = line;
      // A blank line between records is no record (spreadsheets add them at the end).
      if (text === '') return { records, problems };
    }
    let index = 0;
    const length = text.length;
    while (index <= length) {
      if (this.#quoted) {
        const close = text.indexOf('"', index);
        if (close < 0) {
          this.#field += text.slice(index);
          return { records, problems };
        }
        this.#field += text.slice(index, close);
        if (text[close + 1] === '"') {
          this.#field += '"';
          index = close + 2;
          continue;
        }
        this.#quoted = false;
        index = close + 1;
        // After the closing quote: the delimiter, the end of the line, or stray text.
        if (index < length && text[index] !== this.#delimiter) {
          const next = text.indexOf(this.#delimiter, index);
          const end = next < 0 ? length : next;
          problems.push({
            line,
            column: index + 1,
            message: `text after the closing quote of field ${this.#fields.length + 1} (kept)`,
          });
          this.#field += text.slice(index, end);
          index = end;
        }
        if (index >= length) break;
        this.#fields.push(this.#field);
        this.#field = '';
        index++;
        if (index === length) {
          this.#fields.push('');
          this.#field = '';
          return this.#finishRecord(records, problems);
        }
        continue;
      }
      if (text[index] === '"' && this.#field === '') {
        this.#quoted = true;
        this.#quoteLine = line;
        this.#quoteColumn = index + 1;
        index++;
        continue;
      }
      const next = text.indexOf(this.#delimiter, index);
      const end = next < 0 ? length : next;
      const value = text.slice(index, end);
      const stray = value.indexOf('"');
      if (stray >= 0) {
        problems.push({
          line,
          column: index + stray + 1,
          message: `a quote inside unquoted field ${this.#fields.length + 1} (kept as text; quote the whole field and double the quote)`,
        });
      }
      this.#field += value;
      if (next < 0) break;
      this.#fields.push(this.#field);
      this.#field = '';
      index = next + 1;
      if (index === length) {
        this.#fields.push('');
        return this.#finishRecord(records, problems);
      }
    }
    if (this.#quoted) return { records, problems };
    this.#fields.push(this.#field);
    this.#field = '';
    return this.#finishRecord(records, problems);
  }

  /** Ends the input: an open quoted field is a problem (its record is still returned). */
  end(): CsvOutput {
    const records: CsvRecord[] = [];
    const problems: CsvProblem[] = [];
    if (this.#quoted) {
      problems.push({
        line: this.#quoteLine,
        column: this.#quoteColumn,
        message: 'a quoted field is never closed (missing ")',
      });
      this.#quoted = false;
      this.#fields.push(this.#field);
      this.#field = '';
      this.#finishRecord(records, problems);
    }
    return { records, problems };
  }

  #finishRecord(records: CsvRecord[], problems: CsvProblem[]): CsvOutput {
    records.push({ line: this.#recordLine, fields: this.#fields });
    this.#fields = [];
    this.#recordLine = 0;
    return { records, problems };
  }
}
