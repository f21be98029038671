import { stringField } from './per-resource.js';
import { notebookControl } from './sagemaker.js';

/** SageMaker notebook instances reach the internet only through the customer's VPC. */
export const control = notebookControl(
  {
    id: 'sagemaker_notebook_direct_internet_access_disabled',
    version: 1,
    title: 'SageMaker notebook instances have direct internet access disabled',
    rationale:
      'A notebook with direct internet access can send training data and model artefacts out of the account and pull code from anywhere, bypassing VPC egress controls and their logs.',
    severity: 'HIGH',
    remediation:
      'Recreate the notebook instance with DirectInternetAccess set to Disabled and a SubnetId, and give the subnet a NAT gateway or VPC endpoints for the services it needs.',
    cafAi: ['infrastructure-protection', 'data-protection'],
    aiRmf: ['MEASURE 2.7', 'MANAGE 1.3'],
    iso42001: ['A.4.5'],
    aiLayers: ['model'],
    securityHubControls: ['SageMaker.1'],
    configRules: ['sagemaker-notebook-no-direct-internet-access'],
  },
  (record, name) => {
    const value = stringField(record, 'DirectInternetAccess');
    if (value === 'Disabled') return { status: 'PASS', reason: `SageMaker notebook instance ${name} has direct internet access disabled.` };
    if (value === 'Enabled') return { status: 'FAIL', reason: `SageMaker notebook instance ${name} has direct internet access enabled.` };
    return { status: 'INSUFFICIENT_EVIDENCE', reason: `DescribeNotebookInstance for ${name} did not report DirectInternetAccess.` };
  },
);
