import { describe } from 'vitest';
import { ENDPOINTS } from '../../lib/controls/sagemaker.js';
import { control } from '../../lib/controls/sagemaker_endpoint_data_capture_enabled.js';
import { describeSharedCases } from '../fixtures/control-cases.js';
import { describedEndpoint, sagemakerSubject } from '../fixtures/sagemaker.js';
import { describeAnswerCases } from '../fixtures/sagemaker-cases.js';

describe('sagemaker_endpoint_data_capture_enabled', () => {
  describeAnswerCases(control, ENDPOINTS, 'fraud-scoring', (overrides) => describedEndpoint('fraud-scoring', overrides), [
    ['#1 compliant: capture Started at 20% is PASS', {}, 'PASS', '20%'],
    ['#2 non-compliant: no DataCaptureConfig is FAIL', { DataCaptureConfig: undefined }, 'FAIL', 'no data capture'],
    [
      '#3 non-compliant: an empty DataCaptureConfig (as moto returns for none) is FAIL',
      { DataCaptureConfig: {} },
      'FAIL',
      'no data capture',
    ],
    [
      '#4 non-compliant: capture configured but Stopped is FAIL',
      {
        DataCaptureConfig: { EnableCapture: true, CaptureStatus: 'Stopped', CurrentSamplingPercentage: 20 },
      },
      'FAIL',
      'Stopped',
    ],
    [
      '#5 non-compliant: capture disabled is FAIL',
      {
        DataCaptureConfig: { EnableCapture: false, CaptureStatus: 'Stopped', CurrentSamplingPercentage: 0 },
      },
      'FAIL',
      'disabled',
    ],
    [
      '#6 non-compliant: capture Started at 0% is FAIL',
      {
        DataCaptureConfig: { EnableCapture: true, CaptureStatus: 'Started', CurrentSamplingPercentage: 0 },
      },
      'FAIL',
      '0%',
    ],
    [
      '#7 missing evidence: a DataCaptureConfig without CaptureStatus is INSUFFICIENT_EVIDENCE',
      { DataCaptureConfig: { EnableCapture: true, CurrentSamplingPercentage: 20 } },
      'INSUFFICIENT_EVIDENCE',
      'CaptureStatus',
    ],
  ]);

  describeSharedCases(sagemakerSubject(control, ENDPOINTS, (n, scope) => describedEndpoint(`endpoint-${n}`, {}, scope)));
});
