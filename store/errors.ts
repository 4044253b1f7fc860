/** Raised when a database file was written by a newer SmartCrowd than this code knows. */
export class DatabaseTooNewError extends Error {
  override readonly name = 'DatabaseTooNewError';
  readonly code = 'SC_DB_TOO_NEW';
  constructor(readonly path: string, readonly fileVersion: number, readonly codeVersion: number) {
    super(
      `database ${path} has schema version ${fileVersion}, newer than this SmartCrowd knows (${codeVersion}); ` +
        `upgrade SmartCrowd or point --db at another file`,
    );
  }
}

/** Raised when a migration file cannot be applied; nothing of it is kept. */
export class MigrationError extends Error {
  override readonly name = 'MigrationError';
  readonly code = 'SC_MIGRATION_FAILED';
  constructor(readonly version: number, readonly file: string, cause: unknown) {
    super(`migration ${file} (version ${version}) failed: ${cause instanceof Error ? cause.message : String(cause)}`, {
      cause,
    });
  }
}
