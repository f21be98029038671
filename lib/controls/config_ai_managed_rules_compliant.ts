import { CONFIG_RULE_TYPE, CONFIG_RULES_COLLECTOR } from '../collectors/config-rules.js';
import { arrayField, listSome, objectField, resourceControl } from './governance-helpers.js';

/** `AWS::SageMaker::NotebookInstance open-notebook` for each NON_COMPLIANT evaluation result. */
function resourcesOf(details: Record<string, unknown> | undefined): string[] {
  return (arrayField(details, 'EvaluationResults') ?? []).map((result) => {
    const qualifier = objectField(objectField(result, 'EvaluationResultIdentifier'), 'EvaluationResultQualifier');
    return `${String(qualifier?.ResourceType ?? 'resource')} ${String(qualifier?.ResourceId ?? '(no id)')}`;
  });
}

/** Each AWS managed Config rule about SageMaker or Bedrock is COMPLIANT: one finding per rule. */
export const control = resourceControl(
  {
    id: 'config_ai_managed_rules_compliant',
    version: 3,
    title: 'AWS managed Config rules about SageMaker and Bedrock report no non-compliant resources',
    rationale:
      'Config rules such as sagemaker-notebook-no-direct-internet-access or sagemaker-endpoint-configuration-kms-key-configured watch AI resources continuously between assessments. A non-compliant result is a known misconfiguration of the AI estate that someone must fix or formally accept.',
    severity: 'HIGH',
    remediation:
      "Open the rule in the AWS Config console, fix each non-compliant resource it lists (or remediate with the rule's SSM automation), then re-evaluate the rule; a rule with insufficient data needs the recorder to record its resource types.",
    cafAi: ['security-assurance', 'vulnerability-management', 'security-governance'],
    aiRmf: ['MEASURE 2.7', 'MEASURE 3.1', 'MANAGE 1.3'],
    iso42001: ['A.6.2.6', 'A.6.2.4'],
    aiLayers: ['input', 'model', 'output'],
    securityHubControls: [],
    configRules: [
      'sagemaker-notebook-no-direct-internet-access',
      'sagemaker-notebook-instance-kms-key-configured',
      'sagemaker-endpoint-configuration-kms-key-configured',
    ],
    collectors: [CONFIG_RULES_COLLECTOR],
    resourceType: CONFIG_RULE_TYPE,
  },
  {
    collector: CONFIG_RULES_COLLECTOR,
    primary: 'DescribeConfigRules',
    operations: ['DescribeConfigRules', 'DescribeComplianceByConfigRule'],
    optional: ['GetComplianceDetailsByConfigRule'],
    noun: 'AWS managed SageMaker or Bedrock Config rules',
    check: (rule, related) => {
      const data = rule.record.data;
      const name = typeof data.ConfigRuleName === 'string' ? data.ConfigRuleName : rule.record.resource.id;
      const source = objectField(data, 'Source')?.SourceIdentifier;
      const label = `AWS Config rule ${name}${typeof source === 'string' ? ` (${source})` : ''}`;
      const compliance = objectField(related.get('DescribeComplianceByConfigRule')?.record.data, 'Compliance');
      const type = compliance?.ComplianceType;
      switch (type) {
        case 'COMPLIANT':
          return { status: 'PASS', reason: `${label} reports every evaluated resource compliant.` };
        case 'NOT_APPLICABLE':
          return { status: 'NOT_APPLICABLE', reason: `${label} has no resource in scope to evaluate.` };
        case 'NON_COMPLIANT': {
          const listed = resourcesOf(related.get('GetComplianceDetailsByConfigRule')?.record.data);
          const count = objectField(compliance, 'ComplianceContributorCount');
          const total =
            typeof count?.CappedCount === 'number'
              ? `${count.CappedCount}${count.CapExceeded === true ? '+' : ''}`
              : String(listed.length || 'some');
          const names = listed.length > 0 ? `: ${listSome(listed)}` : '';
          return { status: 'FAIL', reason: `${label} reports ${total} non-compliant resource${total === '1' ? '' : 's'}${names}.` };
        }
        case 'INSUFFICIENT_DATA':
          return { status: 'INSUFFICIENT_EVIDENCE', reason: `${label} has not got enough data to evaluate (INSUFFICIENT_DATA).` };
        default:
          return {
            status: 'INSUFFICIENT_EVIDENCE',
            reason: `DescribeComplianceByConfigRule gave no Compliance.ComplianceType for ${label}.`,
          };
      }
    },
  },
);
