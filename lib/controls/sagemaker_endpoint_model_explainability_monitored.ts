import { endpointMonitoredControl } from './sagemaker-helpers.js';

/** Every serving endpoint has a working Model Monitor (SageMaker Clarify) feature attribution drift schedule. */
export const control = endpointMonitoredControl(
  {
    id: 'sagemaker_endpoint_model_explainability_monitored',
    version: 1,
    title: 'SageMaker endpoints in service are monitored for feature attribution drift (SageMaker Clarify explainability)',
    rationale:
      'Explanations of why a model decided as it did are only as good as they are current. An explainability schedule recomputes the Clarify feature attributions on live traffic, so a model that has come to rely on other features (a proxy for a protected attribute, a leaked label) is seen, and the explanations given to people stay true.',
    severity: 'LOW',
    remediation:
      'Capture endpoint data, create a model explainability job definition with a Clarify SHAP baseline (CreateModelExplainabilityJobDefinition) and a monitoring schedule of type ModelExplainability for the endpoint, and alarm on its violations; fix schedules that are stopped or whose runs fail.',
    cafAi: ['security-assurance', 'security-governance'],
    aiRmf: ['MEASURE 2.9', 'MANAGE 4.1', 'MEASURE 4.2'],
    iso42001: ['A.6.2.6', 'A.8.2'],
    aiLayers: ['model', 'output'],
    securityHubControls: [],
    configRules: [],
  },
  'ModelExplainability',
  'feature attribution drift',
);
