import { describe, expect, it } from 'vitest';
import { control, MAX_AGE_DAYS } from '../../lib/controls/bedrock_evaluation_job_completed_recently.js';
import { evaluate } from '../../lib/controls/evaluate.js';
import { EVALUATION_JOB_COLLECTOR, evaluationJobEvidence, evaluationSummary } from '../fixtures/bedrock.js';
import { regionResourceId } from '../fixtures/control-cases.js';
import { accessDenied, complete, digestOf, EVALUATED_AT, failed, judge, SCOPE } from '../fixtures/evidence.js';

const daysBefore = (days: number) => new Date(Date.parse(EVALUATED_AT) - days * 86_400_000).toISOString();
const job = (name: string, overrides: Record<string, unknown>) => evaluationJobEvidence(evaluationSummary(name, overrides));
const judgeJobs = (jobs: ReturnType<typeof job>[]) => {
  const findings = judge(control, { evidence: jobs, coverage: [complete(EVALUATION_JOB_COLLECTOR, jobs.length)] });
  expect(findings).toHaveLength(1);
  return findings[0];
};

describe('bedrock_evaluation_job_completed_recently', () => {
  it('#1 compliant: a job completed 30 days before the run is PASS, citing it and not older or failed jobs', () => {
    // Prepare
    const recent = job('fraud-eval-q3', { creationTime: daysBefore(30) });
    const old = job('fraud-eval-2024', { creationTime: daysBefore(400) });
    const failedJob = job('chatbot-eval', { status: 'Failed', creationTime: daysBefore(2) });
    // Act
    const finding = judgeJobs([recent, old, failedJob]);
    // Assess
    expect(finding).toMatchObject({ status: 'PASS', resource: { id: regionResourceId(SCOPE) } });
    expect(finding?.evidence).toEqual([digestOf(recent)]);
  });

  it(`#2 compliant: exactly ${MAX_AGE_DAYS} days is still recent`, () => {
    // Act / Assess
    expect(judgeJobs([job('edge', { creationTime: daysBefore(MAX_AGE_DAYS) })])?.status).toBe('PASS');
  });

  it.each([
    ['#3 non-compliant: no evaluation job', [], 'no model evaluation job'],
    [
      '#4 non-compliant: the only completed job is too old',
      [job('old', { creationTime: daysBefore(MAX_AGE_DAYS + 1) })],
      '1 completed earlier',
    ],
    [
      '#5 non-compliant: recent jobs that did not complete',
      [job('running', { status: 'InProgress', creationTime: daysBefore(1) })],
      'none completed',
    ],
    [
      '#6 non-compliant: a completed job without a readable creation time',
      [job('undated', { creationTime: 'yesterday' })],
      'none completed',
    ],
    ['#7 non-compliant: a job dated after the run started', [job('future', { creationTime: daysBefore(-1) })], 'none completed'],
  ])('%s is FAIL', (_case, jobs, words) => {
    // Act
    const finding = judgeJobs(jobs);
    // Assess
    expect(finding?.status).toBe('FAIL');
    expect(finding?.reason).toContain(words);
  });

  it('#8 gives INSUFFICIENT_EVIDENCE when the jobs could not be listed, even with a job read before the failure', () => {
    // Act
    const findings = judge(control, {
      evidence: [job('fraud-eval-q3', { creationTime: daysBefore(30) })],
      coverage: [failed(EVALUATION_JOB_COLLECTOR, accessDenied('ListEvaluationJobs'), 1)],
    });
    // Assess
    expect(findings.map((f) => f.status)).toEqual(['INSUFFICIENT_EVIDENCE']);
    expect(findings[0]?.reason).toContain('AccessDeniedException');
  });

  it('#9 gives INSUFFICIENT_EVIDENCE where the collector never ran', () => {
    // Act / Assess
    expect(judge(control, { coverage: [] }).map((f) => f.status)).toEqual(['INSUFFICIENT_EVIDENCE']);
  });

  it('#10 judges against the run start it is given, not the wall clock', () => {
    // Prepare: a job 30 days old at EVALUATED_AT is 230 days old for a run 200 days later.
    const evidence = [job('fraud-eval-q3', { creationTime: daysBefore(30) })];
    const coverage = [complete(EVALUATION_JOB_COLLECTOR, 1)];
    const later = new Date(Date.parse(EVALUATED_AT) + 200 * 86_400_000).toISOString();
    // Act
    const [now] = evaluate([control], { scopes: [SCOPE], evaluatedAt: EVALUATED_AT, evidence, coverage });
    const [then] = evaluate([control], { scopes: [SCOPE], evaluatedAt: later, evidence, coverage });
    // Assess
    expect(now?.status).toBe('PASS');
    expect(then?.status).toBe('FAIL');
  });
});
