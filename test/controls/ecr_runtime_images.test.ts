/** The controls on the ECR repositories of AgentCore runtime images, and on where the image comes from. */
import { describe, expect, it } from 'vitest';
import { ECR_REPOSITORIES } from '../../lib/collectors/ecr-repositories.js';
import { control as fromAccount } from '../../lib/controls/agentcore_runtime_image_from_account_ecr.js';
import { parseImageUri, wildcardMatch } from '../../lib/controls/agentcore-runtime-images.js';
import { control as continuous } from '../../lib/controls/ecr_runtime_image_continuous_scanning_enabled.js';
import { control as encrypted } from '../../lib/controls/ecr_runtime_image_repository_encrypted_with_cmk.js';
import { control as policyNotPublic } from '../../lib/controls/ecr_runtime_image_repository_policy_not_public.js';
import { control as scannedOnPush } from '../../lib/controls/ecr_runtime_image_scanned_on_push.js';
import { control as tagImmutable } from '../../lib/controls/ecr_runtime_image_tag_immutable.js';
import type { Control } from '../../lib/controls/types.js';
import type { CoverageEntry } from '../../lib/evidence/coverage.js';
import type { SealedEvidence } from '../../lib/evidence/record.js';
import { describeSharedCases, regionResourceId } from '../fixtures/control-cases.js';
import { accessDenied, complete, digestOf, failed, findingFor, judge, partial, SCOPE } from '../fixtures/evidence.js';
import {
  container,
  imageUri,
  NO_REPOSITORY_POLICY,
  RUNTIMES,
  repositoryArn,
  repositoryEvidence,
  repositoryPolicyEvidence,
  runtimeRunning,
  scanningEvidence,
} from '../fixtures/runtime-images.js';
import { AGENTCORE, agentCoreAnswer, agentCoreEvidence } from '../fixtures/supporting.js';

const REPO = 'claims-agent';
const publicPolicy = JSON.stringify({ Statement: [{ Sid: 'Pull', Effect: 'Allow', Principal: '*', Action: 'ecr:BatchGetImage' }] });
const orgPolicy = JSON.stringify({
  Statement: [
    { Effect: 'Allow', Principal: '*', Action: 'ecr:BatchGetImage', Condition: { StringEquals: { 'aws:PrincipalOrgID': 'o-abc123' } } },
  ],
});
const ifExistsPolicy = JSON.stringify({
  Statement: [
    {
      Effect: 'Allow',
      Principal: { AWS: '*' },
      Action: 'ecr:*',
      Condition: { StringEqualsIfExists: { 'aws:PrincipalOrgID': 'o-abc123' } },
    },
  ],
});

interface Case {
  name: string;
  uri?: string;
  repository?: Record<string, unknown>;
  scanning?: [string, { scanFrequency: string; filters: string[] }[]];
  policy?: Record<string, unknown>;
  status: string;
  words: string;
}

/** Judges a runtime running `uri` against ECR records of the scope (a full, compliant set unless a case says otherwise). */
function judgeCase(control: Control, c: Case) {
  const runtime = runtimeRunning('claims-agent', container(c.uri ?? imageUri(REPO)));
  const ecr: SealedEvidence[] = [
    repositoryEvidence(REPO, c.repository),
    scanningEvidence(...(c.scanning ?? ['ENHANCED', [{ scanFrequency: 'CONTINUOUS_SCAN', filters: ['claims-*'] }]])),
    repositoryPolicyEvidence(REPO, c.policy ?? NO_REPOSITORY_POLICY),
  ];
  const findings = judge(control, {
    evidence: [runtime, ...ecr],
    coverage: [complete(RUNTIMES, 1), complete(ECR_REPOSITORIES, ecr.length)],
  });
  return findingFor(findings, runtime.record.resource.id);
}

const FAMILY: [Control, Case[]][] = [
  [
    encrypted,
    [
      { name: 'a customer managed key', status: 'PASS', words: 'KMS key arn:aws:kms:' },
      { name: 'AES-256', repository: { encryptionConfiguration: { encryptionType: 'AES256' } }, status: 'FAIL', words: 'AES-256' },
      {
        name: 'KMS without a key',
        repository: { encryptionConfiguration: { encryptionType: 'KMS' } },
        status: 'FAIL',
        words: 'AWS managed key',
      },
      {
        name: 'no encryption configuration',
        repository: { encryptionConfiguration: undefined },
        status: 'INSUFFICIENT_EVIDENCE',
        words: 'encryptionConfiguration',
      },
    ],
  ],
  [
    scannedOnPush,
    [
      { name: 'enhanced, a continuous rule matches', status: 'PASS', words: 'CONTINUOUS_SCAN' },
      {
        name: 'enhanced, no rule matches',
        scanning: ['ENHANCED', [{ scanFrequency: 'SCAN_ON_PUSH', filters: ['other-*'] }]],
        status: 'FAIL',
        words: 'no rule',
      },
      { name: 'basic, repository scanOnPush', scanning: ['BASIC', []], status: 'PASS', words: 'scanOnPush' },
      {
        name: 'basic, a matching scan-on-push rule',
        scanning: ['BASIC', [{ scanFrequency: 'SCAN_ON_PUSH', filters: ['*'] }]],
        repository: { imageScanningConfiguration: { scanOnPush: false } },
        status: 'PASS',
        words: 'rule',
      },
      {
        name: 'basic, nothing scans',
        scanning: ['BASIC', [{ scanFrequency: 'MANUAL', filters: ['*'] }]],
        repository: { imageScanningConfiguration: { scanOnPush: false } },
        status: 'FAIL',
        words: 'not scanned',
      },
      {
        name: 'basic, no scanning configuration on the repository',
        scanning: ['BASIC', []],
        repository: { imageScanningConfiguration: undefined },
        status: 'INSUFFICIENT_EVIDENCE',
        words: 'imageScanningConfiguration',
      },
    ],
  ],
  [
    continuous,
    [
      { name: 'enhanced, continuous rule', status: 'PASS', words: 'continuously' },
      {
        name: 'enhanced, scan on push only',
        scanning: ['ENHANCED', [{ scanFrequency: 'SCAN_ON_PUSH', filters: ['claims-*'] }]],
        status: 'FAIL',
        words: 'no CONTINUOUS_SCAN',
      },
      { name: 'basic scanning', scanning: ['BASIC', [{ scanFrequency: 'SCAN_ON_PUSH', filters: ['*'] }]], status: 'FAIL', words: 'BASIC' },
    ],
  ],
  [
    tagImmutable,
    [
      { name: 'an immutable repository', status: 'PASS', words: 'immutable' },
      { name: 'a mutable repository', repository: { imageTagMutability: 'MUTABLE' }, status: 'FAIL', words: 'mutable' },
      {
        name: 'a digest in the URI, mutable tags',
        uri: imageUri(REPO, `@sha256:${'a'.repeat(64)}`),
        repository: { imageTagMutability: 'MUTABLE' },
        status: 'PASS',
        words: 'digest',
      },
      {
        name: 'immutable except the tag the runtime runs',
        uri: imageUri(REPO, ':latest'),
        repository: {
          imageTagMutability: 'IMMUTABLE_WITH_EXCLUSION',
          imageTagMutabilityExclusionFilters: [{ filterType: 'WILDCARD', filter: 'lat*' }],
        },
        status: 'FAIL',
        words: 'lat*',
      },
      {
        name: 'immutable with exclusions that miss its tag',
        repository: {
          imageTagMutability: 'IMMUTABLE_WITH_EXCLUSION',
          imageTagMutabilityExclusionFilters: [{ filterType: 'WILDCARD', filter: 'dev-*' }],
        },
        status: 'PASS',
        words: 'no exclusion',
      },
      {
        name: 'mutable except release tags, running one',
        repository: {
          imageTagMutability: 'MUTABLE_WITH_EXCLUSION',
          imageTagMutabilityExclusionFilters: [{ filterType: 'WILDCARD', filter: 'v*' }],
        },
        status: 'PASS',
        words: 'v*',
      },
      {
        name: 'no tag mutability',
        repository: { imageTagMutability: undefined },
        status: 'INSUFFICIENT_EVIDENCE',
        words: 'imageTagMutability',
      },
    ],
  ],
  [
    policyNotPublic,
    [
      { name: 'no repository policy', status: 'PASS', words: 'no repository policy' },
      { name: 'a policy tied to the organization', policy: { policyText: orgPolicy }, status: 'PASS', words: 'only named principals' },
      {
        name: 'a policy open to anyone',
        policy: { policyText: publicPolicy },
        status: 'FAIL',
        words: 'statement Pull (ecr:BatchGetImage)',
      },
      { name: 'a condition with IfExists', policy: { policyText: ifExistsPolicy }, status: 'FAIL', words: 'any principal' },
      { name: 'a policy that is not JSON', policy: { policyText: '{not json' }, status: 'INSUFFICIENT_EVIDENCE', words: 'not JSON' },
    ],
  ],
];

describe.each(FAMILY.map(([control, cases]) => ({ id: control.id, control, cases })))('$id', ({ control, cases }) => {
  it.each(cases)('$name is $status', (c) => {
    const finding = judgeCase(control, c);
    expect(finding.status).toBe(c.status);
    expect(finding.reason).toContain(c.words);
    expect(finding.reason).toContain('claims-agent');
  });

  it('is NOT_APPLICABLE for a runtime deployed from S3 code, and INSUFFICIENT_EVIDENCE without an artifact', () => {
    const code = runtimeRunning('code-agent', {
      codeConfiguration: { code: { s3: { bucket: 'b', prefix: 'p' } }, runtime: 'PYTHON_3_12' },
    });
    const none = agentCoreEvidence('runtime', agentCoreAnswer('runtime', 'bare-agent'));
    const findings = judge(control, { evidence: [code, none], coverage: [complete(RUNTIMES, 2), complete(ECR_REPOSITORIES, 0)] });
    expect(findingFor(findings, code.record.resource.id).status).toBe('NOT_APPLICABLE');
    expect(findingFor(findings, none.record.resource.id).status).toBe('INSUFFICIENT_EVIDENCE');
  });

  it.each<[string, CoverageEntry[], string]>([
    [
      'ECR was refused',
      [failed(ECR_REPOSITORIES, accessDenied('DescribeRepositories'))],
      'DescribeRepositories failed with AccessDeniedException',
    ],
    [
      'a repository policy was refused',
      [partial(ECR_REPOSITORIES, [accessDenied('GetRepositoryPolicy', repositoryArn('other'))], 3)],
      'GetRepositoryPolicy failed',
    ],
    ['ECR was not collected', [], 'did not run'],
  ])('is INSUFFICIENT_EVIDENCE, not PASS, when %s', (_case, ecrCoverage, words) => {
    const runtime = runtimeRunning('claims-agent', container(imageUri(REPO)));
    const records = [
      repositoryEvidence(REPO),
      scanningEvidence('ENHANCED', [{ scanFrequency: 'CONTINUOUS_SCAN', filters: ['*'] }]),
      repositoryPolicyEvidence(REPO, NO_REPOSITORY_POLICY),
    ];
    const finding = findingFor(
      judge(control, { evidence: [runtime, ...records], coverage: [complete(RUNTIMES, 1), ...ecrCoverage] }),
      runtime.record.resource.id,
    );
    expect(finding.status).toBe('INSUFFICIENT_EVIDENCE');
    expect(finding.reason).toContain(words);
  });

  it("is INSUFFICIENT_EVIDENCE for an image in another account's ECR, and FAILS for a repository that does not exist", () => {
    const elsewhere = runtimeRunning('shared-agent', container(`999988887777.dkr.ecr.${SCOPE.region}.amazonaws.com/${REPO}:v1`));
    const dangling = runtimeRunning('gone-agent', container(imageUri('deleted-repo')));
    const findings = judge(control, {
      evidence: [elsewhere, dangling, repositoryEvidence(REPO)],
      coverage: [complete(RUNTIMES, 2), complete(ECR_REPOSITORIES, 1)],
    });
    expect(findingFor(findings, elsewhere.record.resource.id)).toMatchObject({ status: 'INSUFFICIENT_EVIDENCE' });
    expect(findingFor(findings, dangling.record.resource.id).status).toBe('FAIL');
    expect(findingFor(findings, dangling.record.resource.id).reason).toContain('does not exist');
  });

  it('cites the runtime and the repository it judged, not another repository', () => {
    const runtime = runtimeRunning('claims-agent', container(imageUri(REPO)));
    const mine = repositoryEvidence(REPO);
    const other = repositoryEvidence('other-agent');
    const finding = findingFor(
      judge(control, {
        evidence: [runtime, mine, other, scanningEvidence('ENHANCED', []), repositoryPolicyEvidence(REPO, NO_REPOSITORY_POLICY)],
        coverage: [complete(RUNTIMES, 1), complete(ECR_REPOSITORIES, 4)],
      }),
      runtime.record.resource.id,
    );
    expect(finding.evidence).toContain(digestOf(runtime));
    expect(finding.evidence).toContain(digestOf(mine));
    expect(finding.evidence).not.toContain(digestOf(other));
  });
});

describe('agentcore_runtime_image_from_account_ecr', () => {
  it.each<[string, unknown, string]>([
    ["the account's own ECR", container(imageUri(REPO)), 'PASS'],
    ["another account's ECR", container(`999988887777.dkr.ecr.${SCOPE.region}.amazonaws.com/${REPO}:v1`), 'FAIL'],
    ['code deployed from S3', { codeConfiguration: { code: { s3: { bucket: 'b' } } } }, 'NOT_APPLICABLE'],
    ['a URI that is not ECR', container('docker.io/library/python:3.12'), 'INSUFFICIENT_EVIDENCE'],
  ])('%s is %s', (_case, artifact, status) => {
    const runtime = runtimeRunning('claims-agent', artifact);
    expect(
      findingFor(judge(fromAccount, { evidence: [runtime], coverage: [complete(RUNTIMES, 1)] }), runtime.record.resource.id).status,
    ).toBe(status);
  });

  describeSharedCases({
    control: fromAccount,
    collector: RUNTIMES,
    resourceType: AGENTCORE.runtime.type,
    listOperation: AGENTCORE.runtime.list,
    describeOperation: AGENTCORE.runtime.get,
    compliant: (scope, n) => runtimeRunning(`agent-${n}`, container(imageUri(REPO, ':v1', scope)), scope),
    scopeResourceId: regionResourceId,
  });
});

describe('image URIs and ECR wildcards', () => {
  it.each<[string, object | undefined]>([
    [
      '111122223333.dkr.ecr.eu-west-1.amazonaws.com/team/agent:v2',
      { account: '111122223333', region: 'eu-west-1', repository: 'team/agent', tag: 'v2' },
    ],
    [
      `111122223333.dkr.ecr.eu-west-1.amazonaws.com/agent@sha256:${'b'.repeat(64)}`,
      { repository: 'agent', digest: `sha256:${'b'.repeat(64)}` },
    ],
    ['111122223333.dkr.ecr.eu-west-1.amazonaws.com/agent', { repository: 'agent' }],
    ['ghcr.io/acme/agent:v1', undefined],
  ])('reads %s', (uri, expected) => {
    const parsed = parseImageUri(uri);
    if (expected === undefined) expect(parsed).toBeUndefined();
    else expect(parsed).toMatchObject(expected);
  });

  it.each<[string, string, boolean]>([
    ['claims-*', 'claims-agent', true],
    ['*', 'anything/at/all', true],
    ['claims-*', 'support-claims', false],
    ['a.b', 'axb', false],
  ])('%s matches %s: %s', (filter, name, match) => {
    expect(wildcardMatch(filter, name)).toBe(match);
  });
});
