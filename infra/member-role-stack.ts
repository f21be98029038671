import { Aws, CfnOutput, CfnParameter, DefaultStackSynthesizer, Duration, Stack, type StackProps, Validations } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import type { Construct } from 'constructs';
import type { DeployConfig } from './config.js';
import { memberRoleActions } from './member-actions.js';
import { securityHubGrants } from './securityhub-grants.js';

/**
 * Who may assume a member role: the role `roleName` of the home account, presenting the ExternalId.
 * The account is the principal and the role a condition, so the trust policy stays valid (and the
 * stack deployable) before the home account's role exists.
 */
function homeRole(homeAccountId: string, roleName: string, externalId: string): iam.IPrincipal {
  return new iam.AccountPrincipal(homeAccountId).withConditions({
    StringEquals: { 'sts:ExternalId': externalId },
    ArnEquals: { 'aws:PrincipalArn': `arn:${Aws.PARTITION}:iam::${homeAccountId}:role/${roleName}` },
  });
}

export interface MemberRoleStackProps extends StackProps {
  readonly config: DeployConfig;
}

/**
 * The read-only role in every member account, as a self-contained template for CloudFormation
 * StackSets (no assets, no bootstrap version rule, no CDK metadata): it grants exactly the actions
 * the collectors declare, and only the home account's collect role may assume it, with the
 * ExternalId. With `memberPublishRole`, a second, separate role lets the home account's publish
 * role import the account's findings into its Security Hub (the read-only role stays read-only).
 */
export class MemberRoleStack extends Stack {
  readonly role: iam.Role;
  /** The member publish role; only with `memberPublishRole`. */
  readonly publishRole?: iam.Role;

  constructor(scope: Construct, id: string, props: MemberRoleStackProps) {
    super(scope, id, {
      ...props,
      synthesizer: new DefaultStackSynthesizer({ generateBootstrapVersionRule: false }),
      analyticsReporting: false,
    });
    const { config } = props;
    this.templateOptions.description = config.memberPublishRole
      ? "ai-evidence: read-only role that the home account collect function assumes, and the role its publish function assumes to import this account's findings into Security Hub (deploy with StackSets)."
      : 'ai-evidence: read-only role that the home account collect function assumes (deploy with StackSets).';

    const homeAccountId = new CfnParameter(this, 'HomeAccountId', {
      type: 'String',
      allowedPattern: '^[0-9]{12}$',
      constraintDescription: 'an AWS account id is 12 digits',
      description: 'The account where the AiEvidence stack (and its collect function) is deployed.',
    });
    const externalId = new CfnParameter(this, 'ExternalId', {
      type: 'String',
      default: config.externalId,
      allowedPattern: '^[\\w+=,.@:/-]{2,1224}$',
      constraintDescription: 'must be 2 to 1224 characters of letters, digits and +=,.@:/-',
      description: config.memberPublishRole
        ? 'The ExternalId the collect and publish functions present (the externalId of the CDK context).'
        : 'The ExternalId the collect function presents (the externalId of the CDK context).',
    });
    const collectRoleName = new CfnParameter(this, 'CollectRoleName', {
      type: 'String',
      default: config.collectRoleName,
      allowedPattern: '^[\\w+=,.@-]{1,64}$',
      description: 'The name of the collect function role in the home account.',
    });

    this.role = new iam.Role(this, 'ReadOnlyRole', {
      roleName: config.memberRoleName,
      description: 'ai-evidence: read-only access for the evidence collectors.',
      maxSessionDuration: Duration.hours(1),
      assumedBy: homeRole(homeAccountId.valueAsString, collectRoleName.valueAsString, externalId.valueAsString),
      inlinePolicies: {
        ReadWhatTheCollectorsRead: new iam.PolicyDocument({
          statements: [new iam.PolicyStatement({ sid: 'ReadWhatTheCollectorsRead', actions: memberRoleActions(), resources: ['*'] })],
        }),
      },
    });
    Validations.of(this.role).acknowledge({
      id: 'AwsSolutions-IAM5[Resource::*]',
      reason:
        'The collectors list and describe resources across the account (List*, Describe*, Get* of SageMaker, Bedrock and the governance services); most of these actions support no resource-level permission. The actions are exactly those the collectors declare in lib/collectors, with no wildcard.',
    });

    new CfnOutput(this, 'ReadOnlyRoleArn', { value: this.role.roleArn });

    if (config.memberPublishRole) {
      this.publishRole = this.memberPublishRole(config, homeAccountId.valueAsString, externalId.valueAsString);
      new CfnOutput(this, 'PublishRoleArn', { value: this.publishRole.roleArn });
    }
  }

  /**
   * The member publish role: the Security Hub actions lib/publish calls (DescribeHub, GetFindings,
   * BatchImportFindings), on this account's own hub and default product only, assumable by the
   * home account's publish role alone, with the ExternalId, for at most an hour.
   */
  private memberPublishRole(config: DeployConfig, homeAccountId: string, externalId: string): iam.Role {
    const publishRoleName = new CfnParameter(this, 'PublishRoleName', {
      type: 'String',
      default: config.publishRoleName,
      allowedPattern: '^[\\w+=,.@-]{1,64}$',
      description: 'The name of the publish function role in the home account.',
    });
    const statements = [...securityHubGrants('*')].map(
      ([resource, actions]) => new iam.PolicyStatement({ actions, resources: [resource] }),
    );
    const role = new iam.Role(this, 'PublishRole', {
      roleName: config.memberPublishRoleName,
      description: "ai-evidence: imports this account's findings into its own Security Hub (the home account's publish function).",
      maxSessionDuration: Duration.hours(1),
      assumedBy: homeRole(homeAccountId, publishRoleName.valueAsString, externalId),
      inlinePolicies: { ImportOwnFindings: new iam.PolicyDocument({ statements }) },
    });
    // An IAM role is global and the StackSet may publish in any region: the region is the one wildcard.
    for (const resource of ['hub/default', 'product/<AWS::AccountId>/default']) {
      Validations.of(role).acknowledge({
        id: `AwsSolutions-IAM5[Resource::arn:<AWS::Partition>:securityhub:*:<AWS::AccountId>:${resource}]`,
        reason:
          "The role is global (IAM) and the publish function publishes in whichever region it runs in, so the region is '*'; the account is this account and the resource its own hub and default product, which is as far as Security Hub's resource-level permissions go.",
      });
    }
    return role;
  }
}
