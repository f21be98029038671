import { detectorFeatureControl } from './supporting-guardduty.js';

/** GuardDuty S3 Protection watches the object-level access to buckets that hold training data and model artefacts. */
export const control = detectorFeatureControl(
  {
    id: 'guardduty_s3_protection_enabled',
    version: 1,
    title: 'Amazon GuardDuty S3 Protection is enabled',
    rationale:
      'Training data, evaluation sets, model artefacts and invocation logs live in S3. S3 Protection analyses object-level data events and finds exfiltration and tampering (data poisoning) that management events do not show.',
    severity: 'MEDIUM',
    remediation:
      "Enable the S3_DATA_EVENTS feature on the region's detector (UpdateDetector), or for the organisation with UpdateOrganizationConfiguration.",
    cafAi: ['threat-detection', 'data-protection'],
    aiRmf: ['MEASURE 2.7', 'MEASURE 2.10'],
    iso42001: ['A.7.2'],
    aiLayers: ['input'],
    securityHubControls: ['GuardDuty.10'],
    configRules: ['guardduty-s3-protection-enabled'],
  },
  'S3_DATA_EVENTS',
  'S3 Protection',
);
