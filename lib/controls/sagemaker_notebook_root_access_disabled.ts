import { stringField } from './per-resource.js';
import { notebookControl } from './sagemaker.js';

/** Users of a SageMaker notebook instance cannot become root on it. */
export const control = notebookControl(
  {
    id: 'sagemaker_notebook_root_access_disabled',
    version: 1,
    title: 'SageMaker notebook instances have root access disabled',
    rationale:
      'Root on a notebook instance lets its users change the instance, disable its safeguards and read every file on it, including credentials and data of other sessions.',
    severity: 'HIGH',
    remediation:
      'Stop the notebook instance, call UpdateNotebookInstance with RootAccess set to Disabled, and start it again; install packages through lifecycle configurations instead.',
    cafAi: ['identity-and-access-management', 'infrastructure-protection'],
    aiRmf: ['MEASURE 2.7', 'GOVERN 1.4'],
    iso42001: ['A.4.5'],
    aiLayers: ['model'],
    securityHubControls: ['SageMaker.3'],
    configRules: ['sagemaker-notebook-instance-root-access-check'],
  },
  (record, name) => {
    const value = stringField(record, 'RootAccess');
    if (value === 'Disabled') return { status: 'PASS', reason: `SageMaker notebook instance ${name} has root access disabled.` };
    if (value === 'Enabled') return { status: 'FAIL', reason: `SageMaker notebook instance ${name} gives its users root access.` };
    return { status: 'INSUFFICIENT_EVIDENCE', reason: `DescribeNotebookInstance for ${name} did not report RootAccess.` };
  },
);
