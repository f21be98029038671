import { describe, expect, it } from 'vitest';
import { AGENTCORE_DELIVERIES } from '../../lib/collectors/logs-agentcore-deliveries.js';
import { control as policyEngineEnforced } from '../../lib/controls/agentcore_gateway_policy_engine_enforced.js';
import { control as wafProtected } from '../../lib/controls/agentcore_gateway_waf_protected.js';
import { control as policyEngineCmk } from '../../lib/controls/agentcore_policy_engine_encrypted_with_cmk.js';
import { control as inboundIdentity } from '../../lib/controls/agentcore_runtime_inbound_identity_restricted.js';
import { control as logDelivery } from '../../lib/controls/agentcore_runtime_log_delivery_enabled.js';
import { control as tracing } from '../../lib/controls/agentcore_runtime_tracing_enabled.js';
import { control as vpcEndpoint } from '../../lib/controls/agentcore_vpc_endpoint_available.js';
import type { Control } from '../../lib/controls/types.js';
import type { CoverageEntry } from '../../lib/evidence/coverage.js';
import type { SealedEvidence } from '../../lib/evidence/record.js';
import {
  deliveryChain,
  GATEWAY_WEB_ACL_TYPE,
  GATEWAY_WEB_ACLS,
  gatewayWebAclEvidence,
  POLICY_ENGINE_TYPE,
  POLICY_ENGINES,
  policyEngineArn,
  policyEngineEvidence,
  wafRule,
} from '../fixtures/agentcore-guards.js';
import { describeSharedCases, regionResourceId } from '../fixtures/control-cases.js';
import { accessDenied, complete, digestOf, failed, findingFor, judge, partial, SCOPE } from '../fixtures/evidence.js';
import { AGENTCORE, agentCoreAnswer, agentCoreEvidence, agentCoreSubject, stored } from '../fixtures/supporting.js';

const GATEWAYS = AGENTCORE.gateway.collector;
const RUNTIMES = AGENTCORE.runtime.collector;
const ENGINE = policyEngineArn('claims-authz');

const gatewayWith = (policyEngineConfiguration: unknown) =>
  agentCoreEvidence('gateway', agentCoreAnswer('gateway', 'claims-tools', { policyEngineConfiguration }));
const runtime = (overrides: Record<string, unknown> = {}) =>
  agentCoreEvidence('runtime', agentCoreAnswer('runtime', 'claims-agent', overrides));

/** Judges one resource and returns its finding. */
function judgeResource(control: Control, subject: SealedEvidence, related: SealedEvidence[], coverage: CoverageEntry[]) {
  const findings = judge(control, { evidence: [subject, ...related], coverage });
  return findingFor(findings, subject.record.resource.id);
}

describe('agentcore_gateway_policy_engine_enforced', () => {
  const enforced = { arn: ENGINE, mode: 'ENFORCE' };
  const engines = (...records: SealedEvidence[]) => [complete(POLICY_ENGINES, records.length)];

  it.each<[string, unknown, SealedEvidence[], CoverageEntry[] | undefined, string, string]>([
    ['#1 ENFORCE with an ACTIVE engine', enforced, [policyEngineEvidence('claims-authz')], undefined, 'PASS', 'ACTIVE'],
    ['#2 no policy engine', undefined, [], undefined, 'FAIL', 'no Policy engine'],
    ['#3 LOG_ONLY', { arn: ENGINE, mode: 'LOG_ONLY' }, [policyEngineEvidence('claims-authz')], undefined, 'FAIL', 'LOG_ONLY'],
    ['#4 ENFORCE with an engine that does not exist', enforced, [], undefined, 'FAIL', 'does not exist'],
    [
      '#5 ENFORCE with an engine being deleted',
      enforced,
      [policyEngineEvidence('claims-authz', { status: 'DELETING' })],
      undefined,
      'FAIL',
      'DELETING',
    ],
    [
      '#6 ENFORCE, engines not listed',
      enforced,
      [],
      [failed(POLICY_ENGINES, accessDenied('ListPolicyEngines'))],
      'INSUFFICIENT_EVIDENCE',
      'ListPolicyEngines failed with AccessDeniedException',
    ],
    ['#7 ENFORCE, the engines collector did not run', enforced, [], [], 'INSUFFICIENT_EVIDENCE', 'did not run'],
    ['#8 a configuration without its mode', { arn: ENGINE }, [], undefined, 'INSUFFICIENT_EVIDENCE', 'arn or mode'],
    ['#9 a mode it does not know', { arn: ENGINE, mode: 'SHADOW' }, [], undefined, 'INSUFFICIENT_EVIDENCE', 'SHADOW'],
    [
      '#10 an engine without a status',
      enforced,
      [policyEngineEvidence('claims-authz', { status: undefined })],
      undefined,
      'INSUFFICIENT_EVIDENCE',
      'no status',
    ],
  ])('%s is %s', (_case, configuration, related, engineCoverage, status, words) => {
    const gateway = gatewayWith(configuration);
    const finding = judgeResource(policyEngineEnforced, gateway, related, [
      complete(GATEWAYS, 1),
      ...(engineCoverage ?? engines(...related)),
    ]);
    expect(finding.status).toBe(status);
    expect(finding.reason).toContain(words);
  });

  it('cites the gateway and the engine it rests on, and no other engine', () => {
    const gateway = gatewayWith(enforced);
    const engine = policyEngineEvidence('claims-authz');
    const other = policyEngineEvidence('other-authz');
    const finding = judgeResource(policyEngineEnforced, gateway, [engine, other], [complete(GATEWAYS, 1), complete(POLICY_ENGINES, 2)]);
    expect(finding.evidence).toEqual([digestOf(gateway), digestOf(engine)]);
  });
});

describe('agentcore_policy_engine_encrypted_with_cmk', () => {
  it.each<[string, Record<string, unknown>, string]>([
    ['#1 a customer managed key', {}, 'PASS'],
    ['#2 an AWS owned key (no encryptionKeyArn)', { encryptionKeyArn: undefined }, 'FAIL'],
  ])('%s is %s', (_case, overrides, status) => {
    const engine = policyEngineEvidence('claims-authz', overrides);
    const finding = judgeResource(policyEngineCmk, engine, [], [complete(POLICY_ENGINES, 1)]);
    expect(finding.status).toBe(status);
    expect(finding.reason).toContain('claims-authz');
  });

  describeSharedCases({
    control: policyEngineCmk,
    collector: POLICY_ENGINES,
    resourceType: POLICY_ENGINE_TYPE,
    listOperation: 'ListPolicyEngines',
    describeOperation: 'GetPolicyEngine',
    compliant: (scope, n) => policyEngineEvidence(`engine-${n}`, {}, scope),
    scopeResourceId: regionResourceId,
  });
});

describe('agentcore_runtime_inbound_identity_restricted', () => {
  const jwt = (restrictions: Record<string, unknown>) => ({
    authorizerConfiguration: {
      customJWTAuthorizer: { discoveryUrl: 'https://login.example.com/.well-known/openid-configuration', ...restrictions },
    },
  });
  it.each<[string, Record<string, unknown>, string]>([
    ['#1 IAM callers only (no authorizer)', {}, 'PASS'],
    ['#2 a JWT authorizer restricted to clients', jwt({ allowedClients: ['claims-portal'] }), 'PASS'],
    ['#3 a JWT authorizer restricted by audience', jwt({ allowedAudience: ['claims-agent'] }), 'PASS'],
    ['#4 a JWT authorizer that checks nothing', jwt({ allowedClients: [] }), 'FAIL'],
    ['#5 an authorizer without a discovery URL', { authorizerConfiguration: { customJWTAuthorizer: {} } }, 'INSUFFICIENT_EVIDENCE'],
  ])('%s is %s', (_case, overrides, status) => {
    const subject = runtime(overrides);
    expect(judgeResource(inboundIdentity, subject, [], [complete(RUNTIMES, 1)]).status).toBe(status);
  });

  describeSharedCases(agentCoreSubject(inboundIdentity, 'runtime'));
});

const ARN = AGENTCORE.runtime.arn('claims-agent');

describe.each([
  { control: logDelivery, logType: 'APPLICATION_LOGS' as const },
  { control: tracing, logType: 'TRACES' as const },
])('$control.id', ({ control, logType }) => {
  const working = logType === 'TRACES' ? 'XRAY' : 'CWL';
  it.each<[string, SealedEvidence[], string, string]>([
    ['#1 a delivery to a destination that exists', deliveryChain(ARN, { logType, type: working }), 'PASS', 'delivers'],
    ['#2 no delivery source', [], 'FAIL', `no ${logType} delivery source`],
    ['#3 a source nothing is delivered from', deliveryChain(ARN, { logType, type: working, noDelivery: true }), 'FAIL', 'has no delivery'],
    [
      '#4 a delivery whose destination is gone',
      deliveryChain(ARN, { logType, type: working, noDestination: true }),
      'FAIL',
      'does not exist',
    ],
    [
      '#5 a source of the other log type only',
      deliveryChain(ARN, { logType: logType === 'TRACES' ? 'APPLICATION_LOGS' : 'TRACES', type: logType === 'TRACES' ? 'CWL' : 'XRAY' }),
      'FAIL',
      'delivery source',
    ],
    [
      '#6 a source of another runtime',
      deliveryChain(AGENTCORE.runtime.arn('other-agent'), { logType, type: working }),
      'FAIL',
      'delivery source',
    ],
  ])('%s is %s', (_case, deliveries, status, words) => {
    const subject = runtime();
    const finding = judgeResource(control, subject, deliveries, [complete(RUNTIMES, 1), complete(AGENTCORE_DELIVERIES, deliveries.length)]);
    expect(finding.status).toBe(status);
    expect(finding.reason).toContain(words);
  });

  it('gives INSUFFICIENT_EVIDENCE, not FAIL, when the deliveries could not all be read', () => {
    const coverage = [complete(RUNTIMES, 1), failed(AGENTCORE_DELIVERIES, accessDenied('DescribeDeliverySources'))];
    const finding = judgeResource(control, runtime(), [], coverage);
    expect(finding.status).toBe('INSUFFICIENT_EVIDENCE');
    expect(finding.reason).toContain('DescribeDeliverySources failed with AccessDeniedException');
  });
});

describe('agentcore_runtime_log_delivery_enabled, by destination', () => {
  it.each<[string, Parameters<typeof deliveryChain>[1], string, string]>([
    ['#1 an S3 bucket', { logType: 'APPLICATION_LOGS', type: 'S3' }, 'PASS', 'acme-agent-logs'],
    ['#2 a Firehose stream', { logType: 'APPLICATION_LOGS', type: 'FH' }, 'PASS', 'Firehose'],
    ['#3 a log group that was deleted', { logType: 'APPLICATION_LOGS', type: 'CWL', groupExists: false }, 'FAIL', 'which does not exist'],
  ])('%s is %s', (_case, chain, status, words) => {
    const deliveries = deliveryChain(ARN, chain);
    const subject = runtime();
    const finding = judgeResource(logDelivery, subject, deliveries, [
      complete(RUNTIMES, 1),
      complete(AGENTCORE_DELIVERIES, deliveries.length),
    ]);
    expect(finding.status).toBe(status);
    expect(finding.reason).toContain(words);
  });

  it('gives INSUFFICIENT_EVIDENCE when the log group lookup failed', () => {
    const deliveries = deliveryChain(ARN, { logType: 'APPLICATION_LOGS', type: 'CWL' }).slice(0, 3);
    const coverage = [complete(RUNTIMES, 1), partial(AGENTCORE_DELIVERIES, [accessDenied('DescribeLogGroups', 'arn:aws:logs:x')], 3)];
    expect(judgeResource(logDelivery, runtime(), deliveries, coverage).status).toBe('INSUFFICIENT_EVIDENCE');
  });

  it('cites the runtime and the delivery records it rests on', () => {
    const deliveries = deliveryChain(ARN, { logType: 'APPLICATION_LOGS', type: 'CWL' });
    const subject = runtime();
    const finding = judgeResource(logDelivery, subject, deliveries, [complete(RUNTIMES, 1), complete(AGENTCORE_DELIVERIES, 4)]);
    expect(finding.evidence[0]).toBe(digestOf(subject));
    expect([...finding.evidence.slice(1)]).toEqual(deliveries.map(digestOf).sort());
  });
});

/** The fail-closed cases of the controls that join a resource with another collector's records. */
describe.each([
  {
    control: policyEngineEnforced,
    primary: GATEWAYS,
    related: POLICY_ENGINES,
    subject: () => gatewayWith({ arn: ENGINE, mode: 'ENFORCE' }),
  },
  { control: logDelivery, primary: RUNTIMES, related: AGENTCORE_DELIVERIES, subject: () => runtime() },
  { control: tracing, primary: RUNTIMES, related: AGENTCORE_DELIVERIES, subject: () => runtime() },
])('$control.id with missing evidence', ({ control, primary, related, subject }) => {
  it('gives INSUFFICIENT_EVIDENCE for the scope when its own collector never ran', () => {
    const findings = judge(control, { coverage: [complete(related, 0)] });
    expect(findings.map((f) => [f.status, f.resource.id])).toEqual([['INSUFFICIENT_EVIDENCE', regionResourceId(SCOPE)]]);
  });

  it('gives INSUFFICIENT_EVIDENCE for a resource that could not be read', () => {
    const id = subject().record.resource.id;
    const findings = judge(control, { coverage: [partial(primary, [accessDenied('Get', id)], 0), complete(related, 0)] });
    expect(findingFor(findings, id).status).toBe('INSUFFICIENT_EVIDENCE');
  });

  it('gives INSUFFICIENT_EVIDENCE, never PASS, for a resource whose related records were not read', () => {
    const finding = judgeResource(control, subject(), [], [complete(primary, 1)]);
    expect(finding.status).toBe('INSUFFICIENT_EVIDENCE');
    expect(finding.reason).toContain(`the ${related} collector did not run`);
  });

  it('gives NOT_APPLICABLE for a scope read completely with no such resource', () => {
    expect(judge(control, { coverage: [complete(primary, 0), complete(related, 0)] }).map((f) => f.status)).toEqual(['NOT_APPLICABLE']);
  });
});

describe('agentcore_vpc_endpoint_available', () => {
  const endpoint = (service: string, overrides: Record<string, unknown> = {}) =>
    stored(
      { collector: 'ec2.vpc-endpoints', service: 'ec2', operation: 'DescribeVpcEndpoints' },
      { type: 'AWS::EC2::VPCEndpoint', id: `arn:aws:ec2:${SCOPE.region}:${SCOPE.accountId}:vpc-endpoint/vpce-${service.length}` },
      {
        VpcEndpointId: `vpce-${service.length}`,
        VpcId: 'vpc-0claims',
        ServiceName: `com.amazonaws.${SCOPE.region}.${service}`,
        VpcEndpointType: 'Interface',
        State: 'available',
        ...overrides,
      },
    );
  const gateway = agentCoreEvidence('gateway', agentCoreAnswer('gateway', 'claims-tools'));
  const agent = runtime();
  const run = (evidence: SealedEvidence[], coverage?: CoverageEntry[]) => {
    const count = (c: string) => evidence.filter((e) => e.record.source.collector === c).length;
    const findings = judge(vpcEndpoint, {
      evidence,
      coverage: coverage ?? ['ec2.vpc-endpoints', RUNTIMES, GATEWAYS].map((c) => complete(c, count(c))),
    });
    expect(findings).toHaveLength(1);
    return findings[0];
  };

  it.each<[string, SealedEvidence[], string, string]>([
    [
      '#1 runtimes and gateways with both endpoints',
      [agent, gateway, endpoint('bedrock-agentcore'), endpoint('bedrock-agentcore.gateway')],
      'PASS',
      'bedrock-agentcore.gateway',
    ],
    ['#2 runtimes only, with the data plane endpoint', [agent, endpoint('bedrock-agentcore')], 'PASS', 'bedrock-agentcore'],
    ['#3 runtimes without an endpoint', [agent], 'FAIL', 'bedrock-agentcore'],
    ['#4 gateways without the gateway endpoint', [gateway, endpoint('bedrock-agentcore')], 'FAIL', 'bedrock-agentcore.gateway'],
    ['#5 an endpoint that is not available', [agent, endpoint('bedrock-agentcore', { State: 'pending' })], 'FAIL', 'no available'],
    ['#6 no AgentCore resource', [endpoint('bedrock-runtime')], 'NOT_APPLICABLE', 'No Bedrock AgentCore'],
  ])('%s is %s', (_case, evidence, status, words) => {
    const finding = run(evidence);
    expect(finding?.status).toBe(status);
    expect(finding?.reason).toContain(words);
  });

  it('gives INSUFFICIENT_EVIDENCE, not FAIL, when the endpoints could not be listed', () => {
    const coverage = [failed('ec2.vpc-endpoints', accessDenied('DescribeVpcEndpoints')), complete(RUNTIMES, 1), complete(GATEWAYS, 0)];
    expect(run([agent], coverage)?.status).toBe('INSUFFICIENT_EVIDENCE');
  });

  it('gives INSUFFICIENT_EVIDENCE, not NOT_APPLICABLE, when the runtimes were not read', () => {
    const coverage = [complete('ec2.vpc-endpoints', 0), complete(GATEWAYS, 0)];
    expect(run([], coverage)?.status).toBe('INSUFFICIENT_EVIDENCE');
  });
});

describe('agentcore_gateway_waf_protected', () => {
  it.each<[string, Record<string, unknown> | undefined, string, string]>([
    ['#1 a web ACL with a blocking rule', {}, 'PASS', 'rate-limit'],
    ['#2 a managed rule group with its own actions', { Rules: [wafRule('common', { OverrideAction: { None: {} } })] }, 'PASS', 'common'],
    [
      '#3 a default action of Block',
      { DefaultAction: { Block: {} }, Rules: [wafRule('office', { Action: { Allow: {} } })] },
      'PASS',
      'blocks every request',
    ],
    ['#4 no web ACL', undefined, 'FAIL', 'no AWS WAF web ACL'],
    ['#5 a web ACL with no rules', { Rules: [] }, 'FAIL', 'has no rules'],
    [
      '#6 rules that only count',
      { Rules: [wafRule('rate-limit', { Action: { Count: {} } }), wafRule('common', { OverrideAction: { Count: {} } })] },
      'FAIL',
      'only count',
    ],
    ['#7 a web ACL without a default action', { DefaultAction: undefined }, 'INSUFFICIENT_EVIDENCE', 'without a DefaultAction'],
  ])('%s is %s', (_case, webAcl, status, words) => {
    const evidence = gatewayWebAclEvidence('claims-tools', webAcl);
    const finding = judgeResource(wafProtected, evidence, [], [complete(GATEWAY_WEB_ACLS, 1)]);
    expect(finding.status).toBe(status);
    expect(finding.reason).toContain(words);
  });

  describeSharedCases({
    control: wafProtected,
    collector: GATEWAY_WEB_ACLS,
    resourceType: GATEWAY_WEB_ACL_TYPE,
    listOperation: 'ListGateways',
    describeOperation: 'GetWebACLForResource',
    compliant: (scope, n) => gatewayWebAclEvidence(`gateway-${n}`, {}, scope),
    scopeResourceId: regionResourceId,
  });
});
