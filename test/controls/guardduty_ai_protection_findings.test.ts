/** guardduty_no_open_ai_protection_findings: AI Protection findings of any severity, where AI Protection runs. */
import 'aws-sdk-client-mock-vitest/extend';
import { GetFindingsCommand, GuardDutyClient, ListDetectorsCommand, ListFindingsCommand } from '@aws-sdk/client-guardduty';
import { mockClient } from 'aws-sdk-client-mock';
import { afterAll, describe, expect, it } from 'vitest';
import {
  AI_PROTECTION_TYPES,
  GUARDDUTY_AI_PROTECTION_FINDINGS,
  guardDutyAiProtectionFindings,
} from '../../lib/collectors/guardduty-ai-protection-findings.js';
import { control } from '../../lib/controls/guardduty_no_open_ai_protection_findings.js';
import type { CoverageEntry } from '../../lib/evidence/coverage.js';
import { type SealedEvidence, sealEvidence } from '../../lib/evidence/record.js';
import { mockedContext } from '../fixtures/collector-context.js';
import { regionResourceId } from '../fixtures/control-cases.js';
import { accessDenied, complete, digestOf, findingFor, judge, partial, SCOPE } from '../fixtures/evidence.js';
import { DETECTOR_ID, DETECTORS, detectorArn, detectorEvidence, features, guardDutyFinding } from '../fixtures/supporting.js';

/** A finding as this collector records it (the fixture's, under this collector's id). */
function aiFinding(id: string, overrides: Record<string, unknown> = {}): SealedEvidence {
  const { record } = guardDutyFinding(id, overrides);
  return sealEvidence({ ...record, source: { ...record.source, collector: GUARDDUTY_AI_PROTECTION_FINDINGS } });
}

describe('guardduty_no_open_ai_protection_findings', () => {
  const scope = regionResourceId(SCOPE);
  const run = (evidence: SealedEvidence[], coverage?: CoverageEntry[]) =>
    findingFor(
      judge(control, {
        evidence,
        coverage: coverage ?? [complete(DETECTORS, 1), complete(GUARDDUTY_AI_PROTECTION_FINDINGS, evidence.length - 1)],
      }),
      scope,
    );

  it.each<[string, SealedEvidence[], CoverageEntry[] | undefined, string, string]>([
    ['no AI Protection finding', [detectorEvidence()], undefined, 'PASS', 'No GuardDuty AI Protection finding'],
    [
      'a LOW prompt injection finding',
      [detectorEvidence(), aiFinding('f1', { Type: 'Impact:IAMUser/PromptInjection.Direct', Severity: 2 })],
      undefined,
      'FAIL',
      'PromptInjection.Direct f1 (severity 2)',
    ],
    [
      'a MEDIUM cost harvesting finding',
      [detectorEvidence(), aiFinding('f2', { Type: 'Impact:IAMUser/CostHarvesting', Severity: 5 })],
      undefined,
      'FAIL',
      'CostHarvesting',
    ],
    ['an archived finding only', [detectorEvidence(), aiFinding('f3', { Service: { Archived: true } })], undefined, 'PASS', 'No GuardDuty'],
    [
      'a finding of another type',
      [detectorEvidence(), aiFinding('f4', { Type: 'Recon:IAMUser/UserPermissions' })],
      undefined,
      'PASS',
      'No GuardDuty',
    ],
    [
      'AI Protection off',
      [detectorEvidence({ Features: features({ AI_PROTECTION: 'DISABLED' }) })],
      undefined,
      'INSUFFICIENT_EVIDENCE',
      'not running',
    ],
    ['GuardDuty off', [detectorEvidence({ Status: 'DISABLED' })], undefined, 'INSUFFICIENT_EVIDENCE', 'not running'],
    [
      'findings not read',
      [detectorEvidence()],
      [complete(DETECTORS, 1), partial(GUARDDUTY_AI_PROTECTION_FINDINGS, [accessDenied('ListFindings', detectorArn())], 0)],
      'INSUFFICIENT_EVIDENCE',
      'AccessDeniedException',
    ],
    ['the findings collector did not run', [detectorEvidence()], [complete(DETECTORS, 1)], 'INSUFFICIENT_EVIDENCE', 'did not run'],
  ])('%s is %s', (_case, evidence, coverage, status, words) => {
    const finding = run(evidence, coverage);
    expect(finding.status).toBe(status);
    expect(finding.reason).toContain(words);
  });

  it('cites the detector and the open findings', () => {
    const detector = detectorEvidence();
    const open = aiFinding('f1', { Severity: 3 });
    expect(run([detector, open]).evidence).toEqual([digestOf(detector), digestOf(open)].sort());
  });
});

describe('the guardduty.ai-protection-findings collector', () => {
  const guardduty = mockClient(GuardDutyClient);
  afterAll(() => guardduty.restore());

  it('lists unarchived findings of the AI Protection types of every severity, and reads them', async () => {
    guardduty.on(ListDetectorsCommand).resolves({ DetectorIds: [DETECTOR_ID] });
    guardduty.on(ListFindingsCommand).resolves({ FindingIds: ['f1'] });
    guardduty.on(GetFindingsCommand).resolves({ Findings: [{ ...guardDutyFinding('f1').record.data, Severity: 2 } as never] });
    const result = await guardDutyAiProtectionFindings.collect(mockedContext());
    expect(guardduty).toReceiveCommandWith(ListFindingsCommand, {
      DetectorId: DETECTOR_ID,
      FindingCriteria: { Criterion: { type: { Equals: [...AI_PROTECTION_TYPES] }, 'service.archived': { Equals: ['false'] } } },
    });
    expect(result.coverage).toMatchObject({ status: 'COMPLETE', records: 1 });
    expect(result.records[0]?.source.collector).toBe(GUARDDUTY_AI_PROTECTION_FINDINGS);
  });
});
