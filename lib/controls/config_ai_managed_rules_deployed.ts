import { AI_RESOURCES_COLLECTOR } from '../collectors/config-ai-resources.js';
import { CONFIG_RULES_COLLECTOR } from '../collectors/config-rules.js';
import { listSome, objectField, scopeControl } from './governance-helpers.js';

/** Where AWS Config records SageMaker or Bedrock resources, at least one AWS managed rule evaluates them. */
export const control = scopeControl(
  {
    id: 'config_ai_managed_rules_deployed',
    version: 3,
    title: 'AWS managed Config rules evaluate the SageMaker and Bedrock resources AWS Config records',
    rationale:
      'Recording AI resources shows how they changed; only rules judge whether each change left them compliant. Without a SageMaker or Bedrock managed rule (deployed alone, in a conformance pack or by the Security Hub standards) misconfigurations are found only at the next assessment.',
    severity: 'MEDIUM',
    remediation:
      'Deploy the AWS managed rules for the AI resources you run (for example sagemaker-notebook-no-direct-internet-access, sagemaker-notebook-instance-kms-key-configured, sagemaker-endpoint-configuration-kms-key-configured), individually, through a conformance pack, or by enabling the Security Hub AI Security Best Practices standard.',
    cafAi: ['security-governance', 'security-assurance'],
    aiRmf: ['GOVERN 1.4', 'MEASURE 1.1', 'MEASURE 2.7'],
    iso42001: ['A.6.2.6'],
    aiLayers: ['model'],
    securityHubControls: [],
    configRules: [],
    collectors: [CONFIG_RULES_COLLECTOR, AI_RESOURCES_COLLECTOR],
    resourceType: 'AWS::::Account',
  },
  {
    sources: [
      {
        collector: CONFIG_RULES_COLLECTOR,
        operations: ['DescribeConfigRules'],
        unrelated: ['DescribeComplianceByConfigRule', 'GetComplianceDetailsByConfigRule'],
      },
      { collector: AI_RESOURCES_COLLECTOR, operations: ['SelectResourceConfig'], unrelated: ['SelectAggregateResourceConfig'] },
    ],
    noun: 'AWS Config rules and inventory',
    check: (view) => {
      const where = `account ${view.scope.accountId} in ${view.scope.region}`;
      const rules = view.records(CONFIG_RULES_COLLECTOR, 'DescribeConfigRules');
      const resources = view
        .records(AI_RESOURCES_COLLECTOR, 'SelectResourceConfig')
        .filter((e) => e.record.resource.type.startsWith('AWS::SageMaker::') || e.record.resource.type.startsWith('AWS::Bedrock'));
      if (rules.length > 0) {
        const identifiers = [...new Set(rules.map((e) => String(objectField(e.record.data, 'Source')?.SourceIdentifier)))].sort();
        return {
          status: 'PASS',
          reason: `AWS Config in ${where} runs ${rules.length} AWS managed AI rule${rules.length === 1 ? '' : 's'}: ${listSome(identifiers)}.`,
          cite: rules,
        };
      }
      if (resources.length > 0) {
        const named = resources.map((e) => `${e.record.resource.type} ${String(e.record.data.resourceName ?? e.record.data.resourceId)}`);
        return {
          status: 'FAIL',
          reason: `AWS Config in ${where} records ${resources.length} SageMaker or Bedrock resource${resources.length === 1 ? '' : 's'} (${listSome(named, 3)}) but runs no AWS managed rule about them.`,
          cite: resources,
        };
      }
      return {
        status: 'NOT_APPLICABLE',
        reason: `AWS Config in ${where} records no SageMaker or Bedrock resource and runs no AWS managed rule about them.`,
        cite: [],
      };
    },
  },
);
