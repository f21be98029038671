import { endpointMonitoredControl } from './sagemaker-helpers.js';

/** Every serving endpoint has a working Model Monitor data quality schedule. */
export const control = endpointMonitoredControl(
  {
    id: 'sagemaker_endpoint_data_quality_monitored',
    version: 1,
    title: 'SageMaker endpoints in service are monitored for data quality drift',
    rationale:
      'A model is only valid for inputs like those it was trained on. Without data quality monitoring, drift in what the endpoint receives (new claim types, a changed upstream feed, poisoned inputs) goes unnoticed while the model keeps deciding.',
    severity: 'MEDIUM',
    remediation:
      'Enable data capture on the endpoint, baseline the training data (suggest_baseline), create a data quality job definition and a monitoring schedule for the endpoint, and alarm on its CloudWatch violations metrics; fix schedules that are stopped or whose runs fail.',
    cafAi: ['threat-detection', 'security-assurance'],
    aiRmf: ['MANAGE 4.1', 'MEASURE 2.4', 'MEASURE 3.1'],
    iso42001: ['A.6.2.6', 'A.7.4'],
    aiLayers: ['input'],
    securityHubControls: [],
    configRules: [],
  },
  'DataQuality',
  'data quality',
);
