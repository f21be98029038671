/**
 * The two collectors against moto server over HTTP, with the real SDK clients of awsClients():
 * request serialization, response parsing, the ListNotebookInstances paginator and SDK errors are
 * the real ones, only AWS is emulated.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DeleteNotebookInstanceCommand, StopNotebookInstanceCommand } from '@aws-sdk/client-sagemaker';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bedrockModelInvocationLogging, invocationLoggingId } from '../../lib/collectors/bedrock-model-invocation-logging.js';
import { awsClients } from '../../lib/collectors/clients.js';
import { sagemakerNotebookInstances } from '../../lib/collectors/sagemaker-notebook-instances.js';
import type { ClientProvider, CollectorContext } from '../../lib/collectors/types.js';
import {
  bulkNotebooks,
  createNotebooks,
  distinctNotebooks,
  freshAccount,
  fullLoggingConfig,
  type MotoAccount,
  moto,
  motoEnvironment,
  putLogging,
  seedClients,
  setEnv,
  skipReason,
} from './moto.js';

const NOW = new Date('2026-03-01T12:00:00.000Z');
const US = 'us-east-1';
const EU = 'eu-west-1';

function context(account: MotoAccount, region: string, clients: ClientProvider): CollectorContext {
  return { accountId: account.accountId, region, clients, now: () => NOW };
}

/** The clients under test: awsClients() with the account's credentials; the endpoint comes from AWS_ENDPOINT_URL. */
function clientsFor(account: MotoAccount): ClientProvider {
  return awsClients({ credentials: async () => account.credentials });
}

describe.skipIf(moto.endpoint === null)(`collectors against moto server${skipReason}`, () => {
  let restoreEnv: () => void = () => {};
  let scratch = '';

  beforeAll(async () => {
    scratch = await mkdtemp(join(tmpdir(), 'ai-evidence-moto-'));
    // Only AWS_ENDPOINT_URL matters here (the clients get explicit credentials), but the rest keeps
    // any real AWS configuration of the machine out of the test.
    restoreEnv = setEnv(motoEnvironment(await freshAccount(), US, scratch));
  });

  afterAll(async () => {
    restoreEnv();
    await rm(scratch, { recursive: true, force: true });
  });

  describe('sagemaker.notebook-instances', () => {
    it('reads every notebook instance through three ListNotebookInstances pages and describes each', async () => {
      const account = await freshAccount();
      const seed = seedClients(account, US);
      const specs = [...distinctNotebooks(account, US), ...bulkNotebooks(201)];
      await createNotebooks(seed.sagemaker, account, specs);

      const clients = clientsFor(account);
      const pages: { nextToken: string | undefined; items: number }[] = [];
      clients.client('sagemaker', US).middlewareStack.add(
        (next, ctx) => async (args) => {
          const result = await next(args);
          if (ctx.commandName === 'ListNotebookInstancesCommand') {
            const input = args.input as { NextToken?: string };
            const output = result.output as { NotebookInstances?: unknown[] };
            pages.push({ nextToken: input.NextToken, items: output.NotebookInstances?.length ?? 0 });
          }
          return result;
        },
        { step: 'initialize', name: 'recordListPages' },
      );

      const result = await sagemakerNotebookInstances.collect(context(account, US, clients));

      // The collector asks for 100 a page; moto pages like AWS, so 205 notebooks take three calls.
      expect(pages.map((p) => p.items)).toEqual([100, 100, 5]);
      expect(pages[0]?.nextToken).toBeUndefined();
      expect(pages[1]?.nextToken).toEqual(expect.any(String));
      expect(pages[2]?.nextToken).toEqual(expect.any(String));
      expect(pages[2]?.nextToken).not.toBe(pages[1]?.nextToken);

      expect(result.coverage).toEqual({
        collector: 'sagemaker.notebook-instances',
        accountId: account.accountId,
        region: US,
        status: 'COMPLETE',
        records: 205,
        errors: [],
      });
      expect(result.records).toHaveLength(205);
      const arn = (name: string) => `arn:aws:sagemaker:${US}:${account.accountId}:notebook-instance/${name}`;
      expect(new Set(result.records.map((r) => r.resource.id))).toEqual(new Set(specs.map((s) => arn(s.NotebookInstanceName as string))));

      const byName = new Map(result.records.map((r) => [r.data.NotebookInstanceName, r]));
      const open = byName.get('nb-open');
      expect(open).toMatchObject({
        schemaVersion: 1,
        accountId: account.accountId,
        region: US,
        source: { collector: 'sagemaker.notebook-instances', service: 'sagemaker', operation: 'DescribeNotebookInstance' },
        resource: { type: 'AWS::SageMaker::NotebookInstance', id: arn('nb-open') },
        collectedAt: NOW.toISOString(),
        data: { NotebookInstanceArn: arn('nb-open'), DirectInternetAccess: 'Enabled', RootAccess: 'Enabled', InstanceType: 'ml.t3.medium' },
      });
      expect(open?.data).not.toHaveProperty('KmsKeyId');
      expect(open?.data).not.toHaveProperty('SubnetId');
      expect(open?.data).not.toHaveProperty('$metadata');
      // Timestamps as the SDK parsed them, stored as ISO-8601 strings.
      expect(open?.data.CreationTime).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?Z$/);

      const [, locked] = distinctNotebooks(account, US);
      expect(byName.get('nb-locked')?.data).toMatchObject({
        DirectInternetAccess: 'Disabled',
        RootAccess: 'Disabled',
        KmsKeyId: locked?.KmsKeyId,
        SubnetId: locked?.SubnetId,
        SecurityGroups: locked?.SecurityGroupIds,
      });
      expect(byName.get('nb-vpc-root')?.data).toMatchObject({ DirectInternetAccess: 'Disabled', RootAccess: 'Enabled' });
      expect(byName.get('nb-kms-internet')?.data).toMatchObject({ DirectInternetAccess: 'Enabled', KmsKeyId: locked?.KmsKeyId });
    });

    it('reports a region without notebook instances as complete with no records', async () => {
      const account = await freshAccount();
      await createNotebooks(seedClients(account, US).sagemaker, account, distinctNotebooks(account, US));

      const result = await sagemakerNotebookInstances.collect(context(account, EU, clientsFor(account)));

      expect(result.records).toEqual([]);
      expect(result.coverage).toMatchObject({ region: EU, status: 'COMPLETE', records: 0, errors: [] });
    });

    it('keeps the other notebooks and reports PARTIAL when one is deleted between the listing and its describe', async () => {
      const account = await freshAccount();
      const seed = seedClients(account, US);
      await createNotebooks(seed.sagemaker, account, distinctNotebooks(account, US));

      const clients = clientsFor(account);
      let deleted = false;
      clients.client('sagemaker', US).middlewareStack.add(
        (next, ctx) => async (args) => {
          const result = await next(args);
          if (ctx.commandName === 'ListNotebookInstancesCommand' && !deleted) {
            deleted = true;
            await seed.sagemaker.send(new StopNotebookInstanceCommand({ NotebookInstanceName: 'nb-vpc-root' }));
            await seed.sagemaker.send(new DeleteNotebookInstanceCommand({ NotebookInstanceName: 'nb-vpc-root' }));
          }
          return result;
        },
        { step: 'initialize', name: 'deleteAfterListing' },
      );

      const result = await sagemakerNotebookInstances.collect(context(account, US, clients));

      expect(result.records.map((r) => r.data.NotebookInstanceName).sort()).toEqual(['nb-kms-internet', 'nb-locked', 'nb-open']);
      expect(result.coverage).toMatchObject({ status: 'PARTIAL', records: 3 });
      // The error moto sends is the one AWS sends for a missing notebook instance.
      expect(result.coverage.errors).toEqual([
        {
          operation: 'DescribeNotebookInstance',
          resourceId: `arn:aws:sagemaker:${US}:${account.accountId}:notebook-instance/nb-vpc-root`,
          kind: 'ERROR',
          code: 'ValidationException',
          message: 'RecordNotFound',
          httpStatus: 400,
        },
      ]);
    });
  });

  describe('bedrock.model-invocation-logging', () => {
    it('records the configuration of a region with logging, and the answer of a region without', async () => {
      const account = await freshAccount();
      const config = fullLoggingConfig(account);
      await putLogging(seedClients(account, US).bedrock, config);
      const clients = clientsFor(account);

      const us = await bedrockModelInvocationLogging.collect(context(account, US, clients));
      const eu = await bedrockModelInvocationLogging.collect(context(account, EU, clients));

      expect(us.coverage).toEqual({
        collector: 'bedrock.model-invocation-logging',
        accountId: account.accountId,
        region: US,
        status: 'COMPLETE',
        records: 1,
        errors: [],
      });
      expect(us.records).toHaveLength(1);
      expect(us.records[0]).toMatchObject({
        accountId: account.accountId,
        region: US,
        source: { collector: 'bedrock.model-invocation-logging', service: 'bedrock', operation: 'GetModelInvocationLoggingConfiguration' },
        resource: {
          type: 'AWS::Bedrock::ModelInvocationLoggingConfiguration',
          id: invocationLoggingId({ accountId: account.accountId, region: US }),
        },
        collectedAt: NOW.toISOString(),
      });
      expect(us.records[0]?.data).toEqual({ loggingConfig: config });

      expect(eu.coverage).toMatchObject({ region: EU, status: 'COMPLETE', records: 1, errors: [] });
      // AWS leaves loggingConfig out where logging was never set up; moto 5.2.1 answers with an
      // empty loggingConfig instead. The controls read both as "not enabled".
      expect(eu.records[0]?.data).toEqual({ loggingConfig: {} });
    });
  });
});
