/**
 * The collectors behind the AgentCore guards that read other services than AgentCore itself:
 * CloudWatch Logs deliveries (logs.agentcore-deliveries) and AWS WAF web ACLs
 * (wafv2.agentcore-gateway-web-acls), with aws-sdk-client-mock on the SDK clients.
 */
import 'aws-sdk-client-mock-vitest/extend';
import { BedrockAgentCoreControlClient, ListGatewaysCommand } from '@aws-sdk/client-bedrock-agentcore-control';
import {
  CloudWatchLogsClient,
  CloudWatchLogsServiceException,
  DescribeDeliveriesCommand,
  DescribeDeliveryDestinationsCommand,
  DescribeDeliverySourcesCommand,
  DescribeLogGroupsCommand,
} from '@aws-sdk/client-cloudwatch-logs';
import { GetWebACLForResourceCommand, WAFV2Client, WAFV2ServiceException } from '@aws-sdk/client-wafv2';
import { mockClient } from 'aws-sdk-client-mock';
import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import { logGroupNameOf, logsAgentCoreDeliveries } from '../../lib/collectors/logs-agentcore-deliveries.js';
import { wafv2AgentCoreGatewayWebAcls } from '../../lib/collectors/wafv2-agentcore-gateway-web-acls.js';
import { EvidenceRecordSchema } from '../../lib/evidence/record.js';
import { mockedContext } from '../fixtures/collector-context.js';
import { SCOPE } from '../fixtures/evidence.js';
import { AGENTCORE } from '../fixtures/supporting.js';

const logs = mockClient(CloudWatchLogsClient);
const waf = mockClient(WAFV2Client);
const agentcore = mockClient(BedrockAgentCoreControlClient);
beforeEach(() => {
  logs.reset();
  waf.reset();
  agentcore.reset();
});
afterAll(() => {
  logs.restore();
  waf.restore();
  agentcore.restore();
});

const base = `arn:aws:logs:${SCOPE.region}:${SCOPE.accountId}`;
const RUNTIME = AGENTCORE.runtime.arn('claims-agent');
const GROUP = '/aws/vendedlogs/bedrock-agentcore/claims-agent';

function serveDeliveries(groupExists: boolean) {
  logs.on(DescribeDeliverySourcesCommand).resolves({
    deliverySources: [
      {
        name: 'claims-logs',
        arn: `${base}:delivery-source:claims-logs`,
        resourceArns: [RUNTIME],
        service: 'bedrock-agentcore',
        logType: 'APPLICATION_LOGS',
      },
      {
        name: 'kb-logs',
        arn: `${base}:delivery-source:kb-logs`,
        resourceArns: ['arn:aws:bedrock:eu-west-1:111122223333:knowledge-base/KB1'],
        service: 'bedrock',
        logType: 'APPLICATION_LOGS',
      },
    ],
  });
  logs.on(DescribeDeliveriesCommand).resolves({
    deliveries: [
      {
        id: 'd1',
        arn: `${base}:delivery:d1`,
        deliverySourceName: 'claims-logs',
        deliveryDestinationArn: `${base}:delivery-destination:claims`,
        deliveryDestinationType: 'CWL',
      },
      {
        id: 'd2',
        arn: `${base}:delivery:d2`,
        deliverySourceName: 'kb-logs',
        deliveryDestinationArn: `${base}:delivery-destination:kb`,
        deliveryDestinationType: 'S3',
      },
    ],
  });
  logs.on(DescribeDeliveryDestinationsCommand).resolves({
    deliveryDestinations: [
      {
        name: 'claims',
        arn: `${base}:delivery-destination:claims`,
        deliveryDestinationType: 'CWL',
        deliveryDestinationConfiguration: { destinationResourceArn: `${base}:log-group:${GROUP}:*` },
      },
      {
        name: 'kb',
        arn: `${base}:delivery-destination:kb`,
        deliveryDestinationType: 'S3',
        deliveryDestinationConfiguration: { destinationResourceArn: 'arn:aws:s3:::kb-logs' },
      },
    ],
  });
  logs.on(DescribeLogGroupsCommand).resolves({
    logGroups: [
      { logGroupName: `${GROUP}-old`, arn: `${base}:log-group:${GROUP}-old:*` },
      ...(groupExists ? [{ logGroupName: GROUP, arn: `${base}:log-group:${GROUP}:*` }] : []),
    ],
  });
}

const types = (records: readonly { resource: { type: string; id: string } }[]) =>
  records.map((r) => `${r.resource.type} ${r.resource.id}`).sort();

describe('the logs.agentcore-deliveries collector', () => {
  it("keeps only AgentCore sources, their deliveries and destinations, and looks each CloudWatch Logs destination's group up by exact name", async () => {
    serveDeliveries(true);
    const result = await logsAgentCoreDeliveries.collect(mockedContext());
    expect(result.coverage).toMatchObject({ status: 'COMPLETE', errors: [] });
    expect(types(result.records)).toEqual(
      [
        `AWS::Logs::Delivery ${base}:delivery:d1`,
        `AWS::Logs::DeliveryDestination ${base}:delivery-destination:claims`,
        `AWS::Logs::DeliverySource ${base}:delivery-source:claims-logs`,
        `AWS::Logs::LogGroup ${base}:log-group:${GROUP}`,
      ].sort(),
    );
    expect(logs).toReceiveCommandWith(DescribeLogGroupsCommand, { logGroupNamePrefix: GROUP });
    const lookup = result.records.find((r) => r.resource.type === 'AWS::Logs::LogGroup');
    expect(EvidenceRecordSchema.parse(lookup)).toEqual(lookup);
    expect(lookup?.data).toEqual({ logGroupNamePrefix: GROUP, logGroups: [{ logGroupName: GROUP, arn: `${base}:log-group:${GROUP}:*` }] });
  });

  it('keeps the lookup of a log group that does not exist as evidence with no entry, not as a gap', async () => {
    serveDeliveries(false);
    const result = await logsAgentCoreDeliveries.collect(mockedContext());
    expect(result.coverage).toMatchObject({ status: 'COMPLETE', errors: [] });
    expect(result.records.find((r) => r.resource.type === 'AWS::Logs::LogGroup')?.data).toEqual({
      logGroupNamePrefix: GROUP,
      logGroups: [],
    });
  });

  it('reads nothing more when no source is of AgentCore', async () => {
    logs.on(DescribeDeliverySourcesCommand).resolves({ deliverySources: [] });
    const result = await logsAgentCoreDeliveries.collect(mockedContext());
    expect(result).toMatchObject({ records: [], coverage: { status: 'COMPLETE' } });
    expect(logs).not.toReceiveCommand(DescribeDeliveriesCommand);
  });

  it('turns a refused listing into FAILED coverage, and a refused lookup into an error naming the group', async () => {
    const denied = new CloudWatchLogsServiceException({
      name: 'AccessDeniedException',
      $fault: 'client',
      $metadata: { httpStatusCode: 400 },
      message: 'no',
    });
    logs.on(DescribeDeliverySourcesCommand).rejects(denied);
    expect((await logsAgentCoreDeliveries.collect(mockedContext())).coverage).toMatchObject({
      status: 'FAILED',
      errors: [{ operation: 'DescribeDeliverySources', kind: 'ACCESS_DENIED' }],
    });
    logs.reset();
    serveDeliveries(true);
    logs.on(DescribeLogGroupsCommand).rejects(denied);
    expect((await logsAgentCoreDeliveries.collect(mockedContext())).coverage).toMatchObject({
      status: 'PARTIAL',
      errors: [{ operation: 'DescribeLogGroups', resourceId: `${base}:log-group:${GROUP}` }],
    });
  });

  it.each([
    [`${base}:log-group:/a/b`, '/a/b'],
    [`${base}:log-group:/a/b:*`, '/a/b'],
    ['arn:aws:s3:::bucket', undefined],
  ])('reads the log group name of %s', (arn, name) => {
    expect(logGroupNameOf(arn)).toBe(name);
  });
});

describe('the wafv2.agentcore-gateway-web-acls collector', () => {
  const gateway = (name: string) => ({ gatewayId: AGENTCORE.gateway.arn(name).split('/').pop(), name, status: 'READY' });

  it('asks WAF for the web ACL of every gateway by its ARN, and keeps "none" as evidence', async () => {
    agentcore.on(ListGatewaysCommand).resolves({ items: [gateway('a'), gateway('b')] as never });
    waf.on(GetWebACLForResourceCommand, { ResourceArn: AGENTCORE.gateway.arn('a') }).resolves({ WebACL: { Name: 'a-acl' } as never });
    waf.on(GetWebACLForResourceCommand, { ResourceArn: AGENTCORE.gateway.arn('b') }).resolves({});
    const result = await wafv2AgentCoreGatewayWebAcls.collect(mockedContext());
    expect(result.coverage).toMatchObject({ status: 'COMPLETE', records: 2, errors: [] });
    const byId = Object.fromEntries(result.records.map((r) => [r.resource.id, r.data]));
    expect(byId).toEqual({ [AGENTCORE.gateway.arn('a')]: { WebACL: { Name: 'a-acl' } }, [AGENTCORE.gateway.arn('b')]: {} });
    for (const r of result.records) expect(EvidenceRecordSchema.parse(r)).toEqual(r);
  });

  it('names the gateway whose web ACL could not be read, and FAILS the scope when gateways cannot be listed', async () => {
    agentcore.on(ListGatewaysCommand).resolves({ items: [gateway('a')] as never });
    waf
      .on(GetWebACLForResourceCommand)
      .rejects(
        new WAFV2ServiceException({ name: 'AccessDeniedException', $fault: 'client', $metadata: { httpStatusCode: 400 }, message: 'no' }),
      );
    expect((await wafv2AgentCoreGatewayWebAcls.collect(mockedContext())).coverage).toMatchObject({
      status: 'PARTIAL',
      errors: [{ operation: 'GetWebACLForResource', kind: 'ACCESS_DENIED', resourceId: AGENTCORE.gateway.arn('a') }],
    });
    agentcore.reset();
    agentcore.on(ListGatewaysCommand).rejects(new Error('socket hang up'));
    expect((await wafv2AgentCoreGatewayWebAcls.collect(mockedContext())).coverage).toMatchObject({
      status: 'FAILED',
      errors: [{ operation: 'ListGateways' }],
    });
  });
});
