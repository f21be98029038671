import { describe, expect, it } from 'vitest';
import { demoTimestampOptions } from '../../lib/demo/tsa.js';
import { sha256Hex } from '../../lib/evidence/canonical.js';
import { productArnOf } from '../../lib/publish/asff.js';
import { asffProblems } from '../../lib/publish/asff-schema.js';
import { headFindingId, runHeadOf, toHeadAsff, verifyHeadCommand } from '../../lib/publish/head.js';
import type { Statement } from '../../lib/seal/manifest.js';
import { requestTimestamp } from '../../lib/seal/timestamp.js';
import { ACCOUNT, REGION, run } from './fixtures.js';

const statement = {
  predicate: {
    runId: '20261126T120000000Z-00000001',
    startedAt: '2026-11-26T12:00:00.000Z',
    finishedAt: '2026-11-26T12:05:00.000Z',
    toolVersion: 'ai-evidence/9.9.9',
  },
} as Statement;

describe('runHeadOf', () => {
  const envelope = Buffer.from('{"payloadType":"application/vnd.in-toto+json","payload":"e30=","signatures":[]}');

  it('takes the signed times and version, and no token as none', async () => {
    expect(await runHeadOf(statement, envelope, null)).toEqual({
      startedAt: statement.predicate.startedAt,
      finishedAt: statement.predicate.finishedAt,
      sealedBy: 'ai-evidence/9.9.9',
      timestamp: { status: 'none' },
    });
  });

  it("gives a token's time and TSA once its imprint and signature check, and no time for a token of another envelope or an altered one", async () => {
    const { token, genTime, tsaName } = await requestTimestamp(envelope, demoTimestampOptions());
    expect((await runHeadOf(statement, envelope, token)).timestamp).toEqual({
      status: 'signed',
      sha256: sha256Hex(token),
      genTime: genTime.toISOString(),
      tsaName,
    });

    const other = await runHeadOf(statement, Buffer.concat([envelope, Buffer.from(' ')]), token);
    expect(other.timestamp).toMatchObject({ status: 'invalid', sha256: sha256Hex(token) });
    expect(other.timestamp).not.toHaveProperty('genTime');
    expect((other.timestamp as { problem: string }).problem).toContain('not over this statement');

    const altered = Buffer.from(token);
    altered[altered.length - 5] = (altered[altered.length - 5] as number) ^ 0xff;
    expect((await runHeadOf(statement, envelope, altered)).timestamp.status).toBe('invalid');
  });
});

describe('verifyHeadCommand', () => {
  it('names an S3 store by bucket and prefix, and a folder by its path', () => {
    const d = 'e'.repeat(64);
    expect(verifyHeadCommand('s3://bucket/org/', d)).toBe(`ai-evidence verify --s3-bucket bucket --s3-prefix org/ --expect-head ${d}`);
    expect(verifyHeadCommand('s3://bucket/', d)).toBe(`ai-evidence verify --s3-bucket bucket --expect-head ${d}`);
    expect(verifyHeadCommand('/var/evidence store', d)).toBe(`ai-evidence verify "/var/evidence store" --expect-head ${d}`);
  });
});

describe('toHeadAsff', () => {
  it('fits every ASFF limit even for a store location and run id far longer than any real one', () => {
    const r = run([], { runId: 'r'.repeat(3000) });
    const link = { ...r.link, storeLocation: `s3://bucket/${'p/'.repeat(1500)}` };
    const head = toHeadAsff(link, r.head, {
      accountId: ACCOUNT,
      region: REGION,
      productArn: productArnOf('aws', REGION, ACCOUNT),
      createdAt: undefined,
      publishedAt: '2026-11-26T13:00:00.000Z',
    });
    expect(asffProblems(head)).toBeUndefined();
    expect(head.Id).toBe(headFindingId(ACCOUNT, REGION));
  });
});
