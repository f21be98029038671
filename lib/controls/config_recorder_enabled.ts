import { CONFIG_RECORDING_COLLECTOR, isRecording, readRecorders } from './config-helpers.js';
import { listSome, scopeControl } from './governance-helpers.js';

/** AWS Config records configuration changes in every assessed region. */
export const control = scopeControl(
  {
    id: 'config_recorder_enabled',
    version: 3,
    title: 'AWS Config has a configuration recorder that is recording in every assessed region',
    rationale:
      'Without a recording configuration recorder there is no history of how SageMaker and Bedrock resources were configured, so drift cannot be shown and managed Config rules have nothing to evaluate.',
    severity: 'HIGH',
    remediation:
      'In the AWS Config console (Settings) or with PutConfigurationRecorder, PutDeliveryChannel and StartConfigurationRecorder, create a recorder in the region and start it; fix the IAM role or bucket policy named by its last error if it is failing.',
    cafAi: ['security-assurance', 'security-governance'],
    aiRmf: ['GOVERN 1.5', 'MEASURE 3.1', 'MANAGE 4.1'],
    iso42001: ['A.6.2.6', 'A.6.2.8'],
    aiLayers: ['input', 'model', 'output'],
    securityHubControls: ['Config.1'],
    configRules: [],
    collectors: [CONFIG_RECORDING_COLLECTOR],
    resourceType: 'AWS::::Account',
  },
  {
    sources: [
      {
        collector: CONFIG_RECORDING_COLLECTOR,
        operations: ['DescribeConfigurationRecorders', 'DescribeConfigurationRecorderStatus'],
        unrelated: ['DescribeDeliveryChannels', 'DescribeDeliveryChannelStatus'],
      },
    ],
    noun: 'AWS Config recorders',
    check: (view) => {
      const read = readRecorders(view);
      if ('insufficient' in read) return read.insufficient;
      const where = `account ${view.scope.accountId} in ${view.scope.region}`;
      if (read.recorders.length === 0) {
        return { status: 'FAIL', reason: `AWS Config has no configuration recorder in ${where}.`, cite: read.cite };
      }
      const recording = read.recorders.filter(isRecording);
      if (recording.length > 0) {
        return {
          status: 'PASS',
          reason: `AWS Config recorder ${listSome(recording.map((r) => r.name))} is recording in ${where}.`,
          cite: read.cite,
        };
      }
      const unknown = read.recorders.filter((r) => r.status === undefined || typeof r.status.recording !== 'boolean');
      if (unknown.length > 0) {
        return {
          status: 'INSUFFICIENT_EVIDENCE',
          reason: `AWS Config in ${where} gave no recording status for recorder ${listSome(unknown.map((r) => r.name))}.`,
          cite: read.cite,
        };
      }
      const states = read.recorders.map((r) => {
        const error = r.status?.lastErrorCode;
        if (r.status?.recording !== true) return `${r.name} is stopped`;
        return `${r.name} is failing${typeof error === 'string' ? ` (${error})` : ''}`;
      });
      return { status: 'FAIL', reason: `AWS Config in ${where} is not recording: ${states.join('; ')}.`, cite: read.cite };
    },
  },
);
