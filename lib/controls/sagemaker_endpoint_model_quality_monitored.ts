import { endpointMonitoredControl } from './sagemaker-helpers.js';

/** Every serving endpoint has a working Model Monitor model quality schedule. */
export const control = endpointMonitoredControl(
  {
    id: 'sagemaker_endpoint_model_quality_monitored',
    version: 1,
    title: 'SageMaker endpoints in service are monitored for model quality drift',
    rationale:
      'Accuracy measured before deployment decays as the world changes. Model quality monitoring compares predictions with ground truth as it arrives, so a model that has stopped being right is found and retrained or withdrawn.',
    severity: 'MEDIUM',
    remediation:
      'Capture endpoint data, ingest ground truth labels to S3, create a model quality job definition with a baseline and a monitoring schedule for the endpoint, and alarm on its violations; fix schedules that are stopped or whose runs fail.',
    cafAi: ['threat-detection', 'security-assurance'],
    aiRmf: ['MANAGE 4.1', 'MEASURE 4.2', 'MANAGE 2.2'],
    iso42001: ['A.6.2.6'],
    aiLayers: ['model', 'output'],
    securityHubControls: [],
    configRules: [],
  },
  'ModelQuality',
  'model quality',
);
