import { classifyAwsError } from '../collectors/errors.js';
import type { CoverageError } from '../evidence/coverage.js';
import type { AttestationError } from './attestation.js';

/**
 * What a bad file does. `stop`: the first one throws (the CLI, which reads attestations before it
 * collects anything, so nothing is lost). `record`: it is left out and recorded as a coverage error
 * naming it, and everything else goes on (the Lambda pipeline, which has already collected the run).
 */
export type BadFilePolicy = 'stop' | 'record';

/** Gathers the bad files of one source under one policy. */
export class BadFiles {
  readonly errors: CoverageError[] = [];

  constructor(private readonly policy: BadFilePolicy) {}

  /**
   * A file (or, without `resourceId`, the whole source) that cannot be used. `readError` is the
   * error the source gave when it could not be read at all (classified as AWS errors are); without
   * it the file was read and what it holds is not valid.
   */
  bad(error: AttestationError, operation: string, resourceId: string | undefined, readError?: unknown): void {
    if (this.policy === 'stop') throw error;
    const { kind, code, httpStatus } =
      readError === undefined
        ? { kind: 'INVALID_RESPONSE' as const, code: error.name, httpStatus: undefined }
        : classifyAwsError(readError);
    this.errors.push({
      operation,
      ...(resourceId === undefined ? {} : { resourceId }),
      kind,
      code,
      message: error.message,
      ...(httpStatus === undefined ? {} : { httpStatus }),
    });
  }
}

/** An error as a message names it: the AWS error's name and its message (a Node error's message names its code). */
export function describe(error: unknown): string {
  const name = (error as { name?: unknown } | null)?.name;
  const { code, message } = classifyAwsError(error);
  return typeof name === 'string' && name !== 'Error' ? `${code}: ${message}` : message;
}
