import 'aws-sdk-client-mock-vitest/extend';
import { DescribeVpcEndpointsCommand, type DescribeVpcEndpointsCommandInput, EC2Client } from '@aws-sdk/client-ec2';
import { mockClient } from 'aws-sdk-client-mock';
import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import { ec2VpcEndpoints } from '../../lib/collectors/ec2-vpc-endpoints.js';
import { EvidenceRecordSchema } from '../../lib/evidence/record.js';
import { awsError } from '../fixtures/bedrock-collector-cases.js';
import { ENDPOINT_TYPE, endpointId, vpcEndpoint } from '../fixtures/bedrock-destinations.js';
import { mockedContext } from '../fixtures/collector-context.js';
import { COLLECTED_AT, SCOPE } from '../fixtures/evidence.js';

const ec2 = mockClient(EC2Client);

beforeEach(() => {
  ec2.reset();
});

afterAll(() => {
  ec2.restore();
});

const idsOf = (records: readonly { resource: { id: string } }[]) => records.map((r) => r.resource.id).sort();

describe('ec2.vpc-endpoints collector', () => {
  it('asks only for the four Bedrock and two AgentCore services of the region, follows NextToken over every page, one record per endpoint', async () => {
    // Prepare
    const inputs: DescribeVpcEndpointsCommandInput[] = [];
    ec2.on(DescribeVpcEndpointsCommand).callsFake((input: DescribeVpcEndpointsCommandInput) => {
      inputs.push({ ...input });
      return input.NextToken === undefined
        ? { VpcEndpoints: [vpcEndpoint('vpce-a', 'bedrock-runtime'), vpcEndpoint('vpce-b', 'bedrock')], NextToken: 'page-1' }
        : { VpcEndpoints: [vpcEndpoint('vpce-c', 'bedrock-agent-runtime')] };
    });
    // Act
    const result = await ec2VpcEndpoints.collect(mockedContext());
    // Assess
    expect(inputs.map((i) => i.NextToken)).toEqual([undefined, 'page-1']);
    expect(inputs[0]?.Filters).toEqual([
      {
        Name: 'service-name',
        Values: [
          'bedrock',
          'bedrock-runtime',
          'bedrock-agent',
          'bedrock-agent-runtime',
          'bedrock-agentcore',
          'bedrock-agentcore.gateway',
        ].map((s) => `com.amazonaws.${SCOPE.region}.${s}`),
      },
    ]);
    expect(idsOf(result.records)).toEqual(['vpce-a', 'vpce-b', 'vpce-c'].map((id) => endpointId(id)));
    expect(result.coverage).toEqual({ collector: 'ec2.vpc-endpoints', ...SCOPE, status: 'COMPLETE', records: 3, errors: [] });
    const record = result.records.find((r) => r.resource.id === endpointId('vpce-a'));
    expect(EvidenceRecordSchema.parse(record)).toEqual(record);
    expect(record).toMatchObject({
      source: { collector: 'ec2.vpc-endpoints', service: 'ec2', operation: 'DescribeVpcEndpoints' },
      resource: { type: ENDPOINT_TYPE },
      collectedAt: COLLECTED_AT,
      data: vpcEndpoint('vpce-a', 'bedrock-runtime'),
    });
  });

  it('turns UnauthorizedOperation into FAILED coverage of kind ACCESS_DENIED, without throwing', async () => {
    // Prepare
    ec2.on(DescribeVpcEndpointsCommand).rejects(awsError('UnauthorizedOperation', 'You are not authorized to perform this operation.'));
    // Act
    const result = await ec2VpcEndpoints.collect(mockedContext());
    // Assess
    expect(result.records).toEqual([]);
    expect(result.coverage).toMatchObject({
      status: 'FAILED',
      errors: [{ operation: 'DescribeVpcEndpoints', kind: 'ACCESS_DENIED', code: 'UnauthorizedOperation' }],
    });
  });

  it('keeps the first page when the second is throttled past the retries, and reports FAILED', async () => {
    // Prepare
    ec2
      .on(DescribeVpcEndpointsCommand)
      .resolvesOnce({ VpcEndpoints: [vpcEndpoint('vpce-a', 'bedrock-runtime')], NextToken: 'page-1' } as never)
      .rejectsOnce(awsError('RequestLimitExceeded', 'Request limit exceeded.', true));
    // Act
    const result = await ec2VpcEndpoints.collect(mockedContext());
    // Assess
    expect(idsOf(result.records)).toEqual([endpointId('vpce-a')]);
    expect(result.coverage).toMatchObject({ status: 'FAILED', records: 1, errors: [{ kind: 'THROTTLED', code: 'RequestLimitExceeded' }] });
  });

  it('turns an endpoint without a VpcEndpointId, or a repeated NextToken, into INVALID_RESPONSE', async () => {
    // Prepare
    const { VpcEndpointId: _missing, ...malformed } = vpcEndpoint('vpce-b', 'bedrock');
    ec2.on(DescribeVpcEndpointsCommand).resolves({ VpcEndpoints: [vpcEndpoint('vpce-a', 'bedrock-runtime'), malformed] } as never);
    // Act
    const withoutId = await ec2VpcEndpoints.collect(mockedContext());
    ec2.reset();
    ec2.on(DescribeVpcEndpointsCommand).resolves({ VpcEndpoints: [], NextToken: 'same' });
    const looping = await ec2VpcEndpoints.collect(mockedContext());
    // Assess
    expect(idsOf(withoutId.records)).toEqual([endpointId('vpce-a')]);
    expect(withoutId.coverage.errors).toEqual([expect.objectContaining({ kind: 'INVALID_RESPONSE' })]);
    expect(looping.coverage.errors).toEqual([expect.objectContaining({ kind: 'INVALID_RESPONSE' })]);
  });
});
