import { NOTEBOOK_LIFECYCLE_CONFIGS, SECRET_SCAN_VERSION } from '../collectors/sagemaker-notebook-lifecycle-configs.js';
import { field, resourceControl } from './supporting-helpers.js';

interface Scan {
  hook?: unknown;
  index?: unknown;
  decoded?: unknown;
  matches?: unknown;
  problem?: unknown;
}

/**
 * A SageMaker notebook lifecycle configuration holds no credentials in its scripts. Judged from the
 * collector's in-memory scan: the record holds the verdict per script, never the script.
 */
export const control = resourceControl(
  {
    id: 'sagemaker_notebook_lifecycle_config_no_secrets',
    version: 1,
    title: 'SageMaker notebook lifecycle configuration scripts hold no credentials',
    rationale:
      "Lifecycle configuration scripts run as root on every notebook that uses them and can be read by anyone allowed DescribeNotebookInstanceLifecycleConfig. An access key, token, private key or password written into one is a standing credential outside any secret store: it is not rotated, its use is not tied to the notebook role, and it leaks with the script. The scan looks for the usual shapes of credentials; a script that passes may still hold one in a form no pattern knows. ai-evidence decodes and scans the scripts in memory while collecting and seals only the verdict per script, the names of the patterns that matched and the script's SHA-256: no script text, and no credential found in one, is ever sealed, stored or exported.",
    severity: 'HIGH',
    remediation:
      'Remove the credential from the script (UpdateNotebookInstanceLifecycleConfig), rotate it, store it in AWS Secrets Manager or Systems Manager Parameter Store and have the script read it at run time with the notebook role.',
    cafAi: ['data-protection', 'identity-and-access-management'],
    aiRmf: ['MEASURE 2.7', 'MANAGE 2.4'],
    iso42001: ['A.4.4', 'A.6.2.5'],
    aiLayers: ['model'],
    securityHubControls: [],
    configRules: [],
  },
  {
    collector: NOTEBOOK_LIFECYCLE_CONFIGS,
    resourceType: 'AWS::SageMaker::NotebookInstanceLifecycleConfig',
    noun: 'SageMaker notebook lifecycle configurations',
    nameField: 'NotebookInstanceLifecycleConfigName',
  },
  (record, name) => {
    const subject = `SageMaker notebook lifecycle configuration ${name}`;
    const version = field(record, 'secretScan.version');
    const scripts = field(record, 'secretScan.scripts');
    if (version !== SECRET_SCAN_VERSION || !Array.isArray(scripts)) {
      return {
        status: 'INSUFFICIENT_EVIDENCE',
        reason: `The record of ${subject} holds no secret scan this control knows (version ${String(version)}).`,
      };
    }
    const where = (s: Scan) => `${String(s.hook)} script ${Number(s.index) + 1}`;
    const found: string[] = [];
    const unread: string[] = [];
    for (const script of scripts as Scan[]) {
      if (script?.decoded !== true || !Array.isArray(script.matches)) {
        unread.push(`${where(script ?? {})} (${String(script?.problem ?? 'no verdict')})`);
        continue;
      }
      if (script.matches.length > 0) found.push(`${where(script)}: ${script.matches.join(', ')}`);
    }
    if (found.length > 0) {
      return { status: 'FAIL', reason: `${subject} holds what looks like a credential: ${found.join('; ')}.` };
    }
    if (unread.length > 0) {
      return { status: 'INSUFFICIENT_EVIDENCE', reason: `${subject} has scripts that could not be scanned: ${unread.join('; ')}.` };
    }
    return {
      status: 'PASS',
      reason:
        scripts.length === 0
          ? `${subject} has no scripts.`
          : `${subject} has ${scripts.length} script${scripts.length === 1 ? '' : 's'} in which no credential pattern matched.`,
    };
  },
);
