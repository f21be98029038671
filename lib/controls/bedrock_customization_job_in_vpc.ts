import { asFields, customizationJobControl, malformed } from './bedrock.js';

/** A model customization job reads its training data and writes its output through the organisation's VPC. */
export const control = customizationJobControl(
  {
    id: 'bedrock_customization_job_in_vpc',
    version: 1,
    title: 'Amazon Bedrock model customization jobs run in a VPC',
    rationale:
      "A customization job without a VPC configuration reaches the training data in S3 over the service network, outside the VPC endpoints, endpoint policies and flow logs that govern the organisation's data paths.",
    severity: 'MEDIUM',
    remediation:
      'Create customization jobs with vpcConfig (private subnets and a security group) and an S3 gateway endpoint whose policy allows only the training buckets; a finished job cannot be changed, so apply this to the next run.',
    cafAi: ['infrastructure-protection', 'data-protection'],
    aiRmf: ['MEASURE 2.7'],
    iso42001: ['A.4.5'],
    aiLayers: ['input', 'model'],
    securityHubControls: [],
    configRules: [],
  },
  (job, name) => {
    const what = `Amazon Bedrock model customization job ${name}`;
    if (job.vpcConfig === undefined || job.vpcConfig === null) return { status: 'FAIL', reason: `${what} does not run in a VPC.` };
    const vpc = asFields(job.vpcConfig);
    const subnets = vpc?.subnetIds;
    if (vpc === undefined || !Array.isArray(subnets)) return malformed(what, 'vpcConfig');
    if (subnets.length === 0) return { status: 'FAIL', reason: `${what} has a VPC configuration without subnets.` };
    return { status: 'PASS', reason: `${what} runs in a VPC (subnets ${subnets.join(', ')}).` };
  },
);
