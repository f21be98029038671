import { describe, expect, it } from 'vitest';
import { control } from '../../lib/controls/iam_bedrock_api_key_not_long_term.js';
import { accessDenied, complete, digestOf, EVALUATED_AT, failed, judge, SCOPE } from '../fixtures/evidence.js';
import { IAM_SCOPE, stored } from '../fixtures/supporting.js';

const KEYS = 'iam.bedrock-api-keys';

function key(id: string, fields: Record<string, unknown>) {
  return stored(
    { collector: KEYS, service: 'iam', operation: 'ListServiceSpecificCredentials' },
    { type: 'AWS::IAM::ServiceSpecificCredential', id: `arn:aws:iam::${IAM_SCOPE.accountId}:user/claims-batch#${id}` },
    {
      UserName: 'claims-batch',
      ServiceSpecificCredentialId: id,
      ServiceName: 'bedrock.amazonaws.com',
      CreateDate: '2025-05-01T00:00:00.000Z',
      ...fields,
    },
    IAM_SCOPE,
  );
}

function judgeKey(fields: Record<string, unknown>) {
  const evidence = key('ACCA1', fields);
  const findings = judge(control, { scopes: [IAM_SCOPE], evidence: [evidence], coverage: [complete(KEYS, 1, IAM_SCOPE)] });
  expect(findings).toHaveLength(1);
  return { evidence, finding: findings[0] };
}

describe('iam_bedrock_api_key_not_long_term', () => {
  it('#1 compliant: an inactive key is PASS and cites its record', () => {
    const { evidence, finding } = judgeKey({ Status: 'Inactive' });
    expect(finding).toMatchObject({ status: 'PASS', evidence: [digestOf(evidence)] });
  });

  it('#2 compliant: a key that expired before the run started is PASS (judged at evaluatedAt, not the wall clock)', () => {
    expect(EVALUATED_AT > '2025-06-01T00:00:00.000Z').toBe(true);
    expect(judgeKey({ Status: 'Active', ExpirationDate: '2025-06-01T00:00:00.000Z' }).finding?.status).toBe('PASS');
  });

  it.each([
    ['#3 an active key that never expires', { Status: 'Active' }, 'never expires'],
    ['#4 an active key that expires after the run', { Status: 'Active', ExpirationDate: '2026-06-01T00:00:00.000Z' }, 'until 2026-06-01'],
  ])('non-compliant: %s is FAIL and names the user', (_case, fields, words) => {
    const { finding } = judgeKey(fields);
    expect(finding?.status).toBe('FAIL');
    expect(finding?.reason).toContain('claims-batch');
    expect(finding?.reason).toContain(words);
  });

  it.each([
    ['no Status', {}],
    ['an ExpirationDate that is not a date', { Status: 'Active', ExpirationDate: 'soon' }],
  ])('#5 gives INSUFFICIENT_EVIDENCE for a credential with %s', (_case, fields) => {
    expect(judgeKey(fields).finding?.status).toBe('INSUFFICIENT_EVIDENCE');
  });

  it('#6 not applicable: no long-term key in an account read completely', () => {
    expect(judge(control, { scopes: [IAM_SCOPE], coverage: [complete(KEYS, 0, IAM_SCOPE)] })).toEqual([
      expect.objectContaining({
        status: 'NOT_APPLICABLE',
        resource: { type: 'AWS::::Account', id: `arn:aws:iam::${IAM_SCOPE.accountId}:root` },
      }),
    ]);
  });

  it('#7 gives INSUFFICIENT_EVIDENCE when the keys could not be listed, or the account was not assessed in us-east-1', () => {
    expect(
      judge(control, { scopes: [IAM_SCOPE], coverage: [failed(KEYS, accessDenied('ListServiceSpecificCredentials'), 0, IAM_SCOPE)] }),
    ).toEqual([expect.objectContaining({ status: 'INSUFFICIENT_EVIDENCE' })]);
    expect(judge(control, { scopes: [SCOPE], coverage: [complete(KEYS, 0, SCOPE)] })).toEqual([
      expect.objectContaining({ status: 'INSUFFICIENT_EVIDENCE' }),
    ]);
  });
});
