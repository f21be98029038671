import { endpointMonitoredControl } from './sagemaker-helpers.js';

/** Every serving endpoint has a working Model Monitor (SageMaker Clarify) bias drift schedule. */
export const control = endpointMonitoredControl(
  {
    id: 'sagemaker_endpoint_model_bias_monitored',
    version: 1,
    title: 'SageMaker endpoints in service are monitored for bias drift (SageMaker Clarify)',
    rationale:
      'A model measured as fair before deployment can become unfair as the population it scores shifts. A bias drift schedule recomputes the Clarify bias metrics on live traffic, so a model that starts to treat a group differently is found while it is serving, not at the next review.',
    severity: 'LOW',
    remediation:
      'Capture endpoint data and ground truth, create a model bias job definition with a Clarify baseline (CreateModelBiasJobDefinition) and a monitoring schedule of type ModelBias for the endpoint, and alarm on its violations; fix schedules that are stopped or whose runs fail.',
    cafAi: ['security-assurance', 'security-governance'],
    aiRmf: ['MEASURE 2.11', 'MANAGE 4.1', 'MEASURE 4.2'],
    iso42001: ['A.5.4', 'A.6.2.6'],
    aiLayers: ['model', 'output'],
    securityHubControls: [],
    configRules: [],
  },
  'ModelBias',
  'bias drift',
);
