import { describe, expect, it } from 'vitest';
import { control } from '../../lib/controls/iam_policy_marketplace_subscription_scoped.js';
import { accessDenied, complete, digestOf, failed, findingFor, judge } from '../fixtures/evidence.js';
import {
  encoded,
  IAM_SCOPE,
  INLINE,
  inlinePolicyEvidence,
  MANAGED,
  managedPolicyArn,
  managedPolicyEvidence,
} from '../fixtures/supporting.js';

const ROOT = `arn:aws:iam::${IAM_SCOPE.accountId}:root`;
const bothRead = (managed: number, inline: number) => [complete(MANAGED, managed, IAM_SCOPE), complete(INLINE, inline, IAM_SCOPE)];
const PRODUCTS = { 'ForAnyValue:StringEquals': { 'aws-marketplace:ProductId': ['prod-6dw3qvchef7zy'] } };
const subscribe = (extra: Record<string, unknown> = {}) => ({
  Sid: 'Models',
  Effect: 'Allow',
  Action: ['aws-marketplace:Subscribe', 'aws-marketplace:ViewSubscriptions'],
  Resource: '*',
  ...extra,
});

describe('iam_policy_marketplace_subscription_scoped', () => {
  it.each<[string, Record<string, unknown>[], string, string]>([
    ['#1 Subscribe by name for listed products', [subscribe({ Condition: PRODUCTS })], 'PASS', 'only for the products'],
    [
      '#2 a policy that does not grant Subscribe',
      [{ Effect: 'Allow', Action: 'aws-marketplace:ViewSubscriptions', Resource: '*' }],
      'NOT_APPLICABLE',
      'does not allow',
    ],
    ['#3 Subscribe for every product', [subscribe()], 'FAIL', 'statement Models grants aws-marketplace:Subscribe for every product'],
    [
      '#4 aws-marketplace:*, even with a product condition',
      [subscribe({ Action: 'aws-marketplace:*', Condition: PRODUCTS })],
      'FAIL',
      'through a wildcard action',
    ],
    ['#5 a prefix wildcard', [subscribe({ Action: 'aws-marketplace:Sub*' })], 'FAIL', 'through a wildcard action'],
    ['#6 * on *', [{ Effect: 'Allow', Action: '*', Resource: '*' }], 'FAIL', 'statement 1 grants'],
    ['#7 NotAction that leaves Marketplace in', [{ Effect: 'Allow', NotAction: 'iam:*', Resource: '*' }], 'FAIL', 'wildcard'],
    [
      '#8 an IfExists product condition does not limit anything',
      [subscribe({ Condition: { StringEqualsIfExists: { 'aws-marketplace:ProductId': ['prod-6dw3qvchef7zy'] } } })],
      'FAIL',
      'for every product',
    ],
    [
      '#9 a Deny of aws-marketplace:* is not a grant',
      [{ Effect: 'Deny', Action: 'aws-marketplace:*', Resource: '*' }],
      'NOT_APPLICABLE',
      'does not allow',
    ],
  ])('%s is %s', (_case, statements, status, words) => {
    const evidence = managedPolicyEvidence('ModelGovernance', encoded(statements));
    const findings = judge(control, { scopes: [IAM_SCOPE], evidence: [evidence], coverage: bothRead(1, 0) });
    const finding = findingFor(findings, managedPolicyArn('ModelGovernance'));
    expect(finding.status).toBe(status);
    expect(finding.reason).toContain('ModelGovernance');
    expect(finding.reason).toContain(words);
    expect(finding.evidence).toEqual([digestOf(evidence)]);
  });

  it('#10 judges inline policies, naming the role', () => {
    const evidence = inlinePolicyEvidence('ml-platform', 'marketplace', encoded([subscribe()]));
    const findings = judge(control, { scopes: [IAM_SCOPE], evidence: [evidence], coverage: bothRead(0, 1) });
    expect(findings).toEqual([expect.objectContaining({ status: 'FAIL', resource: evidence.record.resource })]);
    expect(findings[0]?.reason).toContain('inline policy marketplace of role ml-platform');
  });

  it.each([['a document that cannot be parsed', managedPolicyEvidence('Broken', '%7B%22Statement%22%3A'), bothRead(1, 0)]])(
    '#11 gives INSUFFICIENT_EVIDENCE for %s',
    (_case, evidence, coverage) => {
      const findings = judge(control, { scopes: [IAM_SCOPE], evidence: [evidence], coverage });
      expect(findings).toEqual([expect.objectContaining({ status: 'INSUFFICIENT_EVIDENCE' })]);
    },
  );

  it('#12 gives INSUFFICIENT_EVIDENCE for the account when the inline policies could not be listed', () => {
    const findings = judge(control, {
      scopes: [IAM_SCOPE],
      coverage: [complete(MANAGED, 0, IAM_SCOPE), failed(INLINE, accessDenied('ListRoles'), 0, IAM_SCOPE)],
    });
    expect(findingFor(findings, ROOT).status).toBe('INSUFFICIENT_EVIDENCE');
  });
});
