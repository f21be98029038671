import type { Io } from '../../lib/cli/program.js';

/** An Io that keeps what the CLI prints. */
export interface CapturedIo extends Io {
  readonly stdout: string[];
  readonly stderr: string[];
}

export function captureIo(): CapturedIo {
  const stdout: string[] = [];
  const stderr: string[] = [];
  return { stdout, stderr, isTty: false, out: (text) => stdout.push(text), err: (text) => stderr.push(text) };
}
