import { runtimeImageControl } from './agentcore-runtime-images.js';
import { textField } from './supporting-helpers.js';

/**
 * The ECR repository of an AgentCore runtime's container image is encrypted with a KMS key, not
 * ECR's default AES-256. DescribeRepositories names the key by ARN only, so a repository encrypted
 * with ECR's AWS managed key under its key ARN (rather than without a kmsKey) is not told apart here.
 */
export const control = runtimeImageControl(
  {
    id: 'ecr_runtime_image_repository_encrypted_with_cmk',
    version: 1,
    title: 'ECR repositories of Bedrock AgentCore runtime images are encrypted with a KMS key',
    rationale:
      "An agent's container image holds its code, prompts, tool definitions and often the libraries and configuration that reach its data. Encrypting the repository with a customer managed KMS key puts every pull under a key policy the organisation controls and in CloudTrail, and lets it revoke access to the image by disabling the key; ECR's default AES-256 leaves decryption to anyone who can pull.",
    severity: 'MEDIUM',
    remediation:
      'ECR fixes encryption when a repository is created: create a repository with encryptionConfiguration { encryptionType: "KMS" (or "KMS_DSSE"), kmsKey: <customer managed key ARN> }, push the image to it, and update the runtime (UpdateAgentRuntime) to the new container URI.',
    cafAi: ['data-protection', 'application-security'],
    aiRmf: ['MEASURE 2.7', 'MANAGE 2.4'],
    iso42001: ['A.4.4', 'A.10.3'],
    aiLayers: ['model'],
    securityHubControls: ['ECR.5'],
    configRules: ['ecr-repository-cmk-encryption-enabled'],
  },
  ({ subject, image, repository }) => {
    const where = `repository ${image.repository} of ${subject}`;
    const type = textField(repository.record, 'encryptionConfiguration.encryptionType');
    if (type === undefined) {
      return { status: 'INSUFFICIENT_EVIDENCE', reason: `DescribeRepositories returned no encryptionConfiguration for the ${where}.` };
    }
    if (type === 'AES256') {
      return { status: 'FAIL', reason: `The ${where} is encrypted with ECR's default AES-256, not a KMS key.` };
    }
    if (type !== 'KMS' && type !== 'KMS_DSSE') {
      return { status: 'INSUFFICIENT_EVIDENCE', reason: `The ${where} has encryption type ${type}, which this control does not know.` };
    }
    const key = textField(repository.record, 'encryptionConfiguration.kmsKey');
    return key === undefined
      ? {
          status: 'FAIL',
          reason: `The ${where} is encrypted with the AWS managed key of ECR (${type} without a kmsKey), not a customer managed key.`,
        }
      : { status: 'PASS', reason: `The ${where} is encrypted with ${type} key ${key}.` };
  },
);
