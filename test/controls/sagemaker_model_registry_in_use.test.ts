import { describe, expect, it } from 'vitest';
import { MODEL_PACKAGES, MODELS } from '../../lib/controls/sagemaker.js';
import { control } from '../../lib/controls/sagemaker_model_registry_in_use.js';
import { regionResourceId } from '../fixtures/control-cases.js';
import { accessDenied, complete, digestOf, failed, judge, OTHER_SCOPE, partial, SCOPE, throttled } from '../fixtures/evidence.js';
import { describedModel, describedModelPackage, smEvidence } from '../fixtures/sagemaker.js';

const model = (name: string) => smEvidence(MODELS, describedModel(name));
const pkg = (version: number, status: string) =>
  smEvidence(MODEL_PACKAGES, describedModelPackage('fraud-scoring', version, { ModelApprovalStatus: status }));
const bothRead = (models: number, packages: number) => [complete(MODELS.collector, models), complete(MODEL_PACKAGES.collector, packages)];

describe('sagemaker_model_registry_in_use', () => {
  it('#1 compliant: a region with an approved model version is PASS, citing the approved versions only', () => {
    // Prepare
    const approved = pkg(6, 'Approved');
    const pending = pkg(7, 'PendingManualApproval');
    // Act
    const findings = judge(control, { evidence: [model('fraud-scoring-v6'), approved, pending], coverage: bothRead(1, 2) });
    // Assess
    expect(findings).toHaveLength(1);
    expect(findings[0]).toMatchObject({ status: 'PASS', resource: { id: regionResourceId(SCOPE) }, evidence: [digestOf(approved)] });
    expect(findings[0]?.reason).toContain('1 approved');
  });

  it('#2 non-compliant: models but no model package is FAIL, citing the models', () => {
    // Prepare
    const models = [model('claims-triage-v3'), model('fraud-scoring-v7')];
    // Act
    const findings = judge(control, { evidence: models, coverage: bothRead(2, 0) });
    // Assess
    expect(findings).toHaveLength(1);
    expect(findings[0]?.status).toBe('FAIL');
    expect(findings[0]?.reason).toContain('no model package');
    expect(findings[0]?.evidence).toEqual(models.map(digestOf).sort());
  });

  it('#3 non-compliant: packages none of which is approved is FAIL', () => {
    // Act
    const findings = judge(control, { evidence: [pkg(1, 'PendingManualApproval'), pkg(2, 'Rejected')], coverage: bothRead(0, 2) });
    // Assess
    expect(findings[0]?.status).toBe('FAIL');
    expect(findings[0]?.reason).toContain('none approved');
  });

  it('#4 not applicable: a region read completely without models or packages is NOT_APPLICABLE', () => {
    // Act
    const findings = judge(control, { coverage: bothRead(0, 0) });
    // Assess
    expect(findings).toEqual([expect.objectContaining({ status: 'NOT_APPLICABLE', evidence: [] })]);
  });

  it.each([
    [
      'the model packages could not be listed',
      [complete(MODELS.collector, 1), failed(MODEL_PACKAGES.collector, accessDenied('ListModelPackageGroups'))],
    ],
    [
      'a model package could not be described',
      [complete(MODELS.collector, 1), partial(MODEL_PACKAGES.collector, [throttled('DescribeModelPackage', 'arn:x')], 0)],
    ],
    ['the models collector did not run', [complete(MODEL_PACKAGES.collector, 0)]],
  ])('#5 missing evidence: gives INSUFFICIENT_EVIDENCE, never FAIL or PASS, when %s', (_case, coverage) => {
    // Act
    const findings = judge(control, { evidence: [model('claims-triage-v3')], coverage });
    // Assess
    expect(findings).toEqual([expect.objectContaining({ status: 'INSUFFICIENT_EVIDENCE', evidence: [] })]);
  });

  it('#6 judges each scope on its own records', () => {
    // Prepare
    const here = pkg(6, 'Approved');
    const there = smEvidence(MODELS, describedModel('support-bot-reranker', {}, OTHER_SCOPE), OTHER_SCOPE);
    // Act
    const findings = judge(control, {
      scopes: [SCOPE, OTHER_SCOPE],
      evidence: [here, there],
      coverage: [...bothRead(0, 1), complete(MODELS.collector, 1, OTHER_SCOPE), complete(MODEL_PACKAGES.collector, 0, OTHER_SCOPE)],
    });
    // Assess
    expect(findings.map((f) => [f.accountId, f.status])).toEqual([
      [SCOPE.accountId, 'PASS'],
      [OTHER_SCOPE.accountId, 'FAIL'],
    ]);
  });
});
