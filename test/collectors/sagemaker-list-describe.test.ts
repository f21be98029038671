/**
 * The SageMaker collectors that list a kind of resource and describe each one, tested against the
 * same cases: several pages, AccessDenied and throttling as coverage gaps, malformed answers.
 * aws-sdk-client-mock replaces `send`, so retries are tested in sagemaker-retry.test.ts.
 */
import 'aws-sdk-client-mock-vitest/extend';
import * as sdk from '@aws-sdk/client-sagemaker';
import { SageMakerClient, SageMakerServiceException } from '@aws-sdk/client-sagemaker';
import { mockClient } from 'aws-sdk-client-mock';
import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import { sagemakerAutoMlJobs } from '../../lib/collectors/sagemaker-automl-jobs.js';
import { sagemakerCompilationJobs } from '../../lib/collectors/sagemaker-compilation-jobs.js';
import { sagemakerDomains } from '../../lib/collectors/sagemaker-domains.js';
import { sagemakerEndpointConfigs } from '../../lib/collectors/sagemaker-endpoint-configs.js';
import { sagemakerEndpoints } from '../../lib/collectors/sagemaker-endpoints.js';
import { sagemakerFeatureGroups } from '../../lib/collectors/sagemaker-feature-groups.js';
import { sagemakerHyperParameterTuningJobs } from '../../lib/collectors/sagemaker-hyperparameter-tuning-jobs.js';
import { sagemakerInferenceExperiments } from '../../lib/collectors/sagemaker-inference-experiments.js';
import { JOB_WINDOW_DAYS } from '../../lib/collectors/sagemaker-jobs-window.js';
import { sagemakerModels } from '../../lib/collectors/sagemaker-models.js';
import { sagemakerMonitoringJobDefinitions } from '../../lib/collectors/sagemaker-monitoring-job-definitions.js';
import { sagemakerMonitoringSchedules } from '../../lib/collectors/sagemaker-monitoring-schedules.js';
import { sagemakerProcessingJobs } from '../../lib/collectors/sagemaker-processing-jobs.js';
import { sagemakerTrainingJobs } from '../../lib/collectors/sagemaker-training-jobs.js';
import { sagemakerTransformJobs } from '../../lib/collectors/sagemaker-transform-jobs.js';
import type { Collector } from '../../lib/collectors/types.js';
import { CoverageEntrySchema } from '../../lib/evidence/coverage.js';
import { EvidenceRecordSchema } from '../../lib/evidence/record.js';
import { mockedContext } from '../fixtures/collector-context.js';
import { COLLECTED_AT, SCOPE } from '../fixtures/evidence.js';

const sagemaker = mockClient(SageMakerClient);

beforeEach(() => {
  sagemaker.reset();
});

afterAll(() => {
  sagemaker.restore();
});

/** One kind of resource a collector lists and describes, named as the API names it. */
interface Kind {
  list: string;
  describe: string;
  itemsKey: string;
  /** The summary field the collector passes to the describe call. */
  nameKey: string;
  arnKey: string;
  /** The describe input field. */
  describeInput: string;
  describedArnKey: string;
  resourceType: string;
  arnPart: string;
  /** A listed item that lacks what names it (by default, one with only a name and no ARN). */
  malformed?: Record<string, unknown>;
}

interface Case {
  collector: Collector;
  kinds: Kind[];
  /** What the listing must be asked for, beyond NextToken and MaxResults. */
  listInput?: Record<string, unknown>;
}

const simple = (name: string, plural: string, resource: string, arnPart: string, listName = plural): Kind => ({
  list: `List${listName}`,
  describe: `Describe${name}`,
  itemsKey: plural,
  nameKey: `${name}Name`,
  arnKey: `${name}Arn`,
  describeInput: `${name}Name`,
  describedArnKey: `${name}Arn`,
  resourceType: `AWS::SageMaker::${resource}`,
  arnPart,
});

const jobDefinition = (kind: string, arnPart: string): Kind => ({
  list: `List${kind}JobDefinitions`,
  describe: `Describe${kind}JobDefinition`,
  itemsKey: 'JobDefinitionSummaries',
  nameKey: 'MonitoringJobDefinitionName',
  arnKey: 'MonitoringJobDefinitionArn',
  describeInput: 'JobDefinitionName',
  describedArnKey: 'JobDefinitionArn',
  resourceType: `AWS::SageMaker::${kind}JobDefinition`,
  arnPart,
});

const windowStart = new Date(new Date(COLLECTED_AT).getTime() - JOB_WINDOW_DAYS * 86_400_000);

const CASES: Case[] = [
  {
    collector: sagemakerDomains,
    kinds: [
      {
        list: 'ListDomains',
        describe: 'DescribeDomain',
        itemsKey: 'Domains',
        nameKey: 'DomainId',
        arnKey: 'DomainArn',
        describeInput: 'DomainId',
        describedArnKey: 'DomainArn',
        resourceType: 'AWS::SageMaker::Domain',
        arnPart: 'domain',
      },
    ],
  },
  { collector: sagemakerEndpoints, kinds: [simple('Endpoint', 'Endpoints', 'Endpoint', 'endpoint')] },
  { collector: sagemakerEndpointConfigs, kinds: [simple('EndpointConfig', 'EndpointConfigs', 'EndpointConfig', 'endpoint-config')] },
  { collector: sagemakerModels, kinds: [simple('Model', 'Models', 'Model', 'model')] },
  {
    collector: sagemakerFeatureGroups,
    kinds: [simple('FeatureGroup', 'FeatureGroupSummaries', 'FeatureGroup', 'feature-group', 'FeatureGroups')],
  },
  {
    collector: sagemakerTrainingJobs,
    kinds: [{ ...simple('TrainingJob', 'TrainingJobSummaries', 'TrainingJob', 'training-job', 'TrainingJobs') }],
    listInput: { CreationTimeAfter: windowStart },
  },
  {
    collector: sagemakerProcessingJobs,
    kinds: [{ ...simple('ProcessingJob', 'ProcessingJobSummaries', 'ProcessingJob', 'processing-job', 'ProcessingJobs') }],
    listInput: { CreationTimeAfter: windowStart },
  },
  {
    collector: sagemakerMonitoringSchedules,
    kinds: [
      simple('MonitoringSchedule', 'MonitoringScheduleSummaries', 'MonitoringSchedule', 'monitoring-schedule', 'MonitoringSchedules'),
    ],
  },
  {
    collector: sagemakerTransformJobs,
    kinds: [simple('TransformJob', 'TransformJobSummaries', 'TransformJob', 'transform-job', 'TransformJobs')],
    listInput: { CreationTimeAfter: windowStart },
  },
  {
    collector: sagemakerHyperParameterTuningJobs,
    kinds: [
      simple(
        'HyperParameterTuningJob',
        'HyperParameterTuningJobSummaries',
        'HyperParameterTuningJob',
        'hyper-parameter-tuning-job',
        'HyperParameterTuningJobs',
      ),
    ],
    listInput: { CreationTimeAfter: windowStart },
  },
  {
    collector: sagemakerCompilationJobs,
    kinds: [simple('CompilationJob', 'CompilationJobSummaries', 'CompilationJob', 'compilation-job', 'CompilationJobs')],
    listInput: { CreationTimeAfter: windowStart },
  },
  {
    collector: sagemakerAutoMlJobs,
    // One read for both generations of AutoML job: DescribeAutoMLJobV2.
    kinds: [{ ...simple('AutoMLJob', 'AutoMLJobSummaries', 'AutoMLJob', 'automl-job', 'AutoMLJobs'), describe: 'DescribeAutoMLJobV2' }],
    listInput: { CreationTimeAfter: windowStart },
  },
  {
    collector: sagemakerInferenceExperiments,
    // The summaries carry only a Name: coverage names an experiment by the ARN SageMaker gives it.
    kinds: [
      {
        list: 'ListInferenceExperiments',
        describe: 'DescribeInferenceExperiment',
        itemsKey: 'InferenceExperiments',
        nameKey: 'Name',
        arnKey: 'Arn',
        describeInput: 'Name',
        describedArnKey: 'Arn',
        resourceType: 'AWS::SageMaker::InferenceExperiment',
        arnPart: 'inference-experiment',
        malformed: { Type: 'ShadowMode' },
      },
    ],
    listInput: { CreationTimeAfter: windowStart },
  },
  {
    collector: sagemakerMonitoringJobDefinitions,
    kinds: [
      jobDefinition('DataQuality', 'data-quality-job-definition'),
      jobDefinition('ModelQuality', 'model-quality-job-definition'),
      jobDefinition('ModelBias', 'model-bias-job-definition'),
      jobDefinition('ModelExplainability', 'model-explainability-job-definition'),
    ],
  },
];

// biome-ignore lint/suspicious/noExplicitAny: commands are looked up by operation name across the whole SDK.
const command = (operation: string): any => (sdk as Record<string, unknown>)[`${operation}Command`];

const arnOf = (kind: Kind, name: string) => `arn:aws:sagemaker:${SCOPE.region}:${SCOPE.accountId}:${kind.arnPart}/${name}`;
const summary = (kind: Kind, name: string) => ({
  [kind.nameKey]: name,
  [kind.arnKey]: arnOf(kind, name),
  CreationTime: new Date('2026-10-01T00:00:00Z'),
});
const described = (kind: Kind, name: string) => ({
  $metadata: { httpStatusCode: 200, requestId: `req-${name}` },
  [kind.describedArnKey]: arnOf(kind, name),
  Name: name,
  CreationTime: new Date('2026-10-01T00:00:00Z'),
});

function awsError(name: string, message: string): SageMakerServiceException {
  return new SageMakerServiceException({ name, $fault: 'client', $metadata: { httpStatusCode: 400 }, message });
}
const accessDenied = (op: string) => awsError('AccessDeniedException', `User is not authorized to perform: sagemaker:${op}`);

/** Serves a kind's listing from pages linked by `page-N`, recording the inputs; and its describes, failing for `failures`. */
function serve(kind: Kind, pages: string[][], failures: Record<string, Error> = {}): Record<string, unknown>[] {
  const inputs: Record<string, unknown>[] = [];
  sagemaker.on(command(kind.list)).callsFake((input: Record<string, unknown>) => {
    inputs.push({ ...input });
    const token = input.NextToken as string | undefined;
    const index = token === undefined ? 0 : Number(token.replace('page-', ''));
    const page = pages[index];
    if (page === undefined) throw awsError('ValidationException', `Invalid NextToken ${token}`);
    return { [kind.itemsKey]: page.map((n) => summary(kind, n)), ...(index + 1 < pages.length ? { NextToken: `page-${index + 1}` } : {}) };
  });
  sagemaker.on(command(kind.describe)).callsFake((input: Record<string, unknown>) => {
    const name = String(input[kind.describeInput]);
    const failure = failures[name];
    if (failure !== undefined) throw failure;
    return described(kind, name);
  });
  return inputs;
}

/** Every kind but `kind` answers with an empty listing. */
function othersEmpty(c: Case, kind: Kind): void {
  for (const other of c.kinds) if (other !== kind) serve(other, [[]]);
}

const idsOf = (records: readonly { resource: { id: string } }[]) => records.map((r) => r.resource.id).sort();

describe.each(CASES.flatMap((c) => c.kinds.map((kind) => [`${c.collector.id} (${kind.list})`, c, kind] as const)))(
  '%s',
  (_name, c, kind) => {
    it('follows NextToken over every page, describes every item and keeps each answer as a valid record', async () => {
      // Prepare
      othersEmpty(c, kind);
      const inputs = serve(kind, [['a', 'b'], ['c', 'd'], ['e']]);
      // Act
      const result = await c.collector.collect(mockedContext());
      // Assess
      expect(inputs.map((i) => i.NextToken)).toEqual([undefined, 'page-1', 'page-2']);
      for (const input of inputs) expect(input).toMatchObject(c.listInput ?? {});
      expect(sagemaker).toReceiveCommandTimes(command(kind.describe), 5);
      expect(sagemaker).toReceiveCommandWith(command(kind.describe), { [kind.describeInput]: 'c' });
      expect(idsOf(result.records)).toEqual(['a', 'b', 'c', 'd', 'e'].map((n) => arnOf(kind, n)));
      expect(result.coverage).toEqual({ collector: c.collector.id, ...SCOPE, status: 'COMPLETE', records: 5, errors: [] });
      const record = result.records.find((r) => r.resource.id === arnOf(kind, 'a'));
      expect(EvidenceRecordSchema.parse(record)).toEqual(record);
      expect(record).toMatchObject({
        source: { collector: c.collector.id, service: 'sagemaker', operation: kind.describe },
        resource: { type: kind.resourceType, id: arnOf(kind, 'a') },
        collectedAt: COLLECTED_AT,
        data: { [kind.describedArnKey]: arnOf(kind, 'a'), Name: 'a', CreationTime: '2026-10-01T00:00:00.000Z' },
      });
      expect(record?.data).not.toHaveProperty('$metadata');
    });

    it('declares the list and describe actions it calls', () => {
      // Assess
      expect(c.collector.actions).toEqual(expect.arrayContaining([`sagemaker:${kind.list}`, `sagemaker:${kind.describe}`]));
    });

    it('turns AccessDenied on the listing into FAILED coverage naming the operation, without throwing or describing', async () => {
      // Prepare
      othersEmpty(c, kind);
      serve(kind, [[]]);
      sagemaker.on(command(kind.list)).rejects(accessDenied(kind.list));
      // Act
      const result = await c.collector.collect(mockedContext());
      // Assess
      expect(result.records).toEqual([]);
      expect(result.coverage.status).toBe('FAILED');
      expect(result.coverage.errors).toEqual([
        {
          operation: kind.list,
          kind: 'ACCESS_DENIED',
          code: 'AccessDeniedException',
          message: `User is not authorized to perform: sagemaker:${kind.list}`,
          httpStatus: 400,
        },
      ]);
      expect(sagemaker).not.toReceiveCommand(command(kind.describe));
      expect(CoverageEntrySchema.parse(result.coverage)).toEqual(result.coverage);
    });

    it('keeps what was read when a later page is throttled for good, and reports FAILED of kind THROTTLED', async () => {
      // Prepare
      othersEmpty(c, kind);
      serve(kind, [[]]);
      sagemaker
        .on(command(kind.list))
        .resolvesOnce({ [kind.itemsKey]: [summary(kind, 'a')], NextToken: 'page-1' })
        .rejectsOnce(Object.assign(awsError('ThrottlingException', 'Rate exceeded'), { $retryable: { throttling: true } }));
      // Act
      const result = await c.collector.collect(mockedContext());
      // Assess
      expect(idsOf(result.records)).toEqual([arnOf(kind, 'a')]);
      expect(result.coverage).toMatchObject({ status: 'FAILED', records: 1, errors: [{ operation: kind.list, kind: 'THROTTLED' }] });
    });

    it('turns AccessDenied on one describe into PARTIAL coverage naming its ARN, and collects the others', async () => {
      // Prepare
      othersEmpty(c, kind);
      serve(kind, [['a', 'b'], ['c']], { b: accessDenied(kind.describe) });
      // Act
      const result = await c.collector.collect(mockedContext());
      // Assess
      expect(idsOf(result.records)).toEqual([arnOf(kind, 'a'), arnOf(kind, 'c')]);
      expect(result.coverage).toMatchObject({ status: 'PARTIAL', records: 2 });
      expect(result.coverage.errors).toEqual([
        expect.objectContaining({ operation: kind.describe, resourceId: arnOf(kind, 'b'), kind: 'ACCESS_DENIED' }),
      ]);
    });

    it('turns a listed item without an ARN into INVALID_RESPONSE, keeping the well-formed ones', async () => {
      // Prepare
      othersEmpty(c, kind);
      serve(kind, [[]]);
      sagemaker.on(command(kind.list)).resolves({ [kind.itemsKey]: [summary(kind, 'a'), kind.malformed ?? { [kind.nameKey]: 'x' }] });
      // Act
      const result = await c.collector.collect(mockedContext());
      // Assess
      expect(idsOf(result.records)).toEqual([arnOf(kind, 'a')]);
      expect(result.coverage.errors).toEqual([expect.objectContaining({ operation: kind.list, kind: 'INVALID_RESPONSE' })]);
      expect(result.coverage.status).toBe('FAILED');
    });

    it('turns a describe answer without its ARN into INVALID_RESPONSE for that resource', async () => {
      // Prepare
      othersEmpty(c, kind);
      serve(kind, [['a', 'b']]);
      sagemaker.on(command(kind.describe)).callsFake((input: Record<string, unknown>) => {
        const name = String(input[kind.describeInput]);
        const { [kind.describedArnKey]: _dropped, ...rest } = described(kind, name);
        return name === 'b' ? rest : described(kind, name);
      });
      // Act
      const result = await c.collector.collect(mockedContext());
      // Assess
      expect(idsOf(result.records)).toEqual([arnOf(kind, 'a')]);
      expect(result.coverage).toMatchObject({
        status: 'PARTIAL',
        errors: [{ operation: kind.describe, resourceId: arnOf(kind, 'b'), kind: 'INVALID_RESPONSE' }],
      });
    });

    it('stops with INVALID_RESPONSE when the listing repeats a NextToken instead of paging forever', async () => {
      // Prepare
      othersEmpty(c, kind);
      serve(kind, [[]]);
      let calls = 0;
      sagemaker.on(command(kind.list)).callsFake(() => {
        calls += 1;
        if (calls > 20) throw awsError('RunawayPagination', 'the collector kept paging');
        return { [kind.itemsKey]: [summary(kind, `r${calls}`)], NextToken: 'page-1' };
      });
      // Act
      const result = await c.collector.collect(mockedContext());
      // Assess
      expect(calls).toBe(2);
      expect(result.coverage.errors).toEqual([expect.objectContaining({ operation: kind.list, kind: 'INVALID_RESPONSE' })]);
      expect(idsOf(result.records)).toEqual([arnOf(kind, 'r1'), arnOf(kind, 'r2')]);
    });
  },
);

describe('sagemaker.monitoring-job-definitions', () => {
  it('reads the other kinds when one kind cannot be listed, and reports the one that failed', async () => {
    // Prepare
    const [dataQuality, modelQuality, bias, explainability] = CASES.at(-1)?.kinds ?? [];
    if (!dataQuality || !modelQuality || !bias || !explainability) throw new Error('the job definition kinds are missing');
    serve(dataQuality, [['dq']]);
    serve(modelQuality, [[]]);
    sagemaker.on(command(modelQuality.list)).rejects(accessDenied(modelQuality.list));
    serve(bias, [['bias']]);
    serve(explainability, [[]]);
    // Act
    const result = await sagemakerMonitoringJobDefinitions.collect(mockedContext());
    // Assess
    expect(idsOf(result.records)).toEqual([arnOf(dataQuality, 'dq'), arnOf(bias, 'bias')].sort());
    expect(result.coverage).toMatchObject({ status: 'FAILED', errors: [{ operation: modelQuality.list, kind: 'ACCESS_DENIED' }] });
  });
});
