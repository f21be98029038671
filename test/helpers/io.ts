import type { Io } from '../../lib/cli/program.js';
// The modules the commands import when they run (lib/cli/program.ts), loaded with the test file as
// before the CLI imported them lazily: the first test of a file that drives a command does not pay
// for loading the pipeline, the export and the SDK clients inside its own timeout.
import '../../lib/pipeline/assess.js';
import '../../lib/export/bundle.js';
import '../../lib/export/verify-bundle.js';
import '../../lib/publish/cli.js';
import '../../lib/cli/cloud.js';
import '../../lib/collectors/clients.js';
import '../../lib/demo/estate.js';
import '../../lib/seal/verify.js';

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
