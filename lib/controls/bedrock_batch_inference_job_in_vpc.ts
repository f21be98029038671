import { asFields, batchJobControl, malformed } from './bedrock.js';

/** A batch inference job reads its input and writes its output through the organisation's VPC. */
export const control = batchJobControl(
  {
    id: 'bedrock_batch_inference_job_in_vpc',
    version: 1,
    title: 'Amazon Bedrock batch inference jobs run in a VPC',
    rationale:
      "A batch inference job moves a whole dataset of prompts and answers between S3 and the model. Without a VPC configuration that traffic bypasses the VPC endpoints, endpoint policies and flow logs that govern the organisation's data paths.",
    severity: 'LOW',
    remediation:
      'Create batch inference jobs with vpcConfig (private subnets and a security group) and an S3 gateway endpoint whose policy allows only the input and output buckets; apply it to the next job.',
    cafAi: ['infrastructure-protection'],
    aiRmf: ['MEASURE 2.7'],
    iso42001: ['A.4.5'],
    aiLayers: ['input', 'output'],
    securityHubControls: [],
    configRules: [],
  },
  (job, name) => {
    const what = `Amazon Bedrock batch inference job ${name}`;
    if (job.vpcConfig === undefined || job.vpcConfig === null) return { status: 'FAIL', reason: `${what} does not run in a VPC.` };
    const subnets = asFields(job.vpcConfig)?.subnetIds;
    if (!Array.isArray(subnets)) return malformed(what, 'vpcConfig');
    if (subnets.length === 0) return { status: 'FAIL', reason: `${what} has a VPC configuration without subnets.` };
    return { status: 'PASS', reason: `${what} runs in a VPC (subnets ${subnets.join(', ')}).` };
  },
);
