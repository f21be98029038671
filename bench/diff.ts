/**
 * `npm run bench:diff`: what `diffStoredRuns` (lib/diff/store.ts) costs on two large runs, under a
 * fixed V8 old-space ceiling. A synthetic estate of N notebooks is evaluated and sealed twice into a
 * local store, the second time with every 100th finding's status flipped (FAIL and PASS swapped);
 * a child process with `--max-old-space-size` then diffs the two runs and prints its figures. The
 * diff holds two digest maps keyed by finding identity and the changes it lists, so it must finish
 * under the ceiling whatever the number of findings.
 *
 *   npm run bench:diff                       20000 notebooks (about 100k findings a run), 64 MiB
 *   npm run bench:diff -- --notebooks 1000 --old-space-mib 96
 */
import { spawnSync } from 'node:child_process';
import { generateKeyPairSync } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { evaluate } from '../lib/controls/evaluate.js';
import { catalog, catalogVersion } from '../lib/controls/index.js';
import type { Finding } from '../lib/controls/types.js';
import { diffStoredRuns } from '../lib/diff/store.js';
import { canonicalJson, sha256Hex } from '../lib/evidence/canonical.js';
import { sealEvidence } from '../lib/evidence/record.js';
import { storeSealedRun } from '../lib/pipeline/assess.js';
import { localSigner } from '../lib/seal/local-signer.js';
import type { PreviousRun } from '../lib/seal/manifest.js';
import { sealRun } from '../lib/seal/seal.js';
import { LocalFolderStore } from '../lib/store/local.js';
import { TOOL_VERSION } from '../lib/version.js';
import { syntheticEstate } from './estate.js';

const { values } = parseArgs({
  options: {
    notebooks: { type: 'string', default: '20000' },
    'old-space-mib': { type: 'string', default: '64' },
    child: { type: 'string' },
  },
});

if (values.child !== undefined) {
  // The child: diff the two runs of the store, figures on one line.
  const store = new LocalFolderStore(values.child);
  const [before, after] = (await store.listRuns()) as [string, string];
  const started = performance.now();
  const diff = await diffStoredRuns(store, before, after);
  const ms = Math.round(performance.now() - started);
  process.stdout.write(
    `${JSON.stringify({
      ms,
      findings: diff.after.findings,
      totals: diff.findings.totals,
      requirementChanges: diff.requirements.changes.length,
      heapUsedMiB: Math.round(process.memoryUsage().heapUsed / 2 ** 20),
      peakRssMiB: Math.round(process.resourceUsage().maxRSS / 1024),
    })}\n`,
  );
} else {
  const notebooks = Number(values.notebooks);
  const dir = await mkdtemp(join(tmpdir(), 'ai-evidence-bench-diff-'));
  try {
    const { records, scopes, coverage, startedAt } = syntheticEstate(notebooks);
    const evidence = records.map(sealEvidence).map((e) => ({ bytes: e.bytes, sha256: e.sha256 }));
    const findings = evaluate(catalog, { scopes, evaluatedAt: startedAt, evidence: records.map(sealEvidence), coverage });
    const signer = localSigner(generateKeyPairSync('ec', { namedCurve: 'P-256' }).privateKey);
    const store = new LocalFolderStore(dir);
    let previous: PreviousRun | null = null;
    for (const i of [0, 1]) {
      const flip = (f: Finding, k: number): Finding =>
        i === 1 && k % 100 === 0 && (f.status === 'FAIL' || f.status === 'PASS')
          ? { ...f, status: f.status === 'FAIL' ? 'PASS' : 'FAIL' }
          : f;
      const sealed = await sealRun({
        runId: `20261101T12000${i}000Z-bench00${i}`,
        startedAt: `2026-11-01T12:00:0${i}.000Z`,
        finishedAt: `2026-11-01T12:00:0${i}.500Z`,
        toolVersion: TOOL_VERSION,
        catalogVersion,
        scopes,
        coverage,
        evidence,
        findings: findings.map(flip).map((f) => {
          const bytes = canonicalJson(f);
          return { bytes, sha256: sha256Hex(bytes) };
        }),
        previous,
        signer,
      });
      await storeSealedRun(store, sealed);
      previous = { runId: sealed.runId, statementSha256: sealed.statementSha256 };
    }
    const child = spawnSync(
      process.execPath,
      [`--max-old-space-size=${values['old-space-mib']}`, '--import', 'tsx', fileURLToPath(import.meta.url), '--child', dir],
      { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] },
    );
    if (child.status !== 0) throw new Error(`The diff failed under a ${values['old-space-mib']} MiB old space (exit ${child.status}).`);
    process.stdout.write(`notebooks ${notebooks}, old space ${values['old-space-mib']} MiB: ${child.stdout}`);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
