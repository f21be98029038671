import { describe, expect, it } from 'vitest';
import { control } from '../../lib/controls/bedrock_knowledge_base_evaluated_recently.js';
import { evaluate } from '../../lib/controls/evaluate.js';
import {
  describedKnowledgeBase,
  EVALUATION_JOB_COLLECTOR,
  evaluationJobEvidence,
  evaluationSummary,
  KNOWLEDGE_BASE_COLLECTOR,
  knowledgeBaseArn,
  knowledgeBaseEvidence,
} from '../fixtures/bedrock.js';
import { regionResourceId } from '../fixtures/control-cases.js';
import { accessDenied, complete, digestOf, EVALUATED_AT, failed, findingFor, judge, partial, SCOPE } from '../fixtures/evidence.js';

const KB = knowledgeBaseEvidence(describedKnowledgeBase('POLICYKB01'));
const daysBefore = (days: number) => new Date(Date.parse(EVALUATED_AT) - days * 86_400_000).toISOString();
const ragJob = (name: string, kb: string, overrides: Record<string, unknown> = {}) =>
  evaluationJobEvidence(
    evaluationSummary(name, {
      creationTime: daysBefore(20),
      evaluationTaskTypes: ['General'],
      inferenceConfigSummary: { ragConfigSummary: { bedrockKnowledgeBaseIdentifiers: [kb] } },
      ...overrides,
    }),
  );

function judgeKb(jobs: ReturnType<typeof ragJob>[], evaluationCoverage = complete(EVALUATION_JOB_COLLECTOR, jobs.length)) {
  const findings = judge(control, { evidence: [KB, ...jobs], coverage: [complete(KNOWLEDGE_BASE_COLLECTOR, 1), evaluationCoverage] });
  expect(findings).toHaveLength(1);
  return findingFor(findings, KB.record.resource.id);
}

describe('bedrock_knowledge_base_evaluated_recently', () => {
  it.each([
    ['#1 compliant: a recent completed job naming the knowledge base ARN', knowledgeBaseArn('POLICYKB01')],
    ['#2 compliant: a recent completed job naming the knowledge base id', 'POLICYKB01'],
  ])('%s is PASS, citing the knowledge base and the job', (_case, identifier) => {
    // Prepare
    const job = ragJob('policy-kb-eval', identifier);
    // Act
    const finding = judgeKb([job, ragJob('other-kb-eval', 'OTHERKB001')]);
    // Assess
    expect(finding.status).toBe('PASS');
    expect(finding.reason).toContain('policy-kb-eval');
    expect(finding.evidence).toEqual([digestOf(KB), digestOf(job)].sort());
  });

  it('#3 compliant: the deprecated ragIdentifiers field counts too', () => {
    // Act
    const finding = judgeKb([
      ragJob('legacy-eval', 'x', { inferenceConfigSummary: undefined, ragIdentifiers: [knowledgeBaseArn('POLICYKB01')] }),
    ]);
    // Assess
    expect(finding.status).toBe('PASS');
  });

  it.each([
    ['#4 non-compliant: no evaluation of this knowledge base', [ragJob('other-kb-eval', 'OTHERKB001')], 'never been evaluated'],
    [
      '#5 non-compliant: the only evaluation is too old',
      [ragJob('old-eval', 'POLICYKB01', { creationTime: daysBefore(400) })],
      'none completed',
    ],
    ['#6 non-compliant: the only evaluation failed', [ragJob('failed-eval', 'POLICYKB01', { status: 'Failed' })], 'none completed'],
  ])('%s is FAIL', (_case, jobs, words) => {
    // Act
    const finding = judgeKb(jobs);
    // Assess
    expect(finding.status).toBe('FAIL');
    expect(finding.reason).toContain(words);
    expect(finding.evidence).toEqual([digestOf(KB)]);
  });

  it('#7 gives INSUFFICIENT_EVIDENCE, not FAIL, when the evaluation jobs could not be listed', () => {
    // Act
    const finding = judgeKb([], failed(EVALUATION_JOB_COLLECTOR, accessDenied('ListEvaluationJobs')));
    // Assess
    expect(finding.status).toBe('INSUFFICIENT_EVIDENCE');
  });

  it('#8 still PASSes on a recent evaluation read before the listing failed', () => {
    // Act
    const finding = judgeKb(
      [ragJob('policy-kb-eval', 'POLICYKB01')],
      failed(EVALUATION_JOB_COLLECTOR, accessDenied('ListEvaluationJobs'), 1),
    );
    // Assess
    expect(finding.status).toBe('PASS');
  });

  it('#9 judges against the run start it is given', () => {
    // Prepare
    const evidence = [KB, ragJob('policy-kb-eval', 'POLICYKB01')];
    const coverage = [complete(KNOWLEDGE_BASE_COLLECTOR, 1), complete(EVALUATION_JOB_COLLECTOR, 1)];
    const later = new Date(Date.parse(EVALUATED_AT) + 365 * 86_400_000).toISOString();
    // Act
    const [finding] = evaluate([control], { scopes: [SCOPE], evaluatedAt: later, evidence, coverage });
    // Assess
    expect(finding?.status).toBe('FAIL');
  });

  it('#10 gives INSUFFICIENT_EVIDENCE for the region when the knowledge bases were not read, and names one that could not be', () => {
    // Act
    const neverRan = judge(control, { coverage: [complete(EVALUATION_JOB_COLLECTOR, 0)] });
    const oneUnread = judge(control, {
      coverage: [
        partial(KNOWLEDGE_BASE_COLLECTOR, [accessDenied('GetKnowledgeBase', knowledgeBaseArn('HIDDENKB01'))], 0),
        complete(EVALUATION_JOB_COLLECTOR, 0),
      ],
    });
    // Assess
    expect(neverRan.map((f) => [f.resource.id, f.status])).toEqual([[regionResourceId(SCOPE), 'INSUFFICIENT_EVIDENCE']]);
    expect(oneUnread.map((f) => [f.resource.id, f.status])).toEqual([[knowledgeBaseArn('HIDDENKB01'), 'INSUFFICIENT_EVIDENCE']]);
  });

  it('#11 is NOT_APPLICABLE in a region read completely without knowledge bases', () => {
    // Act / Assess
    expect(
      judge(control, { coverage: [complete(KNOWLEDGE_BASE_COLLECTOR, 0), complete(EVALUATION_JOB_COLLECTOR, 0)] }).map((f) => f.status),
    ).toEqual(['NOT_APPLICABLE']);
  });
});
