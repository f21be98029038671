import type { SealedEvidence } from '../evidence/record.js';
import { perScope } from './per-resource.js';
import { MODELS, MONITORING_JOB_DEFINITION_COLLECTOR, MONITORING_JOB_KINDS, PROCESSING_JOBS, textAt } from './sagemaker.js';

/** The repository of SageMaker Clarify's processing image, in every region's SageMaker image account. */
const CLARIFY_IMAGE = /\.dkr\.ecr\.[a-z0-9-]+\.amazonaws\.com(\.cn)?\/sagemaker-clarify-processing[:@]/;

const ofType = (records: readonly SealedEvidence[] | undefined, type: string) =>
  (records ?? []).filter((e) => e.record.resource.type === type);

/** A region that hosts SageMaker models evaluates them for bias: Clarify jobs or bias monitoring. */
export const control = perScope(
  {
    id: 'sagemaker_model_bias_evaluated',
    version: 1,
    title: 'Regions with SageMaker models evaluate them for bias (SageMaker Clarify or bias monitoring)',
    rationale:
      'A model that decides about people (claims, fraud, eligibility) can treat groups unequally without anyone noticing. A Clarify bias analysis before deployment, or a bias monitoring job on the endpoint, is the evidence that fairness was measured rather than assumed.',
    severity: 'MEDIUM',
    remediation:
      'Run a SageMaker Clarify processing job (pre- and post-training bias metrics) for each model before approval, and create a model bias job definition and monitoring schedule for endpoints that decide about people; record the reports with the model package.',
    cafAi: ['security-assurance', 'security-governance'],
    aiRmf: ['MEASURE 2.11', 'MAP 5.1', 'MEASURE 2.3'],
    iso42001: ['A.5.4', 'A.6.2.4'],
    aiLayers: ['model', 'output'],
    securityHubControls: [],
    configRules: [],
    collectors: [MODELS.collector, PROCESSING_JOBS.collector, MONITORING_JOB_DEFINITION_COLLECTOR],
    resourceType: 'AWS::::Account',
  },
  {
    collectors: [MODELS.collector, PROCESSING_JOBS.collector, MONITORING_JOB_DEFINITION_COLLECTOR],
    noun: 'SageMaker models, processing jobs and monitoring job definitions',
    check: (records, scope) => {
      const where = `account ${scope.accountId} in ${scope.region}`;
      const models = ofType(records.get(MODELS.collector), MODELS.resourceType);
      const clarify = ofType(records.get(PROCESSING_JOBS.collector), PROCESSING_JOBS.resourceType).filter((job) =>
        CLARIFY_IMAGE.test(textAt(job.record, 'AppSpecification.ImageUri') ?? ''),
      );
      const monitors = ofType(records.get(MONITORING_JOB_DEFINITION_COLLECTOR), MONITORING_JOB_KINDS.ModelBias.resourceType);
      if (models.length === 0) return { status: 'NOT_APPLICABLE', reason: `No SageMaker models in ${where}.`, cite: [] };
      if (clarify.length + monitors.length > 0) {
        return {
          status: 'PASS',
          reason: `SageMaker models in ${where} are evaluated for bias: ${clarify.length} Clarify processing job(s) in the last 90 days and ${monitors.length} model bias job definition(s).`,
          cite: [...clarify, ...monitors],
        };
      }
      return {
        status: 'FAIL',
        reason: `In ${where}, ${models.length} SageMaker model(s) exist but there is no Clarify processing job in the last 90 days and no model bias job definition.`,
        cite: models,
      };
    },
  },
);
