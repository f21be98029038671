/**
 * The Bedrock model-access event lookup against moto server: moto 5.2.1 does not implement
 * CloudTrail LookupEvents, so the collector must report a coverage gap and the control
 * INSUFFICIENT_EVIDENCE, never PASS. What LookupEvents returns is covered by the SDK-mock and
 * fake-HTTP unit tests (test/collectors/cloudtrail-*.test.ts).
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { awsClients } from '../../lib/collectors/clients.js';
import { cloudtrailBedrockModelAccessEvents } from '../../lib/collectors/cloudtrail-bedrock-model-access-events.js';
import { control } from '../../lib/controls/cloudtrail_bedrock_model_access_by_allowed_principals.js';
import { evaluate } from '../../lib/controls/evaluate.js';
import { freshAccount, moto, motoEnvironment, setEnv, skipReason } from './moto.js';

const NOW = new Date('2026-03-01T12:00:00.000Z');
const US = 'us-east-1';

describe.skipIf(moto.endpoint === null)(`CloudTrail model-access lookup against moto server${skipReason}`, () => {
  let restoreEnv: () => void = () => {};
  let scratch = '';

  beforeAll(async () => {
    scratch = await mkdtemp(join(tmpdir(), 'ai-evidence-moto-lookup-'));
    restoreEnv = setEnv(motoEnvironment(await freshAccount(), US, scratch));
  });

  afterAll(async () => {
    restoreEnv();
    await rm(scratch, { recursive: true, force: true });
  });

  it('reports the missing LookupEvents as a gap after one call, and the control as INSUFFICIENT_EVIDENCE', async () => {
    const account = await freshAccount();
    const clients = awsClients({ credentials: async () => account.credentials });
    const result = await cloudtrailBedrockModelAccessEvents.collect({ accountId: account.accountId, region: US, clients, now: () => NOW });
    expect(result.records).toEqual([]);
    expect(result.coverage.status).toBe('FAILED');
    expect(result.coverage.errors).toEqual([expect.objectContaining({ operation: 'LookupEvents' })]);
    const findings = evaluate([control], {
      scopes: [{ accountId: account.accountId, region: US }],
      evaluatedAt: NOW.toISOString(),
      evidence: [],
      coverage: [result.coverage],
    });
    expect(findings.map((f) => f.status)).toEqual(['INSUFFICIENT_EVIDENCE']);
  });
});
