import { describe, expect, it } from 'vitest';
import { control } from '../../lib/controls/iam_ai_full_access_policy_unattached.js';
import { accessDenied, complete, digestOf, findingFor, judge, partial, SCOPE } from '../fixtures/evidence.js';
import { FULL_ACCESS, fullAccessEvidence, IAM_SCOPE, stored } from '../fixtures/supporting.js';

const BEDROCK = 'arn:aws:iam::aws:policy/AmazonBedrockFullAccess';

describe('iam_ai_full_access_policy_unattached', () => {
  it('#1 compliant: a full-access policy nobody holds is PASS and cites its record', () => {
    const evidence = fullAccessEvidence('AmazonBedrockFullAccess');
    const findings = judge(control, { scopes: [IAM_SCOPE], evidence: [evidence], coverage: [complete(FULL_ACCESS, 1, IAM_SCOPE)] });
    expect(findingFor(findings, BEDROCK)).toMatchObject({ status: 'PASS', evidence: [digestOf(evidence)] });
  });

  it('#2 non-compliant: a policy held by roles, users and groups is FAIL naming each', () => {
    const evidence = fullAccessEvidence('AmazonBedrockFullAccess', {
      roles: ['genai-prototyping'],
      users: ['alice'],
      groups: ['data-science'],
    });
    const findings = judge(control, { scopes: [IAM_SCOPE], evidence: [evidence], coverage: [complete(FULL_ACCESS, 1, IAM_SCOPE)] });
    const finding = findingFor(findings, BEDROCK);
    expect(finding.status).toBe('FAIL');
    for (const name of ['role genai-prototyping', 'user alice', 'group data-science']) expect(finding.reason).toContain(name);
  });

  it('#3 gives INSUFFICIENT_EVIDENCE for a policy whose entities could not be listed, and judges the others', () => {
    const sagemaker = fullAccessEvidence('AmazonSageMakerFullAccess');
    const findings = judge(control, {
      scopes: [IAM_SCOPE],
      evidence: [sagemaker],
      coverage: [partial(FULL_ACCESS, [accessDenied('ListEntitiesForPolicy', BEDROCK)], 1, IAM_SCOPE)],
    });
    expect(findingFor(findings, BEDROCK).status).toBe('INSUFFICIENT_EVIDENCE');
    expect(findingFor(findings, sagemaker.record.resource.id).status).toBe('PASS');
  });

  it('#4 gives INSUFFICIENT_EVIDENCE for a record without the entity lists', () => {
    const evidence = stored(
      { collector: FULL_ACCESS, service: 'iam', operation: 'ListEntitiesForPolicy' },
      { type: 'AWS::IAM::ManagedPolicy', id: BEDROCK },
      { PolicyArn: BEDROCK },
      IAM_SCOPE,
    );
    const findings = judge(control, { scopes: [IAM_SCOPE], evidence: [evidence], coverage: [complete(FULL_ACCESS, 1, IAM_SCOPE)] });
    expect(findingFor(findings, BEDROCK).status).toBe('INSUFFICIENT_EVIDENCE');
  });

  it('#5 gives INSUFFICIENT_EVIDENCE for an account not assessed in us-east-1, and nothing for its other regions otherwise', () => {
    expect(judge(control, { scopes: [SCOPE], coverage: [complete(FULL_ACCESS, 0, SCOPE)] })).toEqual([
      expect.objectContaining({ status: 'INSUFFICIENT_EVIDENCE' }),
    ]);
    const evidence = fullAccessEvidence('AmazonBedrockFullAccess');
    const both = judge(control, {
      scopes: [IAM_SCOPE, SCOPE],
      evidence: [evidence],
      coverage: [complete(FULL_ACCESS, 1, IAM_SCOPE), complete(FULL_ACCESS, 0, SCOPE)],
    });
    expect(both.map((f) => `${f.region} ${f.status}`)).toEqual(['us-east-1 PASS']);
  });
});
