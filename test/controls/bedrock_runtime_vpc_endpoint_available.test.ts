import { describe, expect, it } from 'vitest';
import { control } from '../../lib/controls/bedrock_runtime_vpc_endpoint_available.js';
import { ENDPOINTS_COLLECTOR, endpointEvidence, vpcEndpoint } from '../fixtures/bedrock-destinations.js';
import { regionResourceId } from '../fixtures/control-cases.js';
import { accessDenied, complete, digestOf, failed, findingFor, judge, OTHER_SCOPE, SCOPE, throttled } from '../fixtures/evidence.js';

const judgeEndpoints = (...endpoints: ReturnType<typeof endpointEvidence>[]) => {
  const findings = judge(control, { evidence: endpoints, coverage: [complete(ENDPOINTS_COLLECTOR, endpoints.length)] });
  expect(findings).toHaveLength(1);
  return findings[0];
};

describe('bedrock_runtime_vpc_endpoint_available', () => {
  it('#1 compliant: an available interface endpoint for bedrock-runtime is PASS, citing it and not the others', () => {
    // Prepare
    const runtime = endpointEvidence(vpcEndpoint('vpce-0runtime', 'bedrock-runtime'));
    const agent = endpointEvidence(vpcEndpoint('vpce-0agent', 'bedrock-agent-runtime'));
    // Act
    const finding = judgeEndpoints(runtime, agent);
    // Assess
    expect(finding).toMatchObject({ status: 'PASS', resource: { type: 'AWS::::Account', id: regionResourceId(SCOPE) } });
    expect(finding?.reason).toContain('vpce-0runtime');
    expect(finding?.evidence).toEqual([digestOf(runtime)]);
  });

  it('#2 non-compliant: a region with no bedrock-runtime endpoint (only the control plane one) is FAIL', () => {
    // Act
    const finding = judgeEndpoints(endpointEvidence(vpcEndpoint('vpce-0control', 'bedrock')));
    // Assess
    expect(finding?.status).toBe('FAIL');
    expect(finding?.reason).toContain('NAT');
    expect(finding?.evidence).toEqual([]);
  });

  it.each([
    ['pending acceptance', { State: 'pendingAcceptance' }],
    ['rejected', { State: 'rejected' }],
    ['a Gateway-type endpoint', { VpcEndpointType: 'Gateway' }],
    ['the runtime endpoint of another region', { ServiceName: 'com.amazonaws.us-east-1.bedrock-runtime' }],
  ])('#3 non-compliant: a bedrock-runtime endpoint that is %s is FAIL', (_case, overrides) => {
    // Act
    const finding = judgeEndpoints(endpointEvidence(vpcEndpoint('vpce-0runtime', 'bedrock-runtime', overrides)));
    // Assess
    expect(finding?.status).toBe('FAIL');
  });

  it('#4 non-compliant: a region read completely without any Bedrock endpoint is FAIL', () => {
    // Act
    const finding = judgeEndpoints();
    // Assess
    expect(finding?.status).toBe('FAIL');
    expect(finding?.reason).toContain(`com.amazonaws.${SCOPE.region}.bedrock-runtime`);
  });

  it.each([
    ['the listing was denied', accessDenied('DescribeVpcEndpoints')],
    ['the listing was throttled past the retries', throttled('DescribeVpcEndpoints')],
  ])('#5 gives INSUFFICIENT_EVIDENCE, never FAIL on an absence it cannot prove, when %s', (_case, error) => {
    // Act
    const findings = judge(control, {
      evidence: [endpointEvidence(vpcEndpoint('vpce-0runtime', 'bedrock-runtime'))],
      coverage: [failed(ENDPOINTS_COLLECTOR, error, 1)],
    });
    // Assess
    expect(findings.map((f) => f.status)).toEqual(['INSUFFICIENT_EVIDENCE']);
    expect(findings[0]?.reason).toContain(error.code);
  });

  it('#6 gives INSUFFICIENT_EVIDENCE for a region where the collector never ran, and judges the others', () => {
    // Act
    const findings = judge(control, {
      scopes: [SCOPE, OTHER_SCOPE],
      evidence: [endpointEvidence(vpcEndpoint('vpce-0runtime', 'bedrock-runtime'))],
      coverage: [complete(ENDPOINTS_COLLECTOR, 1)],
    });
    // Assess
    expect(findingFor(findings, regionResourceId(SCOPE)).status).toBe('PASS');
    expect(findingFor(findings, regionResourceId(OTHER_SCOPE))).toMatchObject({ status: 'INSUFFICIENT_EVIDENCE' });
  });
});
