import { stringField } from './per-resource.js';
import { notebookControl } from './sagemaker.js';

/**
 * Notebook instance platforms AWS still supports: Amazon Linux 2023 and Amazon Linux 2 with
 * JupyterLab 4. Raise the control's version when this list changes.
 */
export const SUPPORTED_NOTEBOOK_PLATFORMS: readonly string[] = ['notebook-al2023-v1', 'notebook-al2-v3'];

/**
 * Platforms past the end of their standard support: Amazon Linux 1, and Amazon Linux 2 with
 * JupyterLab 1 or 3. They get no more security updates.
 */
export const DEPRECATED_NOTEBOOK_PLATFORMS: readonly string[] = ['notebook-al1-v1', 'notebook-al2-v1', 'notebook-al2-v2'];

/** A SageMaker notebook instance runs on a platform that still gets security updates. */
export const control = notebookControl(
  {
    id: 'sagemaker_notebook_platform_supported',
    version: 1,
    title: 'SageMaker notebook instances run on a supported platform',
    rationale:
      'A notebook instance on a platform past its end of support runs an operating system and JupyterLab that no longer get security patches, while it holds training data, credentials of its execution role and model code.',
    severity: 'MEDIUM',
    remediation:
      'Stop the notebook instance and call UpdateNotebookInstance with PlatformIdentifier notebook-al2023-v1 (or notebook-al2-v3), then start it; test lifecycle configurations and kernels on the new platform first, and keep notebooks in a Git repository or S3 so that nothing on the instance is lost if it must instead be recreated.',
    cafAi: ['vulnerability-management', 'infrastructure-protection'],
    aiRmf: ['MANAGE 2.4', 'MEASURE 2.7'],
    iso42001: ['A.4.5'],
    aiLayers: ['model'],
    securityHubControls: ['SageMaker.8'],
    configRules: ['sagemaker-notebook-instance-platform-version'],
  },
  (record, name) => {
    const platform = stringField(record, 'PlatformIdentifier');
    if (platform === undefined || platform.trim() === '') {
      return { status: 'INSUFFICIENT_EVIDENCE', reason: `DescribeNotebookInstance for ${name} did not report PlatformIdentifier.` };
    }
    if (SUPPORTED_NOTEBOOK_PLATFORMS.includes(platform)) {
      return { status: 'PASS', reason: `SageMaker notebook instance ${name} runs on the supported platform ${platform}.` };
    }
    if (DEPRECATED_NOTEBOOK_PLATFORMS.includes(platform)) {
      return {
        status: 'FAIL',
        reason: `SageMaker notebook instance ${name} runs on ${platform}, a platform past its end of support that gets no security updates.`,
      };
    }
    return {
      status: 'INSUFFICIENT_EVIDENCE',
      reason: `SageMaker notebook instance ${name} reports PlatformIdentifier ${platform}, which this control does not know as supported or deprecated.`,
    };
  },
);
