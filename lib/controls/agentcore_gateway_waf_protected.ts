import { AGENTCORE_GATEWAY_WEB_ACLS, GATEWAY_WEB_ACL_TYPE } from '../collectors/wafv2-agentcore-gateway-web-acls.js';
import { field, resourceControl, textField } from './supporting-helpers.js';

type Rule = { Name?: unknown; Action?: Record<string, unknown>; OverrideAction?: Record<string, unknown> };

/** A rule that can stop a request: it blocks or challenges, or runs a rule group with the group's own actions. */
function acts(rule: Rule): boolean {
  if (rule.Action !== undefined && rule.Action !== null) {
    return ['Block', 'Captcha', 'Challenge'].some((a) => rule.Action?.[a] !== undefined);
  }
  return rule.OverrideAction?.None !== undefined;
}

/**
 * A Bedrock AgentCore gateway has an AWS WAF web ACL in front of it that can stop a request: a
 * default action of Block, or at least one rule that blocks or challenges (a rule group counts when
 * its own actions apply). No web ACL, a web ACL with no rules, or rules that only count do not pass.
 */
export const control = resourceControl(
  {
    id: 'agentcore_gateway_waf_protected',
    version: 1,
    title: 'Bedrock AgentCore gateways are protected by an AWS WAF web ACL whose rules act',
    rationale:
      "A gateway's endpoint is reachable from the internet. A web ACL inspects every request before it reaches the gateway's tools: rate limits stop flooding that runs up tool and model costs, managed rules stop known exploit payloads and bots. A web ACL with no rules, or whose rules only count, inspects and lets everything through.",
    severity: 'MEDIUM',
    remediation:
      "Create a regional AWS WAF web ACL in the gateway's region with a rate-based rule and the AWS managed rule groups for common threats and known bad inputs (their actions not overridden to Count), and associate it with the gateway (AssociateWebACL with the gateway ARN).",
    cafAi: ['infrastructure-protection', 'application-security'],
    aiRmf: ['MEASURE 2.7', 'MANAGE 2.4'],
    iso42001: ['A.4.5'],
    aiLayers: ['input'],
    securityHubControls: [],
    configRules: [],
  },
  { collector: AGENTCORE_GATEWAY_WEB_ACLS, resourceType: GATEWAY_WEB_ACL_TYPE, noun: 'Bedrock AgentCore gateways' },
  (record, name) => {
    const subject = `Bedrock AgentCore gateway ${name}`;
    const acl = field(record, 'WebACL');
    // GetWebACLForResource answers without WebACL when no web ACL is associated with the resource.
    if (acl === undefined || acl === null) {
      return { status: 'FAIL', reason: `${subject} has no AWS WAF web ACL: every request reaches its tools uninspected.` };
    }
    const aclName = textField(record, 'WebACL.Name') ?? textField(record, 'WebACL.ARN') ?? 'its web ACL';
    const defaultAction = field(record, 'WebACL.DefaultAction') as Record<string, unknown> | undefined;
    const rules = [
      ...((field(record, 'WebACL.PreProcessFirewallManagerRuleGroups') as Rule[] | undefined) ?? []),
      ...((field(record, 'WebACL.Rules') as Rule[] | undefined) ?? []),
      ...((field(record, 'WebACL.PostProcessFirewallManagerRuleGroups') as Rule[] | undefined) ?? []),
    ];
    if (defaultAction === undefined || (defaultAction.Allow === undefined && defaultAction.Block === undefined)) {
      return {
        status: 'INSUFFICIENT_EVIDENCE',
        reason: `GetWebACLForResource for ${subject} returned web ACL ${aclName} without a DefaultAction.`,
      };
    }
    if (defaultAction.Block !== undefined) {
      return {
        status: 'PASS',
        reason: `${subject} is behind web ACL ${aclName}, which blocks every request its ${rules.length} rule(s) do not allow.`,
      };
    }
    if (rules.length === 0) {
      return { status: 'FAIL', reason: `${subject} is behind web ACL ${aclName}, which has no rules and allows every request.` };
    }
    const acting = rules.filter(acts).map((r) => String(r.Name ?? '(unnamed)'));
    return acting.length > 0
      ? { status: 'PASS', reason: `${subject} is behind web ACL ${aclName}, whose rules ${acting.sort().join(', ')} can stop requests.` }
      : {
          status: 'FAIL',
          reason: `${subject} is behind web ACL ${aclName}, whose ${rules.length} rule(s) only count or allow: no request is stopped.`,
        };
  },
);
