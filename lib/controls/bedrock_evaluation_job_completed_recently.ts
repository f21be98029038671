import { completedWithin, EVALUATION_JOB_COLLECTOR } from './bedrock.js';
import { perScope } from './per-resource.js';
import type { Control, ControlMetadata } from './types.js';

/** How recent the latest completed evaluation must be, in days before the run. */
export const MAX_AGE_DAYS = 180;

const META: ControlMetadata = {
  id: 'bedrock_evaluation_job_completed_recently',
  version: 1,
  title: `Amazon Bedrock model evaluations have completed in each region within ${MAX_AGE_DAYS} days`,
  rationale:
    'The MEASURE function of the AI RMF asks that models be evaluated for accuracy, robustness and safety, regularly and with documented results. Bedrock evaluation jobs (automatic, human or RAG) are that evidence; none completed in half a year means the models in use are not being measured.',
  severity: 'MEDIUM',
  remediation: `Run a Bedrock model evaluation job (CreateEvaluationJob or the console, Inference and Assessment > Evaluations) for each model or knowledge base in use, with datasets that reflect the application, at least every ${MAX_AGE_DAYS} days and after each model change.`,
  cafAi: ['security-assurance'],
  aiRmf: ['MEASURE 1.1', 'MEASURE 2.3', 'MEASURE 2.5', 'MEASURE 2.13'],
  iso42001: ['A.6.2.4'],
  aiLayers: ['model', 'output'],
  securityHubControls: [],
  configRules: [],
  collectors: [EVALUATION_JOB_COLLECTOR],
  resourceType: 'AWS::::Account',
};

/**
 * At least one evaluation job of the scope completed and was created within {@link MAX_AGE_DAYS}
 * days before the run started (the summary has no end time; creation is the date it shows). Judged
 * against the run's start, the one clock evaluation may read.
 */
export const control: Control = {
  ...META,
  evaluate(input) {
    const now = Date.parse(input.evaluatedAt);
    return perScope(META, {
      collectors: [EVALUATION_JOB_COLLECTOR],
      noun: 'Bedrock evaluation jobs',
      check: (records, scope) => {
        const where = `account ${scope.accountId} in ${scope.region}`;
        const jobs = records.get(EVALUATION_JOB_COLLECTOR) ?? [];
        const completed = jobs.filter((e) => e.record.data.status === 'Completed');
        const recent = completed.filter((e) => completedWithin(e.record.data, now, MAX_AGE_DAYS));
        if (recent.length > 0) {
          const latest = recent
            .map((e) => String(e.record.data.creationTime))
            .sort()
            .at(-1);
          return {
            status: 'PASS',
            reason: `Amazon Bedrock in ${where} has ${recent.length} evaluation job${recent.length === 1 ? '' : 's'} completed within ${MAX_AGE_DAYS} days, the latest created ${latest}.`,
            cite: recent,
          };
        }
        if (jobs.length === 0) return { status: 'FAIL', reason: `Amazon Bedrock in ${where} has no model evaluation job.` };
        return {
          status: 'FAIL',
          reason: `Amazon Bedrock in ${where} has ${jobs.length} evaluation job${jobs.length === 1 ? '' : 's'}, none completed within ${MAX_AGE_DAYS} days (${completed.length} completed earlier).`,
          cite: jobs,
        };
      },
    }).evaluate(input);
  },
};
