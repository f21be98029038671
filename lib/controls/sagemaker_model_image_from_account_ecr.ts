import type { EvidenceRecord } from '../evidence/record.js';
import type { Verdict } from './per-resource.js';
import { MODELS, sagemakerControl, valueAt } from './sagemaker.js';

const ECR_HOST = /^([0-9]{12})\.dkr\.ecr\.[a-z0-9-]+\.amazonaws\.com(\.cn)?\//;

function containersOf(record: EvidenceRecord): unknown[] | undefined {
  const primary = valueAt(record, 'PrimaryContainer');
  const containers = valueAt(record, 'Containers');
  if (Array.isArray(containers) && containers.length > 0) return containers;
  if (typeof primary === 'object' && primary !== null) return [primary];
  return undefined;
}

/** Judges where each container image of a model comes from. */
function judge(record: EvidenceRecord, label: string): Verdict {
  const containers = containersOf(record);
  if (containers === undefined) {
    return { status: 'INSUFFICIENT_EVIDENCE', reason: `DescribeModel for ${label} reported neither PrimaryContainer nor Containers.` };
  }
  const outside: string[] = [];
  const own: string[] = [];
  for (const [index, item] of containers.entries()) {
    const c = (typeof item === 'object' && item !== null ? item : {}) as Record<string, unknown>;
    const image = typeof c.Image === 'string' ? c.Image : undefined;
    const accessMode = (c.ImageConfig as Record<string, unknown> | undefined)?.RepositoryAccessMode;
    if (image === undefined) {
      const pkg = typeof c.ModelPackageName === 'string' ? c.ModelPackageName : undefined;
      const reason = pkg
        ? `${label} takes container ${index + 1} from model package ${pkg}, whose image DescribeModel does not show.`
        : `DescribeModel for ${label} reported container ${index + 1} without an Image.`;
      return { status: 'INSUFFICIENT_EVIDENCE', reason };
    }
    if (accessMode === 'Vpc') {
      own.push(`${image} (private registry in the VPC)`);
      continue;
    }
    const account = ECR_HOST.exec(image)?.[1];
    if (account === record.accountId) own.push(image);
    else outside.push(account === undefined ? image : `${image} (ECR of account ${account})`);
  }
  if (outside.length > 0) {
    return { status: 'FAIL', reason: `${label} runs images from outside the account's own registry: ${outside.join(', ')}.` };
  }
  return { status: 'PASS', reason: `${label} runs images from the account's own registry: ${own.join(', ')}.` };
}

/** A model runs container images the account holds itself, not images pulled from elsewhere at deploy time. */
export const control = sagemakerControl(
  MODELS,
  {
    id: 'sagemaker_model_image_from_account_ecr',
    version: 1,
    title: "SageMaker models run container images from the account's own ECR registry",
    rationale:
      "An image in the account's own ECR repository is scanned, pinned and governed by the organisation's repository policies; an image pulled from another account can change or disappear under the model, and is outside the organisation's vulnerability management.",
    severity: 'LOW',
    remediation:
      'Copy the image (including AWS-provided framework images) into an ECR repository of the account with image scanning and tag immutability on, and create the model again pointing at it, or use a private registry reached through the VPC (ImageConfig RepositoryAccessMode Vpc).',
    cafAi: ['vulnerability-management', 'application-security'],
    aiRmf: ['MANAGE 3.1', 'GOVERN 6.1', 'MEASURE 2.7'],
    iso42001: ['A.10.3', 'A.4.4'],
    aiLayers: ['model'],
    securityHubControls: [],
    configRules: [],
  },
  judge,
);
