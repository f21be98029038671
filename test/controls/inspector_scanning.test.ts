/** Amazon Inspector controls: Lambda scanning where Bedrock agents run, and findings on AgentCore runtime images. */
import { describe, expect, it } from 'vitest';
import { INSPECTOR_ACCOUNT_STATUS, INSPECTOR_IMAGE_FINDINGS } from '../../lib/collectors/inspector2.js';
import { control as codeScanning } from '../../lib/controls/inspector_lambda_code_scanning_enabled.js';
import { control as lambdaScanning } from '../../lib/controls/inspector_lambda_scanning_enabled.js';
import { control as imageFindings } from '../../lib/controls/inspector_runtime_image_no_critical_findings.js';
import type { Control } from '../../lib/controls/types.js';
import type { CoverageEntry } from '../../lib/evidence/coverage.js';
import type { SealedEvidence } from '../../lib/evidence/record.js';
import { AGENT_COLLECTOR, agentEvidence, agentFields } from '../fixtures/bedrock.js';
import { regionResourceId } from '../fixtures/control-cases.js';
import { accessDenied, complete, digestOf, failed, findingFor, judge, partial, SCOPE } from '../fixtures/evidence.js';
import {
  container,
  imageFindingEvidence,
  imageUri,
  inspectorStatusEvidence,
  RUNTIMES,
  runtimeRunning,
} from '../fixtures/runtime-images.js';
import { stored } from '../fixtures/supporting.js';

const agent = (id: string) => agentEvidence({ agent: agentFields(id) } as { agent: Record<string, unknown> });
const agentArn = (id: string) => String((agentFields(id) as { agentArn: string }).agentArn);

describe.each<{ control: Control; feature: 'lambda' | 'lambdaCode' }>([
  { control: lambdaScanning, feature: 'lambda' },
  { control: codeScanning, feature: 'lambdaCode' },
])('$control.id', ({ control, feature }) => {
  const scope = regionResourceId(SCOPE);
  const run = (status: SealedEvidence | undefined, agents: SealedEvidence[], coverage: CoverageEntry[] = []) =>
    findingFor(
      judge(control, {
        evidence: [...(status ? [status] : []), ...agents],
        coverage:
          coverage.length > 0 ? coverage : [complete(INSPECTOR_ACCOUNT_STATUS, status ? 1 : 0), complete(AGENT_COLLECTOR, agents.length)],
      }),
      scope,
    );

  it.each<[string, SealedEvidence | undefined, SealedEvidence[], CoverageEntry[], string, string]>([
    [
      'enabled where agents run',
      inspectorStatusEvidence({ lambda: 'ENABLED', lambdaCode: 'ENABLED' }),
      [agent('AGENT1')],
      [],
      'PASS',
      'ENABLED',
    ],
    [
      'disabled where agents run',
      inspectorStatusEvidence({ lambda: 'DISABLED', lambdaCode: 'DISABLED' }),
      [agent('AGENT1')],
      [],
      'FAIL',
      'DISABLED',
    ],
    ['still enabling', inspectorStatusEvidence({ lambda: 'ENABLING', lambdaCode: 'ENABLING' }), [agent('AGENT1')], [], 'FAIL', 'ENABLING'],
    [
      'off where there are no agents',
      inspectorStatusEvidence({ lambda: 'DISABLED', lambdaCode: 'DISABLED' }),
      [],
      [],
      'NOT_APPLICABLE',
      'No Bedrock agents',
    ],
    [
      'an answer without the scan type',
      inspectorStatusEvidence({ ecr: 'ENABLED' }),
      [agent('AGENT1')],
      [],
      'INSUFFICIENT_EVIDENCE',
      `no ${feature} scanning status`,
    ],
    [
      'Inspector refused',
      undefined,
      [agent('AGENT1')],
      [failed(INSPECTOR_ACCOUNT_STATUS, accessDenied('BatchGetAccountStatus')), complete(AGENT_COLLECTOR, 1)],
      'INSUFFICIENT_EVIDENCE',
      'AccessDeniedException',
    ],
    [
      'agents not listed',
      inspectorStatusEvidence({ lambda: 'DISABLED', lambdaCode: 'DISABLED' }),
      [],
      [complete(INSPECTOR_ACCOUNT_STATUS, 1), failed(AGENT_COLLECTOR, accessDenied('ListAgents'))],
      'INSUFFICIENT_EVIDENCE',
      'ListAgents',
    ],
    [
      'an agent listed but not read still counts',
      inspectorStatusEvidence({ lambda: 'DISABLED', lambdaCode: 'DISABLED' }),
      [],
      [complete(INSPECTOR_ACCOUNT_STATUS, 1), partial(AGENT_COLLECTOR, [accessDenied('GetAgent', agentArn('AGENT2'))], 0)],
      'FAIL',
      '1 Bedrock agent',
    ],
    ['Inspector not collected', undefined, [agent('AGENT1')], [complete(AGENT_COLLECTOR, 1)], 'INSUFFICIENT_EVIDENCE', 'did not run'],
  ])('%s is %s', (_case, status, agents, coverage, expected, words) => {
    const finding = run(status, agents, coverage);
    expect(finding.status).toBe(expected);
    expect(finding.reason).toContain(words);
  });

  it('is INSUFFICIENT_EVIDENCE when the answer does not hold the account', () => {
    const other = stored(
      { collector: INSPECTOR_ACCOUNT_STATUS, service: 'inspector2', operation: 'BatchGetAccountStatus' },
      { type: 'AWS::Inspector2::AccountStatus', id: 'arn:aws:inspector2:eu-west-1:111122223333:account-status' },
      { accounts: [], failedAccounts: [{ accountId: SCOPE.accountId, errorCode: 'ACCESS_DENIED', errorMessage: 'no' }] },
    );
    const finding = run(other, [agent('AGENT1')]);
    expect(finding.status).toBe('INSUFFICIENT_EVIDENCE');
    expect(finding.reason).toContain('ACCESS_DENIED');
  });
});

describe('inspector_runtime_image_no_critical_findings', () => {
  const REPO = 'claims-agent';
  const runtime = runtimeRunning('claims-agent', container(imageUri(REPO, ':v3')));
  const judgeImage = (status: SealedEvidence | undefined, findings: SealedEvidence[], coverage?: CoverageEntry[]) =>
    findingFor(
      judge(imageFindings, {
        evidence: [runtime, ...(status ? [status] : []), ...findings],
        coverage: [
          complete(RUNTIMES, 1),
          ...(coverage ?? [complete(INSPECTOR_ACCOUNT_STATUS, 1), complete(INSPECTOR_IMAGE_FINDINGS, findings.length)]),
        ],
      }),
      runtime.record.resource.id,
    );
  const scanning = inspectorStatusEvidence({ ecr: 'ENABLED' });

  it.each<[string, SealedEvidence | undefined, SealedEvidence[], CoverageEntry[] | undefined, string, string]>([
    [
      'no finding on its image',
      scanning,
      [imageFindingEvidence('CVE-1', { repository: REPO, tags: ['v2'] })],
      undefined,
      'PASS',
      'no active',
    ],
    [
      'a finding on its tag',
      scanning,
      [imageFindingEvidence('CVE-1', { repository: REPO, tags: ['v3', 'latest'] })],
      undefined,
      'FAIL',
      'CVE-1 (CRITICAL)',
    ],
    [
      'a finding on another repository',
      scanning,
      [imageFindingEvidence('CVE-1', { repository: 'other', tags: ['v3'] })],
      undefined,
      'PASS',
      'no active',
    ],
    ['ECR scanning off', inspectorStatusEvidence({ ecr: 'DISABLED' }), [], undefined, 'INSUFFICIENT_EVIDENCE', 'shows nothing'],
    [
      'findings read only in part',
      scanning,
      [],
      [
        complete(INSPECTOR_ACCOUNT_STATUS, 1),
        partial(
          INSPECTOR_IMAGE_FINDINGS,
          [{ operation: 'ListFindings', kind: 'ERROR', code: 'FindingLimitReached', message: 'more' }],
          1000,
        ),
      ],
      'INSUFFICIENT_EVIDENCE',
      'FindingLimitReached',
    ],
    [
      'Inspector refused',
      undefined,
      [],
      [failed(INSPECTOR_ACCOUNT_STATUS, accessDenied('BatchGetAccountStatus')), complete(INSPECTOR_IMAGE_FINDINGS, 0)],
      'INSUFFICIENT_EVIDENCE',
      'AccessDeniedException',
    ],
  ])('%s is %s', (_case, status, findings, coverage, expected, words) => {
    const finding = judgeImage(status, findings, coverage);
    expect(finding.status).toBe(expected);
    expect(finding.reason).toContain(words);
  });

  it('matches a runtime pinned by digest on the image hash, and cites the findings', () => {
    const digest = `sha256:${'c'.repeat(64)}`;
    const pinned = runtimeRunning('pinned-agent', container(imageUri(REPO, `@${digest}`)));
    const hit = imageFindingEvidence('CVE-9', { repository: REPO, digest });
    const miss = imageFindingEvidence('CVE-8', { repository: REPO, tags: ['v3'] });
    const finding = findingFor(
      judge(imageFindings, {
        evidence: [pinned, scanning, hit, miss],
        coverage: [complete(RUNTIMES, 1), complete(INSPECTOR_ACCOUNT_STATUS, 1), complete(INSPECTOR_IMAGE_FINDINGS, 2)],
      }),
      pinned.record.resource.id,
    );
    expect(finding.status).toBe('FAIL');
    expect(finding.evidence).toContain(digestOf(hit));
    expect(finding.evidence).not.toContain(digestOf(miss));
  });
});
