/**
 * Reads vitest's JSON report and prints (1) the ten slowest test files, (2) every test, and every
 * group of hooks, that took more than a quarter of its timeout. The timeouts and hook times come
 * from the meta that test/setup/timing.ts writes into each test. It only warns: it exits 0 unless
 * the report cannot be read, so that it never becomes a chance failure of its own.
 *
 *   node --import tsx scripts/slow-tests.ts REPORT.json [--root DIR]
 */
import { readFileSync } from 'node:fs';
import { relative } from 'node:path';
import { z } from 'zod';

const Meta = z
  .object({
    timeoutMs: z.number().optional(),
    hookTimeoutMs: z.number().optional(),
    hooksBeforeMs: z.number().optional(),
    hooksAfterMs: z.number().optional(),
  })
  .loose();

const Report = z.object({
  testResults: z.array(
    z.object({
      name: z.string(),
      startTime: z.number().optional(),
      endTime: z.number().optional(),
      assertionResults: z.array(
        z.object({
          fullName: z.string(),
          status: z.string(),
          duration: z.number().nullish(),
          meta: Meta.optional(),
        }),
      ),
    }),
  ),
});
type Report = z.infer<typeof Report>;

export interface FileTime {
  file: string;
  ms: number;
}

export interface NearTimeout {
  file: string;
  what: string;
  ms: number;
  timeoutMs: number;
}

/** The time a file's tests and hooks took: its tests' durations and the hook gaps before and after them. */
export function fileTimes(report: Report, root: string): FileTime[] {
  return report.testResults
    .map((f) => ({
      file: relative(root, f.name),
      ms: f.assertionResults.reduce((sum, t) => sum + (t.duration ?? 0) + (t.meta?.hooksBeforeMs ?? 0) + (t.meta?.hooksAfterMs ?? 0), 0),
    }))
    .sort((a, b) => b.ms - a.ms);
}

/** Tests and hook groups that took more than `share` of their timeout. */
export function nearTimeout(report: Report, root: string, share = 0.25): NearTimeout[] {
  const found: NearTimeout[] = [];
  for (const f of report.testResults) {
    const file = relative(root, f.name);
    for (const t of f.assertionResults) {
      const meta = t.meta ?? {};
      if (meta.timeoutMs && (t.duration ?? 0) > meta.timeoutMs * share) {
        found.push({ file, what: t.fullName, ms: t.duration ?? 0, timeoutMs: meta.timeoutMs });
      }
      const hookTimeout = meta.hookTimeoutMs;
      if (!hookTimeout) continue;
      if ((meta.hooksBeforeMs ?? 0) > hookTimeout * share) {
        found.push({ file, what: `hooks before "${t.fullName}"`, ms: meta.hooksBeforeMs ?? 0, timeoutMs: hookTimeout });
      }
      if ((meta.hooksAfterMs ?? 0) > hookTimeout * share) {
        found.push({ file, what: `hooks after "${t.fullName}"`, ms: meta.hooksAfterMs ?? 0, timeoutMs: hookTimeout });
      }
    }
  }
  return found.sort((a, b) => b.ms / b.timeoutMs - a.ms / a.timeoutMs);
}

const seconds = (ms: number) => `${(ms / 1000).toFixed(1)} s`;

function main(argv: string[]): number {
  const [path, ...rest] = argv;
  if (!path) {
    process.stderr.write('usage: slow-tests.ts REPORT.json [--root DIR]\n');
    return 2;
  }
  const at = rest.indexOf('--root');
  const root = at >= 0 && rest[at + 1] ? (rest[at + 1] as string) : process.cwd();
  let report: Report;
  try {
    report = Report.parse(JSON.parse(readFileSync(path, 'utf8')));
  } catch (error) {
    process.stderr.write(`${path} is not a vitest JSON report: ${(error as Error).message}\n`);
    return 2;
  }
  const out: string[] = ['The ten slowest test files (tests and hooks, without module loading):'];
  for (const f of fileTimes(report, root).slice(0, 10)) out.push(`  ${seconds(f.ms).padStart(8)}  ${f.file}`);
  const near = nearTimeout(report, root);
  if (near.length === 0) out.push('No test or hook took more than a quarter of its timeout.');
  else {
    out.push(`WARNING: ${near.length} test(s) or hook group(s) took more than a quarter of their timeout:`);
    for (const n of near) out.push(`  ${seconds(n.ms).padStart(8)} of ${seconds(n.timeoutMs)}  ${n.file}: ${n.what}`);
  }
  process.stdout.write(`${out.join('\n')}\n`);
  return 0;
}

if (import.meta.url === `file://${process.argv[1]}`) process.exitCode = main(process.argv.slice(2));
