import { ENDPOINT_CONFIGS, sagemakerControl, valueAt } from './sagemaker.js';

/** Every instance-backed production variant of an endpoint configuration starts with more than one instance. */
export const control = sagemakerControl(
  ENDPOINT_CONFIGS,
  {
    id: 'sagemaker_endpoint_config_variants_multiple_instances',
    version: 1,
    title: 'SageMaker endpoint configurations run each production variant on more than one instance',
    rationale:
      'With one instance a variant has no second Availability Zone: an instance or zone failure takes the model offline, and the business process relying on it (claims triage, fraud scoring) stops or falls back to unreviewed defaults.',
    severity: 'MEDIUM',
    remediation:
      'Create an endpoint configuration whose production variants have InitialInstanceCount of 2 or more (or are serverless), then call UpdateEndpoint; add auto scaling with a minimum capacity of 2.',
    cafAi: ['infrastructure-protection'],
    aiRmf: ['MEASURE 2.7', 'MANAGE 2.2'],
    iso42001: ['A.6.2.6'],
    aiLayers: ['model'],
    securityHubControls: ['SageMaker.4'],
    configRules: ['sagemaker-endpoint-config-prod-instance-count'],
  },
  (record, label) => {
    const variants = valueAt(record, 'ProductionVariants');
    if (!Array.isArray(variants) || variants.length === 0) {
      return { status: 'INSUFFICIENT_EVIDENCE', reason: `DescribeEndpointConfig for ${label} did not report its ProductionVariants.` };
    }
    const single: string[] = [];
    for (const [index, variant] of variants.entries()) {
      const v = (typeof variant === 'object' && variant !== null ? variant : {}) as Record<string, unknown>;
      const name = typeof v.VariantName === 'string' ? v.VariantName : `#${index + 1}`;
      // A serverless variant has no instance count: the service spreads it over zones itself.
      if (typeof v.ServerlessConfig === 'object' && v.ServerlessConfig !== null) continue;
      if (typeof v.InitialInstanceCount !== 'number') {
        return {
          status: 'INSUFFICIENT_EVIDENCE',
          reason: `DescribeEndpointConfig for ${label} reported production variant ${name} without InitialInstanceCount or ServerlessConfig.`,
        };
      }
      if (v.InitialInstanceCount < 2) single.push(`${name} (${v.InitialInstanceCount})`);
    }
    if (single.length > 0) {
      return { status: 'FAIL', reason: `${label} runs production variants on a single instance: ${single.join(', ')}.` };
    }
    return { status: 'PASS', reason: `${label} runs every production variant on more than one instance or serverless.` };
  },
);
