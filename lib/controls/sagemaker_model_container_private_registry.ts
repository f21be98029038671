import type { EvidenceRecord } from '../evidence/record.js';
import { listSome } from './governance-helpers.js';
import type { Verdict } from './per-resource.js';
import { MODELS, sagemakerControl, valueAt } from './sagemaker.js';

/** The containers of a model: its inference pipeline (Containers) or its PrimaryContainer; undefined when it reports neither. */
function containersOf(record: EvidenceRecord): { name: string; container: Record<string, unknown> }[] | undefined {
  const containers = valueAt(record, 'Containers');
  const primary = valueAt(record, 'PrimaryContainer');
  const list = Array.isArray(containers) && containers.length > 0 ? containers : primary !== undefined ? [primary] : undefined;
  if (list === undefined) return undefined;
  return list.map((item, index) => {
    const container = typeof item === 'object' && item !== null && !Array.isArray(item) ? (item as Record<string, unknown>) : {};
    const hostname = typeof container.ContainerHostname === 'string' ? container.ContainerHostname : undefined;
    return { name: hostname ?? `container ${index + 1}`, container };
  });
}

/** Each container pulls its image from a private registry in the VPC (ImageConfig.RepositoryAccessMode Vpc). */
function judge(record: EvidenceRecord, label: string): Verdict {
  const containers = containersOf(record);
  if (containers === undefined) {
    return { status: 'INSUFFICIENT_EVIDENCE', reason: `DescribeModel for ${label} reported neither PrimaryContainer nor Containers.` };
  }
  const outside: string[] = [];
  for (const { name, container } of containers) {
    if (typeof container.Image !== 'string' && typeof container.ModelPackageName !== 'string') {
      return {
        status: 'INSUFFICIENT_EVIDENCE',
        reason: `DescribeModel for ${label} reported ${name} without an Image or a ModelPackageName.`,
      };
    }
    const mode = (container.ImageConfig as Record<string, unknown> | undefined)?.RepositoryAccessMode;
    if (mode === 'Vpc') continue;
    const how =
      typeof container.ModelPackageName === 'string' && typeof container.Image !== 'string'
        ? `the image of model package ${container.ModelPackageName} over the SageMaker platform`
        : mode === undefined
          ? 'its image with no ImageConfig (the SageMaker platform)'
          : `its image with RepositoryAccessMode ${String(mode)}`;
    outside.push(`${name} pulls ${how}`);
  }
  if (outside.length > 0) {
    return {
      status: 'FAIL',
      reason: `${label} does not pull every image from a private registry in the VPC: ${listSome(outside)}. Set ImageConfig.RepositoryAccessMode to Vpc.`,
    };
  }
  return {
    status: 'PASS',
    reason: `${label} pulls the images of ${containers.length === 1 ? 'its container' : `all ${containers.length} containers`} from a private registry in the VPC.`,
  };
}

/** Every container of a model pulls its image from a private Docker registry reached through the VPC. */
export const control = sagemakerControl(
  MODELS,
  {
    id: 'sagemaker_model_container_private_registry',
    version: 1,
    title: 'SageMaker model containers pull their images from a private registry in the VPC',
    rationale:
      'With RepositoryAccessMode Vpc the image is pulled from a registry the organisation runs, over its own network, where the pull is subject to its security groups, endpoint policies and registry access logs; images pulled over the SageMaker platform bypass those controls, so what runs in the endpoint is decided outside them.',
    severity: 'LOW',
    remediation:
      'Host the inference images in a private Docker registry reachable from the model\u2019s VPC (with RepositoryAuthConfig where it needs credentials), set ImageConfig.RepositoryAccessMode to Vpc for every container with a VpcConfig on the model, and create the model again; models cannot be updated.',
    cafAi: ['infrastructure-protection', 'vulnerability-management'],
    aiRmf: ['MANAGE 3.1', 'MEASURE 2.7', 'GOVERN 6.1'],
    iso42001: ['A.4.4', 'A.10.3'],
    aiLayers: ['model'],
    securityHubControls: ['SageMaker.16', 'SageMaker.19'],
    configRules: ['sagemaker-model-private-registry-required'],
  },
  judge,
);
