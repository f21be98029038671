import { stringField } from './per-resource.js';
import { notebookControl } from './sagemaker.js';

/** A SageMaker notebook instance runs with a network interface in a customer VPC subnet. */
export const control = notebookControl(
  {
    id: 'sagemaker_notebook_in_vpc_subnet',
    version: 1,
    title: 'SageMaker notebook instances run in a VPC subnet',
    rationale:
      'Without a subnet the notebook runs in the service network, outside the security groups, network ACLs, VPC endpoints and flow logs the organisation uses to control and observe traffic.',
    severity: 'MEDIUM',
    remediation:
      'Recreate the notebook instance with a SubnetId and SecurityGroupIds in a VPC that has the endpoints or NAT route the notebook needs.',
    cafAi: ['infrastructure-protection'],
    aiRmf: ['MEASURE 2.7', 'MAP 4.2'],
    iso42001: ['A.4.5'],
    aiLayers: ['model'],
    securityHubControls: ['SageMaker.2'],
    configRules: ['sagemaker-notebook-instance-inside-vpc'],
  },
  (record, name) => {
    const subnet = stringField(record, 'SubnetId');
    if (subnet !== undefined && subnet !== '') {
      return { status: 'PASS', reason: `SageMaker notebook instance ${name} runs in subnet ${subnet}.` };
    }
    return { status: 'FAIL', reason: `SageMaker notebook instance ${name} is not attached to a VPC subnet.` };
  },
);
