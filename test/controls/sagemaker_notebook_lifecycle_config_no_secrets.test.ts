import { describe, expect, it } from 'vitest';
import { control } from '../../lib/controls/sagemaker_notebook_lifecycle_config_no_secrets.js';
import type { Scope } from '../../lib/evidence/coverage.js';
import { describeSharedCases, regionResourceId } from '../fixtures/control-cases.js';
import { complete, findingFor, judge, SCOPE } from '../fixtures/evidence.js';
import { stored } from '../fixtures/supporting.js';

const COLLECTOR = 'sagemaker.notebook-lifecycle-configs';
const TYPE = 'AWS::SageMaker::NotebookInstanceLifecycleConfig';
const SHA = 'a'.repeat(64);

const clean = (hook: string, index = 0) => ({ hook, index, decoded: true, sha256: SHA, bytes: 120, matches: [] as string[] });

function lifecycleConfig(name: string, scan: unknown, scope: Scope = SCOPE) {
  const arn = `arn:aws:sagemaker:${scope.region}:${scope.accountId}:notebook-instance-lifecycle-config/${name}`;
  return stored(
    { collector: COLLECTOR, service: 'sagemaker', operation: 'DescribeNotebookInstanceLifecycleConfig' },
    { type: TYPE, id: arn },
    { NotebookInstanceLifecycleConfigArn: arn, NotebookInstanceLifecycleConfigName: name, secretScan: scan },
    scope,
  );
}

const scan = (...scripts: unknown[]) => ({ version: 1, patterns: ['aws-access-key-id'], scripts });

describe('sagemaker_notebook_lifecycle_config_no_secrets', () => {
  it.each<[string, unknown, string, string]>([
    ['#1 scripts in which nothing matched', scan(clean('OnCreate'), clean('OnStart')), 'PASS', '2 scripts'],
    ['#2 no scripts at all', scan(), 'PASS', 'no scripts'],
    [
      '#3 a script with an access key',
      scan(clean('OnCreate'), { ...clean('OnStart'), matches: ['aws-access-key-id', 'aws-secret-access-key'] }),
      'FAIL',
      'OnStart script 1: aws-access-key-id, aws-secret-access-key',
    ],
    [
      '#4 a credential found, another script unreadable',
      scan(
        { hook: 'OnCreate', index: 0, decoded: false, problem: 'Content is not base64' },
        { ...clean('OnStart'), matches: ['private-key'] },
      ),
      'FAIL',
      'private-key',
    ],
    [
      '#5 a script that could not be decoded',
      scan({ hook: 'OnCreate', index: 0, decoded: false, problem: 'Content is not base64' }),
      'INSUFFICIENT_EVIDENCE',
      'Content is not base64',
    ],
    ['#6 a scan of a version this control does not know', { ...scan(), version: 99 }, 'INSUFFICIENT_EVIDENCE', 'version 99'],
    ['#7 no scan at all (a raw answer)', undefined, 'INSUFFICIENT_EVIDENCE', 'no secret scan'],
  ])('%s is %s', (_case, secretScan, status, words) => {
    const evidence = lifecycleConfig('claims-setup', secretScan);
    const finding = findingFor(judge(control, { evidence: [evidence], coverage: [complete(COLLECTOR, 1)] }), evidence.record.resource.id);
    expect(finding.status).toBe(status);
    expect(finding.reason).toContain(words);
    expect(finding.reason).toContain('claims-setup');
  });

  describeSharedCases({
    control,
    collector: COLLECTOR,
    resourceType: TYPE,
    listOperation: 'ListNotebookInstanceLifecycleConfigs',
    describeOperation: 'DescribeNotebookInstanceLifecycleConfig',
    compliant: (scope, n) => lifecycleConfig(`setup-${n}`, scan(clean('OnStart')), scope),
    scopeResourceId: regionResourceId,
  });
});
