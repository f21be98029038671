import {
  type ConfigRule,
  type EvaluationResult,
  paginateDescribeComplianceByConfigRule,
  paginateDescribeConfigRules,
  paginateGetComplianceDetailsByConfigRule,
} from '@aws-sdk/client-config-service';
import type { CoverageError } from '../evidence/coverage.js';
import type { EvidenceRecord } from '../evidence/record.js';
import { collectorResult, coverageError, InvalidResponseError } from './errors.js';
import { governanceRecord } from './governance-helpers.js';
import { guardedPages } from './list-describe.js';
import type { Collector, CollectorContext, CollectorResult } from './types.js';

export const CONFIG_RULES_COLLECTOR = 'config.rules';
export const CONFIG_RULE_TYPE = 'AWS::Config::ConfigRule';
/** AWS managed rules about AI resources: their SourceIdentifier starts with one of these. */
export const AI_RULE_PREFIXES = ['SAGEMAKER_', 'BEDROCK_'] as const;
/** DescribeComplianceByConfigRule takes at most 25 rule names a call. */
const NAMES_PER_CALL = 25;

/** Whether a rule is an AWS managed rule about SageMaker or Bedrock (conformance pack copies included). */
export function isAiManagedRule(rule: ConfigRule): boolean {
  const id = rule.Source?.SourceIdentifier;
  return rule.Source?.Owner === 'AWS' && typeof id === 'string' && AI_RULE_PREFIXES.some((p) => id.startsWith(p));
}

/**
 * The AWS managed Config rules about SageMaker and Bedrock in the region, with their compliance:
 * DescribeConfigRules (every page; only AI rules are kept, one record each), then
 * DescribeComplianceByConfigRule for them (one record per rule), then, for each NON_COMPLIANT rule,
 * GetComplianceDetailsByConfigRule for its NON_COMPLIANT results (every page, gathered into one
 * record per rule whose data is `{ EvaluationResults }`). All records of a rule have its ARN as id.
 */
export const configRules: Collector = {
  id: CONFIG_RULES_COLLECTOR,
  service: 'config',
  description: 'AWS managed Config rules about SageMaker and Bedrock, their compliance and their non-compliant resources.',
  actions: ['config:DescribeConfigRules', 'config:DescribeComplianceByConfigRule', 'config:GetComplianceDetailsByConfigRule'],
  async collect(ctx: CollectorContext): Promise<CollectorResult> {
    const client = ctx.clients.client('config', ctx.region);
    const errors: CoverageError[] = [];
    const records: EvidenceRecord[] = [];
    const rules = new Map<string, string>();
    const record = (operation: string, arn: string, data: object) =>
      governanceRecord(ctx, {
        collector: CONFIG_RULES_COLLECTOR,
        service: 'config',
        operation,
        resource: { type: CONFIG_RULE_TYPE, id: arn },
        data,
      });
    try {
      for await (const page of guardedPages('DescribeConfigRules', paginateDescribeConfigRules({ client }, {}))) {
        for (const rule of page.ConfigRules ?? []) {
          if (!rule.ConfigRuleName || !rule.ConfigRuleArn) {
            throw new InvalidResponseError('DescribeConfigRules returned a rule without a ConfigRuleName or ConfigRuleArn.');
          }
          if (!isAiManagedRule(rule)) continue;
          rules.set(rule.ConfigRuleName, rule.ConfigRuleArn);
          records.push(record('DescribeConfigRules', rule.ConfigRuleArn, rule));
        }
      }
    } catch (error) {
      errors.push(coverageError('DescribeConfigRules', error));
    }

    const nonCompliant: string[] = [];
    const names = [...rules.keys()];
    for (let i = 0; i < names.length; i += NAMES_PER_CALL) {
      const batch = names.slice(i, i + NAMES_PER_CALL);
      const answered = new Set<string>();
      try {
        const pages = paginateDescribeComplianceByConfigRule({ client }, { ConfigRuleNames: batch });
        for await (const page of guardedPages('DescribeComplianceByConfigRule', pages)) {
          for (const item of page.ComplianceByConfigRules ?? []) {
            const arn = item.ConfigRuleName === undefined ? undefined : rules.get(item.ConfigRuleName);
            if (arn === undefined || item.ConfigRuleName === undefined) {
              throw new InvalidResponseError(
                `DescribeComplianceByConfigRule answered for rule ${item.ConfigRuleName ?? '(no name)'}, which was not asked for.`,
              );
            }
            answered.add(item.ConfigRuleName);
            records.push(record('DescribeComplianceByConfigRule', arn, item));
            if (item.Compliance?.ComplianceType === 'NON_COMPLIANT') nonCompliant.push(item.ConfigRuleName);
          }
        }
      } catch (error) {
        for (const name of batch.filter((n) => !answered.has(n))) {
          errors.push(coverageError('DescribeComplianceByConfigRule', error, rules.get(name)));
        }
      }
    }

    for (const name of nonCompliant) {
      const arn = rules.get(name) as string;
      const results: EvaluationResult[] = [];
      try {
        const pages = paginateGetComplianceDetailsByConfigRule(
          { client, pageSize: 100 },
          { ConfigRuleName: name, ComplianceTypes: ['NON_COMPLIANT'] },
        );
        for await (const page of guardedPages('GetComplianceDetailsByConfigRule', pages)) results.push(...(page.EvaluationResults ?? []));
        records.push(record('GetComplianceDetailsByConfigRule', arn, { EvaluationResults: results }));
      } catch (error) {
        errors.push(coverageError('GetComplianceDetailsByConfigRule', error, arn));
      }
    }
    return collectorResult(CONFIG_RULES_COLLECTOR, ctx, records, errors);
  },
};
