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

/** Runs the CLI in-process with captured output; the exit code is what the command set (0 if none). */
export async function runProgram(args: readonly string[]) {
  const { buildProgram } = await import('../../lib/cli/program.js');
  const io = captureIo();
  await buildProgram(io).parseAsync([...args], { from: 'user' });
  return { io, stdout: io.stdout.join('\n'), stderr: io.stderr.join('\n'), exitCode: process.exitCode ?? 0 };
}
