import { describe, expect, it } from 'vitest';
import { control } from '../../lib/controls/bedrock_flow_encrypted_with_cmk.js';
import { describedFlow, FLOW_COLLECTOR, flowEvidence, flowSubject, judgeOne, keyArn } from '../fixtures/bedrock.js';
import { describeSharedCases } from '../fixtures/control-cases.js';
import { complete, digestOf, judge } from '../fixtures/evidence.js';

/** The GetFlow answer of a compliant answer, with the key field set (or, for `undefined`, left out as the API does). */
const judgeKey = (key: unknown) => {
  const evidence = flowEvidence(describedFlow('CLAIMFLOW1', { customerEncryptionKeyArn: key }));
  return { evidence, finding: judgeOne(control, FLOW_COLLECTOR, evidence) };
};

describe('bedrock_flow_encrypted_with_cmk', () => {
  it('#1 compliant: a customer managed key ARN is PASS, and the reason names the key', () => {
    // Act
    const { evidence, finding } = judgeKey(keyArn());
    // Assess
    expect(finding.status).toBe('PASS');
    expect(finding.reason).toContain(keyArn());
    expect(finding.evidence).toEqual([digestOf(evidence)]);
  });

  it.each([
    ['#2 non-compliant: no key in the answer (AWS owned key)', undefined],
    ['#3 non-compliant: an empty key', ''],
  ])('%s is FAIL and names the resource', (_case, key) => {
    // Act
    const { finding } = judgeKey(key);
    // Assess
    expect(finding.status).toBe('FAIL');
    expect(finding.reason).toContain('flow-CLAIMFLOW1');
    expect(finding.reason).toContain('AWS owned key');
  });

  it('#4 gives INSUFFICIENT_EVIDENCE, not PASS, for a key field that is not a string', () => {
    // Act
    const { finding } = judgeKey({ arn: keyArn() });
    // Assess
    expect(finding.status).toBe('INSUFFICIENT_EVIDENCE');
  });

  it('#5 is NOT_APPLICABLE in a region read completely that has none', () => {
    // Act
    const findings = judge(control, { coverage: [complete(FLOW_COLLECTOR, 0)] });
    // Assess
    expect(findings.map((f) => f.status)).toEqual(['NOT_APPLICABLE']);
  });

  describeSharedCases(flowSubject(control));
});
