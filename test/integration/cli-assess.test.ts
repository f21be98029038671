/**
 * `ai-evidence assess` end to end against moto server: the real CLI path (STS GetCallerIdentity for
 * the account, awsClients() from the SDK's standard configuration, collection, evaluation, sealing,
 * the local evidence folder and verification), configured only through environment variables as a
 * user would.
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { collectors } from '../../lib/collectors/index.js';
import { type Finding, FindingSchema } from '../../lib/controls/types.js';
import { loadSealedRun } from '../../lib/export/load.js';
import { LocalFolderStore } from '../../lib/store/local.js';
import { cli, cliSession } from './cli-session.js';
import { bulkNotebooks, createNotebooks, distinctNotebooks, fullLoggingConfig, moto, putLogging, seedClients, skipReason } from './moto.js';

const US = 'us-east-1';
const EU = 'eu-west-1';

async function storedFindings(out: string, runId: string): Promise<Finding[]> {
  // Read through the run's checked reader: the CLI seals a sharded run.
  const { findings } = await loadSealedRun(new LocalFolderStore(out), runId);
  return findings.map((f) => FindingSchema.parse(f.finding));
}

const NOTEBOOK_CONTROLS = [
  'sagemaker_notebook_direct_internet_access_disabled',
  'sagemaker_notebook_encrypted_with_cmk',
  'sagemaker_notebook_in_vpc_subnet',
  'sagemaker_notebook_root_access_disabled',
];
const LOGGING_CONTROLS = [
  'bedrock_model_invocation_logging_captures_text',
  'bedrock_model_invocation_logging_enabled',
  'bedrock_model_invocation_logging_has_destination',
];

describe.skipIf(moto.endpoint === null)(`ai-evidence assess against moto server${skipReason}`, () => {
  const session = cliSession('cli-moto', US);

  it('assesses the seeded estate, seals the run and verifies it', async () => {
    const { account, scratch } = session;
    const seed = seedClients(account, US);
    // 105 notebooks: the run crosses a ListNotebookInstances page too.
    await createNotebooks(seed.sagemaker, account, [...distinctNotebooks(account, US), ...bulkNotebooks(101)]);
    await putLogging(seed.bedrock, fullLoggingConfig(account));
    // eu-west-1: no notebook instances, no invocation logging.

    const out = join(scratch, 'evidence');
    const key = join(scratch, 'keys', 'signing-key.pem');
    const { stdout, stderr, exitCode } = await cli(['assess', '--regions', `${US},${EU}`, '--out', out, '--signing-key', key, '--json']);

    expect(stderr).toEqual([]);
    expect(exitCode).toBeUndefined();
    const result = JSON.parse(stdout);
    expect(result.verification).toEqual({ ok: true, problems: [] });
    expect(result.evidenceFolder).toBe(out);
    // Every record the run holds was counted by some collector's coverage, but one: the attester
    // trust list, which assess seals with every run (here there is none, and no attestation).
    expect(result.attestations).toBe(0);
    expect(result.trustedAttesters).toMatchObject({ found: false, attesters: [] });
    expect(result.evidence).toBe(result.coverage.reduce((n: number, c: { records: number }) => n + c.records, 0) + 1);
    // The two sources seeded here (the other collectors meet an empty or partly emulated moto account).
    const seeded = ['bedrock.model-invocation-logging', 'sagemaker.notebook-instances'];
    expect(result.coverage.filter((c: { collector: string }) => seeded.includes(c.collector))).toEqual([
      {
        collector: 'bedrock.model-invocation-logging',
        accountId: account.accountId,
        region: EU,
        status: 'COMPLETE',
        records: 1,
        errors: [],
      },
      { collector: 'sagemaker.notebook-instances', accountId: account.accountId, region: EU, status: 'COMPLETE', records: 0, errors: [] },
      {
        collector: 'bedrock.model-invocation-logging',
        accountId: account.accountId,
        region: US,
        status: 'COMPLETE',
        records: 1,
        errors: [],
      },
      { collector: 'sagemaker.notebook-instances', accountId: account.accountId, region: US, status: 'COMPLETE', records: 105, errors: [] },
    ]);

    const allFindings = await storedFindings(out, result.runId);
    expect(result.findings).toEqual({
      PASS: allFindings.filter((f) => f.status === 'PASS').length,
      FAIL: allFindings.filter((f) => f.status === 'FAIL').length,
      NOT_APPLICABLE: allFindings.filter((f) => f.status === 'NOT_APPLICABLE').length,
      INSUFFICIENT_EVIDENCE: allFindings.filter((f) => f.status === 'INSUFFICIENT_EVIDENCE').length,
    });
    // The seven controls this test seeds for: four over notebooks' network, root and key settings, three over logging.
    const judged = new Set([...NOTEBOOK_CONTROLS, ...LOGGING_CONTROLS]);
    const findings = allFindings.filter((f) => judged.has(f.controlId));
    // 4 notebook controls × 105 notebooks + one N/A each in eu-west-1, and 3 Bedrock controls × 2 regions.
    expect(findings).toHaveLength(4 * 105 + 4 + 3 * 2);
    expect(findings.filter((f) => f.status === 'INSUFFICIENT_EVIDENCE')).toEqual([]);
    for (const f of findings) expect(f.accountId).toBe(account.accountId);

    const notebook = (name: string) => `arn:aws:sagemaker:${US}:${account.accountId}:notebook-instance/${name}`;
    const status = (controlId: string, resourceId: string) =>
      findings.find((f) => f.controlId === controlId && f.resource.id === resourceId)?.status;
    const expected: Record<string, [internet: string, root: string, cmk: string, vpc: string]> = {
      'nb-open': ['FAIL', 'FAIL', 'FAIL', 'FAIL'],
      'nb-locked': ['PASS', 'PASS', 'PASS', 'PASS'],
      'nb-vpc-root': ['PASS', 'FAIL', 'FAIL', 'PASS'],
      'nb-kms-internet': ['FAIL', 'PASS', 'PASS', 'FAIL'],
      'bulk-000': ['PASS', 'PASS', 'PASS', 'PASS'],
      'bulk-100': ['PASS', 'PASS', 'PASS', 'PASS'],
    };
    for (const [name, [internet, root, cmk, vpc]] of Object.entries(expected)) {
      expect([
        status('sagemaker_notebook_direct_internet_access_disabled', notebook(name)),
        status('sagemaker_notebook_root_access_disabled', notebook(name)),
        status('sagemaker_notebook_encrypted_with_cmk', notebook(name)),
        status('sagemaker_notebook_in_vpc_subnet', notebook(name)),
      ]).toEqual([internet, root, cmk, vpc]);
    }
    const internetFail = findings.find(
      (f) => f.controlId === 'sagemaker_notebook_direct_internet_access_disabled' && f.resource.id === notebook('nb-open'),
    );
    expect(internetFail).toMatchObject({ severity: 'HIGH', region: US, reason: expect.stringContaining('nb-open') });
    expect(internetFail?.evidence).toHaveLength(1);
    expect(
      findings.filter((f) => f.controlId === 'sagemaker_notebook_direct_internet_access_disabled' && f.status === 'FAIL'),
    ).toHaveLength(2);

    const euNotebookFindings = findings.filter((f) => f.region === EU && NOTEBOOK_CONTROLS.includes(f.controlId));
    expect(euNotebookFindings.map((f) => f.status)).toEqual(['NOT_APPLICABLE', 'NOT_APPLICABLE', 'NOT_APPLICABLE', 'NOT_APPLICABLE']);

    const logging = (controlId: string, region: string) => findings.find((f) => f.controlId === controlId && f.region === region)?.status;
    expect([
      logging('bedrock_model_invocation_logging_enabled', US),
      logging('bedrock_model_invocation_logging_has_destination', US),
      logging('bedrock_model_invocation_logging_captures_text', US),
    ]).toEqual(['PASS', 'PASS', 'PASS']);
    expect([
      logging('bedrock_model_invocation_logging_enabled', EU),
      logging('bedrock_model_invocation_logging_has_destination', EU),
      logging('bedrock_model_invocation_logging_captures_text', EU),
    ]).toEqual(['FAIL', 'NOT_APPLICABLE', 'NOT_APPLICABLE']);
    expect(findings.find((f) => f.controlId === 'bedrock_model_invocation_logging_enabled' && f.region === EU)?.reason).toBe(
      `Amazon Bedrock model invocation logging is not enabled in account ${account.accountId} in ${EU}.`,
    );

    // The evidence folder verifies offline with the CLI's verify command, pinned to the key's public half.
    const verified = await cli(['verify', out, '--public-key', `${key}.pub.pem`, '--json']);
    expect(verified.exitCode).toBeUndefined();
    expect(JSON.parse(verified.stdout)).toMatchObject({ ok: true, problems: [] });
    expect(await readFile(`${key}.pub.pem`, 'utf8')).toMatch(/^-----BEGIN PUBLIC KEY-----/);
  });

  it('chains a second run to the first after the estate changed', async () => {
    const { account, scratch } = session;
    const seed = seedClients(account, US);
    await createNotebooks(seed.sagemaker, account, distinctNotebooks(account, US).slice(0, 1));
    const out = join(scratch, 'evidence');
    const key = join(scratch, 'signing-key.pem');
    const args = ['assess', '--regions', US, '--out', out, '--signing-key', key, '--json'];

    const first = JSON.parse((await cli(args)).stdout);
    await putLogging(seed.bedrock, fullLoggingConfig(account));
    const second = JSON.parse((await cli(args)).stdout);

    expect(first.verification.ok).toBe(true);
    expect(second.verification.ok).toBe(true);
    const enabled = async (runId: string) =>
      (await storedFindings(out, runId)).find((f) => f.controlId === 'bedrock_model_invocation_logging_enabled')?.status;
    expect(await enabled(first.runId)).toBe('FAIL');
    expect(await enabled(second.runId)).toBe('PASS');

    const verified = JSON.parse((await cli(['verify', out, '--json'])).stdout);
    expect(verified.ok).toBe(true);
    expect(verified.runs.map((r: { runId: string }) => r.runId)).toEqual([first.runId, second.runId]);
  });

  it('takes the account from STS GetCallerIdentity and the region from AWS_REGION', async () => {
    const { account, scratch } = session;
    await createNotebooks(seedClients(account, US).sagemaker, account, distinctNotebooks(account, US));
    const out = join(scratch, 'evidence');

    const { stdout } = await cli(['assess', '--out', out, '--signing-key', join(scratch, 'k.pem'), '--json']);

    const result = JSON.parse(stdout);
    // One scope: the caller's account in AWS_REGION, read by every collector.
    expect(new Set(result.coverage.map((c: { accountId: string; region: string }) => `${c.accountId}/${c.region}`))).toEqual(
      new Set([`${account.accountId}/${US}`]),
    );
    expect(result.coverage).toHaveLength(collectors.length);
    expect(result.verification.ok).toBe(true);
  });
});
