/**
 * Our findings in the AWS Security Finding Format (ASFF), as BatchImportFindings takes them under
 * the account's own default product. Every value that could outgrow an ASFF limit is cut to it
 * here, so a finding we build always fits (checked by AsffFindingSchema in ./asff-schema.ts).
 */
import type { AwsSecurityFinding, ComplianceStatus, Partition, SeverityLabel, WorkflowStatus } from '@aws-sdk/client-securityhub';
import { OWN_GENERATOR_PREFIX } from '../collectors/securityhub-ai-findings.js';
import { type FindingSubject, findingIdentity } from '../controls/identity.js';
import type { ControlMetadata, Finding, FindingStatus, Severity } from '../controls/types.js';
import { type ResourceTags, tagKeysOwnerFirst } from '../evidence/resource-tags.js';

export const ASFF_SCHEMA_VERSION = '2018-10-08';

/** Every GeneratorId of ours starts with this, so GetFindings can tell our findings from others under the same default product. */
export const GENERATOR_PREFIX = OWN_GENERATOR_PREFIX;

/**
 * GeneratorId of the chain head finding (./head.ts): under our prefix, so the Security Hub
 * collector skips it like our other findings, but naming no control (control ids have no `-`).
 */
export const HEAD_GENERATOR_ID = `${GENERATOR_PREFIX}chain-head`;

/** Keys of ProductFields we write start with this; Security Hub adds its own under `aws/`. */
export const FIELD_PREFIX = 'ai-evidence/';

/** ASFF limits (AWS Security Hub API reference, AwsSecurityFinding and the objects in it). */
export const ASFF_LIMITS = {
  idLength: 512,
  generatorIdLength: 512,
  titleLength: 256,
  descriptionLength: 1024,
  recommendationTextLength: 512,
  productFieldsPairs: 50,
  productFieldKeyLength: 128,
  productFieldValueLength: 2048,
  relatedRequirements: 32,
  types: 50,
  resources: 32,
  resourceTypeLength: 256,
  regionLength: 16,
  /** Resources[].Tags follows AWS's tag naming rules: at most 50 tags, keys of 1 to 128 characters, values of at most 256. */
  resourceTags: 50,
  tagKeyLength: 128,
  tagValueLength: 256,
  /** One finding, serialized. */
  findingBytes: 240 * 1024,
  /** BatchImportFindings: findings per request, and bytes per request. */
  batchFindings: 100,
  batchBytes: 6 * 1024 * 1024,
} as const;

/**
 * How our four statuses become Compliance.Status:
 * - PASS: PASSED.
 * - FAIL: FAILED.
 * - INSUFFICIENT_EVIDENCE: WARNING, Security Hub's "some information is missing". Never PASSED, and
 *   kept apart from NOT_APPLICABLE so a security team can filter for what could not be judged.
 * - NOT_APPLICABLE: NOT_AVAILABLE, which Security Hub uses for a check with nothing to evaluate
 *   (its own controls map AWS Config's NOT_APPLICABLE there).
 */
export const COMPLIANCE_STATUS: Readonly<Record<FindingStatus, ComplianceStatus>> = {
  PASS: 'PASSED',
  FAIL: 'FAILED',
  INSUFFICIENT_EVIDENCE: 'WARNING',
  NOT_APPLICABLE: 'NOT_AVAILABLE',
};

/**
 * Severity.Label: the control's severity where something needs doing (FAIL, and
 * INSUFFICIENT_EVIDENCE, since what could not be seen may be as bad as a failure); INFORMATIONAL
 * for PASS and NOT_APPLICABLE, as Security Hub labels its own passed checks.
 */
export function severityLabel(status: FindingStatus, severity: Severity): SeverityLabel {
  return status === 'FAIL' || status === 'INSUFFICIENT_EVIDENCE' ? severity : 'INFORMATIONAL';
}

/**
 * Workflow.Status on creation (BatchImportFindings cannot change it afterwards: it belongs to the
 * security team's triage): RESOLVED for what passed or had nothing to check, NEW for the rest.
 */
export function initialWorkflow(status: FindingStatus): WorkflowStatus {
  return status === 'PASS' || status === 'NOT_APPLICABLE' ? 'RESOLVED' : 'NEW';
}

/** Framework names in RelatedRequirements and Types, which use `/` as a separator: so none in a name. */
export const FRAMEWORK_LABELS = { aiRmf: 'NIST AI RMF 1.0', cafAi: 'AWS CAF-AI', iso42001: 'ISO-IEC 42001:2023' } as const;

/** Where a run is sealed, for the link from each finding back to its evidence. */
export interface SealedRunLink {
  readonly runId: string;
  /** The store: a folder or `s3://bucket/prefix`. */
  readonly storeLocation: string;
  /** Key of the signed statement in the store, e.g. `runs/<run>/statement.dsse.json`. */
  readonly statementKey: string;
  /** SHA-256 of the signed statement's payload: the run's identity in the chain. */
  readonly statementSha256: string;
  readonly merkleRoot: string;
  readonly catalogVersion: string;
}

/** One finding of a sealed run, with the key and SHA-256 it is sealed under. */
export interface SealedFindingRef {
  readonly finding: Finding;
  readonly key: string;
  readonly sha256: string;
}

export interface AsffContext {
  readonly accountId: string;
  readonly region: string;
  readonly productArn: string;
  readonly run: SealedRunLink;
  /** The control that judged the finding, if the catalog still holds it. */
  readonly control: ControlMetadata | undefined;
  /** First seen: kept from Security Hub when the finding is already there. */
  readonly createdAt: string;
  /** When this run observed it (the run's start). */
  readonly observedAt: string;
  /** Now. */
  readonly updatedAt: string;
  /** The tags the run sealed for the finding's resource (lib/evidence/resource-tags.ts), if any. */
  readonly tags?: ResourceTags | undefined;
}

/** The default product of an account: where BatchImportFindings takes findings of the account's own tools. */
export function productArnOf(partition: Partition, region: string, accountId: string): string {
  return `arn:${partition}:securityhub:${region}:${accountId}:product/${accountId}/default`;
}

/** The partition a region belongs to. */
export function partitionOf(region: string): Partition {
  if (region.startsWith('cn-')) return 'aws-cn';
  if (region.startsWith('us-gov-')) return 'aws-us-gov';
  if (region.startsWith('us-isob-')) return 'aws-us-iso-b';
  if (region.startsWith('us-iso-')) return 'aws-us-iso';
  return 'aws';
}

/**
 * The finding's Id: `ai-evidence/` and the finding's identity ({@link findingIdentity}: control,
 * account, region and resource), so a later run updates the same finding. It is the Id that
 * earlier versions wrote, so findings already in Security Hub keep being updated in place.
 */
export function asffId(finding: FindingSubject): string {
  return `${GENERATOR_PREFIX}${findingIdentity(finding)}`;
}

export function generatorIdOf(controlId: string): string {
  return `${GENERATOR_PREFIX}${controlId}`;
}

/** The control id a GeneratorId of ours names, or undefined if it is not ours or names no control (the chain head). */
export function controlIdOf(generatorId: string | undefined): string | undefined {
  if (generatorId === HEAD_GENERATOR_ID) return undefined;
  return generatorId?.startsWith(GENERATOR_PREFIX) ? generatorId.slice(GENERATOR_PREFIX.length) : undefined;
}

/** Cuts `text` to at most `max` characters (code points, never half a surrogate pair), marking the cut with an ellipsis. */
export function clip(text: string, max: number): string {
  // UTF-16 length is at least the number of code points: most texts are done here, without splitting.
  if (text.length <= max) return text;
  const chars = Array.from(text);
  if (chars.length <= max) return text;
  return `${chars.slice(0, max - 1).join('')}…`;
}

/** Length in characters as ASFF counts them (code points). */
export function charLength(text: string): number {
  return Array.from(text).length;
}

/** ASFF resource types that Security Hub defines (ResourceDetails), for the resource types our controls judge. */
const ASFF_RESOURCE_TYPES: ReadonlySet<string> = new Set([
  'AwsAccount',
  'AwsCloudTrailTrail',
  'AwsEc2SecurityGroup',
  'AwsEc2Subnet',
  'AwsEc2Vpc',
  'AwsEc2VpcEndpointService',
  'AwsEcrRepository',
  'AwsGuardDutyDetector',
  'AwsIamPolicy',
  'AwsIamRole',
  'AwsIamUser',
  'AwsKmsKey',
  'AwsLambdaFunction',
  'AwsS3Bucket',
  'AwsSageMakerNotebookInstance',
  'AwsSecretsManagerSecret',
  'AwsStepFunctionStateMachine',
]);

/**
 * The ASFF resource type of a CloudFormation-style type (`AWS::SageMaker::NotebookInstance` is
 * `AwsSageMakerNotebookInstance`, `AWS::IAM::Role` is `AwsIamRole`, our scope type `AWS::::Account`
 * is `AwsAccount`), or `Other` when ASFF defines none (the original type then goes in Details.Other).
 */
export function asffResourceType(type: string): string {
  const parts = /^AWS::([A-Za-z0-9]*)::([A-Za-z0-9]+)$/.exec(type);
  if (!parts) return 'Other';
  const service = parts[1] ?? '';
  // All-capital service names are written as words in ASFF: IAM is Iam, EC2 is Ec2, KMS is Kms.
  const word = /^[A-Z0-9]+$/.test(service) ? service.charAt(0) + service.slice(1).toLowerCase() : service;
  const candidate = `Aws${word}${parts[2]}`;
  return ASFF_RESOURCE_TYPES.has(candidate) ? candidate : 'Other';
}

/**
 * RelatedRequirements: AI RMF, CAF-AI and ISO 42001 ids, at most 32 (ASFF's limit). If a control maps
 * to more, every CAF-AI capability (there are nine) is kept, then as many AI RMF subcategories as
 * fit, then ISO 42001; the complete mapping is in ProductFields either way.
 */
export function relatedRequirements(control: ControlMetadata | undefined): { requirements: string[]; truncated: boolean } {
  if (!control) return { requirements: [], truncated: false };
  const max = ASFF_LIMITS.relatedRequirements;
  const caf = control.cafAi.slice(0, max).map((id) => `${FRAMEWORK_LABELS.cafAi}/${id}`);
  const rmf = control.aiRmf.slice(0, max - caf.length).map((id) => `${FRAMEWORK_LABELS.aiRmf}/${id}`);
  const iso = control.iso42001.slice(0, max - caf.length - rmf.length).map((id) => `${FRAMEWORK_LABELS.iso42001}/${id}`);
  const total = control.cafAi.length + control.aiRmf.length + control.iso42001.length;
  return { requirements: [...rmf, ...caf, ...iso], truncated: total > max };
}

/** Finding types: industry and regulatory standards, one classifier per framework the control maps to. */
export function findingTypes(control: ControlMetadata | undefined): string[] {
  const base = 'Software and Configuration Checks/Industry and Regulatory Standards';
  if (!control) return [`${base}/ai-evidence`];
  return [
    `${base}/${FRAMEWORK_LABELS.aiRmf}`,
    `${base}/${FRAMEWORK_LABELS.cafAi}`,
    ...(control.iso42001.length > 0 ? [`${base}/${FRAMEWORK_LABELS.iso42001}`] : []),
  ];
}

function field(value: string): string {
  return clip(value, ASFF_LIMITS.productFieldValueLength);
}

/**
 * Resources[].Tags of a finding: the resource's sealed tags that fit AWS's tag naming rules, owner-like
 * first (then by key), at most 50. A tag whose key or value is blank or too long, or whose key starts
 * with `aws:` (a prefix those rules reserve), is left out rather than risk Security Hub refusing the
 * whole finding; `omitted` counts them. The tags are context: nothing here changes the verdict.
 */
export function asffTags(tags: ResourceTags | undefined): { tags: Record<string, string> | undefined; omitted: number } {
  if (tags === undefined) return { tags: undefined, omitted: 0 };
  const kept: Record<string, string> = {};
  let count = 0;
  let omitted = 0;
  for (const key of tagKeysOwnerFirst(tags)) {
    const value = tags[key] as string;
    const fits =
      key.trim() !== '' &&
      !key.toLowerCase().startsWith('aws:') &&
      charLength(key) <= ASFF_LIMITS.tagKeyLength &&
      value.trim() !== '' &&
      charLength(value) <= ASFF_LIMITS.tagValueLength;
    if (!fits || count === ASFF_LIMITS.resourceTags) {
      omitted++;
      continue;
    }
    kept[key] = value;
    count++;
  }
  return { tags: count === 0 ? undefined : kept, omitted };
}

/** Builds the ASFF finding for one sealed finding of a run. */
export function toAsff(sealed: SealedFindingRef, context: AsffContext): AwsSecurityFinding {
  const { finding } = sealed;
  const { control, run } = context;
  const { requirements, truncated } = relatedRequirements(control);
  const types = findingTypes(control);
  const label = severityLabel(finding.status, finding.severity);
  const resourceType = asffResourceType(finding.resource.type);
  const title = control?.title ?? finding.controlId;
  const description = control ? `${finding.reason} ${control.rationale}` : finding.reason;
  const productFields: Record<string, string> = {
    [`${FIELD_PREFIX}RunId`]: field(run.runId),
    [`${FIELD_PREFIX}Store`]: field(run.storeLocation),
    [`${FIELD_PREFIX}StatementKey`]: field(run.statementKey),
    [`${FIELD_PREFIX}StatementSha256`]: run.statementSha256,
    [`${FIELD_PREFIX}MerkleRoot`]: run.merkleRoot,
    [`${FIELD_PREFIX}CatalogVersion`]: field(run.catalogVersion),
    [`${FIELD_PREFIX}FindingKey`]: field(sealed.key),
    [`${FIELD_PREFIX}FindingSha256`]: sealed.sha256,
    [`${FIELD_PREFIX}ControlId`]: field(finding.controlId),
    [`${FIELD_PREFIX}Status`]: finding.status,
    [`${FIELD_PREFIX}ResourceType`]: field(finding.resource.type),
    [`${FIELD_PREFIX}EvidenceCount`]: String(finding.evidence.length),
  };
  if (control) {
    productFields[`${FIELD_PREFIX}ControlVersion`] = String(control.version);
    productFields[`${FIELD_PREFIX}AiRmf`] = field(control.aiRmf.join(', '));
    productFields[`${FIELD_PREFIX}CafAi`] = field(control.cafAi.join(', '));
    if (control.iso42001.length > 0) productFields[`${FIELD_PREFIX}Iso42001`] = field(control.iso42001.join(', '));
    if (truncated) productFields[`${FIELD_PREFIX}RelatedRequirementsTruncated`] = 'true';
  }
  const tags = asffTags(context.tags);
  if (tags.omitted > 0) productFields[`${FIELD_PREFIX}ResourceTagsOmitted`] = String(tags.omitted);
  return {
    SchemaVersion: ASFF_SCHEMA_VERSION,
    Id: asffId(finding),
    ProductArn: context.productArn,
    ProductName: 'ai-evidence',
    CompanyName: 'ai-evidence',
    GeneratorId: generatorIdOf(finding.controlId),
    AwsAccountId: context.accountId,
    Types: types,
    FirstObservedAt: context.createdAt,
    LastObservedAt: context.observedAt,
    CreatedAt: context.createdAt,
    UpdatedAt: context.updatedAt,
    Severity: { Label: label, Original: finding.severity },
    FindingProviderFields: { Severity: { Label: label, Original: finding.severity }, Types: types },
    Title: clip(title, ASFF_LIMITS.titleLength),
    Description: clip(description, ASFF_LIMITS.descriptionLength),
    ...(control ? { Remediation: { Recommendation: { Text: clip(control.remediation, ASFF_LIMITS.recommendationTextLength) } } } : {}),
    ProductFields: productFields,
    Resources: [
      {
        Type: resourceType,
        Id: finding.resource.id,
        Partition: partitionOf(finding.region),
        Region: finding.region,
        ...(tags.tags === undefined ? {} : { Tags: tags.tags }),
        ...(resourceType === 'Other' ? { Details: { Other: { [`${FIELD_PREFIX}ResourceType`]: clip(finding.resource.type, 1023) } } } : {}),
      },
    ],
    Compliance: {
      Status: COMPLIANCE_STATUS[finding.status],
      ...(requirements.length > 0 ? { RelatedRequirements: requirements } : {}),
      StatusReasons: [{ ReasonCode: finding.status, Description: clip(finding.reason, ASFF_LIMITS.descriptionLength) }],
    },
    Workflow: { Status: initialWorkflow(finding.status) },
    RecordState: 'ACTIVE',
  };
}
