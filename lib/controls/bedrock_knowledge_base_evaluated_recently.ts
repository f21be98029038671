import {
  completedWithin,
  EVALUATION_JOB_COLLECTOR,
  evaluatedKnowledgeBases,
  KNOWLEDGE_BASE_COLLECTOR,
  KNOWLEDGE_BASE_TYPE,
  knowledgeBaseControl,
  textField,
} from './bedrock.js';
import { MAX_AGE_DAYS } from './bedrock_evaluation_job_completed_recently.js';
import { readsOf, scopeKey } from './bedrock-scope-index.js';
import type { Control, ControlMetadata } from './types.js';

const META: Omit<ControlMetadata, 'collectors' | 'resourceType'> = {
  id: 'bedrock_knowledge_base_evaluated_recently',
  version: 1,
  title: `Amazon Bedrock knowledge bases have a RAG evaluation completed within ${MAX_AGE_DAYS} days`,
  rationale:
    'A knowledge base decides what a retrieval-augmented application tells its users. A RAG evaluation measures whether retrieval finds the right passages and whether answers are correct and faithful to them; without one, the quality of the answers built on the knowledge base is unmeasured.',
  severity: 'MEDIUM',
  remediation: `Run a Bedrock knowledge base evaluation (CreateEvaluationJob with applicationType RagEvaluation, or the console, Evaluations > Knowledge Bases) on the knowledge base with questions representative of its users, at least every ${MAX_AGE_DAYS} days and after each change of data source, chunking or model.`,
  cafAi: ['security-assurance'],
  aiRmf: ['MEASURE 2.3', 'MEASURE 2.5', 'MEASURE 2.9'],
  iso42001: ['A.6.2.4', 'A.7.4'],
  aiLayers: ['input', 'output'],
  securityHubControls: [],
  configRules: [],
};

/**
 * Each knowledge base is named by an evaluation job of its region that completed within
 * {@link MAX_AGE_DAYS} days before the run. A knowledge base with no such job among evaluation
 * jobs that were not all read is INSUFFICIENT_EVIDENCE.
 */
export const control: Control = {
  ...META,
  collectors: [KNOWLEDGE_BASE_COLLECTOR, EVALUATION_JOB_COLLECTOR],
  resourceType: KNOWLEDGE_BASE_TYPE,
  evaluate(input) {
    const now = Date.parse(input.evaluatedAt);
    const evaluations = readsOf(input, EVALUATION_JOB_COLLECTOR, 'AWS::Bedrock::EvaluationJob');
    const usedJob = new Map<string, string>();
    const judged = knowledgeBaseControl(META, (kb, name, record) => {
      const what = `Amazon Bedrock knowledge base ${name}`;
      const id = textField(kb, 'knowledgeBaseId');
      const arn = textField(kb, 'knowledgeBaseArn') ?? record.resource.id;
      const names = (identifier: string) =>
        identifier === arn || (id !== undefined && (identifier === id || identifier.endsWith(`/${id}`)));
      const read = evaluations.get(scopeKey(record));
      const jobs = (read?.records ?? []).filter((e) => evaluatedKnowledgeBases(e.record.data).some(names));
      const recent = jobs.filter((e) => completedWithin(e.record.data, now, MAX_AGE_DAYS));
      if (recent.length > 0) {
        const latest = [...recent]
          .sort((a, b) => String(a.record.data.creationTime).localeCompare(String(b.record.data.creationTime)))
          .at(-1);
        if (latest !== undefined) usedJob.set(record.resource.id, latest.sha256);
        return {
          status: 'PASS',
          reason: `${what} was evaluated by ${String(latest?.record.data.jobName)}, completed within ${MAX_AGE_DAYS} days.`,
        };
      }
      if (read === undefined || !read.complete) {
        return {
          status: 'INSUFFICIENT_EVIDENCE',
          reason: `The evaluation jobs of account ${record.accountId} in ${record.region} were not all read, so whether ${what} was evaluated cannot be told.`,
        };
      }
      if (jobs.length === 0) return { status: 'FAIL', reason: `${what} has never been evaluated by a Bedrock RAG evaluation job.` };
      return {
        status: 'FAIL',
        reason: `${what} has ${jobs.length} RAG evaluation job${jobs.length === 1 ? '' : 's'}, none completed within ${MAX_AGE_DAYS} days.`,
      };
    });
    return judged.evaluate(input).map((finding) => {
      const job = finding.status === 'PASS' ? usedJob.get(finding.resource.id) : undefined;
      return job === undefined ? finding : { ...finding, evidence: [...finding.evidence, job].sort() };
    });
  },
};
