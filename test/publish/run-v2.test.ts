import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { catalog } from '../../lib/controls/index.js';
import { canonicalJson } from '../../lib/evidence/canonical.js';
import { productArnOf, toAsff } from '../../lib/publish/asff.js';
import { PublishRunError, readRunToPublish } from '../../lib/publish/run.js';
import type { RunToPublish } from '../../lib/publish/securityhub.js';
import { parseShardItemKey, shardKeys } from '../../lib/seal/shard.js';
import { fileOf, replaceByte, restore } from '../helpers/demo-store.js';
import { TempDirs } from '../helpers/temp.js';
import { type TwinRun, twinRuns } from '../helpers/twin-runs.js';

const temp = new TempDirs();
let v1: TwinRun;
let v2: TwinRun;
let run1: RunToPublish;
let run2: RunToPublish;

beforeAll(async () => {
  ({ v1, v2 } = await twinRuns(await temp.make('publish-v2')));
  run1 = await readRunToPublish(v1.store, v1.runId);
  run2 = await readRunToPublish(v2.store, v2.runId);
}, 120_000);
afterAll(() => temp.removeAll());

/** What Security Hub would be sent of each finding, but what names the run: identity, statuses and severity. */
function asffOf(run: RunToPublish) {
  const accountId = run.scopes[0]?.accountId as string;
  const region = 'us-east-1';
  return run.findings
    .map((sealed) => {
      const f = toAsff(sealed, {
        accountId,
        region,
        productArn: productArnOf('aws', region, accountId),
        run: run.link,
        control: catalog.find((c) => c.id === sealed.finding.controlId),
        createdAt: run.startedAt,
        observedAt: run.startedAt,
        updatedAt: '2026-12-02T00:00:00.000Z',
      });
      return [f.Id, f.Compliance?.Status, f.Severity?.Label, f.Workflow?.Status, f.Title].join(' | ');
    })
    .sort();
}

describe('readRunToPublish of a v2 run', () => {
  it('gives the findings, scopes and coverage of the v1 run of the same estate', () => {
    expect(run2.findings.length).toBeGreaterThan(0);
    expect(run2.findings.map((f) => f.sha256).sort()).toEqual(run1.findings.map((f) => f.sha256).sort());
    expect(run2.scopes).toEqual(run1.scopes);
    expect(run2.startedAt).toBe(run1.startedAt);
    const lines = (r: RunToPublish) => r.coverage.map((c) => canonicalJson(c)).sort();
    expect(lines(run2)).toEqual(lines(run1));
    expect(run2.link).toMatchObject({ runId: v2.runId, catalogVersion: run1.link.catalogVersion });
    for (const f of run2.findings) expect(parseShardItemKey(f.key)?.sha256).toBe(f.sha256);
  });

  it('gives the resource tags of the v1 run, read from the evidence packs', () => {
    expect(run2.tags?.size).toBeGreaterThan(0);
    expect(run2.tags).toEqual(run1.tags);
  });

  it('builds the same ASFF findings (ids, statuses, severities) as the v1 run', () => {
    const [a, b] = [asffOf(run1), asffOf(run2)];
    expect(new Set(a).size).toBe(run1.findings.length);
    expect(b).toEqual(a);
  });

  it('refuses a findings pack with one byte changed, naming it', async () => {
    const shardId = parseShardItemKey(run2.findings[0]?.key as string)?.shardId as string;
    const key = shardKeys.pack(v2.runId, shardId, 'finding');
    const path = fileOf(v2.root, key);
    const original = await replaceByte(path, 10, 0x20);
    try {
      const error = await readRunToPublish(v2.store, v2.runId).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(PublishRunError);
      expect((error as PublishRunError).key).toBe(key);
      expect((error as Error).message).toContain('it was altered');
    } finally {
      await restore(path, original);
    }
  });
});
