import 'aws-sdk-client-mock-vitest/extend';
import {
  GetResourcesCommand,
  ResourceGroupsTaggingAPIClient,
  ResourceGroupsTaggingAPIServiceException,
} from '@aws-sdk/client-resource-groups-tagging-api';
import { mockClient } from 'aws-sdk-client-mock';
import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import { CONTEXT_COLLECTOR_IDS, collectors } from '../../lib/collectors/index.js';
import { COLLECTOR_MANIFEST } from '../../lib/collectors/manifest.js';
import {
  OTHER_TAGGED_TYPE,
  TAGGED_AI_RESOURCE_TYPES,
  taggedResourceType,
  taggingAiResources,
} from '../../lib/collectors/tagging-ai-resources.js';
import { catalog } from '../../lib/controls/index.js';
import { EvidenceRecordSchema } from '../../lib/evidence/record.js';
import { mockedContext } from '../fixtures/collector-context.js';
import { SCOPE } from '../fixtures/evidence.js';

const tagging = mockClient(ResourceGroupsTaggingAPIClient);
beforeEach(() => tagging.reset());
afterAll(() => tagging.restore());

const prefix = (service: string) => `arn:aws:${service}:${SCOPE.region}:${SCOPE.accountId}`;
const mapping = (arn: string, tags: Record<string, string>) => ({
  ResourceARN: arn,
  Tags: Object.entries(tags).map(([Key, Value]) => ({ Key, Value })),
});

function awsError(name: string, status: number, throttling = false) {
  const error = new ResourceGroupsTaggingAPIServiceException({
    name,
    $fault: 'client',
    $metadata: { httpStatusCode: status },
    message: name,
  });
  if (throttling) error.$retryable = { throttling: true };
  return error;
}

describe('tagging.ai-resources collector', () => {
  it('asks GetResources for the eight AI resource types, every page, and keeps each mapping as returned under its ARN and type', async () => {
    const notebook = mapping(`${prefix('sagemaker')}:notebook-instance/genai-lab`, { Owner: 'ml-platform', env: 'prod' });
    const agent = mapping(`${prefix('bedrock')}:agent/AGENT12345`, { Team: '<script>alert(1)</script>' });
    const model = mapping(`${prefix('bedrock')}:custom-model/amazon.titan-text-express-v1:0:8k/abc123`, {});
    tagging
      .on(GetResourcesCommand)
      .resolvesOnce({ ResourceTagMappingList: [notebook, agent], PaginationToken: 'p2' })
      .resolvesOnce({ ResourceTagMappingList: [model], PaginationToken: '' });

    const result = await taggingAiResources.collect(mockedContext());

    expect(tagging).toReceiveCommandTimes(GetResourcesCommand, 2);
    expect(tagging).toReceiveNthCommandWith(GetResourcesCommand, 1, {
      ResourceTypeFilters: TAGGED_AI_RESOURCE_TYPES.map((t) => t.filter),
      ResourcesPerPage: 50,
    });
    expect(tagging).toReceiveNthCommandWith(GetResourcesCommand, 2, { PaginationToken: 'p2' });
    expect(result.records.map((r) => [r.resource.type, r.resource.id])).toEqual([
      ['AWS::SageMaker::NotebookInstance', notebook.ResourceARN],
      ['AWS::Bedrock::Agent', agent.ResourceARN],
      ['AWS::Bedrock::CustomModel', model.ResourceARN],
    ]);
    // Sealed as AWS returned them: the list of { Key, Value }, in its order, value and all.
    expect(result.records[1]).toMatchObject({
      source: { collector: 'tagging.ai-resources', service: 'tagging', operation: 'GetResources' },
      region: SCOPE.region,
      accountId: SCOPE.accountId,
      data: agent,
    });
    for (const record of result.records) expect(EvidenceRecordSchema.parse(record)).toEqual(record);
    expect(result.coverage).toMatchObject({ status: 'COMPLETE', records: 3, errors: [] });
  });

  it('is COMPLETE with no record for a region whose AI resources have no tags', async () => {
    tagging.on(GetResourcesCommand).resolves({ ResourceTagMappingList: [] });
    const result = await taggingAiResources.collect(mockedContext());
    expect(result.records).toEqual([]);
    expect(result.coverage).toMatchObject({ status: 'COMPLETE', records: 0 });
  });

  it.each([
    ['a denied call', awsError('AccessDeniedException', 403), 'ACCESS_DENIED'],
    ['throttling past the retries', awsError('ThrottlingException', 400, true), 'THROTTLED'],
  ])('turns %s into FAILED coverage, keeping the pages read before it', async (_case, error, kind) => {
    tagging
      .on(GetResourcesCommand)
      .resolvesOnce({ ResourceTagMappingList: [mapping(`${prefix('sagemaker')}:model/m1`, { owner: 'a' })], PaginationToken: 'p2' })
      .rejectsOnce(error);
    const result = await taggingAiResources.collect(mockedContext());
    expect(result.records.map((r) => r.resource.id)).toEqual([`${prefix('sagemaker')}:model/m1`]);
    expect(result.coverage).toMatchObject({ status: 'FAILED', errors: [{ operation: 'GetResources', kind }] });
  });

  it('turns a mapping without an ARN, or a repeated PaginationToken, into INVALID_RESPONSE', async () => {
    tagging.on(GetResourcesCommand).resolves({ ResourceTagMappingList: [{ Tags: [] }] });
    expect((await taggingAiResources.collect(mockedContext())).coverage.errors).toEqual([
      expect.objectContaining({ kind: 'INVALID_RESPONSE', operation: 'GetResources' }),
    ]);
    tagging.reset();
    tagging.on(GetResourcesCommand).resolves({ ResourceTagMappingList: [], PaginationToken: 'same' });
    const looped = await taggingAiResources.collect(mockedContext());
    expect(tagging).toReceiveCommandTimes(GetResourcesCommand, 2);
    expect(looped.coverage).toMatchObject({ status: 'FAILED', errors: [expect.objectContaining({ kind: 'INVALID_RESPONSE' })] });
  });

  it('names each ARN by the type the judging collectors give it, and any other ARN by a type of its own', () => {
    expect(taggedResourceType(`${prefix('sagemaker')}:training-job/t1`)).toBe('AWS::SageMaker::TrainingJob');
    expect(taggedResourceType(`${prefix('sagemaker')}:endpoint/e1`)).toBe('AWS::SageMaker::Endpoint');
    expect(taggedResourceType(`${prefix('bedrock')}:knowledge-base/KB1`)).toBe('AWS::Bedrock::KnowledgeBase');
    expect(taggedResourceType(`${prefix('bedrock')}:guardrail/g1`)).toBe('AWS::Bedrock::Guardrail');
    expect(taggedResourceType(`${prefix('sagemaker')}:model-package/p/1`)).toBe(OTHER_TAGGED_TYPE);
    expect(taggedResourceType('not an arn')).toBe(OTHER_TAGGED_TYPE);
  });

  it('is context: no control reads it, and the manifest and member role name tag:GetResources', () => {
    expect(CONTEXT_COLLECTOR_IDS.has(taggingAiResources.id)).toBe(true);
    expect(catalog.filter((c) => c.collectors.includes(taggingAiResources.id))).toEqual([]);
    expect(collectors).toContain(taggingAiResources);
    expect(COLLECTOR_MANIFEST.find((c) => c.id === taggingAiResources.id)?.actions).toEqual(['tag:GetResources']);
  });
});
