import { dataEventsControl } from './cloudtrail-helpers.js';

/** A logging trail records SageMaker endpoint invocations (InvokeEndpoint data events). */
export const control = dataEventsControl(
  {
    id: 'cloudtrail_sagemaker_data_events_captured',
    version: 3,
    title: 'CloudTrail records Amazon SageMaker endpoint invocations (data events)',
    rationale:
      'InvokeEndpoint calls to a hosted model are data events: without them there is no record of which principal sent what volume of requests to the fraud or claims model, which abuse, model extraction or data exfiltration investigations need.',
    severity: 'MEDIUM',
    remediation:
      'Add an advanced event selector to a logging multi-region trail (PutEventSelectors) with eventCategory = Data and resources.type = AWS::SageMaker::Endpoint.',
    cafAi: ['threat-detection', 'incident-response'],
    aiRmf: ['MEASURE 2.4', 'MANAGE 4.1'],
    iso42001: ['A.6.2.8'],
    aiLayers: ['input', 'output'],
    securityHubControls: [],
    configRules: [],
  },
  'Amazon SageMaker',
  ['AWS::SageMaker::Endpoint'],
);
