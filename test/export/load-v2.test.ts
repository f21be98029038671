import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { canonicalJson } from '../../lib/evidence/canonical.js';
import {
  loadSealedRun,
  parseItem,
  readRunCoverage,
  readRunHead,
  readRunItems,
  runItemCount,
  type SealedRunData,
  SealedRunReadError,
} from '../../lib/export/load.js';
import { parseShardItemKey, shardIdOf, shardKeys } from '../../lib/seal/shard.js';
import { runKeys } from '../../lib/store/types.js';
import { fileOf, replaceByte, restore } from '../helpers/demo-store.js';
import { TempDirs } from '../helpers/temp.js';
import { type TwinRun, twinRuns } from '../helpers/twin-runs.js';

const temp = new TempDirs();
let v1: TwinRun;
let v2: TwinRun;
let run1: SealedRunData;
let run2: SealedRunData;

beforeAll(async () => {
  ({ v1, v2 } = await twinRuns(await temp.make('load-v2')));
  run1 = await loadSealedRun(v1.store, v1.runId);
  run2 = await loadSealedRun(v2.store, v2.runId);
}, 120_000);
afterAll(() => temp.removeAll());

const sorted = (values: Iterable<string>) => [...values].sort();
const coverageLines = (run: { manifest: { coverage: readonly object[] } }) => sorted(run.manifest.coverage.map((c) => canonicalJson(c)));

describe('readRunHead', () => {
  it('tells the two formats apart and gives the fields they share', async () => {
    const [h1, h2] = [await readRunHead(v1.store, v1.runId), await readRunHead(v2.store, v2.runId)];
    expect(h1.format).toBe(1);
    expect(h2.format).toBe(2);
    for (const field of ['startedAt', 'finishedAt', 'catalogVersion', 'toolVersion'] as const) {
      expect(h2.manifest[field]).toBe(h1.manifest[field]);
    }
    expect(h2.manifest.scopes).toEqual(h1.manifest.scopes);
    if (h2.format !== 2) throw new Error('not v2');
    expect(h2.manifest.shards.length).toBeGreaterThan(1);
  });
});

describe('loadSealedRun of a v2 run', () => {
  it('reads the same evidence, findings and coverage as the v1 run of the same estate', () => {
    expect(run2.format).toBe(2);
    expect(run2.manifest.schemaVersion).toBe(2);
    expect(run2.sharded?.runId).toBe(v2.runId);
    expect(sorted(run2.evidence.map((e) => e.sha256))).toEqual(sorted(run1.evidence.map((e) => e.sha256)));
    expect(sorted(run2.findings.map((f) => f.sha256))).toEqual(sorted(run1.findings.map((f) => f.sha256)));
    expect(run2.findings.length).toBeGreaterThan(0);
    expect(coverageLines(run2)).toEqual(coverageLines(run1));
  });

  it('names each item in its shard, in key order, and lists them all with the public key', () => {
    for (const f of run2.findings) {
      const parsed = parseShardItemKey(f.key);
      expect(parsed?.kind).toBe('finding');
      expect(parsed?.shardId).toBe(shardIdOf(f.finding.accountId));
      expect(parsed?.sha256).toBe(f.sha256);
    }
    const keys = run2.manifest.items.map((i) => i.key);
    expect(keys).toEqual([...keys].sort());
    expect(run2.manifest.items.filter((i) => i.kind === 'public-key')).toHaveLength(1);
    expect(run2.manifest.items).toHaveLength(run2.evidence.length + run2.findings.length + 1);
  });
});

describe('readRunItems', () => {
  it('streams a v2 run shard by shard, counted by runItemCount, and resolves what each finding cites in its own shard', async () => {
    const head = await readRunHead(v2.store, v2.runId);
    let n = 0;
    let cited = 0;
    const shards: string[] = [];
    for await (const { item, bytes, shard, evidenceKey } of readRunItems(v2.store, head, ['evidence', 'finding', 'public-key'], {
      onShard: (s) => shards.push(s.shardId),
    })) {
      n++;
      if (item.kind !== 'finding') continue;
      const parsed = parseItem(item, bytes);
      if (parsed.kind !== 'finding') throw new Error('not a finding');
      for (const sha of parsed.finding.finding.evidence) {
        expect(evidenceKey(sha)).toBe(shardKeys.item(v2.runId, shard?.shardId as string, 'evidence', sha));
        cited++;
      }
      expect(evidenceKey('0'.repeat(64))).toBeUndefined();
    }
    expect(cited).toBeGreaterThan(0);
    expect(n).toBe(runItemCount(head));
    expect(n).toBe(run2.manifest.items.length);
    if (head.format !== 2) throw new Error('not v2');
    expect(shards).toEqual(head.manifest.shards.map((s) => s.shardId));
  });

  it('gives the v1 run in manifest order, as before', async () => {
    const head = await readRunHead(v1.store, v1.runId);
    const keys: string[] = [];
    for await (const { item, shard } of readRunItems(v1.store, head, ['finding'])) {
      expect(shard).toBeUndefined();
      keys.push(item.key);
    }
    expect(keys).toEqual(run1.findings.map((f) => f.key));
    expect(runItemCount(head, ['finding'])).toBe(keys.length);
  });
});

describe('parseItem', () => {
  it('names a v2 item by its shard key when its bytes are not a finding', () => {
    const item = run2.manifest.items.find((i) => i.kind === 'finding');
    if (item === undefined) throw new Error('no finding');
    const error = (() => {
      try {
        return parseItem(item, Buffer.from('{"not":"a finding"}'));
      } catch (e) {
        return e;
      }
    })();
    expect(error).toBeInstanceOf(SealedRunReadError);
    expect((error as SealedRunReadError).key).toBe(item.key);
    expect(parseShardItemKey(item.key)?.kind).toBe('finding');
  });
});

describe('readRunCoverage', () => {
  it("gathers the coverage of a v2 run from its shards: the v1 manifest's entries", async () => {
    const coverage = await readRunCoverage(v2.store, await readRunHead(v2.store, v2.runId));
    expect(sorted(coverage.map((c) => canonicalJson(c)))).toEqual(coverageLines(run1));
  });
});

describe('a v2 run altered', () => {
  async function expectFailureNaming(key: string, offset: number): Promise<void> {
    const path = fileOf(v2.root, key);
    const original = await replaceByte(path, offset, 'X'.charCodeAt(0));
    try {
      const error = await loadSealedRun(v2.store, v2.runId).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(SealedRunReadError);
      expect((error as SealedRunReadError).key).toBe(key);
      expect((error as Error).message).toContain(key);
    } finally {
      await restore(path, original);
    }
  }

  it('fails naming a pack with one byte changed', async () => {
    const shardId = run2.sharded?.shards[0]?.shardId as string;
    await expectFailureNaming(shardKeys.pack(v2.runId, shardId, 'finding'), 2);
    await expectFailureNaming(shardKeys.pack(v2.runId, shardId, 'evidence'), 2);
  });

  it('fails naming a shard manifest with one byte changed', async () => {
    const shardId = run2.sharded?.shards[0]?.shardId as string;
    await expectFailureNaming(shardKeys.manifest(v2.runId, shardId), 3);
  });

  it('fails naming the run manifest with one byte changed', async () => {
    await expectFailureNaming(runKeys.manifest(v2.runId), 3);
  });

  it('reads again once restored', async () => {
    expect((await loadSealedRun(v2.store, v2.runId)).findings).toHaveLength(run2.findings.length);
  });
});
