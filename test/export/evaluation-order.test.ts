import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { evaluate } from '../../lib/controls/evaluate.js';
import { listSome } from '../../lib/controls/governance-helpers.js';
import { catalog } from '../../lib/controls/index.js';
import { canonicalJson, sha256Hex } from '../../lib/evidence/canonical.js';
import { checkedEvidence, type SealedEvidence } from '../../lib/evidence/record.js';
import { loadSealedRun, type SealedRunData } from '../../lib/export/load.js';
import { sharedDemoStore } from '../helpers/demo-store.js';
import { TempDirs } from '../helpers/temp.js';

const temp = new TempDirs();
let run: SealedRunData;
let baseline: string[];

const judge = (evidence: readonly SealedEvidence[]) =>
  evaluate(catalog, { scopes: run.manifest.scopes, evaluatedAt: run.manifest.startedAt, evidence, coverage: run.manifest.coverage });

beforeAll(async () => {
  const { store, runs } = await sharedDemoStore(await temp.make('order'), 1);
  run = await loadSealedRun(store, runs[0]?.runId as string);
  baseline = judge(run.evidence).map(canonicalJson);
});
afterAll(() => temp.removeAll());

/** Seeds for a shuffle: a permutation of the run's evidence from one random number per record. */
const keys = () => fc.array(fc.double({ noNaN: true }), { minLength: run.evidence.length, maxLength: run.evidence.length });

function shuffled<T>(items: readonly T[], by: readonly number[]): T[] {
  return items
    .map((item, i) => ({ item, key: by[i] as number }))
    .sort((a, b) => a.key - b.key)
    .map((e) => e.item);
}

describe('evaluation of the demo run', () => {
  it('gives the same findings, byte for byte, whatever order the evidence comes in', () => {
    fc.assert(
      fc.property(keys(), (by) => {
        expect(judge(shuffled(run.evidence, by)).map(canonicalJson)).toEqual(baseline);
      }),
      { numRuns: 5 },
    );
  });

  it('gives the same words when the same answers were collected at other times (other digests, so another order of records)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 3_000_000 }), keys(), (seconds, by) => {
        // Prepare: every record collected later, so its digest (and the order by digest) changes.
        const back = new Map<string, string>();
        const later = run.evidence.map((e) => {
          const collectedAt = new Date(Date.parse(e.record.collectedAt) + seconds * 1000).toISOString();
          const record = { ...e.record, collectedAt };
          const sha256 = sha256Hex(canonicalJson(record));
          back.set(sha256, e.sha256);
          return checkedEvidence(record, sha256);
        });

        // Act: the findings, with each cited digest mapped back to the record it was made from.
        const findings = judge(shuffled(later, by)).map((f) =>
          canonicalJson({ ...f, evidence: f.evidence.map((sha) => back.get(sha) ?? sha).sort() }),
        );

        // Assess
        const expected = baseline.map((text) => {
          const f = JSON.parse(text) as { evidence: string[] };
          return canonicalJson({ ...f, evidence: [...f.evidence].sort() });
        });
        expect(findings.sort()).toEqual([...expected].sort());
      }),
      { numRuns: 3 },
    );
  });
});

describe('listSome', () => {
  it('names the items in sorted order, whatever order they were read in', () => {
    expect(listSome(['b-bucket', 'a-bucket', 'c-bucket'])).toBe('a-bucket, b-bucket, c-bucket');
    expect(listSome(['f', 'e', 'd', 'c', 'b', 'a'], 2)).toBe('a, b and 4 more');
  });
});
