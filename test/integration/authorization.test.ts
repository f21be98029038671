/**
 * `ai-evidence assess` against a moto server of its own with authorization enforced
 * (`/moto-api/reset-auth`), as an IAM user allowed only SageMaker (and Bedrock's invocation-logging
 * configuration, so that the log-bucket collector goes on to S3 and meets its REST-XML refusal).
 * moto answers a refused JSON or query call with an HTML 403 page, the worst case for an SDK
 * deserializer: every refused source must still be sealed as ACCESS_DENIED with HTTP 403, for every
 * protocol the collectors use, and nothing sealed may carry SDK internals.
 *
 * The server is not the suite's shared one: enforcing authorization there would refuse every other
 * test's requests.
 */
import type { ChildProcess } from 'node:child_process';
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { BedrockClient, PutModelInvocationLoggingConfigurationCommand } from '@aws-sdk/client-bedrock';
import { CreateAccessKeyCommand, CreateUserCommand, IAMClient, PutUserPolicyCommand } from '@aws-sdk/client-iam';
import { CreateBucketCommand, S3Client } from '@aws-sdk/client-s3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { collectors } from '../../lib/collectors/index.js';
import type { CoverageEntry } from '../../lib/evidence/coverage.js';
import { startMoto, stop } from '../setup/moto.js';
import { cli } from './cli-session.js';
import { FAKE_CREDENTIALS, moto, setEnv, skipReason } from './moto.js';

const REGION = 'us-east-1';
const LOG_BUCKET = 'ai-evidence-auth-logs';
/** What the user may do besides SageMaker. */
const ALSO_ALLOWED = ['bedrock:GetModelInvocationLoggingConfiguration'];

/** The wire protocol of each service the collectors call, with one collector that must meet a refusal in it. */
const PROTOCOLS: Record<string, string> = {
  awsJson: 'cloudtrail.trails',
  restJson: 'bedrock.guardrails',
  awsQuery: 'iam.customer-managed-policies',
  ec2Query: 'ec2.vpc-endpoints',
  restXml: 'bedrock.invocation-log-buckets',
};

/** Every file under `dir`, as text. */
async function filesUnder(dir: string): Promise<Array<{ path: string; text: string }>> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true });
  return Promise.all(
    entries
      .filter((e) => e.isFile())
      .map(async (e) => {
        const path = join(e.parentPath, e.name);
        return { path, text: await readFile(path, 'utf8') };
      }),
  );
}

const SDK_INTERNALS = /\$response|Deserialization error|hidden field|SyntaxError|Unexpected token/;

describe.skipIf(moto.python === null || moto.endpoint === null)(`assess with authorization enforced${skipReason}`, () => {
  let server: { endpoint: string; child: ChildProcess } | undefined;
  let scratch: string;
  let coverage: CoverageEntry[];
  let folder: string;

  beforeAll(async () => {
    const started = await startMoto(moto.python as string);
    if ('reason' in started) throw new Error(started.reason);
    server = started;
    scratch = await mkdtemp(join(tmpdir(), 'ai-evidence-auth-'));

    // Seed with moto's default (unchecked) credentials, then enforce authorization for every request after.
    const admin = { endpoint: server.endpoint, region: REGION, credentials: FAKE_CREDENTIALS };
    const s3 = new S3Client({ ...admin, forcePathStyle: true });
    await s3.send(new CreateBucketCommand({ Bucket: LOG_BUCKET }));
    s3.destroy();
    const bedrock = new BedrockClient(admin);
    await bedrock.send(
      new PutModelInvocationLoggingConfigurationCommand({
        loggingConfig: { s3Config: { bucketName: LOG_BUCKET }, textDataDeliveryEnabled: true },
      }),
    );
    bedrock.destroy();
    const iam = new IAMClient(admin);
    await iam.send(new CreateUserCommand({ UserName: 'sagemaker-only' }));
    await iam.send(
      new PutUserPolicyCommand({
        UserName: 'sagemaker-only',
        PolicyName: 'sagemaker-only',
        PolicyDocument: JSON.stringify({
          Version: '2012-10-17',
          Statement: [{ Effect: 'Allow', Action: ['sagemaker:*', ...ALSO_ALLOWED], Resource: '*' }],
        }),
      }),
    );
    const { AccessKey } = await iam.send(new CreateAccessKeyCommand({ UserName: 'sagemaker-only' }));
    iam.destroy();
    const reset = await fetch(`${server.endpoint}/moto-api/reset-auth`, { method: 'POST', body: '0' });
    expect(reset.status).toBe(200);

    const restore = setEnv({
      AWS_ENDPOINT_URL: server.endpoint,
      AWS_REGION: REGION,
      AWS_DEFAULT_REGION: undefined,
      AWS_ACCESS_KEY_ID: AccessKey?.AccessKeyId,
      AWS_SECRET_ACCESS_KEY: AccessKey?.SecretAccessKey,
      AWS_SESSION_TOKEN: undefined,
      AWS_PROFILE: undefined,
      AWS_CONFIG_FILE: join(scratch, 'no-aws-config'),
      AWS_SHARED_CREDENTIALS_FILE: join(scratch, 'no-aws-credentials'),
      AWS_EC2_METADATA_DISABLED: 'true',
      AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
    });
    try {
      folder = join(scratch, 'evidence');
      const result = await cli(['assess', '--regions', REGION, '--out', folder, '--signing-key', join(scratch, 'key.pem'), '--json']);
      expect(result.stderr).toEqual([]);
      const report = JSON.parse(result.stdout);
      expect(report.verification).toEqual({ ok: true, problems: [] });
      coverage = report.coverage;
    } finally {
      restore();
    }
  });
  afterAll(async () => {
    if (server) await stop(server.child);
    if (scratch) await rm(scratch, { recursive: true, force: true });
  });

  const entry = (collector: string) => coverage.find((c) => c.collector === collector);

  it('reads every SageMaker source, which the user may read: no call of theirs is refused', () => {
    const sagemaker = collectors.filter((c) => c.service === 'sagemaker');
    expect(sagemaker.length).toBeGreaterThan(5);
    for (const c of sagemaker) {
      const e = entry(c.id);
      expect(e, c.id).toBeDefined();
      expect(
        e?.errors.filter((x) => x.kind === 'ACCESS_DENIED'),
        c.id,
      ).toEqual([]);
    }
    expect(entry('sagemaker.notebook-instances')?.status).toBe('COMPLETE');
  });

  it('seals every other source as refused with HTTP 403, or, where moto lacks the operation, as not available or unreadable with its status', () => {
    for (const c of collectors.filter((x) => x.service !== 'sagemaker')) {
      const e = entry(c.id);
      expect(e, c.id).toBeDefined();
      if (c.id === 'bedrock.model-invocation-logging' || c.id === 'bedrock.invocation-log-groups') {
        // Allowed, and the configuration names no log group.
        expect(e?.status, c.id).toBe('COMPLETE');
        continue;
      }
      expect(e?.status, c.id).not.toBe('COMPLETE');
      expect(e?.errors.length, c.id).toBeGreaterThan(0);
      for (const error of e?.errors ?? []) {
        const what = `${c.id} ${error.operation}: ${error.kind} ${error.httpStatus} ${error.message}`;
        if (error.kind === 'ACCESS_DENIED') expect(error.httpStatus, what).toBe(403);
        else {
          expect(['NOT_AVAILABLE', 'INVALID_RESPONSE'], what).toContain(error.kind);
          expect(error.httpStatus, what).not.toBe(403);
        }
      }
    }
  });

  it.each(Object.entries(PROTOCOLS))('sees a refusal in the %s protocol as ACCESS_DENIED with HTTP 403 (%s)', (_protocol, collector) => {
    const errors = entry(collector)?.errors ?? [];
    expect(
      errors.some((e) => e.kind === 'ACCESS_DENIED' && e.httpStatus === 403),
      JSON.stringify(errors),
    ).toBe(true);
  });

  it('seals no SDK internals: no $response, deserialization hint or parser message in any stored object', async () => {
    const files = await filesUnder(folder);
    expect(files.length).toBeGreaterThan(10);
    const leaking = files.filter((f) => SDK_INTERNALS.test(f.text)).map((f) => f.path);
    expect(leaking).toEqual([]);
  });
});
