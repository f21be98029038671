import { DOMAINS, sagemakerControl, textAt } from './sagemaker.js';

/** A SageMaker AI domain sends Studio traffic through the customer's VPC only. */
export const control = sagemakerControl(
  DOMAINS,
  {
    id: 'sagemaker_domain_vpc_only',
    version: 1,
    title: 'SageMaker AI domains use VPC-only network access',
    rationale:
      'With PublicInternetOnly, Studio apps reach the internet through a SageMaker-managed network, outside the security groups, VPC endpoints and flow logs that control and record where training data and models can go.',
    severity: 'HIGH',
    remediation:
      'Create the domain with AppNetworkAccessType VpcOnly, subnets with VPC endpoints (or a NAT gateway) for the services the users need, and move the user profiles to it; AppNetworkAccessType can only be changed while the domain has no running apps.',
    cafAi: ['infrastructure-protection', 'data-protection'],
    aiRmf: ['MEASURE 2.7', 'MANAGE 1.3'],
    iso42001: ['A.4.5'],
    aiLayers: ['input', 'model'],
    securityHubControls: [],
    configRules: [],
  },
  (record, label) => {
    const mode = textAt(record, 'AppNetworkAccessType');
    if (mode === 'VpcOnly') return { status: 'PASS', reason: `${label} sends all traffic through its VPC (VpcOnly).` };
    if (mode === 'PublicInternetOnly') {
      return { status: 'FAIL', reason: `${label} gives its apps direct internet access (PublicInternetOnly).` };
    }
    return { status: 'INSUFFICIENT_EVIDENCE', reason: `DescribeDomain for ${label} did not report a known AppNetworkAccessType.` };
  },
);
