import { homeTrailControl } from './cloudtrail-helpers.js';

/** CloudTrail writes signed digest files, so tampering with the log files can be detected. */
export const control = homeTrailControl(
  {
    id: 'cloudtrail_trail_log_file_validation_enabled',
    version: 2,
    title: 'CloudTrail trails validate their log files',
    rationale:
      'Log file validation makes CloudTrail deliver signed hourly digests, so that an investigator can prove the record of model invocations and configuration changes was not altered or deleted after delivery.',
    severity: 'MEDIUM',
    remediation:
      'Call UpdateTrail with --enable-log-file-validation on the trail (in its home region), or tick Log file validation in the CloudTrail console.',
    cafAi: ['security-assurance', 'incident-response'],
    aiRmf: ['MEASURE 2.7', 'MANAGE 4.3'],
    iso42001: ['A.6.2.8'],
    aiLayers: ['input', 'model', 'output'],
    securityHubControls: ['CloudTrail.4'],
    configRules: ['cloud-trail-log-file-validation-enabled'],
  },
  (trail, name) => {
    const value = trail.LogFileValidationEnabled;
    if (value === true) return { status: 'PASS', reason: `CloudTrail trail ${name} validates its log files.` };
    if (value === false) return { status: 'FAIL', reason: `CloudTrail trail ${name} has log file validation turned off.` };
    return { status: 'INSUFFICIENT_EVIDENCE', reason: `DescribeTrails gave no LogFileValidationEnabled for CloudTrail trail ${name}.` };
  },
);
