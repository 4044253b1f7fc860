/**
 * A CSV file cannot be used as a whole: CLI exit 2, HTTP 400. Codes: SC_CSV_UNREADABLE (missing or
 * unreadable), SC_CSV_NOT_A_FILE (a directory, FIFO, socket or device), SC_CSV_MISSING_COLUMNS,
 * SC_CSV_DUPLICATE_COLUMN (a header name given twice), SC_CSV_EMPTY (no header), SC_CSV_MALFORMED
 * (too many unreadable records to recover from; the message names the row).
 */
export class CsvFileError extends Error {
  override readonly name = 'CsvFileError';
  readonly exitCode = 2;
  constructor(
    readonly code: 'SC_CSV_UNREADABLE' | 'SC_CSV_NOT_A_FILE' | 'SC_CSV_MISSING_COLUMNS' | 'SC_CSV_DUPLICATE_COLUMN' | 'SC_CSV_EMPTY' | 'SC_CSV_MALFORMED',
    readonly file: string,
    message: string,
  ) {
    super(message);
  }
}

/** One rejected row: file, row number (1 = first data row), column and reason. */
export interface Rejection {
  file: string;
  row: number;
  column: string;
  reason: string;
}

/** A field that failed validation; thrown by the normalisers and turned into a Rejection. */
export class FieldError extends Error {
  override readonly name = 'FieldError';
  readonly code = 'SC_CSV_FIELD';
  constructor(readonly column: string, readonly reason: string) {
    super(`${column}: ${reason}`);
  }
}
