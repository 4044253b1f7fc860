/** A CSV file cannot be used at all (unreadable, or a required column is missing): CLI exit 2. */
export class CsvFileError extends Error {
  override readonly name = 'CsvFileError';
  readonly exitCode = 2;
  constructor(readonly code: 'SC_CSV_UNREADABLE' | 'SC_CSV_MISSING_COLUMNS' | 'SC_CSV_EMPTY', readonly file: string, message: string) {
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
