import { ENDPOINTS, isUnset, sagemakerControl, valueAt } from './sagemaker.js';

/** An endpoint captures the requests it receives and the responses it gives, and the capture is running. */
export const control = sagemakerControl(
  ENDPOINTS,
  {
    id: 'sagemaker_endpoint_data_capture_enabled',
    version: 1,
    title: 'SageMaker endpoints capture their inputs and outputs',
    rationale:
      'Without captured requests and responses there is no record of what a model was asked and what it decided: drift cannot be measured, an incident cannot be reconstructed and a contested decision cannot be explained.',
    severity: 'MEDIUM',
    remediation:
      'Create an endpoint configuration with DataCaptureConfig (EnableCapture true, InitialSamplingPercentage above 0, CaptureOptions Input and Output, a KMS key and an S3 destination) and call UpdateEndpoint; check that CaptureStatus becomes Started.',
    cafAi: ['threat-detection', 'incident-response', 'security-assurance'],
    aiRmf: ['MANAGE 4.1', 'MEASURE 2.4', 'MEASURE 3.1'],
    iso42001: ['A.6.2.8', 'A.6.2.6'],
    aiLayers: ['input', 'output'],
    securityHubControls: [],
    configRules: [],
  },
  (record, label) => {
    const capture = valueAt(record, 'DataCaptureConfig');
    // DescribeEndpoint leaves DataCaptureConfig out when capture was never configured (moto gives `{}`).
    if (isUnset(capture)) return { status: 'FAIL', reason: `${label} has no data capture configured.` };
    const enabled = valueAt(record, 'DataCaptureConfig.EnableCapture');
    const status = valueAt(record, 'DataCaptureConfig.CaptureStatus');
    const sampling = valueAt(record, 'DataCaptureConfig.CurrentSamplingPercentage');
    if (enabled === false) return { status: 'FAIL', reason: `${label} has data capture disabled.` };
    if (enabled !== true || typeof status !== 'string' || typeof sampling !== 'number') {
      return {
        status: 'INSUFFICIENT_EVIDENCE',
        reason: `DescribeEndpoint for ${label} did not report DataCaptureConfig.EnableCapture, CaptureStatus and CurrentSamplingPercentage.`,
      };
    }
    if (status !== 'Started') return { status: 'FAIL', reason: `${label} has data capture configured but its capture is ${status}.` };
    if (sampling <= 0) return { status: 'FAIL', reason: `${label} captures 0% of its requests.` };
    return { status: 'PASS', reason: `${label} captures ${sampling}% of its requests and responses.` };
  },
);
