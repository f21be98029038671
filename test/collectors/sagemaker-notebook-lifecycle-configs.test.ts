import 'aws-sdk-client-mock-vitest/extend';
import { createHash } from 'node:crypto';
import {
  DescribeNotebookInstanceLifecycleConfigCommand,
  ListNotebookInstanceLifecycleConfigsCommand,
  SageMakerClient,
  SageMakerServiceException,
} from '@aws-sdk/client-sagemaker';
import { mockClient } from 'aws-sdk-client-mock';
import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import {
  NOTEBOOK_LIFECYCLE_CONFIGS,
  sagemakerNotebookLifecycleConfigs,
} from '../../lib/collectors/sagemaker-notebook-lifecycle-configs.js';
import { SECRET_PATTERNS, scanScript } from '../../lib/collectors/secret-scan.js';
import { EvidenceRecordSchema, sealEvidence } from '../../lib/evidence/record.js';
import { mockedContext } from '../fixtures/collector-context.js';
import { SCOPE } from '../fixtures/evidence.js';

const sagemaker = mockClient(SageMakerClient);
beforeEach(() => sagemaker.reset());
afterAll(() => sagemaker.restore());

const arn = (name: string) => `arn:aws:sagemaker:${SCOPE.region}:${SCOPE.accountId}:notebook-instance-lifecycle-config/${name}`;
const b64 = (text: string) => Buffer.from(text, 'utf8').toString('base64');
const CREATED = new Date('2026-03-02T08:15:00.000Z');

// Credentials as they appear in real scripts (AWS's documented example key pair, made-up tokens).
const ACCESS_KEY = 'AKIAIOSFODNN7EXAMPLE';
const SECRET_KEY = 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY';
const LEAKY = `#!/bin/bash\nexport AWS_ACCESS_KEY_ID=${ACCESS_KEY}\naws_secret_access_key = ${SECRET_KEY}\necho done\n`;
const CLEAN = '#!/bin/bash\nset -e\npip install --index-url https://pypi.internal.example/simple claims-features==2.4.1\n';

function serve(configs: Record<string, { OnCreate?: unknown; OnStart?: unknown } | Error>) {
  sagemaker.on(ListNotebookInstanceLifecycleConfigsCommand).resolves({
    NotebookInstanceLifecycleConfigs: Object.keys(configs).map((name) => ({
      NotebookInstanceLifecycleConfigName: name,
      NotebookInstanceLifecycleConfigArn: arn(name),
      CreationTime: CREATED,
    })),
  });
  sagemaker.on(DescribeNotebookInstanceLifecycleConfigCommand).callsFake((input: { NotebookInstanceLifecycleConfigName: string }) => {
    const name = input.NotebookInstanceLifecycleConfigName;
    const answer = configs[name];
    if (answer instanceof Error) throw answer;
    return {
      $metadata: { httpStatusCode: 200 },
      NotebookInstanceLifecycleConfigName: name,
      NotebookInstanceLifecycleConfigArn: arn(name),
      CreationTime: CREATED,
      LastModifiedTime: CREATED,
      ...answer,
    };
  });
}

const scriptsOf = (record: { data: Record<string, unknown> }) => (record.data.secretScan as { scripts: unknown[] }).scripts;

describe('the sagemaker.notebook-lifecycle-configs collector', () => {
  it('lists every configuration, describes each by name and seals a verdict per script', async () => {
    serve({ 'claims-setup': { OnCreate: [{ Content: b64(CLEAN) }], OnStart: [{ Content: b64(LEAKY) }] } });
    const result = await sagemakerNotebookLifecycleConfigs.collect(mockedContext());
    expect(sagemaker).toReceiveCommandWith(DescribeNotebookInstanceLifecycleConfigCommand, {
      NotebookInstanceLifecycleConfigName: 'claims-setup',
    });
    expect(result.coverage).toMatchObject({ collector: NOTEBOOK_LIFECYCLE_CONFIGS, status: 'COMPLETE', records: 1, errors: [] });
    const [record] = result.records;
    expect(EvidenceRecordSchema.parse(record)).toEqual(record);
    expect(record?.resource).toEqual({ type: 'AWS::SageMaker::NotebookInstanceLifecycleConfig', id: arn('claims-setup') });
    expect(record && scriptsOf(record)).toEqual([
      {
        hook: 'OnCreate',
        index: 0,
        decoded: true,
        sha256: createHash('sha256').update(CLEAN).digest('hex'),
        bytes: Buffer.byteLength(CLEAN),
        matches: [],
      },
      {
        hook: 'OnStart',
        index: 0,
        decoded: true,
        sha256: createHash('sha256').update(LEAKY).digest('hex'),
        bytes: Buffer.byteLength(LEAKY),
        matches: ['aws-access-key-id', 'aws-secret-access-key'],
      },
    ]);
    expect(record?.data.secretScan).toMatchObject({ version: 1, patterns: SECRET_PATTERNS.map((p) => p.name) });
  });

  it('seals no script text: neither the script, nor its base64, nor any credential in it', async () => {
    serve({ 'claims-setup': { OnCreate: [{ Content: b64(CLEAN) }], OnStart: [{ Content: b64(LEAKY) }] } });
    const { records } = await sagemakerNotebookLifecycleConfigs.collect(mockedContext());
    const sealed = records.map((r) => sealEvidence(r).bytes).join('\n');
    for (const secret of [ACCESS_KEY, SECRET_KEY, b64(LEAKY), b64(CLEAN), 'pip install', '#!/bin/bash', 'AWS_ACCESS_KEY_ID']) {
      expect(sealed).not.toContain(secret);
    }
    expect(sealed).not.toMatch(/"(OnCreate|OnStart|Content)":/);
    // Nor any 20-character window of either script (a partial copy).
    for (const script of [LEAKY, CLEAN]) {
      for (let i = 0; i + 20 <= script.length; i += 10) expect(sealed).not.toContain(script.slice(i, i + 20));
    }
  });

  it('records a script that is not base64 as not decoded, without its text', async () => {
    serve({ broken: { OnCreate: [{ Content: 'not base64 at all!' }] } });
    const { records } = await sagemakerNotebookLifecycleConfigs.collect(mockedContext());
    expect(records[0] && scriptsOf(records[0])).toEqual([{ hook: 'OnCreate', index: 0, decoded: false, problem: 'Content is not base64' }]);
    expect(sealEvidence(records[0] as never).bytes).not.toContain('not base64 at all');
  });

  it('turns a refused describe into a coverage error naming the configuration, and keeps the others', async () => {
    const denied = new SageMakerServiceException({
      name: 'AccessDeniedException',
      $fault: 'client',
      $metadata: { httpStatusCode: 400 },
      message: 'not authorized to perform: sagemaker:DescribeNotebookInstanceLifecycleConfig',
    });
    serve({ fine: { OnCreate: [{ Content: b64(CLEAN) }] }, hidden: denied });
    const result = await sagemakerNotebookLifecycleConfigs.collect(mockedContext());
    expect(result.records.map((r) => r.resource.id)).toEqual([arn('fine')]);
    expect(result.coverage).toMatchObject({
      status: 'PARTIAL',
      errors: [{ operation: 'DescribeNotebookInstanceLifecycleConfig', kind: 'ACCESS_DENIED', resourceId: arn('hidden') }],
    });
  });
});

describe('scanScript', () => {
  it.each<[string, string, string[]]>([
    ['an access key id', `key=${ACCESS_KEY}`, ['aws-access-key-id']],
    ['a private key', '-----BEGIN RSA PRIVATE KEY-----\nMIIE...', ['private-key']],
    ['a GitHub token', `git clone https://ghp_${'a'.repeat(36)}@github.com/acme/x`, ['github-token']],
    ['a Hugging Face token', `HF_TOKEN=hf_${'b'.repeat(34)}`, ['hugging-face-token']],
    ['a password in a URL', 'pip install --index-url https://build:S3cretPassw0rd@pypi.acme.example/simple x', ['credentials-in-url']],
    ['a quoted password', 'DB_PASSWORD="correct-horse-battery"', ['password-assignment']],
    ['a password read from a variable', 'DB_PASSWORD="$(aws secretsmanager get-secret-value --secret-id db)"', []],
    ['a clean script', CLEAN, []],
  ])('finds %s', (_case, text, matches) => {
    const scan = scanScript('OnStart', 0, b64(text));
    expect(scan).toMatchObject({ decoded: true, matches });
  });

  it('refuses content that is not a string', () => {
    expect(scanScript('OnCreate', 2, 42)).toEqual({ hook: 'OnCreate', index: 2, decoded: false, problem: 'Content is not a string' });
  });
});
