import { homeTrailControl } from './cloudtrail-helpers.js';

/** The trail also delivers to CloudWatch Logs, where alarms and detections can watch it. */
export const control = homeTrailControl(
  {
    id: 'cloudtrail_trail_cloudwatch_logs_enabled',
    version: 2,
    title: 'CloudTrail trails deliver to CloudWatch Logs for near real-time detection',
    rationale:
      'Logs that only land in S3 are read after the fact. Delivered to CloudWatch Logs, events such as a burst of InvokeModel calls from an unknown role (LLM-jacking) or a deleted guardrail can raise an alarm while it happens.',
    severity: 'LOW',
    remediation:
      'Call UpdateTrail with --cloud-watch-logs-log-group-arn and --cloud-watch-logs-role-arn (a role CloudTrail may assume to write to the group), then add metric filters and alarms for the AI events you watch.',
    cafAi: ['threat-detection', 'incident-response'],
    aiRmf: ['MEASURE 2.4', 'MANAGE 4.1', 'MANAGE 2.3'],
    iso42001: ['A.6.2.6'],
    aiLayers: ['input', 'output'],
    securityHubControls: ['CloudTrail.5'],
    configRules: ['cloud-trail-cloud-watch-logs-enabled'],
  },
  (trail, name) => {
    const group = trail.CloudWatchLogsLogGroupArn;
    if (typeof group === 'string' && group !== '')
      return { status: 'PASS', reason: `CloudTrail trail ${name} delivers to CloudWatch Logs group ${group}.` };
    return { status: 'FAIL', reason: `CloudTrail trail ${name} does not deliver to CloudWatch Logs.` };
  },
);
