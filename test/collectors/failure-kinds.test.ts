/**
 * Failure kinds from the wire: real SDK clients of every protocol the collectors use (awsJson1_1:
 * SageMaker, CloudTrail; restJson1: Bedrock; awsQuery: IAM, STS; ec2Query: EC2) receive, from a fake
 * request handler, the answers AWS, proxies and emulators give, and the SDK's own deserializers make
 * the errors that classifyAwsError sorts. One attempt per call: what is retried is tested elsewhere.
 */
import { BedrockClient, ListCustomModelsCommand } from '@aws-sdk/client-bedrock';
import { CloudTrailClient, GetTrailStatusCommand } from '@aws-sdk/client-cloudtrail';
import { DescribeVpcEndpointsCommand, EC2Client } from '@aws-sdk/client-ec2';
import { IAMClient, ListPoliciesCommand } from '@aws-sdk/client-iam';
import { ListNotebookInstancesCommand, SageMakerClient } from '@aws-sdk/client-sagemaker';
import { AssumeRoleCommand, STSClient } from '@aws-sdk/client-sts';
import { describe, expect, it } from 'vitest';
import { classifyAwsError, coverageError, UNREADABLE_RESPONSE } from '../../lib/collectors/errors.js';
import { CoverageErrorSchema } from '../../lib/evidence/coverage.js';
import { FAKE_CREDENTIALS, type FakeAnswer, FakeHttpHandler } from '../fixtures/fake-http.js';

type Family = 'json' | 'rest-json' | 'query';

interface Protocol {
  name: string;
  family: Family;
  /** Sends one call with a client whose network is `handler`; gives what it threw. */
  fail(handler: FakeHttpHandler): Promise<unknown>;
  /** A 200 answer whose only fault is a timestamp the SDK rejects. */
  badTimestamp: FakeAnswer;
}

const config = (handler: FakeHttpHandler) => ({
  region: 'us-east-1',
  credentials: FAKE_CREDENTIALS,
  requestHandler: handler,
  maxAttempts: 1,
});

async function thrown(call: () => Promise<unknown>): Promise<unknown> {
  try {
    await call();
  } catch (error) {
    return error;
  }
  throw new Error('The call succeeded; the test expects it to fail.');
}

const xml = (body: string): FakeAnswer => ({ statusCode: 200, headers: { 'content-type': 'text/xml' }, raw: body });

const PROTOCOLS: Protocol[] = [
  {
    name: 'SageMaker (awsJson1_1)',
    family: 'json',
    fail: (h) => thrown(() => new SageMakerClient(config(h)).send(new ListNotebookInstancesCommand({}))),
    badTimestamp: { statusCode: 200, body: { NotebookInstances: [{ NotebookInstanceName: 'a', CreationTime: '2026-01-10 12:00:00' }] } },
  },
  {
    name: 'CloudTrail (awsJson1_1)',
    family: 'json',
    fail: (h) => thrown(() => new CloudTrailClient(config(h)).send(new GetTrailStatusCommand({ Name: 'management' }))),
    badTimestamp: { statusCode: 200, body: { IsLogging: true, LatestDeliveryTime: '2026-01-10 12:00:00' } },
  },
  {
    name: 'Bedrock (restJson1)',
    family: 'rest-json',
    fail: (h) => thrown(() => new BedrockClient(config(h)).send(new ListCustomModelsCommand({}))),
    badTimestamp: {
      statusCode: 200,
      body: {
        modelSummaries: [
          { modelArn: 'arn:aws:bedrock:us-east-1:111122223333:custom-model/m', modelName: 'm', creationTime: '2026-01-10 12:00:00' },
        ],
      },
    },
  },
  {
    name: 'IAM (awsQuery)',
    family: 'query',
    fail: (h) => thrown(() => new IAMClient(config(h)).send(new ListPoliciesCommand({}))),
    badTimestamp: xml(
      '<ListPoliciesResponse><ListPoliciesResult><IsTruncated>false</IsTruncated><Policies><member><PolicyName>p</PolicyName><CreateDate>last tuesday</CreateDate></member></Policies></ListPoliciesResult></ListPoliciesResponse>',
    ),
  },
  {
    name: 'STS (awsQuery)',
    family: 'query',
    fail: (h) =>
      thrown(() =>
        new STSClient(config(h)).send(new AssumeRoleCommand({ RoleArn: 'arn:aws:iam::111122223333:role/r', RoleSessionName: 's' })),
      ),
    badTimestamp: xml(
      '<AssumeRoleResponse><AssumeRoleResult><Credentials><AccessKeyId>AKIA</AccessKeyId><SecretAccessKey>s</SecretAccessKey><SessionToken>t</SessionToken><Expiration>last tuesday</Expiration></Credentials></AssumeRoleResult></AssumeRoleResponse>',
    ),
  },
  {
    name: 'EC2 (ec2Query)',
    family: 'query',
    fail: (h) => thrown(() => new EC2Client(config(h)).send(new DescribeVpcEndpointsCommand({}))),
    badTimestamp: xml(
      '<DescribeVpcEndpointsResponse><vpcEndpointSet><item><vpcEndpointId>vpce-1</vpcEndpointId><creationTimestamp>last tuesday</creationTimestamp></item></vpcEndpointSet></DescribeVpcEndpointsResponse>',
    ),
  },
];

const html = (status: number, title: string): FakeAnswer => ({
  statusCode: status,
  headers: { 'content-type': 'text/html; charset=utf-8' },
  raw: `<!DOCTYPE html><html><head><title>${title}</title></head><body><h1>${title}</h1></body></html>`,
});

/** An AWS query-protocol error document (what IAM, STS and an emulator's auth layer send). */
const queryError = (status: number, code: string, message: string): FakeAnswer => ({
  statusCode: status,
  headers: { 'content-type': 'text/xml' },
  raw: `<ErrorResponse><Error><Type>Sender</Type><Code>${code}</Code><Message>${message}</Message></Error><RequestId>7a62c49f-347e-4fc4-9331-6e8eEXAMPLE</RequestId></ErrorResponse>`,
});

/** The error document of each protocol family for one AWS error code. */
function awsError(family: Family, status: number, code: string, message: string): FakeAnswer {
  if (family === 'query') return queryError(status, code, message);
  if (family === 'rest-json')
    return { statusCode: status, headers: { 'x-amzn-errortype': `${code}:http://internal.amazon.com/` }, body: { message } };
  return { statusCode: status, headers: { 'content-type': 'application/x-amz-json-1.1' }, body: { __type: code, message } };
}

interface Case {
  answer: string;
  reply: (family: Family) => FakeAnswer;
  expected: (family: Family) => { kind: string; code: string; httpStatus: number };
}

const unreadable = (kind: string, httpStatus: number) => () => ({ kind, code: UNREADABLE_RESPONSE, httpStatus });

const CASES: Case[] = [
  {
    answer: 'an HTML 403 page (a proxy or an emulator refusing the call)',
    reply: () => html(403, '403 Forbidden'),
    expected: unreadable('ACCESS_DENIED', 403),
  },
  { answer: 'an HTML 401 page', reply: () => html(401, '401 Unauthorized'), expected: unreadable('ACCESS_DENIED', 401) },
  {
    answer: 'an HTML 500 page (an operation an emulator lacks)',
    reply: () => html(500, '500 Internal Server Error'),
    expected: unreadable('INVALID_RESPONSE', 500),
  },
  { answer: 'an HTML 404 page', reply: () => html(404, '404 Not Found'), expected: unreadable('INVALID_RESPONSE', 404) },
  {
    answer: 'an HTML 501 page (not implemented)',
    reply: () => html(501, '501 Not Implemented'),
    expected: unreadable('NOT_AVAILABLE', 501),
  },
  {
    answer: 'an XML access-denied document with HTTP 403',
    reply: () => queryError(403, 'AccessDenied', 'User: arn:aws:iam::111122223333:user/u is not authorized to perform this action'),
    expected: (f) => ({ kind: 'ACCESS_DENIED', code: f === 'query' ? 'AccessDenied' : UNREADABLE_RESPONSE, httpStatus: 403 }),
  },
  {
    answer: 'an XML error document with HTTP 400 (XML to a JSON API)',
    reply: () => queryError(400, 'InvalidParameterValue', 'Bad value'),
    expected: (f) =>
      f === 'query' ? { kind: 'ERROR', code: 'InvalidParameterValue', httpStatus: 400 } : unreadable('INVALID_RESPONSE', 400)(),
  },
  {
    answer: 'a JSON error document with HTTP 400 (JSON to an XML API)',
    reply: () => ({
      statusCode: 400,
      headers: { 'content-type': 'application/x-amz-json-1.1' },
      body: { __type: 'ValidationException', message: 'Bad value' },
    }),
    expected: (f) =>
      f === 'query' ? unreadable('INVALID_RESPONSE', 400)() : { kind: 'ERROR', code: 'ValidationException', httpStatus: 400 },
  },
  {
    answer: "the protocol's access-denied error",
    reply: (f) =>
      awsError(
        f,
        f === 'json' ? 400 : 403,
        f === 'query' ? 'AccessDenied' : 'AccessDeniedException',
        'User is not authorized to perform this action',
      ),
    expected: (f) => ({
      kind: 'ACCESS_DENIED',
      code: f === 'query' ? 'AccessDenied' : 'AccessDeniedException',
      httpStatus: f === 'json' ? 400 : 403,
    }),
  },
  {
    answer: "the protocol's throttling error",
    reply: (f) => awsError(f, f === 'rest-json' ? 429 : 400, f === 'query' ? 'Throttling' : 'ThrottlingException', 'Rate exceeded'),
    expected: (f) => ({
      kind: 'THROTTLED',
      code: f === 'query' ? 'Throttling' : 'ThrottlingException',
      httpStatus: f === 'rest-json' ? 429 : 400,
    }),
  },
  {
    answer: 'an unknown operation',
    reply: (f) =>
      awsError(f, f === 'rest-json' ? 404 : 400, f === 'query' ? 'InvalidAction' : 'UnknownOperationException', 'Unknown operation'),
    expected: (f) => ({
      kind: 'NOT_AVAILABLE',
      code: f === 'query' ? 'InvalidAction' : 'UnknownOperationException',
      httpStatus: f === 'rest-json' ? 404 : 400,
    }),
  },
  {
    answer: "AWS's own 500 (InternalFailure)",
    reply: (f) => awsError(f, 500, f === 'query' ? 'InternalFailure' : 'InternalServerException', 'We encountered an internal error.'),
    expected: (f) => ({ kind: 'ERROR', code: f === 'query' ? 'InternalFailure' : 'InternalServerException', httpStatus: 500 }),
  },
  { answer: 'an empty 500', reply: () => ({ statusCode: 500, headers: {}, raw: '' }), expected: unreadable('INVALID_RESPONSE', 500) },
];

const SDK_INTERNALS = /\$response|Deserialization error|hidden field|@aws-sdk/;

describe.each(PROTOCOLS)('failure kinds through the $name client', (protocol) => {
  it.each(CASES)('sorts $answer', async ({ reply, expected }) => {
    // Prepare
    const handler = new FakeHttpHandler(() => reply(protocol.family));
    // Act
    const failure = classifyAwsError(await protocol.fail(handler));
    // Assess
    expect(failure).toMatchObject(expected(protocol.family));
    expect(failure.message).not.toMatch(SDK_INTERNALS);
    expect(failure.message).not.toMatch(/\n/);
    expect(failure.message.length).toBeGreaterThan(0);
  });

  it('sorts a 200 answer with a timestamp the SDK rejects as INVALID_RESPONSE with HTTP 200', async () => {
    // Prepare
    const handler = new FakeHttpHandler(() => protocol.badTimestamp);
    // Act
    const failure = classifyAwsError(await protocol.fail(handler));
    // Assess
    expect(failure).toMatchObject({ kind: 'INVALID_RESPONSE', code: UNREADABLE_RESPONSE, httpStatus: 200 });
    expect(failure.message).toMatch(/^The answer \(HTTP 200/);
    expect(failure.message).not.toMatch(SDK_INTERNALS);
  });
});

describe('coverageError', () => {
  it('records kind, code, plain message and HTTP status, and parses as a coverage error', async () => {
    // Prepare: an HTML 403 page to a JSON API, which the SDK cannot parse.
    const error = await PROTOCOLS[0]?.fail(new FakeHttpHandler(() => html(403, '403 Forbidden')));
    // Act
    const entry = coverageError('ListNotebookInstances', error, 'arn:aws:sagemaker:us-east-1:111122223333:notebook-instance/a');
    // Assess
    expect(entry).toEqual({
      operation: 'ListNotebookInstances',
      resourceId: 'arn:aws:sagemaker:us-east-1:111122223333:notebook-instance/a',
      kind: 'ACCESS_DENIED',
      code: UNREADABLE_RESPONSE,
      message: 'The answer (HTTP 403, text/html) is not in the format this API uses, so it holds no error code or data the SDK can read.',
      httpStatus: 403,
    });
    expect(CoverageErrorSchema.parse(entry)).toEqual(entry);
  });

  it('still parses a coverage error sealed before the HTTP status was recorded', () => {
    const old = { operation: 'DescribeTrails', kind: 'ERROR', code: 'SyntaxError', message: 'Unexpected token' };
    expect(CoverageErrorSchema.parse(old)).toEqual(old);
  });

  it('leaves the HTTP status out when the call got no answer', () => {
    // Prepare: a connection refused, as Node reports it.
    const error = Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:1'), { code: 'ECONNREFUSED', $metadata: {} });
    // Act / Assess
    expect(coverageError('ListDetectors', error)).toEqual({
      operation: 'ListDetectors',
      kind: 'ERROR',
      code: 'ECONNREFUSED',
      message: 'connect ECONNREFUSED 127.0.0.1:1',
    });
  });
});
