import { describe } from 'vitest';
import { ENDPOINT_CONFIGS } from '../../lib/controls/sagemaker.js';
import { control } from '../../lib/controls/sagemaker_endpoint_config_data_capture_encrypted_with_cmk.js';
import { describeSharedCases } from '../fixtures/control-cases.js';
import { describedEndpointConfig, sagemakerSubject } from '../fixtures/sagemaker.js';
import { describeAnswerCases } from '../fixtures/sagemaker-cases.js';

describe('sagemaker_endpoint_config_data_capture_encrypted_with_cmk', () => {
  describeAnswerCases(
    control,
    ENDPOINT_CONFIGS,
    'fraud-scoring-config',
    (overrides) => describedEndpointConfig('fraud-scoring-config', overrides),
    [
      [
        '#1 compliant: data capture with a KmsKeyId is PASS',
        {
          DataCaptureConfig: {
            EnableCapture: true,
            InitialSamplingPercentage: 20,
            DestinationS3Uri: 's3://capture/',
            KmsKeyId: 'arn:aws:kms:eu-west-1:111122223333:key/capture',
          },
        },
        'PASS',
        'key/capture',
      ],
      [
        '#2 non-compliant: data capture without a KmsKeyId is FAIL',
        {
          DataCaptureConfig: { EnableCapture: true, InitialSamplingPercentage: 20, DestinationS3Uri: 's3://capture/' },
        },
        'FAIL',
        'DataCaptureConfig.KmsKeyId',
      ],
      ['#3 not applicable: no data capture is NOT_APPLICABLE', { DataCaptureConfig: undefined }, 'NOT_APPLICABLE', 'captures no data'],
      [
        '#4 not applicable: an empty DataCaptureConfig (as moto returns for none) is NOT_APPLICABLE',
        { DataCaptureConfig: {} },
        'NOT_APPLICABLE',
        'captures no data',
      ],
    ],
  );

  describeSharedCases(sagemakerSubject(control, ENDPOINT_CONFIGS, (n, scope) => describedEndpointConfig(`config-${n}`, {}, scope)));
});
