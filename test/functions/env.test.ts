import { describe, expect, it } from 'vitest';
import { ConfigurationError, readEnv } from '../../functions/env.js';

describe('readEnv', () => {
  it('reads only the variables asked for, with their types and defaults', () => {
    const env = readEnv(['RETENTION_DAYS', 'EVIDENCE_PREFIX', 'MEMBER_ROLE_NAME', 'EXPORT_URL_TTL_SECONDS', 'TARGET_REGIONS'], {
      RETENTION_DAYS: '365',
      TARGET_REGIONS: ' eu-west-1, us-east-1 ,',
      EVIDENCE_BUCKET: '',
    });
    expect(env).toEqual({
      RETENTION_DAYS: 365,
      EVIDENCE_PREFIX: '',
      MEMBER_ROLE_NAME: 'AiEvidenceReadOnly',
      EXPORT_URL_TTL_SECONDS: 3600,
      TARGET_REGIONS: ['eu-west-1', 'us-east-1'],
    });
  });

  it('names every variable that is missing or wrong, and what is wrong with it', () => {
    const read = () =>
      readEnv(['EVIDENCE_BUCKET', 'RETENTION_DAYS', 'TARGET_REGIONS', 'EXPORT_URL_TTL_SECONDS', 'TARGET_ACCOUNTS'], {
        RETENTION_DAYS: '0',
        TARGET_REGIONS: ',',
        EXPORT_URL_TTL_SECONDS: '1h',
        TARGET_ACCOUNTS: '123',
      });
    expect(read).toThrow(ConfigurationError);
    expect(read).toThrow(
      'EVIDENCE_BUCKET is not set; RETENTION_DAYS Too small: expected number to be >=1 (got "0"); TARGET_REGIONS must name at least one region (got ","); EXPORT_URL_TTL_SECONDS must be a whole number (got "1h"); TARGET_ACCOUNTS an AWS account id is 12 digits (got "123").',
    );
  });

  it('refuses a presigned URL lifetime over the 7 days S3 allows', () => {
    expect(() => readEnv(['EXPORT_URL_TTL_SECONDS'], { EXPORT_URL_TTL_SECONDS: '604801' })).toThrow('EXPORT_URL_TTL_SECONDS');
    expect(readEnv(['EXPORT_URL_TTL_SECONDS'], { EXPORT_URL_TTL_SECONDS: '604800' }).EXPORT_URL_TTL_SECONDS).toBe(604_800);
  });

  it('reads no attestations bucket when none is set (older deployments), and names a value that is not a bucket name', () => {
    expect(readEnv(['ATTESTATIONS_BUCKET'], {})).toEqual({ ATTESTATIONS_BUCKET: undefined });
    expect(readEnv(['ATTESTATIONS_BUCKET'], { ATTESTATIONS_BUCKET: 'ai-evidence-attestations' }).ATTESTATIONS_BUCKET).toBe(
      'ai-evidence-attestations',
    );
    expect(() => readEnv(['ATTESTATIONS_BUCKET'], { ATTESTATIONS_BUCKET: 's3://ai-evidence-attestations/' })).toThrow(
      'ATTESTATIONS_BUCKET must be an S3 bucket name (not an s3:// URI) (got "s3://ai-evidence-attestations/").',
    );
  });

  it('does not repeat the external id in its message', () => {
    expect(() => readEnv(['EXTERNAL_ID'], { EXTERNAL_ID: 'secret value with spaces' })).toThrow(
      /^The function's environment is invalid: EXTERNAL_ID must be 2 to 1224 characters of letters, digits and \+=,\.@:\/-\.$/,
    );
  });
});
