import { describe, expect, it } from 'vitest';
import { control } from '../../lib/controls/config_ai_managed_rules_deployed.js';
import type { SealedEvidence } from '../../lib/evidence/record.js';
import { complete, digestOf, judge, SCOPE } from '../fixtures/evidence.js';
import { AI_RESOURCES, bucketItem, inventoryEvidence, RULES, ruleEvidence } from '../fixtures/governance.js';
import { describeScopeCases } from '../fixtures/governance-cases.js';

const model = inventoryEvidence({
  resourceId: 'fraud-xgb-v7',
  resourceName: 'fraud-xgb-v7',
  resourceType: 'AWS::SageMaker::Model',
  arn: `arn:aws:sagemaker:${SCOPE.region}:${SCOPE.accountId}:model/fraud-xgb-v7`,
});

function judgeWith(rules: SealedEvidence[], inventory: SealedEvidence[]) {
  const findings = judge(control, {
    evidence: [...rules, ...inventory],
    coverage: [complete(RULES, rules.length), complete(AI_RESOURCES, inventory.length)],
  });
  expect(findings).toHaveLength(1);
  return findings[0];
}

describe('config_ai_managed_rules_deployed', () => {
  it('#1 compliant: an AWS managed SageMaker rule is PASS, naming its identifier and citing the rule', () => {
    const rule = ruleEvidence('sm-no-internet', null);
    const finding = judgeWith(rule, [model]);
    expect(finding?.status).toBe('PASS');
    expect(finding?.reason).toContain('SAGEMAKER_NOTEBOOK_NO_DIRECT_INTERNET_ACCESS');
    expect(finding?.evidence).toEqual(rule.map(digestOf));
  });

  it('#2 non-compliant: recorded SageMaker resources without any AI rule is FAIL, citing them', () => {
    const finding = judgeWith([], [model]);
    expect(finding?.status).toBe('FAIL');
    expect(finding?.reason).toContain('AWS::SageMaker::Model fraud-xgb-v7');
    expect(finding?.evidence).toEqual([digestOf(model)]);
  });

  it('#3 not applicable: no AI resource recorded and no rule (training buckets do not count) is NOT_APPLICABLE', () => {
    expect(judgeWith([], [inventoryEvidence(bucketItem('acme-training'))])?.status).toBe('NOT_APPLICABLE');
  });

  describeScopeCases({
    control,
    collectors: [RULES, AI_RESOURCES],
    blockingOperation: { collector: RULES, operation: 'DescribeConfigRules' },
    unrelatedOperation: { collector: AI_RESOURCES, operation: 'SelectAggregateResourceConfig' },
    passing: (scope) => ruleEvidence('sm-no-internet', null, { scope }),
  });
});
