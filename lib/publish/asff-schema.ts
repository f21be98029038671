/**
 * Our own check of the ASFF findings we send. Security Hub refuses a finding that lacks a required
 * field or outgrows a limit, one finding at a time; moto accepts almost anything. Every finding is
 * checked against this schema before it is sent, and the tests check every finding we build.
 */
import * as z from 'zod';
import { ASFF_LIMITS, charLength } from './asff.js';

/** A string with something other than whitespace in it (ASFF's NonEmptyString), of at most `max` characters. */
function text(max?: number) {
  const nonEmpty = z.string().regex(/\S/, 'must contain a non-whitespace character');
  return max === undefined
    ? nonEmpty
    : nonEmpty.refine((s) => s.length <= max || charLength(s) <= max, `must be at most ${max} characters`);
}

/** ASFF timestamps: RFC 3339 with a zone, at most nine fraction digits. */
const timestamp = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,9})?(Z|[+-]\d{2}(:?\d{2})?)$/, 'must be an RFC 3339 timestamp with a zone');

const severityLabel = z.enum(['INFORMATIONAL', 'LOW', 'MEDIUM', 'HIGH', 'CRITICAL']);

/** ASFF finding types: `namespace/category/classifier`, namespace one of the five ASFF defines. */
const findingType = text().regex(
  /^(Software and Configuration Checks|TTPs|Effects|Unusual Behaviors|Sensitive Data Identifications)(\/[^/]+){0,2}$/,
  'must be namespace/category/classifier with an ASFF namespace',
);

const fieldMap = z
  .record(text(ASFF_LIMITS.productFieldKeyLength), text(ASFF_LIMITS.productFieldValueLength))
  .refine((m) => Object.keys(m).length <= ASFF_LIMITS.productFieldsPairs, `must hold at most ${ASFF_LIMITS.productFieldsPairs} pairs`);

export const AsffResourceSchema = z.object({
  Type: text(ASFF_LIMITS.resourceTypeLength),
  Id: text(),
  Partition: z.enum(['aws', 'aws-cn', 'aws-us-gov', 'aws-us-iso', 'aws-us-iso-b']),
  Region: text(ASFF_LIMITS.regionLength),
  Tags: z
    .record(text(ASFF_LIMITS.tagKeyLength), text(ASFF_LIMITS.tagValueLength))
    .refine((m) => Object.keys(m).length <= ASFF_LIMITS.resourceTags, `must hold at most ${ASFF_LIMITS.resourceTags} tags`)
    .optional(),
  Details: z.object({ Other: z.record(z.string().max(127), z.string().max(1023)) }).optional(),
});

/** The ASFF findings this tool sends: every required field, and the limits of every field it uses. */
export const AsffFindingSchema = z.object({
  SchemaVersion: z.literal('2018-10-08'),
  Id: text(ASFF_LIMITS.idLength),
  ProductArn: text(2048).regex(/^arn:[a-z-]+:securityhub:[a-z0-9-]+:\d{12}:product\/\d{12}\/default$/, 'must be a default product ARN'),
  ProductName: text(128).optional(),
  CompanyName: text(128).optional(),
  GeneratorId: text(ASFF_LIMITS.generatorIdLength),
  AwsAccountId: z.string().regex(/^\d{12}$/, 'must be a 12-digit account id'),
  Types: z.array(findingType).min(1).max(ASFF_LIMITS.types),
  FirstObservedAt: timestamp.optional(),
  LastObservedAt: timestamp.optional(),
  CreatedAt: timestamp,
  UpdatedAt: timestamp,
  Severity: z.object({ Label: severityLabel, Original: text().optional() }),
  FindingProviderFields: z
    .object({
      Severity: z.object({ Label: severityLabel, Original: text().optional() }).optional(),
      Types: z.array(findingType).max(ASFF_LIMITS.types).optional(),
    })
    .optional(),
  Title: text(ASFF_LIMITS.titleLength),
  Description: text(ASFF_LIMITS.descriptionLength),
  Remediation: z.object({ Recommendation: z.object({ Text: text(ASFF_LIMITS.recommendationTextLength) }) }).optional(),
  ProductFields: fieldMap.optional(),
  Resources: z.array(AsffResourceSchema).min(1).max(ASFF_LIMITS.resources),
  Compliance: z
    .object({
      Status: z.enum(['PASSED', 'WARNING', 'FAILED', 'NOT_AVAILABLE']),
      RelatedRequirements: z.array(text()).max(ASFF_LIMITS.relatedRequirements).optional(),
      StatusReasons: z.array(z.object({ ReasonCode: text(), Description: text(ASFF_LIMITS.descriptionLength).optional() })).optional(),
    })
    .optional(),
  Workflow: z.object({ Status: z.enum(['NEW', 'NOTIFIED', 'RESOLVED', 'SUPPRESSED']) }).optional(),
  RecordState: z.enum(['ACTIVE', 'ARCHIVED']),
});
export type AsffFinding = z.infer<typeof AsffFindingSchema>;

/** Bytes of a finding as BatchImportFindings carries it (JSON, UTF-8). */
export function asffBytes(finding: unknown): number {
  return Buffer.byteLength(JSON.stringify(finding), 'utf8');
}

/** Why a finding cannot be sent, or undefined if it can: the schema's complaints, or its size. */
export function asffProblems(finding: unknown): string | undefined {
  const parsed = AsffFindingSchema.safeParse(finding);
  if (!parsed.success) return z.prettifyError(parsed.error).replace(/\n+/g, ' ');
  const bytes = asffBytes(finding);
  if (bytes > ASFF_LIMITS.findingBytes)
    return `the finding is ${bytes} bytes, over the ${ASFF_LIMITS.findingBytes} bytes Security Hub accepts`;
  return undefined;
}
