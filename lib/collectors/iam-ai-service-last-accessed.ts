import {
  GenerateServiceLastAccessedDetailsCommand,
  GetServiceLastAccessedDetailsCommand,
  type GetServiceLastAccessedDetailsResponse,
  type IAMClient,
  paginateListRoles,
  paginateListUsers,
  type Role,
  type User,
} from '@aws-sdk/client-iam';
import type { CoverageError } from '../evidence/coverage.js';
import type { EvidenceRecord } from '../evidence/record.js';
import { mapWithConcurrency } from './concurrency.js';
import { collectorResult, coverageError, InvalidResponseError } from './errors.js';
import { governanceRecord } from './governance-helpers.js';
import { IAM_HOME_REGION, listMarked, markerPages } from './iam-global.js';
import { guardedPages } from './list-describe.js';
import type { Collector, CollectorContext, CollectorResult } from './types.js';

export const IAM_AI_SERVICE_LAST_ACCESSED = 'iam.ai-service-last-accessed';
export const ROLE_TYPE = 'AWS::IAM::Role';
export const USER_TYPE = 'AWS::IAM::User';

/** The IAM service namespaces of the AI services whose last use is kept. */
export const AI_NAMESPACES = ['bedrock', 'bedrock-agentcore', 'sagemaker'] as const;

/**
 * How long to wait before each poll of a job after the first, in ms: IAM computes last-accessed data
 * in seconds, and a job not done after these (about 8 s) is recorded as IN_PROGRESS, not waited for.
 */
export const POLL_DELAYS_MS = [250, 500, 1000, 2000, 4000] as const;
const CONCURRENCY = 4;

interface Principal {
  type: typeof ROLE_TYPE | typeof USER_TYPE;
  arn: string;
  name: string;
  path: string | undefined;
  createDate: string | undefined;
}

const iso = (d: Date | string | undefined) => (d instanceof Date ? d.toISOString() : d);

/** A role or user as listed; a service-linked role (path /aws-service-role/) is AWS's, not the account's, and is left out. */
function principalOf(type: Principal['type'], item: Role | User): Principal | undefined {
  const name = 'RoleName' in item ? item.RoleName : (item as User).UserName;
  if (typeof item.Arn !== 'string' || typeof name !== 'string') {
    throw new InvalidResponseError(`${type === ROLE_TYPE ? 'ListRoles' : 'ListUsers'} returned a principal without its Arn or name.`);
  }
  if (type === ROLE_TYPE && (item.Path ?? '').startsWith('/aws-service-role/')) return undefined;
  return { type, arn: item.Arn, name, path: item.Path, createDate: iso(item.CreateDate) };
}

/** The answer of a finished (or given-up) job: its status and every page of its services. */
async function pollJob(
  client: IAMClient,
  jobId: string,
  wait: (ms: number) => Promise<void>,
): Promise<{
  first: GetServiceLastAccessedDetailsResponse;
  services: NonNullable<GetServiceLastAccessedDetailsResponse['ServicesLastAccessed']>;
}> {
  let answer = await client.send(new GetServiceLastAccessedDetailsCommand({ JobId: jobId }));
  for (const delay of POLL_DELAYS_MS) {
    if (answer.JobStatus !== 'IN_PROGRESS') break;
    await wait(delay);
    answer = await client.send(new GetServiceLastAccessedDetailsCommand({ JobId: jobId }));
  }
  const services = [...(answer.ServicesLastAccessed ?? [])];
  if (answer.JobStatus === 'COMPLETED') {
    if (!Array.isArray(answer.ServicesLastAccessed))
      throw new InvalidResponseError('GetServiceLastAccessedDetails returned a COMPLETED job without ServicesLastAccessed.');
    async function* more() {
      let page = answer;
      while (page.IsTruncated === true && typeof page.Marker === 'string') {
        page = await client.send(new GetServiceLastAccessedDetailsCommand({ JobId: jobId, Marker: page.Marker }));
        yield page;
      }
    }
    for await (const page of guardedPages('GetServiceLastAccessedDetails', more())) services.push(...(page.ServicesLastAccessed ?? []));
  }
  return { first: answer, services };
}

/**
 * When each IAM role and user of the account last used Bedrock, Bedrock AgentCore and SageMaker
 * (IAM service last accessed data), read once per account in the IAM home region. For each
 * principal (service-linked roles aside) it starts a job (GenerateServiceLastAccessedDetails,
 * service level) and polls it a bounded number of times. The answer lists every service the
 * principal's policies allow; the record keeps the principal, the job's status and dates, how many
 * services it reported, and the entries of the AI namespaces only (the rest would make every
 * record as long as the principal's permissions). A principal whose finished job names no AI
 * service gets no record: it has no AI permission to be stale. A job that fails or does not finish
 * in time is a record too (status FAILED or IN_PROGRESS), so that the controls say it could not be
 * judged.
 */
export function iamAiServiceLastAccessedCollector(wait: (ms: number) => Promise<void>): Collector {
  return {
    id: IAM_AI_SERVICE_LAST_ACCESSED,
    service: 'iam',
    description: `When each IAM role and user last used Amazon Bedrock, Bedrock AgentCore and SageMaker, from IAM service last accessed data (read in ${IAM_HOME_REGION} only).`,
    actions: ['iam:ListRoles', 'iam:ListUsers', 'iam:GenerateServiceLastAccessedDetails', 'iam:GetServiceLastAccessedDetails'],
    async collect(ctx: CollectorContext): Promise<CollectorResult> {
      if (ctx.region !== IAM_HOME_REGION) return collectorResult(IAM_AI_SERVICE_LAST_ACCESSED, ctx, [], []);
      const client = ctx.clients.client('iam', ctx.region);
      const errors: CoverageError[] = [];
      const principals: Principal[] = [];
      for (const [operation, type, pages] of [
        ['ListRoles', ROLE_TYPE, markerPages(paginateListRoles({ client, pageSize: 100 }, {}), (p) => p.Roles)],
        ['ListUsers', USER_TYPE, markerPages(paginateListUsers({ client, pageSize: 100 }, {}), (p) => p.Users)],
      ] as const) {
        try {
          const items: (Role | User)[] = [];
          await listMarked<Role | User>(operation, pages, items);
          for (const item of items) {
            const principal = principalOf(type, item);
            if (principal !== undefined) principals.push(principal);
          }
        } catch (error) {
          errors.push(coverageError(operation, error));
        }
      }
      const read = await mapWithConcurrency(principals, CONCURRENCY, async (principal): Promise<EvidenceRecord | undefined> => {
        let operation = 'GenerateServiceLastAccessedDetails';
        try {
          const job = await client.send(
            new GenerateServiceLastAccessedDetailsCommand({ Arn: principal.arn, Granularity: 'SERVICE_LEVEL' }),
          );
          if (typeof job.JobId !== 'string' || job.JobId === '')
            throw new InvalidResponseError('GenerateServiceLastAccessedDetails returned no JobId.');
          operation = 'GetServiceLastAccessedDetails';
          const { first, services } = await pollJob(client, job.JobId, wait);
          if (typeof first.JobStatus !== 'string') throw new InvalidResponseError('GetServiceLastAccessedDetails returned no JobStatus.');
          const ai = services.filter((s) => (AI_NAMESPACES as readonly string[]).includes(String(s.ServiceNamespace)));
          if (first.JobStatus === 'COMPLETED' && ai.length === 0) return undefined;
          return governanceRecord(ctx, {
            collector: IAM_AI_SERVICE_LAST_ACCESSED,
            service: 'iam',
            operation,
            resource: { type: principal.type, id: principal.arn },
            data: {
              Principal: { Arn: principal.arn, Name: principal.name, Path: principal.path, CreateDate: principal.createDate },
              JobId: job.JobId,
              JobStatus: first.JobStatus,
              JobCreationDate: iso(first.JobCreationDate),
              JobCompletionDate: iso(first.JobCompletionDate),
              Error: first.Error,
              ServicesReported: services.length,
              ServicesLastAccessed: ai.map((s) => ({ ...s, LastAuthenticated: iso(s.LastAuthenticated) })),
            },
          });
        } catch (error) {
          errors.push(coverageError(operation, error, principal.arn));
          return undefined;
        }
      });
      return collectorResult(
        IAM_AI_SERVICE_LAST_ACCESSED,
        ctx,
        read.filter((r): r is EvidenceRecord => r !== undefined),
        errors,
      );
    },
  };
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

export const iamAiServiceLastAccessed: Collector = /* @__PURE__ */ iamAiServiceLastAccessedCollector(sleep);
