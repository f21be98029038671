import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { CommanderError } from 'commander';
import { buildProgram, processIo, UsageError } from './program.js';

/** Runs the CLI; returns the exit code. */
export async function main(argv: readonly string[]): Promise<number> {
  try {
    await buildProgram(processIo).parseAsync(argv as string[], { from: 'user' });
    return typeof process.exitCode === 'number' ? process.exitCode : 0;
  } catch (error) {
    if (error instanceof CommanderError) return error.exitCode === 0 ? 0 : 2;
    if (error instanceof UsageError) {
      processIo.err(`ai-evidence: ${error.message}`);
      return 2;
    }
    processIo.err(`ai-evidence: ${(error as Error).message}`);
    return 1;
  }
}

// Run only as the entry file (tsx lib/cli/main.ts), not when imported by bin/ or tests.
const invokedDirectly = process.argv[1] !== undefined && fileURLToPath(import.meta.url) === resolve(process.argv[1]);
if (invokedDirectly) {
  process.exitCode = await main(process.argv.slice(2));
}
