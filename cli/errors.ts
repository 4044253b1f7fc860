/** Bad usage or bad input: the CLI exits with code 2 and prints the message. */
export class UsageError extends Error {
  override readonly name = 'UsageError';
  readonly code = 'SC_USAGE';
}
