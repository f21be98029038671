import { valueAt } from './sagemaker.js';
import { scheduleJobControl } from './sagemaker-schedules.js';

/** The monitoring jobs a Model Monitor schedule starts run with network isolation. */
export const control = scheduleJobControl(
  {
    id: 'sagemaker_monitoring_schedule_network_isolation_enabled',
    version: 1,
    title: 'SageMaker monitoring schedules run their monitoring jobs with network isolation',
    rationale:
      'Each run of a schedule reads the requests and responses captured from an endpoint. With network access its container can send that captured traffic out of the account, or pull code that reports no drift; isolation leaves it only the inputs SageMaker hands it.',
    severity: 'MEDIUM',
    remediation:
      'Set NetworkConfig.EnableNetworkIsolation to true in the job the schedule runs: create the job definition again with it (definitions cannot be updated) and point the schedule at it with UpdateMonitoringSchedule, or set it in the schedule’s inline MonitoringJobDefinition.',
    cafAi: ['infrastructure-protection', 'threat-detection'],
    aiRmf: ['MEASURE 2.9', 'MEASURE 2.7'],
    iso42001: ['A.6.2.6'],
    aiLayers: ['model', 'output'],
    securityHubControls: ['SageMaker.25'],
    configRules: [],
  },
  (job) =>
    valueAt(job.record, `${job.network}.EnableNetworkIsolation`) === true
      ? { status: 'PASS', reason: `${job.label} runs its monitoring jobs with network isolation.` }
      : {
          status: 'FAIL',
          reason: `${job.label} lets its monitoring containers make network calls (${job.network}.EnableNetworkIsolation is not true).`,
        },
);
