/**
 * Throttling that recovers through the SDK's own adaptive retry, for ec2.vpc-endpoints. No
 * aws-sdk-client-mock here: it would replace `send` and skip the retry middleware. EC2 speaks its
 * XML query protocol, so the fake handler answers in XML.
 */
import { Readable } from 'node:stream';
import { type HttpRequest, HttpResponse } from '@smithy/core/protocols';
import { describe, expect, it } from 'vitest';
import { CLIENT_CLASSES, clientProvider } from '../../lib/collectors/clients.js';
import { ec2VpcEndpoints } from '../../lib/collectors/ec2-vpc-endpoints.js';
import { inVirtualTime } from '../fixtures/collector-context.js';
import { COLLECTED_AT, SCOPE } from '../fixtures/evidence.js';
import { FAKE_CREDENTIALS } from '../fixtures/fake-http.js';

/** Answers EC2's query protocol in XML: throttled `throttled` times, then one endpoint. */
class Ec2XmlHandler {
  requests = 0;
  constructor(private readonly throttled: number) {}
  async handle(_request: HttpRequest): Promise<{ response: HttpResponse }> {
    this.requests += 1;
    const throttle = this.requests <= this.throttled;
    const body = throttle
      ? '<Response><Errors><Error><Code>RequestLimitExceeded</Code><Message>Request limit exceeded.</Message></Error></Errors><RequestID>r1</RequestID></Response>'
      : `<DescribeVpcEndpointsResponse xmlns="http://ec2.amazonaws.com/doc/2016-11-15/"><requestId>r2</requestId><vpcEndpointSet><item><vpcEndpointId>vpce-a</vpcEndpointId><vpcEndpointType>Interface</vpcEndpointType><vpcId>vpc-1</vpcId><serviceName>com.amazonaws.${SCOPE.region}.bedrock-runtime</serviceName><state>available</state></item></vpcEndpointSet></DescribeVpcEndpointsResponse>`;
    return {
      response: new HttpResponse({
        statusCode: throttle ? 503 : 200,
        headers: { 'content-type': 'text/xml' },
        body: Readable.from([Buffer.from(body)]),
      }),
    };
  }
  updateHttpClientConfig(): void {}
  httpHandlerConfigs(): Record<string, never> {
    return {};
  }
}

describe('ec2.vpc-endpoints collector through the SDK retry', () => {
  it('ends COMPLETE with the endpoint when the throttled listing succeeds on a later attempt', async () => {
    // Prepare
    const handler = new Ec2XmlHandler(2);
    const config = { region: SCOPE.region, credentials: FAKE_CREDENTIALS, retryMode: 'adaptive', maxAttempts: 5, requestHandler: handler };
    const clients = clientProvider((service) => new CLIENT_CLASSES[service](config));
    // Act
    const { value: result } = await inVirtualTime(() => ec2VpcEndpoints.collect({ ...SCOPE, clients, now: () => new Date(COLLECTED_AT) }));
    // Assess
    expect(handler.requests).toBe(3);
    expect(result.coverage).toMatchObject({ status: 'COMPLETE', records: 1, errors: [] });
    expect(result.records[0]?.data).toMatchObject({ VpcEndpointId: 'vpce-a', State: 'available', VpcEndpointType: 'Interface' });
  });
});
