import { describe, expect, it } from 'vitest';
import { control } from '../../lib/controls/macie_training_data_bucket_in_classification_job.js';
import { regionResourceId } from '../fixtures/control-cases.js';
import { accessDenied, complete, digestOf, failed, findingFor, judge, OTHER_SCOPE, SCOPE } from '../fixtures/evidence.js';
import { bucketEvidence, jobEvidence, MACIE_BUCKETS, MACIE_JOBS, TRAINING_TAG } from '../fixtures/supporting.js';

const BUCKET = 'acme-fraud-training-data';
const bucketArn = `arn:aws:s3:::${BUCKET}`;
const byName = (names: string[]) => ({ bucketDefinitions: [{ accountId: SCOPE.accountId, buckets: names }] });
const byTag = (comparator: string, key = TRAINING_TAG.key, value = TRAINING_TAG.value) => ({
  bucketCriteria: { includes: { and: [{ tagCriterion: { comparator, tagValues: [{ key, value }] } }] } },
});

function judgeBucket(jobs: ReturnType<typeof jobEvidence>[], bucket = bucketEvidence(BUCKET)) {
  const findings = judge(control, {
    evidence: [bucket, ...jobs],
    coverage: [complete(MACIE_BUCKETS, 1), complete(MACIE_JOBS, jobs.length)],
  });
  return findingFor(findings, bucketArn);
}

describe('macie_training_data_bucket_in_classification_job', () => {
  it.each([
    ['#1 a scheduled job naming the bucket', byName([BUCKET, 'other'])],
    ['#2 a running scheduled job whose criteria include the training-data tag', { ...byTag('EQ'), jobStatus: 'RUNNING' }],
    [
      '#3 a job whose criteria include the bucket name by prefix',
      {
        bucketCriteria: {
          includes: { and: [{ simpleCriterion: { comparator: 'STARTS_WITH', key: 'S3_BUCKET_NAME', values: ['acme-fraud'] } }] },
        },
      },
    ],
    [
      '#4 a job over the whole account that excludes only public buckets',
      {
        bucketCriteria: {
          excludes: { and: [{ simpleCriterion: { comparator: 'EQ', key: 'S3_BUCKET_EFFECTIVE_PERMISSION', values: ['PUBLIC'] } }] },
        },
      },
    ],
  ])('compliant: %s is PASS, citing the bucket and the job', (_case, job) => {
    const covering = jobEvidence('weekly', job);
    const bucket = bucketEvidence(BUCKET);
    const finding = judgeBucket([covering], bucket);
    expect(finding.status).toBe('PASS');
    expect(finding.reason).toContain('weekly');
    expect(finding.evidence).toEqual([digestOf(bucket), digestOf(covering)].sort());
  });

  it.each<[string, Record<string, unknown>, string]>([
    ['#5 only a one-time job', { ...byName([BUCKET]), jobType: 'ONE_TIME', jobStatus: 'COMPLETE' }, 'ONE_TIME, COMPLETE'],
    ['#6 only a cancelled job', { ...byName([BUCKET]), jobStatus: 'CANCELLED' }, 'CANCELLED'],
    ['#7 only a job paused by its user', { ...byName([BUCKET]), jobStatus: 'USER_PAUSED' }, 'USER_PAUSED'],
    ['#8 a job naming other buckets', byName(['acme-web-assets']), 'not in any Macie classification job'],
    [
      '#9 a job that excludes the training-data tag',
      { bucketCriteria: { excludes: { and: [{ tagCriterion: { comparator: 'EQ', tagValues: [TRAINING_TAG] } }] } } },
      'not in any',
    ],
    ['#10 a job over another account', { bucketDefinitions: [{ accountId: OTHER_SCOPE.accountId, buckets: [BUCKET] }] }, 'not in any'],
  ])('non-compliant: %s is FAIL', (_case, job, words) => {
    const finding = judgeBucket([jobEvidence('job-1', job)]);
    expect(finding.status).toBe('FAIL');
    expect(finding.reason).toContain(words);
  });

  it('#11 non-compliant: no job at all is FAIL', () => {
    expect(judgeBucket([]).status).toBe('FAIL');
  });

  it('#12 gives INSUFFICIENT_EVIDENCE when the only candidate job uses a criterion it cannot evaluate', () => {
    const odd = jobEvidence('odd', {
      bucketCriteria: { includes: { and: [{ simpleCriterion: { comparator: 'GT', key: 'S3_BUCKET_NAME', values: ['a'] } }] } },
    });
    const finding = judgeBucket([odd]);
    expect(finding.status).toBe('INSUFFICIENT_EVIDENCE');
    expect(finding.reason).toContain('odd');
  });

  it('#13 gives INSUFFICIENT_EVIDENCE for an uncovered bucket when the jobs could not be listed, and PASS still needs no more', () => {
    const bucket = bucketEvidence(BUCKET);
    const covered = bucketEvidence('acme-claims-training');
    const job = jobEvidence('weekly', byName(['acme-claims-training']));
    const findings = judge(control, {
      evidence: [bucket, covered, job],
      coverage: [complete(MACIE_BUCKETS, 2), failed(MACIE_JOBS, accessDenied('ListClassificationJobs'), 1)],
    });
    expect(findingFor(findings, bucketArn).status).toBe('INSUFFICIENT_EVIDENCE');
    expect(findingFor(findings, 'arn:aws:s3:::acme-claims-training').status).toBe('PASS');
  });

  it('#14 ignores buckets without the training-data tag; NOT_APPLICABLE when none has it', () => {
    const findings = judge(control, {
      evidence: [
        bucketEvidence('acme-web-assets', [{ key: 'owner', value: 'marketing' }]),
        bucketEvidence('x', [{ key: TRAINING_TAG.key, value: 'reference-data' }]),
      ],
      coverage: [complete(MACIE_BUCKETS, 2), complete(MACIE_JOBS, 0)],
    });
    expect(findings).toEqual([
      expect.objectContaining({ status: 'NOT_APPLICABLE', resource: { type: 'AWS::::Account', id: regionResourceId(SCOPE) } }),
    ]);
  });

  it.each([
    [
      'the buckets could not be listed (Macie not enabled)',
      [failed(MACIE_BUCKETS, { ...accessDenied('DescribeBuckets'), message: 'Macie is not enabled.' }), complete(MACIE_JOBS, 0)],
      'Macie is not enabled',
    ],
    ['the jobs collector did not run', [complete(MACIE_BUCKETS, 1)], MACIE_JOBS],
    ['no collector ran', [], MACIE_BUCKETS],
  ])('#15 gives INSUFFICIENT_EVIDENCE for the scope when %s', (_case, coverage, words) => {
    const findings = judge(control, { evidence: [bucketEvidence(BUCKET)], coverage });
    expect(findings).toEqual([
      expect.objectContaining({ status: 'INSUFFICIENT_EVIDENCE', resource: { type: 'AWS::::Account', id: regionResourceId(SCOPE) } }),
    ]);
    expect(findings[0]?.reason).toContain(words);
  });
});
