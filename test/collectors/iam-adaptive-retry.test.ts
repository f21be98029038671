/**
 * IAM collectors through the real SDK client and its adaptive retry. IAM speaks the AWS query
 * protocol (form-encoded requests, XML answers), so the fake network here answers in XML.
 */
import { Readable } from 'node:stream';
import { type HttpRequest, HttpResponse } from '@smithy/core/protocols';
import { describe, expect, it } from 'vitest';
import { MAX_ATTEMPTS } from '../../lib/collectors/clients.js';
import { iamAiPrincipalPermissions } from '../../lib/collectors/iam-ai-principal-permissions.js';
import { iamCustomerManagedPolicies } from '../../lib/collectors/iam-customer-managed-policies.js';
import { fakeHttpContext, inVirtualTime } from '../fixtures/collector-context.js';
import type { FakeHttpHandler } from '../fixtures/fake-http.js';
import { encoded, IAM_SCOPE, managedPolicyArn } from '../fixtures/supporting.js';

const NS = 'https://iam.amazonaws.com/doc/2010-05-08/';

/** A stand-in for the HTTP handler that answers IAM's query protocol; records each request's Action and attempt. */
class XmlHandler {
  readonly seen: string[] = [];
  constructor(private readonly answer: (action: string, params: URLSearchParams) => { status: number; xml: string }) {}
  async handle(request: HttpRequest): Promise<{ response: HttpResponse }> {
    const params = new URLSearchParams(
      typeof request.body === 'string' ? request.body : new TextDecoder().decode(request.body as Uint8Array),
    );
    const action = params.get('Action') ?? '';
    this.seen.push(`${action} ${request.headers['amz-sdk-request'] ?? ''}`);
    const { status, xml } = this.answer(action, params);
    return {
      response: new HttpResponse({ statusCode: status, headers: { 'content-type': 'text/xml' }, body: Readable.from([Buffer.from(xml)]) }),
    };
  }
  updateHttpClientConfig(): void {}
  httpHandlerConfigs(): Record<string, never> {
    return {};
  }
}

const throttling = () => ({
  status: 400,
  xml: `<ErrorResponse xmlns="${NS}"><Error><Type>Sender</Type><Code>Throttling</Code><Message>Rate exceeded</Message></Error><RequestId>r1</RequestId></ErrorResponse>`,
});
const listPolicies = () => ({
  status: 200,
  xml: `<ListPoliciesResponse xmlns="${NS}"><ListPoliciesResult><IsTruncated>false</IsTruncated><Policies><member><PolicyName>AcmeInvoke</PolicyName><Arn>${managedPolicyArn('AcmeInvoke')}</Arn><DefaultVersionId>v2</DefaultVersionId></member></Policies></ListPoliciesResult><ResponseMetadata><RequestId>r2</RequestId></ResponseMetadata></ListPoliciesResponse>`,
});
const DOC = encoded([{ Effect: 'Allow', Action: 'bedrock:InvokeModel', Resource: '*' }]);
const getVersion = () => ({
  status: 200,
  xml: `<GetPolicyVersionResponse xmlns="${NS}"><GetPolicyVersionResult><PolicyVersion><Document>${DOC}</Document><VersionId>v2</VersionId><IsDefaultVersion>true</IsDefaultVersion></PolicyVersion></GetPolicyVersionResult><ResponseMetadata><RequestId>r3</RequestId></ResponseMetadata></GetPolicyVersionResponse>`,
});

const contextFor = (handler: XmlHandler) => fakeHttpContext(handler as unknown as FakeHttpHandler, IAM_SCOPE);

describe('iam.customer-managed-policies through the SDK adaptive retry', () => {
  it('ends COMPLETE when throttled ListPolicies and GetPolicyVersion succeed on a later attempt', async () => {
    let calls = 0;
    const handler = new XmlHandler((action) => {
      calls += 1;
      if (calls % 2 === 1) return throttling();
      return action === 'ListPolicies' ? listPolicies() : getVersion();
    });
    const { value: result } = await inVirtualTime(() => iamCustomerManagedPolicies.collect(contextFor(handler)));
    expect(result.coverage).toMatchObject({ status: 'COMPLETE', records: 1, errors: [] });
    expect(result.records[0]?.data).toMatchObject({ PolicyVersion: { Document: DOC, VersionId: 'v2' } });
    expect(handler.seen).toEqual([
      `ListPolicies attempt=1; max=${MAX_ATTEMPTS}`,
      `ListPolicies attempt=2; max=${MAX_ATTEMPTS}`,
      `GetPolicyVersion attempt=1; max=${MAX_ATTEMPTS}`,
      `GetPolicyVersion attempt=2; max=${MAX_ATTEMPTS}`,
    ]);
  });

  it('gives FAILED coverage of kind THROTTLED after every attempt when ListPolicies stays throttled', async () => {
    const handler = new XmlHandler(() => throttling());
    const { value: result } = await inVirtualTime(() => iamCustomerManagedPolicies.collect(contextFor(handler)));
    expect(handler.seen).toHaveLength(MAX_ATTEMPTS);
    expect(result.coverage).toMatchObject({
      status: 'FAILED',
      errors: [{ operation: 'ListPolicies', kind: 'THROTTLED', code: 'Throttling' }],
    });
  });
});

const TRUST = encodeURIComponent(JSON.stringify({ Statement: [{ Effect: 'Allow', Principal: { Service: 'bedrock.amazonaws.com' } }] }));
const ROLE_ARN = `arn:aws:iam::${IAM_SCOPE.accountId}:role/claims-agent`;
const ADMIN = 'arn:aws:iam::aws:policy/AdministratorAccess';
const principalAnswers: Record<string, () => { status: number; xml: string }> = {
  ListRoles: () => ({
    status: 200,
    xml: `<ListRolesResponse xmlns="${NS}"><ListRolesResult><IsTruncated>false</IsTruncated><Roles><member><Path>/</Path><RoleName>claims-agent</RoleName><RoleId>AROA1</RoleId><Arn>${ROLE_ARN}</Arn><CreateDate>2026-01-01T00:00:00Z</CreateDate><AssumeRolePolicyDocument>${TRUST}</AssumeRolePolicyDocument></member></Roles></ListRolesResult><ResponseMetadata><RequestId>r4</RequestId></ResponseMetadata></ListRolesResponse>`,
  }),
  ListAttachedRolePolicies: () => ({
    status: 200,
    xml: `<ListAttachedRolePoliciesResponse xmlns="${NS}"><ListAttachedRolePoliciesResult><IsTruncated>false</IsTruncated><AttachedPolicies><member><PolicyName>AdministratorAccess</PolicyName><PolicyArn>${ADMIN}</PolicyArn></member></AttachedPolicies></ListAttachedRolePoliciesResult><ResponseMetadata><RequestId>r5</RequestId></ResponseMetadata></ListAttachedRolePoliciesResponse>`,
  }),
  ListServiceSpecificCredentials: () => ({
    status: 200,
    xml: `<ListServiceSpecificCredentialsResponse xmlns="${NS}"><ListServiceSpecificCredentialsResult><ServiceSpecificCredentials/><IsTruncated>false</IsTruncated></ListServiceSpecificCredentialsResult><ResponseMetadata><RequestId>r6</RequestId></ResponseMetadata></ListServiceSpecificCredentialsResponse>`,
  }),
  GetPolicy: () => ({
    status: 200,
    xml: `<GetPolicyResponse xmlns="${NS}"><GetPolicyResult><Policy><PolicyName>AdministratorAccess</PolicyName><Arn>${ADMIN}</Arn><DefaultVersionId>v2</DefaultVersionId></Policy></GetPolicyResult><ResponseMetadata><RequestId>r7</RequestId></ResponseMetadata></GetPolicyResponse>`,
  }),
  GetPolicyVersion: getVersion,
};

describe('iam.ai-principal-permissions through the SDK adaptive retry', () => {
  it('ends COMPLETE when every call is throttled once and succeeds on its second attempt', async () => {
    const throttledOnce = new Set<string>();
    const handler = new XmlHandler((action) => {
      if (!throttledOnce.has(action)) {
        throttledOnce.add(action);
        return throttling();
      }
      const answer = principalAnswers[action];
      if (answer === undefined) throw new Error(`unexpected ${action}`);
      return answer();
    });
    const { value: result } = await inVirtualTime(() => iamAiPrincipalPermissions.collect(contextFor(handler)));
    expect(result.coverage).toMatchObject({ status: 'COMPLETE', records: 2, errors: [] });
    expect(result.records.map((r) => `${r.source.operation} ${r.resource.id}`)).toEqual([
      `ListAttachedRolePolicies ${ROLE_ARN}`,
      `GetPolicyVersion ${ADMIN}`,
    ]);
    expect(handler.seen.filter((s) => s.includes('attempt=2'))).toHaveLength(5);
  });

  it('gives FAILED coverage of kind THROTTLED naming ListRoles when it stays throttled, and still reads the key holders', async () => {
    const handler = new XmlHandler((action) => (action === 'ListRoles' ? throttling() : (principalAnswers[action]?.() ?? throttling())));
    const { value: result } = await inVirtualTime(() => iamAiPrincipalPermissions.collect(contextFor(handler)));
    expect(handler.seen.filter((s) => s.startsWith('ListRoles '))).toHaveLength(MAX_ATTEMPTS);
    expect(handler.seen.some((s) => s.startsWith('ListServiceSpecificCredentials '))).toBe(true);
    expect(result.coverage).toMatchObject({
      status: 'FAILED',
      errors: [{ operation: 'ListRoles', kind: 'THROTTLED', code: 'Throttling' }],
    });
  });
});
