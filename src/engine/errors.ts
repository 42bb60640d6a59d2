/**
 * Errors a learner can act on carry a stable code, one line of message and a hint.
 * Anything else that escapes is a bug and is reported as one.
 */

/** Exit codes follow docker's so scripts written for docker read tslab the same way. */
export const ExitCode = {
  engine: 125,
  notExecutable: 126,
  notFound: 127,
} as const;

export interface TslabErrorOptions {
  hint?: string;
  cause?: unknown;
  /** Process exit code for the CLI; engine errors are 125 like docker's. */
  exitCode?: number;
  /** Extra context shown with --debug and in inspect output (paths, flags, errno). */
  context?: Record<string, unknown>;
}

export class TslabError extends Error {
  readonly code: string;
  readonly hint: string | undefined;
  readonly exitCode: number;
  readonly context: Record<string, unknown> | undefined;

  constructor(code: string, message: string, options: TslabErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'TslabError';
    this.code = code;
    this.hint = options.hint;
    this.exitCode = options.exitCode ?? ExitCode.engine;
    this.context = options.context;
  }
}

export function isTslabError(error: unknown): error is TslabError {
  return error instanceof TslabError;
}

/** errno names Node puts on system errors (ENOENT, EBUSY...), or undefined. */
export function errnoCode(error: unknown): string | undefined {
  if (typeof error === 'object' && error !== null && 'code' in error) {
    const code = (error as { code: unknown }).code;
    return typeof code === 'string' ? code : undefined;
  }
  return undefined;
}
