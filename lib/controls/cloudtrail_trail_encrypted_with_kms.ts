import { homeTrailControl } from './cloudtrail-helpers.js';

/** CloudTrail log files are encrypted with a KMS key the organisation controls. */
export const control = homeTrailControl(
  {
    id: 'cloudtrail_trail_encrypted_with_kms',
    version: 2,
    title: 'CloudTrail trails encrypt their log files with a KMS key',
    rationale:
      'Trail logs name every principal that invoked a model or changed an AI resource, with request parameters. SSE-KMS puts reading them under a key policy, separate from S3 access, and every decryption in the record.',
    severity: 'MEDIUM',
    remediation:
      "Create a customer managed KMS key whose policy lets cloudtrail.amazonaws.com encrypt, and call UpdateTrail --kms-key-id with it (in the trail's home region).",
    cafAi: ['data-protection', 'incident-response'],
    aiRmf: ['MEASURE 2.7', 'MEASURE 2.10'],
    iso42001: ['A.6.2.8'],
    aiLayers: ['input', 'output'],
    securityHubControls: ['CloudTrail.2'],
    configRules: ['cloud-trail-encryption-enabled'],
  },
  (trail, name) => {
    const key = trail.KmsKeyId;
    if (typeof key === 'string' && key.trim() !== '')
      return { status: 'PASS', reason: `CloudTrail trail ${name} encrypts its logs with KMS key ${key}.` };
    // DescribeTrails leaves KmsKeyId out for a trail without SSE-KMS: its absence is the answer.
    return { status: 'FAIL', reason: `CloudTrail trail ${name} does not encrypt its log files with a KMS key.` };
  },
);
