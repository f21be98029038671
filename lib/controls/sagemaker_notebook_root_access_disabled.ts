import { perResource, stringField } from './per-resource.js';

/** Users of a SageMaker notebook instance cannot become root on it. */
export const control = perResource(
  {
    id: 'sagemaker_notebook_root_access_disabled',
    title: 'SageMaker notebook instances have root access disabled',
    rationale:
      'Root on a notebook instance lets its users change the instance, disable its safeguards and read every file on it, including credentials and data of other sessions.',
    severity: 'HIGH',
    remediation:
      'Stop the notebook instance, call UpdateNotebookInstance with RootAccess set to Disabled, and start it again; install packages through lifecycle configurations instead.',
    cafAi: ['identity-and-access-management', 'infrastructure-protection'],
    aiRmf: ['MEASURE 2.7', 'GOVERN 1.4'],
    iso42001: ['A.4.5'],
    collectors: ['sagemaker.notebook-instances'],
    resourceType: 'AWS::SageMaker::NotebookInstance',
  },
  {
    collector: 'sagemaker.notebook-instances',
    noun: 'SageMaker notebook instances',
    check(record) {
      const value = stringField(record, 'RootAccess');
      const name = stringField(record, 'NotebookInstanceName') ?? record.resource.id;
      if (value === 'Disabled') return { status: 'PASS', reason: `SageMaker notebook instance ${name} has root access disabled.` };
      if (value === 'Enabled') return { status: 'FAIL', reason: `SageMaker notebook instance ${name} gives its users root access.` };
      return { status: 'INSUFFICIENT_EVIDENCE', reason: `DescribeNotebookInstance for ${name} did not report RootAccess.` };
    },
  },
);
