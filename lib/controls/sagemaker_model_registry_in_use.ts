import type { SealedEvidence } from '../evidence/record.js';
import { perScope } from './per-resource.js';
import { MODEL_PACKAGES, MODELS, textAt } from './sagemaker.js';

const ofType = (records: readonly SealedEvidence[] | undefined, type: string) =>
  (records ?? []).filter((e) => e.record.resource.type === type);

/** A region that hosts SageMaker models keeps approved versions of them in the model registry. */
export const control = perScope(
  {
    id: 'sagemaker_model_registry_in_use',
    version: 1,
    title: 'Regions with SageMaker models use the model registry with approved model versions',
    rationale:
      'The model registry is where each model version, its lineage, metrics and approval are recorded. Models deployed without it have no record of which version was reviewed and released, or by whom.',
    severity: 'MEDIUM',
    remediation:
      'Register each model in a model package group (one per use case), record its evaluation metrics, approve versions after review, and deploy only approved versions (from the registry, in a CI/CD pipeline).',
    cafAi: ['security-governance', 'security-assurance'],
    aiRmf: ['GOVERN 1.6', 'MAP 2.3', 'MEASURE 2.9'],
    iso42001: ['A.6.2.7', 'A.4.2'],
    aiLayers: ['model'],
    securityHubControls: [],
    configRules: [],
    collectors: [MODELS.collector, MODEL_PACKAGES.collector],
    resourceType: 'AWS::::Account',
  },
  {
    collectors: [MODELS.collector, MODEL_PACKAGES.collector],
    noun: 'SageMaker models and model packages',
    check: (records, scope) => {
      const where = `account ${scope.accountId} in ${scope.region}`;
      const models = ofType(records.get(MODELS.collector), MODELS.resourceType);
      const packages = ofType(records.get(MODEL_PACKAGES.collector), MODEL_PACKAGES.resourceType);
      const approved = packages.filter((p) => textAt(p.record, 'ModelApprovalStatus') === 'Approved');
      if (approved.length > 0) {
        return {
          status: 'PASS',
          reason: `The SageMaker model registry in ${where} holds ${approved.length} approved model version(s).`,
          cite: approved,
        };
      }
      if (models.length === 0 && packages.length === 0) {
        return { status: 'NOT_APPLICABLE', reason: `No SageMaker models or model packages in ${where}.`, cite: [] };
      }
      if (packages.length === 0) {
        return {
          status: 'FAIL',
          reason: `The SageMaker model registry in ${where} holds no model package, though the region has ${models.length} model(s).`,
          cite: models,
        };
      }
      return {
        status: 'FAIL',
        reason: `The SageMaker model registry in ${where} holds ${packages.length} model version(s), none approved.`,
        cite: packages,
      };
    },
  },
);
