import { DomainError, type FieldIssue } from '../domain/errors.ts';

/** Bad usage or bad input on the command line: exit 2, the message printed; `fields` name the options. */
export class UsageError extends DomainError {
  override readonly name = 'UsageError';
  constructor(message: string, fields?: FieldIssue[]) {
    super('SC_USAGE', message, fields);
  }
}
