/**
 * A small RFC 4180 reader: quoted cells with `""` escapes, commas and line breaks inside quotes,
 * LF / CRLF / CR line ends. Internal to the result-CSV parser.
 *
 * @module
 */

/** One CSV record with the physical line it starts on (1-based). */
export interface CsvRecord {
  readonly cells: readonly string[];
  readonly line: number;
}

/** Records of a CSV text, and where an unterminated quote started, if any. */
export interface CsvRecords {
  readonly records: readonly CsvRecord[];
  /** 1-based line of a quoted cell that never closes; the text after it is not read. */
  readonly unterminatedQuoteLine: number | null;
}

/**
 * Splits CSV text into records. Blank lines are skipped (a trailing newline is common).
 *
 * @param text - Decoded CSV text.
 * @returns The records and the line of an unterminated quote.
 */
export function readCsvRecords(text: string): CsvRecords {
  const records: CsvRecord[] = [];
  let cells: string[] = [];
  let cell = '';
  let line = 1;
  let recordLine = 1;
  let inQuotes = false;
  let quoteLine = 0;
  let recordHasContent = false;
  const endRecord = (): void => {
    cells.push(cell);
    if (recordHasContent) records.push({ cells, line: recordLine });
    cells = [];
    cell = '';
    recordHasContent = false;
  };
  for (let i = 0; i < text.length; i += 1) {
    const char = text[i] as string;
    if (inQuotes) {
      if (char === '"') {
        if (text[i + 1] === '"') {
          cell += '"';
          i += 1;
        } else inQuotes = false;
      } else {
        if (char === '\n' || (char === '\r' && text[i + 1] !== '\n')) line += 1;
        cell += char;
      }
      continue;
    }
    if (char === '"' && cell.trim() === '') {
      // A quote opens a quoted cell only at its start (leading spaces allowed).
      cell = '';
      inQuotes = true;
      quoteLine = line;
      recordHasContent = true;
    } else if (char === ',') {
      cells.push(cell);
      cell = '';
      recordHasContent = true;
    } else if (char === '\n' || char === '\r') {
      if (char === '\r' && text[i + 1] === '\n') i += 1;
      endRecord();
      line += 1;
      recordLine = line;
    } else {
      cell += char;
      if (char.trim() !== '') recordHasContent = true;
    }
  }
  if (inQuotes) return { records, unterminatedQuoteLine: quoteLine };
  endRecord();
  return { records, unterminatedQuoteLine: null };
}
