import { sagemakerAutoMlJobs } from './sagemaker-automl-jobs.js';
import { sagemakerCompilationJobs } from './sagemaker-compilation-jobs.js';
import { sagemakerDomains } from './sagemaker-domains.js';
import { sagemakerEndpointConfigs } from './sagemaker-endpoint-configs.js';
import { sagemakerEndpoints } from './sagemaker-endpoints.js';
import { sagemakerFeatureGroups } from './sagemaker-feature-groups.js';
import { sagemakerHyperParameterTuningJobs } from './sagemaker-hyperparameter-tuning-jobs.js';
import { sagemakerInferenceExperiments } from './sagemaker-inference-experiments.js';
import { sagemakerModelPackageGroupPolicies } from './sagemaker-model-package-group-policies.js';
import { sagemakerModelPackages } from './sagemaker-model-packages.js';
import { sagemakerModels } from './sagemaker-models.js';
import { sagemakerMonitoringJobDefinitions } from './sagemaker-monitoring-job-definitions.js';
import { sagemakerMonitoringSchedules } from './sagemaker-monitoring-schedules.js';
import { sagemakerNotebookInstances } from './sagemaker-notebook-instances.js';
import { sagemakerNotebookLifecycleConfigs } from './sagemaker-notebook-lifecycle-configs.js';
import { sagemakerProcessingJobs } from './sagemaker-processing-jobs.js';
import { sagemakerTrainingJobs } from './sagemaker-training-jobs.js';
import { sagemakerTransformJobs } from './sagemaker-transform-jobs.js';
import type { Collector } from './types.js';

/** Amazon SageMaker: notebooks, domains, endpoints, models, jobs, model registry, monitoring. */
export const sagemakerCollectors: readonly Collector[] = [
  sagemakerNotebookInstances,
  sagemakerNotebookLifecycleConfigs,
  sagemakerDomains,
  sagemakerEndpointConfigs,
  sagemakerEndpoints,
  sagemakerModels,
  sagemakerTrainingJobs,
  sagemakerProcessingJobs,
  sagemakerModelPackages,
  sagemakerMonitoringSchedules,
  sagemakerMonitoringJobDefinitions,
  sagemakerFeatureGroups,
  sagemakerTransformJobs,
  sagemakerHyperParameterTuningJobs,
  sagemakerCompilationJobs,
  sagemakerAutoMlJobs,
  sagemakerInferenceExperiments,
  sagemakerModelPackageGroupPolicies,
];
