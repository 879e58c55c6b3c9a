/** Exit codes of every command: success 0, failure 1, a command line that does not parse 2. */
export const EXIT_SUCCESS = 0;
export const EXIT_FAILURE = 1;
export const EXIT_USAGE = 2;

/** An error meant for the user: printed as one line, without a stack trace. */
export class CliError extends Error {
  constructor(
    message: string,
    readonly exitCode = EXIT_FAILURE,
  ) {
    super(message);
  }
}

/** A command line the command cannot run: printed with the command's usage line, exit 2. */
export class UsageError extends CliError {
  constructor(problem: string) {
    super(problem, EXIT_USAGE);
  }
}
