/**
 * Exit codes of every command: success 0, failure 1, a command line that does not parse 2.
 * `check` and `test`, where 1 means a denial or a failed case, also exit 2 for input they cannot
 * read or decide, so that 1 never means anything else there.
 */
export const EXIT_SUCCESS = 0;
export const EXIT_FAILURE = 1;
export const EXIT_USAGE = 2;
export const EXIT_BAD_INPUT = EXIT_USAGE;

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

/** Anything that stops a command whose exit 1 means a verdict (a denial, a failed case), as exit 2; a usage error keeps its own line. */
function asBadInput(err: unknown): unknown {
  if (err instanceof UsageError) return err;
  const wrapped = new CliError(err instanceof Error ? err.message : String(err), EXIT_BAD_INPUT);
  if (err instanceof Error) wrapped.stack = err.stack;
  return wrapped;
}

/** Runs such a command: a failure exits 2, a stack overflow or a bug included, never 1. */
export async function exitingOnBadInput<T>(run: () => Promise<T>): Promise<T> {
  try {
    return await run();
  } catch (err) {
    throw asBadInput(err);
  }
}

/** The items such a command gives as it goes, a failure while producing them exiting 2 as well. */
export async function* exitingOnBadItems<T>(items: AsyncIterable<T> | Iterable<T>): AsyncGenerator<T> {
  try {
    yield* items;
  } catch (err) {
    throw asBadInput(err);
  }
}
