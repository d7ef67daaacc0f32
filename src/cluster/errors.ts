/**
 * A problem with the user's input or environment (bad flag, missing file,
 * unknown context, unreachable server, 401): printed as one line, exit 2,
 * no stack trace unless --debug.
 */
export class UserError extends Error {
  readonly exitCode: number = 2;
  constructor(message: string) {
    super(message);
    this.name = 'UserError';
  }
}
