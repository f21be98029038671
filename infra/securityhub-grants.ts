import { Aws } from 'aws-cdk-lib';
import { PUBLISH_IAM_ACTIONS } from '../lib/publish/securityhub.js';

/**
 * lib/publish's Security Hub actions grouped by the resource each acts on, in `region` (a region,
 * or `*` for a role used in every region) of the account that deploys the template:
 * BatchImportFindings on the account's own product, DescribeHub and GetFindings on its hub.
 */
export function securityHubGrants(region: string): Map<string, string[]> {
  const hub = `arn:${Aws.PARTITION}:securityhub:${region}:${Aws.ACCOUNT_ID}:hub/default`;
  const product = `arn:${Aws.PARTITION}:securityhub:${region}:${Aws.ACCOUNT_ID}:product/${Aws.ACCOUNT_ID}/default`;
  const grants = new Map<string, string[]>();
  for (const action of PUBLISH_IAM_ACTIONS as readonly string[]) {
    let resource: string;
    if (action === 'securityhub:BatchImportFindings') resource = product;
    else if (action === 'securityhub:DescribeHub' || action === 'securityhub:GetFindings') resource = hub;
    else
      throw new Error(`lib/publish calls ${action}, whose Security Hub resource this stack does not know: add it to securityHubGrants().`);
    grants.set(resource, [...(grants.get(resource) ?? []), action]);
  }
  return grants;
}
