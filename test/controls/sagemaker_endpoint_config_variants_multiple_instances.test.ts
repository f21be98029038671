import { describe } from 'vitest';
import { ENDPOINT_CONFIGS } from '../../lib/controls/sagemaker.js';
import { control } from '../../lib/controls/sagemaker_endpoint_config_variants_multiple_instances.js';
import { describeSharedCases } from '../fixtures/control-cases.js';
import { describedEndpointConfig, sagemakerSubject } from '../fixtures/sagemaker.js';
import { describeAnswerCases } from '../fixtures/sagemaker-cases.js';

describe('sagemaker_endpoint_config_variants_multiple_instances', () => {
  describeAnswerCases(
    control,
    ENDPOINT_CONFIGS,
    'fraud-scoring-config',
    (overrides) => describedEndpointConfig('fraud-scoring-config', overrides),
    [
      [
        '#1 compliant: two variants with 2 and 3 instances is PASS',
        {
          ProductionVariants: [
            { VariantName: 'blue', InitialInstanceCount: 2 },
            { VariantName: 'green', InitialInstanceCount: 3 },
          ],
        },
        'PASS',
        'more than one instance',
      ],
      [
        '#2 compliant: a serverless variant is PASS',
        {
          ProductionVariants: [{ VariantName: 'AllTraffic', ServerlessConfig: { MemorySizeInMB: 4096, MaxConcurrency: 20 } }],
        },
        'PASS',
        'serverless',
      ],
      [
        '#3 non-compliant: one variant of two with a single instance is FAIL',
        {
          ProductionVariants: [
            { VariantName: 'blue', InitialInstanceCount: 2 },
            { VariantName: 'shadow', InitialInstanceCount: 1 },
          ],
        },
        'FAIL',
        'shadow (1)',
      ],
      [
        '#4 missing evidence: no ProductionVariants is INSUFFICIENT_EVIDENCE',
        { ProductionVariants: undefined },
        'INSUFFICIENT_EVIDENCE',
        'ProductionVariants',
      ],
      [
        '#5 missing evidence: a variant with neither InitialInstanceCount nor ServerlessConfig is INSUFFICIENT_EVIDENCE',
        { ProductionVariants: [{ VariantName: 'odd' }] },
        'INSUFFICIENT_EVIDENCE',
        'odd',
      ],
    ],
  );

  describeSharedCases(sagemakerSubject(control, ENDPOINT_CONFIGS, (n, scope) => describedEndpointConfig(`config-${n}`, {}, scope)));
});
