/**
 * A failure the user can fix (a missing file, an unknown model, a bad flag): the demo prints its message
 * as one line, without a stack trace, and exits with `exitCode`.
 */
export class DemoError extends Error {
  override readonly name = "DemoError";
  constructor(
    message: string,
    readonly exitCode = 2,
  ) {
    super(message);
  }
}
