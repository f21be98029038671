import { describe, expect, it } from 'vitest';
import { control } from '../../lib/controls/agentcore_gateway_inbound_authorization_enabled.js';
import { describeSharedCases } from '../fixtures/control-cases.js';
import { complete, findingFor, judge } from '../fixtures/evidence.js';
import { AGENTCORE, agentCoreAnswer, agentCoreEvidence, agentCoreSubject } from '../fixtures/supporting.js';

const DISCOVERY = 'https://login.example.com/.well-known/openid-configuration';

function judgeOne(overrides: Record<string, unknown>) {
  const evidence = agentCoreEvidence('gateway', agentCoreAnswer('gateway', 'claims-tools', overrides));
  const findings = judge(control, { evidence: [evidence], coverage: [complete(AGENTCORE.gateway.collector, 1)] });
  return findingFor(findings, evidence.record.resource.id);
}

describe('agentcore_gateway_inbound_authorization_enabled', () => {
  it.each<[string, Record<string, unknown>]>([
    ['#1 AWS_IAM', { authorizerType: 'AWS_IAM', authorizerConfiguration: undefined }],
    ['#2 CUSTOM_JWT restricted to clients', {}],
    [
      '#3 CUSTOM_JWT restricted by audience',
      { authorizerConfiguration: { customJWTAuthorizer: { discoveryUrl: DISCOVERY, allowedAudience: ['claims'] } } },
    ],
    [
      '#4 AUTHENTICATE_ONLY with a policy engine',
      {
        authorizerType: 'AUTHENTICATE_ONLY',
        authorizerConfiguration: undefined,
        policyEngineConfiguration: { arn: 'arn:aws:bedrock-agentcore:eu-west-1:111122223333:policy-engine/pe-1', mode: 'ENFORCE' },
      },
    ],
    [
      '#4b AUTHENTICATE_ONLY with a request interceptor',
      {
        authorizerType: 'AUTHENTICATE_ONLY',
        authorizerConfiguration: undefined,
        interceptorConfigurations: [
          { interceptor: { lambda: { arn: 'arn:aws:lambda:eu-west-1:111122223333:function:authz' } }, interceptionPoints: ['REQUEST'] },
        ],
      },
    ],
  ])('compliant %s is PASS', (_case, overrides) => {
    const finding = judgeOne(overrides);
    expect(finding.status).toBe('PASS');
    expect(finding.reason).toContain('claims-tools');
  });

  it.each<[string, Record<string, unknown>, string]>([
    ['#5 NONE', { authorizerType: 'NONE', authorizerConfiguration: undefined }, 'NONE'],
    [
      '#6 AUTHENTICATE_ONLY with nothing to authorize',
      { authorizerType: 'AUTHENTICATE_ONLY', authorizerConfiguration: undefined },
      'AUTHENTICATE_ONLY',
    ],
    [
      '#6b AUTHENTICATE_ONLY with a policy engine that only logs',
      {
        authorizerType: 'AUTHENTICATE_ONLY',
        authorizerConfiguration: undefined,
        policyEngineConfiguration: { arn: 'arn:aws:bedrock-agentcore:eu-west-1:111122223333:policy-engine/pe-1', mode: 'LOG_ONLY' },
      },
      'no enforcing policy engine',
    ],
    [
      '#6c AUTHENTICATE_ONLY with a response-only interceptor',
      {
        authorizerType: 'AUTHENTICATE_ONLY',
        authorizerConfiguration: undefined,
        interceptorConfigurations: [{ interceptor: {}, interceptionPoints: ['RESPONSE'] }],
      },
      'request interceptor',
    ],
    [
      '#7 CUSTOM_JWT that checks nothing',
      { authorizerConfiguration: { customJWTAuthorizer: { discoveryUrl: DISCOVERY, allowedClients: [] } } },
      'any token',
    ],
  ])('non-compliant %s is FAIL', (_case, overrides, words) => {
    const finding = judgeOne(overrides);
    expect(finding.status).toBe('FAIL');
    expect(finding.reason).toContain(words);
  });

  it.each<[string, Record<string, unknown>]>([
    ['#8 no authorizerType', { authorizerType: undefined }],
    ['#9 CUSTOM_JWT without its configuration', { authorizerConfiguration: undefined }],
    ['#10 an authorizer type it does not know', { authorizerType: 'MUTUAL_TLS' }],
  ])('%s gives INSUFFICIENT_EVIDENCE', (_case, overrides) => {
    expect(judgeOne(overrides).status).toBe('INSUFFICIENT_EVIDENCE');
  });

  describeSharedCases(agentCoreSubject(control, 'gateway'));
});
