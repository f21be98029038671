/** Findings and runs for the publisher's tests, built the way the pipeline builds them. */
import type { ControlMetadata, Finding, FindingStatus } from '../../lib/controls/types.js';
import type { CoverageEntry } from '../../lib/evidence/coverage.js';
import type { SealedFindingRef } from '../../lib/publish/asff.js';
import type { HeadTimestamp } from '../../lib/publish/head.js';
import type { RunToPublish } from '../../lib/publish/securityhub.js';

export const ACCOUNT = '111122223333';
export const OTHER_ACCOUNT = '444455556666';
export const REGION = 'us-east-1';
export const STARTED_AT = '2026-11-26T12:00:00.000Z';
export const FINISHED_AT = '2026-11-26T12:05:00.000Z';

/** A control of our own for these tests, mapped to the three frameworks. */
export const TEST_CONTROL: ControlMetadata = {
  id: 'sagemaker_notebook_root_access_disabled',
  version: 1,
  title: 'SageMaker notebook instances have root access disabled',
  rationale: 'Root lets users change the instance.',
  severity: 'HIGH',
  remediation: 'Set RootAccess to Disabled.',
  cafAi: ['identity-and-access-management'],
  aiRmf: ['MEASURE 2.7'],
  iso42001: ['A.4.5'],
  aiLayers: ['model'],
  securityHubControls: ['SageMaker.3'],
  configRules: [],
  collectors: ['sagemaker.notebook-instances'],
  resourceType: 'AWS::SageMaker::NotebookInstance',
};

export function notebookArn(name: string, accountId = ACCOUNT, region = REGION): string {
  return `arn:aws:sagemaker:${region}:${accountId}:notebook-instance/${name}`;
}

export function finding(name: string, status: FindingStatus = 'FAIL', overrides: Partial<Finding> = {}): Finding {
  const accountId = overrides.accountId ?? ACCOUNT;
  const region = overrides.region ?? REGION;
  return {
    schemaVersion: 1,
    controlId: TEST_CONTROL.id,
    status,
    severity: 'HIGH',
    accountId,
    region,
    resource: { type: 'AWS::SageMaker::NotebookInstance', id: notebookArn(name, accountId, region) },
    reason: `SageMaker notebook instance ${name} is ${status}.`,
    evidence: ['a'.repeat(64)],
    ...overrides,
  };
}

export function sealed(f: Finding, index = 0): SealedFindingRef {
  const sha256 = index.toString(16).padStart(64, '0');
  return { finding: f, key: `runs/run-1/findings/${sha256}.json`, sha256 };
}

export function coverage(status: CoverageEntry['status'], region = REGION, accountId = ACCOUNT): CoverageEntry {
  return {
    collector: 'sagemaker.notebook-instances',
    accountId,
    region,
    status,
    records: 0,
    errors:
      status === 'FAILED'
        ? [{ operation: 'ListNotebookInstances', kind: 'ACCESS_DENIED', code: 'AccessDeniedException', message: 'denied' }]
        : [],
  };
}

export function run(
  findings: readonly Finding[],
  options: {
    runId?: string;
    coverage?: CoverageEntry[];
    regions?: string[];
    statementSha256?: string;
    finishedAt?: string;
    timestamp?: HeadTimestamp;
  } = {},
): RunToPublish {
  const runId = options.runId ?? 'run-1';
  const regions = options.regions ?? [REGION];
  return {
    link: {
      runId,
      storeLocation: 's3://evidence-bucket/org/',
      statementKey: `runs/${runId}/statement.dsse.json`,
      statementSha256: options.statementSha256 ?? 'b'.repeat(64),
      merkleRoot: 'c'.repeat(64),
      catalogVersion: 'sha256:0123456789abcdef',
    },
    head: {
      startedAt: STARTED_AT,
      finishedAt: options.finishedAt ?? FINISHED_AT,
      sealedBy: 'ai-evidence/0.0.0-test',
      timestamp: options.timestamp ?? { status: 'none' },
    },
    startedAt: STARTED_AT,
    scopes: regions.map((region) => ({ accountId: ACCOUNT, region })),
    coverage: options.coverage ?? regions.map((r) => coverage('COMPLETE', r)),
    findings: findings.map((f, i) => sealed(f, i)),
  };
}
