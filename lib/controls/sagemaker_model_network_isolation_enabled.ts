import { booleanSetting, MODELS, sagemakerControl } from './sagemaker.js';

/** The containers of a SageMaker model can make no outbound network calls. */
export const control = sagemakerControl(
  MODELS,
  {
    id: 'sagemaker_model_network_isolation_enabled',
    version: 1,
    title: 'SageMaker models have network isolation enabled',
    rationale:
      'A model container with network access can send the inference data it receives, or the model weights, anywhere, and a compromised or malicious container can pull code at run time. Isolation removes that path for hosting and batch transform.',
    severity: 'MEDIUM',
    remediation:
      'Create the model again with EnableNetworkIsolation set to true (the setting cannot be changed), point the endpoint configuration at it and call UpdateEndpoint; give the container what it needs through the model artefacts.',
    cafAi: ['infrastructure-protection', 'data-protection'],
    aiRmf: ['MEASURE 2.7', 'MANAGE 1.3'],
    iso42001: ['A.4.5'],
    aiLayers: ['model', 'output'],
    securityHubControls: ['SageMaker.5'],
    configRules: ['sagemaker-model-isolation-enabled'],
  },
  (record, label) =>
    booleanSetting(record, 'EnableNetworkIsolation', MODELS, label, {
      on: 'has network isolation enabled',
      off: 'lets its containers make network calls (EnableNetworkIsolation is false)',
    }),
);
