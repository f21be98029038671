/**
 * Throttling that recovers, through the SDK's own adaptive retry, for every SageMaker collector:
 * real clients talk to a fake request handler (see adaptive-retry.test.ts), on a virtual clock.
 */
import { describe, expect, it } from 'vitest';
import { sagemakerCollectors } from '../../lib/collectors/area-sagemaker.js';
import { fakeHttpContext, inVirtualTime } from '../fixtures/collector-context.js';
import { SCOPE } from '../fixtures/evidence.js';
import { type FakeAnswer, FakeHttpHandler, jsonThrottling, ok } from '../fixtures/fake-http.js';

/** How each listing names its items, and the describe call and answer field that go with it. */
const SHAPES: Record<string, { items: string; name: string; arn: string; describe: string; input: string; describedArn: string }> = {
  ListNotebookInstances: {
    items: 'NotebookInstances',
    name: 'NotebookInstanceName',
    arn: 'NotebookInstanceArn',
    describe: 'DescribeNotebookInstance',
    input: 'NotebookInstanceName',
    describedArn: 'NotebookInstanceArn',
  },
  ListNotebookInstanceLifecycleConfigs: {
    items: 'NotebookInstanceLifecycleConfigs',
    name: 'NotebookInstanceLifecycleConfigName',
    arn: 'NotebookInstanceLifecycleConfigArn',
    describe: 'DescribeNotebookInstanceLifecycleConfig',
    input: 'NotebookInstanceLifecycleConfigName',
    describedArn: 'NotebookInstanceLifecycleConfigArn',
  },
  ListDomains: {
    items: 'Domains',
    name: 'DomainId',
    arn: 'DomainArn',
    describe: 'DescribeDomain',
    input: 'DomainId',
    describedArn: 'DomainArn',
  },
  ListEndpoints: {
    items: 'Endpoints',
    name: 'EndpointName',
    arn: 'EndpointArn',
    describe: 'DescribeEndpoint',
    input: 'EndpointName',
    describedArn: 'EndpointArn',
  },
  ListEndpointConfigs: {
    items: 'EndpointConfigs',
    name: 'EndpointConfigName',
    arn: 'EndpointConfigArn',
    describe: 'DescribeEndpointConfig',
    input: 'EndpointConfigName',
    describedArn: 'EndpointConfigArn',
  },
  ListModels: {
    items: 'Models',
    name: 'ModelName',
    arn: 'ModelArn',
    describe: 'DescribeModel',
    input: 'ModelName',
    describedArn: 'ModelArn',
  },
  ListTrainingJobs: {
    items: 'TrainingJobSummaries',
    name: 'TrainingJobName',
    arn: 'TrainingJobArn',
    describe: 'DescribeTrainingJob',
    input: 'TrainingJobName',
    describedArn: 'TrainingJobArn',
  },
  ListProcessingJobs: {
    items: 'ProcessingJobSummaries',
    name: 'ProcessingJobName',
    arn: 'ProcessingJobArn',
    describe: 'DescribeProcessingJob',
    input: 'ProcessingJobName',
    describedArn: 'ProcessingJobArn',
  },
  ListMonitoringSchedules: {
    items: 'MonitoringScheduleSummaries',
    name: 'MonitoringScheduleName',
    arn: 'MonitoringScheduleArn',
    describe: 'DescribeMonitoringSchedule',
    input: 'MonitoringScheduleName',
    describedArn: 'MonitoringScheduleArn',
  },
  ListFeatureGroups: {
    items: 'FeatureGroupSummaries',
    name: 'FeatureGroupName',
    arn: 'FeatureGroupArn',
    describe: 'DescribeFeatureGroup',
    input: 'FeatureGroupName',
    describedArn: 'FeatureGroupArn',
  },
  ListModelPackageGroups: {
    items: 'ModelPackageGroupSummaryList',
    name: 'ModelPackageGroupName',
    arn: 'ModelPackageGroupArn',
    describe: '',
    input: '',
    describedArn: '',
  },
  ListModelPackages: {
    items: 'ModelPackageSummaryList',
    name: 'ModelPackageName',
    arn: 'ModelPackageArn',
    describe: 'DescribeModelPackage',
    input: 'ModelPackageName',
    describedArn: 'ModelPackageArn',
  },
  ...Object.fromEntries(
    (
      [
        ['Transform', 'TransformJob', 'DescribeTransformJob'],
        ['HyperParameterTuning', 'HyperParameterTuningJob', 'DescribeHyperParameterTuningJob'],
        ['Compilation', 'CompilationJob', 'DescribeCompilationJob'],
        ['AutoML', 'AutoMLJob', 'DescribeAutoMLJobV2'],
      ] as const
    ).map(([list, field, describe]) => [
      `List${list}Jobs`,
      {
        items: `${field}Summaries`,
        name: `${field}Name`,
        arn: `${field}Arn`,
        describe,
        input: `${field}Name`,
        describedArn: `${field}Arn`,
      },
    ]),
  ),
  ListInferenceExperiments: {
    items: 'InferenceExperiments',
    name: 'Name',
    arn: 'Arn',
    describe: 'DescribeInferenceExperiment',
    input: 'Name',
    describedArn: 'Arn',
  },
  ...Object.fromEntries(
    ['DataQuality', 'ModelQuality', 'ModelBias', 'ModelExplainability'].map((kind) => [
      `List${kind}JobDefinitions`,
      {
        items: 'JobDefinitionSummaries',
        name: 'MonitoringJobDefinitionName',
        arn: 'MonitoringJobDefinitionArn',
        describe: `Describe${kind}JobDefinition`,
        input: 'JobDefinitionName',
        describedArn: 'JobDefinitionArn',
      },
    ]),
  ),
};

const arnOf = (op: string, name: string) => `arn:aws:sagemaker:${SCOPE.region}:${SCOPE.accountId}:${op.toLowerCase()}/${name}`;

/** Answers every listing with one page of two items and every describe, throttling the first attempt of each call. */
function throttledOnceThenAnswered(): FakeHandlerAndCounts {
  const attempts = new Map<string, number>();
  const handler = new FakeHttpHandler((request): FakeAnswer => {
    const op = String(request.target).replace('SageMaker.', '');
    const body = (request.body ?? {}) as Record<string, unknown>;
    const key = `${op} ${JSON.stringify(body)}`;
    attempts.set(key, (attempts.get(key) ?? 0) + 1);
    if (attempts.get(key) === 1) return jsonThrottling();
    const listing = SHAPES[op];
    if (listing !== undefined) {
      // Each group of the model registry gets versions of its own.
      const group = typeof body.ModelPackageGroupName === 'string' ? `${body.ModelPackageGroupName}-` : '';
      const names = [`${group}one`, `${group}two`];
      return ok({ [listing.items]: names.map((n) => ({ [listing.name]: n, [listing.arn]: arnOf(op, n), CreationTime: 1_790_000_000 })) });
    }
    // A registry group's policy is read by the group's name, not described.
    if (op === 'GetModelPackageGroupPolicy') return ok({ ResourcePolicy: '{"Version":"2012-10-17","Statement":[]}' });
    const described = Object.entries(SHAPES).find(([, s]) => s.describe === op)?.[1];
    if (described === undefined) throw new Error(`unexpected call ${op}`);
    const name = String(body[described.input]);
    return ok({ [described.describedArn]: name.startsWith('arn:') ? name : arnOf(op, name), CreationTime: 1_790_000_000 });
  });
  return { handler, attempts };
}
interface FakeHandlerAndCounts {
  handler: FakeHttpHandler;
  attempts: Map<string, number>;
}

describe.each(sagemakerCollectors.map((c) => [c.id, c] as const))('%s through the SDK adaptive retry', (_id, collector) => {
  it('ends COMPLETE with every resource when each list and describe call is throttled once, then answered', async () => {
    // Prepare
    const { handler, attempts } = throttledOnceThenAnswered();
    // Act
    const { value: result } = await inVirtualTime(() => collector.collect(fakeHttpContext(handler)));
    // Assess
    expect(result.coverage).toMatchObject({ status: 'COMPLETE', errors: [] });
    expect(result.records.length).toBeGreaterThanOrEqual(2);
    // Every call was retried exactly once: throttled, then answered.
    expect([...attempts.values()].every((n) => n === 2)).toBe(true);
    const calledActions = [...attempts.keys()].map((k) => `sagemaker:${k.split(' ')[0]}`);
    expect(collector.actions).toEqual(expect.arrayContaining([...new Set(calledActions)]));
  });

  it('gives FAILED coverage of kind THROTTLED when the listing stays throttled', async () => {
    // Prepare
    const handler = new FakeHttpHandler(() => jsonThrottling());
    // Act
    const { value: result } = await inVirtualTime(() => collector.collect(fakeHttpContext(handler)));
    // Assess
    expect(result.records).toEqual([]);
    expect(result.coverage.status).toBe('FAILED');
    expect(result.coverage.errors.length).toBeGreaterThan(0);
    expect(result.coverage.errors.every((e) => e.kind === 'THROTTLED')).toBe(true);
  });
});
