/**
 * `tagging.ai-resources` against moto server over HTTP, with the real SDK clients of awsClients():
 * SageMaker resources created with tags, read back through the Resource Groups Tagging API's
 * GetResources. moto 5.2.1 answers GetResources for SageMaker resources (notebook instances,
 * models, endpoints, training jobs among them) but not for Bedrock's: the Bedrock types are
 * covered by the SDK-mock unit tests (test/collectors/tagging-ai-resources.test.ts).
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CreateEndpointConfigCommand, CreateModelCommand, CreateNotebookInstanceCommand } from '@aws-sdk/client-sagemaker';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { awsClients } from '../../lib/collectors/clients.js';
import { mapWithConcurrency } from '../../lib/collectors/concurrency.js';
import { taggingAiResources } from '../../lib/collectors/tagging-ai-resources.js';
import type { CollectorResult } from '../../lib/collectors/types.js';
import { ownerTag, runTags } from '../../lib/evidence/resource-tags.js';
import { freshAccount, type MotoAccount, moto, motoEnvironment, seedClients, setEnv, skipReason } from './moto.js';

const US = 'us-east-1';
const EU = 'eu-west-1';
/** More tagged models than one page of 50 holds. */
const MODELS = 52;

describe.skipIf(moto.endpoint === null)(`tagging.ai-resources against moto server${skipReason}`, () => {
  let restoreEnv: () => void = () => {};
  let scratch = '';
  let account: MotoAccount;
  let us: CollectorResult;
  let eu: CollectorResult;

  const arn = (kind: string, name: string) => `arn:aws:sagemaker:${US}:${account.accountId}:${kind}/${name}`;

  beforeAll(async () => {
    scratch = await mkdtemp(join(tmpdir(), 'ai-evidence-moto-tagging-'));
    account = await freshAccount();
    restoreEnv = setEnv(motoEnvironment(account, US, scratch));
    const { sagemaker } = seedClients(account, US);
    const role = `arn:aws:iam::${account.accountId}:role/sagemaker-execution`;
    const notebook = (name: string, Tags?: { Key: string; Value: string }[]) =>
      sagemaker.send(
        new CreateNotebookInstanceCommand({
          NotebookInstanceName: name,
          InstanceType: 'ml.t3.medium',
          RoleArn: role,
          DirectInternetAccess: 'Disabled',
          RootAccess: 'Disabled',
          ...(Tags === undefined ? {} : { Tags }),
        }),
      );
    await notebook('tagged-lab', [
      { Key: 'Owner', Value: 'ml-platform' },
      { Key: 'Environment', Value: 'sandbox' },
    ]);
    await notebook('untagged-lab');
    await mapWithConcurrency(
      Array.from({ length: MODELS }, (_, i) => `model-${String(i).padStart(2, '0')}`),
      4,
      (name) =>
        sagemaker.send(
          new CreateModelCommand({
            ModelName: name,
            ExecutionRoleArn: role,
            PrimaryContainer: { Image: `${account.accountId}.dkr.ecr.${US}.amazonaws.com/model:1` },
            Tags: [{ Key: 'Team', Value: `team-${name}` }],
          }),
        ),
    );
    // Tagged, but of a type the collector does not ask for.
    await sagemaker.send(
      new CreateEndpointConfigCommand({
        EndpointConfigName: 'tagged-config',
        ProductionVariants: [{ VariantName: 'v', ModelName: 'model-00', InstanceType: 'ml.m5.large', InitialInstanceCount: 1 }],
        Tags: [{ Key: 'Owner', Value: 'not-read' }],
      }),
    );
    sagemaker.destroy();
    const clients = awsClients({ credentials: async () => account.credentials });
    const now = () => new Date();
    us = await taggingAiResources.collect({ accountId: account.accountId, region: US, clients, now });
    eu = await taggingAiResources.collect({ accountId: account.accountId, region: EU, clients, now });
  }, 120_000);

  afterAll(async () => {
    restoreEnv();
    await rm(scratch, { recursive: true, force: true });
  });

  it('reads every tagged notebook and model over more than one page, with the tags as moto returns them', () => {
    expect(us.coverage).toMatchObject({ status: 'COMPLETE', errors: [], records: MODELS + 1 });
    const notebook = us.records.find((r) => r.resource.id === arn('notebook-instance', 'tagged-lab'));
    expect(notebook).toMatchObject({
      source: { collector: 'tagging.ai-resources', service: 'tagging', operation: 'GetResources' },
      resource: { type: 'AWS::SageMaker::NotebookInstance' },
      data: {
        ResourceARN: arn('notebook-instance', 'tagged-lab'),
        Tags: [
          { Key: 'Owner', Value: 'ml-platform' },
          { Key: 'Environment', Value: 'sandbox' },
        ],
      },
    });
    const models = us.records.filter((r) => r.resource.type === 'AWS::SageMaker::Model');
    expect(models.map((r) => r.resource.id).sort()).toEqual(
      Array.from({ length: MODELS }, (_, i) => arn('model', `model-${String(i).padStart(2, '0')}`)).sort(),
    );
  });

  it('leaves out untagged resources and types it does not ask for', () => {
    const ids = us.records.map((r) => r.resource.id);
    expect(ids).not.toContain(arn('notebook-instance', 'untagged-lab'));
    expect(ids.some((id) => id.includes(':endpoint-config/'))).toBe(false);
  });

  it('gives each resource its owner-like tag', () => {
    const tags = runTags(us.records);
    expect(ownerTag(tags.get(arn('notebook-instance', 'tagged-lab')))).toEqual({ key: 'Owner', value: 'ml-platform' });
    expect(ownerTag(tags.get(arn('model', 'model-07')))).toEqual({ key: 'Team', value: 'team-model-07' });
  });

  it('is COMPLETE with no record in a region without tagged AI resources', () => {
    expect(eu.coverage).toMatchObject({ status: 'COMPLETE', errors: [], records: 0 });
    expect(eu.records).toEqual([]);
  });
});
