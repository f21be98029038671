import 'aws-sdk-client-mock-vitest/extend';
import {
  DescribeNotebookInstanceCommand,
  type DescribeNotebookInstanceCommandOutput,
  ListNotebookInstancesCommand,
  type ListNotebookInstancesCommandOutput,
  type NotebookInstanceSummary,
  SageMakerClient,
  SageMakerServiceException,
} from '@aws-sdk/client-sagemaker';
import { mockClient } from 'aws-sdk-client-mock';
import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import { sagemakerNotebookInstances } from '../../lib/collectors/sagemaker-notebook-instances.js';
import { CoverageEntrySchema } from '../../lib/evidence/coverage.js';
import { EvidenceRecordSchema } from '../../lib/evidence/record.js';
import { mockedContext } from '../fixtures/collector-context.js';
import { COLLECTED_AT, notebookArn, SCOPE } from '../fixtures/evidence.js';

const sagemaker = mockClient(SageMakerClient);

beforeEach(() => {
  sagemaker.reset();
});

afterAll(() => {
  sagemaker.restore();
});

const CREATED = new Date('2025-01-10T12:00:00.000Z');

function summary(name: string): NotebookInstanceSummary {
  return { NotebookInstanceName: name, NotebookInstanceArn: notebookArn(name), NotebookInstanceStatus: 'InService', CreationTime: CREATED };
}

function described(name: string): DescribeNotebookInstanceCommandOutput {
  return {
    $metadata: { httpStatusCode: 200, requestId: `req-${name}` },
    NotebookInstanceName: name,
    NotebookInstanceArn: notebookArn(name),
    NotebookInstanceStatus: 'InService',
    DirectInternetAccess: 'Disabled',
    RootAccess: 'Enabled',
    KmsKeyId: 'arn:aws:kms:eu-west-1:111122223333:key/0f1e2d3c-4b5a-6978-8796-a5b4c3d2e1f0',
    SubnetId: 'subnet-0a1b2c3d4e5f60718',
    CreationTime: CREATED,
  };
}

function awsError(name: string, message: string, throttling = false): SageMakerServiceException {
  const error = new SageMakerServiceException({ name, $fault: 'client', $metadata: { httpStatusCode: 400 }, message });
  if (throttling) error.$retryable = { throttling: true };
  return error;
}

const accessDenied = (action: string) => awsError('AccessDeniedException', `User is not authorized to perform: sagemaker:${action}`);
const throttling = () => awsError('ThrottlingException', 'Rate exceeded', true);

/**
 * Serves ListNotebookInstances from pages linked by NextToken `page-N`, and returns the NextToken of
 * each call as it was sent (the SDK paginator reuses one input object, so the mock's call log shows
 * only the last token).
 */
function listPages(pages: NotebookInstanceSummary[][]): (string | undefined)[] {
  const tokensSent: (string | undefined)[] = [];
  sagemaker.on(ListNotebookInstancesCommand).callsFake((input: { NextToken?: string }): ListNotebookInstancesCommandOutput => {
    tokensSent.push(input.NextToken);
    const index = input.NextToken === undefined ? 0 : Number(input.NextToken.replace('page-', ''));
    const page = pages[index];
    if (page === undefined) throw awsError('ValidationException', `Invalid NextToken ${input.NextToken}`);
    return {
      $metadata: {},
      NotebookInstances: page,
      ...(index + 1 < pages.length ? { NextToken: `page-${index + 1}` } : {}),
    };
  });
  return tokensSent;
}

/** Serves DescribeNotebookInstance by name, failing for the names given. */
function describeAll(failures: Record<string, Error> = {}): void {
  sagemaker.on(DescribeNotebookInstanceCommand).callsFake((input: { NotebookInstanceName: string }) => {
    const failure = failures[input.NotebookInstanceName];
    if (failure !== undefined) throw failure;
    return described(input.NotebookInstanceName);
  });
}

const idsOf = (records: readonly { resource: { id: string } }[]) => records.map((r) => r.resource.id).sort();

describe('sagemaker.notebook-instances collector', () => {
  describe('pagination', () => {
    it('follows NextToken over every page and describes the notebooks of each', async () => {
      // Prepare
      const tokensSent = listPages([[summary('a'), summary('b')], [summary('c'), summary('d')], [summary('e')]]);
      describeAll();
      const ctx = mockedContext();
      // Act
      const result = await sagemakerNotebookInstances.collect(ctx);
      // Assess
      expect(sagemaker).toReceiveCommandTimes(ListNotebookInstancesCommand, 3);
      expect(tokensSent).toEqual([undefined, 'page-1', 'page-2']);
      expect(sagemaker).toReceiveCommandTimes(DescribeNotebookInstanceCommand, 5);
      for (const name of ['a', 'b', 'c', 'd', 'e']) {
        expect(sagemaker).toReceiveCommandWith(DescribeNotebookInstanceCommand, { NotebookInstanceName: name });
      }
      expect(idsOf(result.records)).toEqual(['a', 'b', 'c', 'd', 'e'].map((n) => notebookArn(n)));
      expect(result.coverage).toEqual({ collector: 'sagemaker.notebook-instances', ...SCOPE, status: 'COMPLETE', records: 5, errors: [] });
      expect(ctx.regionsAsked.every((r) => r === SCOPE.region)).toBe(true);
    });

    it('gives COMPLETE coverage and no records for a region without notebooks, describing nothing', async () => {
      // Prepare
      listPages([[]]);
      describeAll();
      // Act
      const result = await sagemakerNotebookInstances.collect(mockedContext());
      // Assess
      expect(result.records).toEqual([]);
      expect(result.coverage).toMatchObject({ status: 'COMPLETE', records: 0, errors: [] });
      expect(sagemaker).not.toReceiveCommand(DescribeNotebookInstanceCommand);
    });

    it('describes at most four notebooks at a time', async () => {
      // Prepare
      listPages([Array.from({ length: 12 }, (_, i) => summary(`nb-${i}`))]);
      let inFlight = 0;
      let mostInFlight = 0;
      sagemaker.on(DescribeNotebookInstanceCommand).callsFake(async (input: { NotebookInstanceName: string }) => {
        inFlight += 1;
        mostInFlight = Math.max(mostInFlight, inFlight);
        await new Promise((resolve) => setTimeout(resolve, 2));
        inFlight -= 1;
        return described(input.NotebookInstanceName);
      });
      // Act
      const result = await sagemakerNotebookInstances.collect(mockedContext());
      // Assess
      expect(result.records).toHaveLength(12);
      expect(mostInFlight).toBeLessThanOrEqual(4);
    });
  });

  describe('records', () => {
    it('keeps the DescribeNotebookInstance answer verbatim, without the SDK metadata, as a valid record', async () => {
      // Prepare
      listPages([[summary('claims-triage')]]);
      describeAll();
      // Act
      const { records } = await sagemakerNotebookInstances.collect(mockedContext());
      // Assess
      expect(records).toHaveLength(1);
      const [record] = records;
      expect(EvidenceRecordSchema.parse(record)).toEqual(record);
      const { $metadata: _dropped, CreationTime, ...fields } = described('claims-triage');
      expect(record).toEqual({
        schemaVersion: 1,
        ...SCOPE,
        source: { collector: 'sagemaker.notebook-instances', service: 'sagemaker', operation: 'DescribeNotebookInstance' },
        resource: { type: 'AWS::SageMaker::NotebookInstance', id: notebookArn('claims-triage') },
        collectedAt: COLLECTED_AT,
        data: { ...fields, CreationTime: CreationTime?.toISOString() },
      });
    });
  });

  describe('listing failures', () => {
    it('turns AccessDenied on the listing into FAILED coverage of kind ACCESS_DENIED, without throwing', async () => {
      // Prepare
      sagemaker.on(ListNotebookInstancesCommand).rejects(accessDenied('ListNotebookInstances'));
      // Act
      const result = await sagemakerNotebookInstances.collect(mockedContext());
      // Assess
      expect(result.records).toEqual([]);
      expect(result.coverage.status).toBe('FAILED');
      expect(result.coverage.errors).toEqual([
        {
          operation: 'ListNotebookInstances',
          kind: 'ACCESS_DENIED',
          code: 'AccessDeniedException',
          message: 'User is not authorized to perform: sagemaker:ListNotebookInstances',
          httpStatus: 400,
        },
      ]);
      expect(sagemaker).not.toReceiveCommand(DescribeNotebookInstanceCommand);
      expect(CoverageEntrySchema.parse(result.coverage)).toEqual(result.coverage);
    });

    it('keeps the notebooks read before the listing was denied on a later page, and still reports FAILED', async () => {
      // Prepare
      sagemaker
        .on(ListNotebookInstancesCommand)
        .resolvesOnce({ NotebookInstances: [summary('a'), summary('b')], NextToken: 'page-1' })
        .rejectsOnce(accessDenied('ListNotebookInstances'));
      describeAll();
      // Act
      const result = await sagemakerNotebookInstances.collect(mockedContext());
      // Assess
      expect(idsOf(result.records)).toEqual([notebookArn('a'), notebookArn('b')]);
      expect(result.coverage).toMatchObject({ status: 'FAILED', records: 2 });
      expect(result.coverage.errors).toHaveLength(1);
      expect(result.coverage.errors[0]).toMatchObject({ operation: 'ListNotebookInstances', kind: 'ACCESS_DENIED' });
      expect(result.coverage.errors[0]).not.toHaveProperty('resourceId');
    });

    it('turns throttling of the listing that outlived the retries into FAILED coverage of kind THROTTLED', async () => {
      // Prepare
      sagemaker.on(ListNotebookInstancesCommand).rejects(throttling());
      // Act
      const result = await sagemakerNotebookInstances.collect(mockedContext());
      // Assess
      expect(result.coverage).toMatchObject({ status: 'FAILED', records: 0 });
      expect(result.coverage.errors).toEqual([
        { operation: 'ListNotebookInstances', kind: 'THROTTLED', code: 'ThrottlingException', message: 'Rate exceeded', httpStatus: 400 },
      ]);
    });

    it('classifies an error it does not know as ERROR, and still does not throw', async () => {
      // Prepare
      sagemaker.on(ListNotebookInstancesCommand).rejects(awsError('InternalFailure', 'We encountered an internal error.'));
      // Act
      const result = await sagemakerNotebookInstances.collect(mockedContext());
      // Assess
      expect(result.coverage).toMatchObject({ status: 'FAILED', errors: [{ kind: 'ERROR', code: 'InternalFailure' }] });
    });

    it.each<[string, Partial<NotebookInstanceSummary>]>([
      ['a summary without a name', { NotebookInstanceArn: notebookArn('x') }],
      ['a summary without an ARN', { NotebookInstanceName: 'x' }],
    ])('turns %s into FAILED coverage of kind INVALID_RESPONSE', async (_case, malformed) => {
      // Prepare
      sagemaker.on(ListNotebookInstancesCommand).resolves({ NotebookInstances: [summary('a'), malformed as NotebookInstanceSummary] });
      describeAll();
      // Act
      const result = await sagemakerNotebookInstances.collect(mockedContext());
      // Assess
      expect(result.coverage.status).toBe('FAILED');
      expect(result.coverage.errors).toHaveLength(1);
      expect(result.coverage.errors[0]).toMatchObject({ operation: 'ListNotebookInstances', kind: 'INVALID_RESPONSE' });
      // The well-formed notebook listed before it is still collected.
      expect(idsOf(result.records)).toEqual([notebookArn('a')]);
    });
    it('turns a NextToken the listing already gave into INVALID_RESPONSE instead of paging forever', async () => {
      // Prepare: the second page hands back the first page's token, so a paginator would loop.
      let calls = 0;
      sagemaker.on(ListNotebookInstancesCommand).callsFake((): ListNotebookInstancesCommandOutput => {
        calls += 1;
        // A guard for this test only: stop a runaway loop with an error the assertions reject.
        if (calls > 20) throw awsError('RunawayPagination', 'the collector kept paging');
        return { $metadata: {}, NotebookInstances: [summary(`nb-${calls}`)], NextToken: 'page-1' };
      });
      describeAll();
      // Act
      const result = await sagemakerNotebookInstances.collect(mockedContext());
      // Assess
      expect(calls).toBe(2);
      expect(result.coverage.status).toBe('FAILED');
      expect(result.coverage.errors).toEqual([expect.objectContaining({ operation: 'ListNotebookInstances', kind: 'INVALID_RESPONSE' })]);
      expect(idsOf(result.records)).toEqual([notebookArn('nb-1'), notebookArn('nb-2')]);
    });
  });

  describe('failures on one notebook', () => {
    it.each([
      ['AccessDenied', accessDenied('DescribeNotebookInstance'), 'ACCESS_DENIED'],
      ['throttling that outlived the retries', throttling(), 'THROTTLED'],
    ])('turns %s on one notebook into PARTIAL coverage naming its ARN, and collects the others', async (_case, error, kind) => {
      // Prepare
      listPages([[summary('a'), summary('b')], [summary('c')]]);
      describeAll({ b: error });
      // Act
      const result = await sagemakerNotebookInstances.collect(mockedContext());
      // Assess
      expect(idsOf(result.records)).toEqual([notebookArn('a'), notebookArn('c')]);
      expect(result.coverage).toMatchObject({ status: 'PARTIAL', records: 2 });
      expect(result.coverage.errors).toEqual([
        {
          operation: 'DescribeNotebookInstance',
          resourceId: notebookArn('b'),
          kind,
          code: error.name,
          message: error.message,
          httpStatus: 400,
        },
      ]);
    });

    it('turns a describe answer without NotebookInstanceArn into PARTIAL coverage of kind INVALID_RESPONSE for that notebook', async () => {
      // Prepare
      listPages([[summary('a'), summary('b')]]);
      sagemaker.on(DescribeNotebookInstanceCommand).callsFake((input: { NotebookInstanceName: string }) => {
        const { NotebookInstanceArn: _missing, ...rest } = described(input.NotebookInstanceName);
        return input.NotebookInstanceName === 'b' ? rest : described(input.NotebookInstanceName);
      });
      // Act
      const result = await sagemakerNotebookInstances.collect(mockedContext());
      // Assess
      expect(idsOf(result.records)).toEqual([notebookArn('a')]);
      expect(result.coverage.status).toBe('PARTIAL');
      expect(result.coverage.errors).toEqual([
        expect.objectContaining({ operation: 'DescribeNotebookInstance', resourceId: notebookArn('b'), kind: 'INVALID_RESPONSE' }),
      ]);
    });

    it('reports failed notebooks in the same order whichever failed first', async () => {
      // Prepare: two notebooks fail; delaying one or the other changes which failure is met first.
      const run = async (slow: string) => {
        sagemaker.reset();
        listPages([[summary('a'), summary('b'), summary('c'), summary('d')]]);
        sagemaker.on(DescribeNotebookInstanceCommand).callsFake(async (input: { NotebookInstanceName: string }) => {
          const name = input.NotebookInstanceName;
          if (name === slow) await new Promise((resolve) => setTimeout(resolve, 5));
          if (name === 'b' || name === 'd') throw accessDenied('DescribeNotebookInstance');
          return described(name);
        });
        return (await sagemakerNotebookInstances.collect(mockedContext())).coverage;
      };
      // Act
      const bSlow = await run('b');
      const dSlow = await run('d');
      // Assess
      expect(bSlow).toEqual(dSlow);
      expect(bSlow.errors.map((e) => e.resourceId)).toEqual([notebookArn('b'), notebookArn('d')]);
    });
  });
});
