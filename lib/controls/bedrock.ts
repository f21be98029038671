import { invocationLoggingId } from '../collectors/bedrock-model-invocation-logging.js';
import type { Scope } from '../evidence/coverage.js';
import type { EvidenceRecord } from '../evidence/record.js';
import { perResource, type Verdict } from './per-resource.js';
import type { Control, ControlMetadata, Finding } from './types.js';

export const INVOCATION_LOGGING_COLLECTOR = 'bedrock.model-invocation-logging';
export const INVOCATION_LOGGING_TYPE = 'AWS::Bedrock::ModelInvocationLoggingConfiguration';

export interface LoggingConfig {
  s3Config?: { bucketName?: unknown; keyPrefix?: unknown };
  cloudWatchConfig?: { logGroupName?: unknown; roleArn?: unknown };
  textDataDeliveryEnabled?: unknown;
}

/**
 * The `loggingConfig` of a GetModelInvocationLoggingConfiguration answer; undefined when logging is off.
 * AWS leaves `loggingConfig` out when logging is off; an empty one (no destination, no delivery
 * setting, as moto answers for a region never set up) configures nothing and is off too.
 */
export function loggingConfigOf(record: EvidenceRecord): LoggingConfig | undefined {
  const config = record.data.loggingConfig;
  if (config === null || typeof config !== 'object' || Array.isArray(config)) return undefined;
  return Object.keys(config).length > 0 ? (config as LoggingConfig) : undefined;
}

export function invocationLoggingResource(scope: Scope): Finding['resource'] {
  return { type: INVOCATION_LOGGING_TYPE, id: invocationLoggingId(scope) };
}

/** The configured destinations, named for a reason sentence. */
export function destinationsOf(config: LoggingConfig): string[] {
  const out: string[] = [];
  if (typeof config.s3Config?.bucketName === 'string' && config.s3Config.bucketName !== '') {
    out.push(`S3 bucket ${config.s3Config.bucketName}`);
  }
  if (typeof config.cloudWatchConfig?.logGroupName === 'string' && config.cloudWatchConfig.logGroupName !== '') {
    out.push(`CloudWatch Logs group ${config.cloudWatchConfig.logGroupName}`);
  }
  return out;
}

/**
 * A control over a region's invocation logging setting: one finding per account and region, judged
 * by `check` with the setting (undefined when logging is off) and the place for its reason.
 */
export function invocationLoggingControl(
  meta: Omit<ControlMetadata, 'collectors' | 'resourceType'>,
  check: (config: LoggingConfig | undefined, where: string) => Verdict,
): Control {
  return perResource(
    { ...meta, collectors: [INVOCATION_LOGGING_COLLECTOR], resourceType: INVOCATION_LOGGING_TYPE },
    {
      collector: INVOCATION_LOGGING_COLLECTOR,
      noun: 'Bedrock model invocation logging settings',
      scopeResource: invocationLoggingResource,
      onePerScope: true,
      check: (record) => check(loggingConfigOf(record), `account ${record.accountId} in ${record.region}`),
    },
  );
}

export const GUARDRAIL_COLLECTOR = 'bedrock.guardrails';
export const GUARDRAIL_TYPE = 'AWS::Bedrock::Guardrail';
export const CUSTOM_MODEL_COLLECTOR = 'bedrock.custom-models';
export const CUSTOM_MODEL_TYPE = 'AWS::Bedrock::CustomModel';
export const CUSTOMIZATION_JOB_COLLECTOR = 'bedrock.model-customization-jobs';
export const CUSTOMIZATION_JOB_TYPE = 'AWS::Bedrock::ModelCustomizationJob';
export const EVALUATION_JOB_COLLECTOR = 'bedrock.evaluation-jobs';
export const AGENT_COLLECTOR = 'bedrock.agents';
export const AGENT_TYPE = 'AWS::Bedrock::Agent';
export const DATA_SOURCE_COLLECTOR = 'bedrock.knowledge-base-data-sources';
export const DATA_SOURCE_TYPE = 'AWS::Bedrock::DataSource';
export const PROMPT_COLLECTOR = 'bedrock.prompts';
export const PROMPT_TYPE = 'AWS::Bedrock::Prompt';

type Fields = Record<string, unknown>;

/** `value` as an object of fields, or undefined if it is not one. */
export function asFields(value: unknown): Fields | undefined {
  return value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as Fields) : undefined;
}

/** A non-blank string field, or undefined. */
export function textField(fields: Fields | undefined, name: string): string | undefined {
  const value = fields?.[name];
  return typeof value === 'string' && value.trim() !== '' ? value : undefined;
}

/**
 * The list of objects at `container[name]`: an empty list when the container or the field is absent
 * (the API leaves out a policy or list that is not configured), undefined when either is present but
 * not of the documented shape (a malformed answer, which a control must not read as "nothing
 * configured").
 */
export function listField(container: unknown, name: string): Fields[] | undefined {
  if (container === undefined || container === null) return [];
  const fields = asFields(container);
  if (fields === undefined) return undefined;
  const value = fields[name];
  if (value === undefined || value === null) return [];
  if (!Array.isArray(value) || !value.every((item) => asFields(item) !== undefined)) return undefined;
  return value as Fields[];
}

/** The verdict for an answer that has a field the control needs, but not in the shape the API documents. */
export function malformed(what: string, field: string): Verdict {
  return { status: 'INSUFFICIENT_EVIDENCE', reason: `${what} has a ${field} that is not what the API documents, so it cannot be judged.` };
}

/** Judges one resource read by a Bedrock collector, given the part of the answer that describes it and its name. */
type ResourceCheck = (fields: Fields, name: string, record: EvidenceRecord) => Verdict;

function resourceControl(
  meta: Omit<ControlMetadata, 'collectors' | 'resourceType'>,
  source: { collector: string; resourceType: string; noun: string; describe: string; unwrap?: string; nameField: string },
  check: ResourceCheck,
): Control {
  return perResource(
    { ...meta, collectors: [source.collector], resourceType: source.resourceType },
    {
      collector: source.collector,
      noun: source.noun,
      check: (record) => {
        const fields = source.unwrap === undefined ? record.data : asFields(record.data[source.unwrap]);
        if (fields === undefined) {
          return {
            status: 'INSUFFICIENT_EVIDENCE',
            reason: `The ${source.describe} answer for ${record.resource.id} has no ${source.unwrap}, so it cannot be judged.`,
          };
        }
        return check(fields, textField(fields, source.nameField) ?? record.resource.id, record);
      },
    },
  );
}

/** A control over GetGuardrail answers: one finding per guardrail. */
export const guardrailControl = (meta: Omit<ControlMetadata, 'collectors' | 'resourceType'>, check: ResourceCheck) =>
  resourceControl(
    meta,
    {
      collector: GUARDRAIL_COLLECTOR,
      resourceType: GUARDRAIL_TYPE,
      noun: 'Bedrock guardrails',
      describe: 'GetGuardrail',
      nameField: 'name',
    },
    check,
  );

/** A control over GetCustomModel answers: one finding per custom model. */
export const customModelControl = (meta: Omit<ControlMetadata, 'collectors' | 'resourceType'>, check: ResourceCheck) =>
  resourceControl(
    meta,
    {
      collector: CUSTOM_MODEL_COLLECTOR,
      resourceType: CUSTOM_MODEL_TYPE,
      noun: 'Bedrock custom models',
      describe: 'GetCustomModel',
      nameField: 'modelName',
    },
    check,
  );

/** A control over GetModelCustomizationJob answers: one finding per job. */
export const customizationJobControl = (meta: Omit<ControlMetadata, 'collectors' | 'resourceType'>, check: ResourceCheck) =>
  resourceControl(
    meta,
    {
      collector: CUSTOMIZATION_JOB_COLLECTOR,
      resourceType: CUSTOMIZATION_JOB_TYPE,
      noun: 'Bedrock model customization jobs',
      describe: 'GetModelCustomizationJob',
      nameField: 'jobName',
    },
    check,
  );

/** A control over GetAgent answers (their `agent`): one finding per agent. */
export const agentControl = (meta: Omit<ControlMetadata, 'collectors' | 'resourceType'>, check: ResourceCheck) =>
  resourceControl(
    meta,
    {
      collector: AGENT_COLLECTOR,
      resourceType: AGENT_TYPE,
      noun: 'Bedrock agents',
      describe: 'GetAgent',
      unwrap: 'agent',
      nameField: 'agentName',
    },
    check,
  );

/** A control over GetDataSource answers (their `dataSource`): one finding per knowledge base data source. */
export const dataSourceControl = (meta: Omit<ControlMetadata, 'collectors' | 'resourceType'>, check: ResourceCheck) =>
  resourceControl(
    meta,
    {
      collector: DATA_SOURCE_COLLECTOR,
      resourceType: DATA_SOURCE_TYPE,
      noun: 'Bedrock knowledge base data sources',
      describe: 'GetDataSource',
      unwrap: 'dataSource',
      nameField: 'name',
    },
    check,
  );

/** A control over GetPrompt answers: one finding per prompt. */
export const promptControl = (meta: Omit<ControlMetadata, 'collectors' | 'resourceType'>, check: ResourceCheck) =>
  resourceControl(
    meta,
    { collector: PROMPT_COLLECTOR, resourceType: PROMPT_TYPE, noun: 'Bedrock prompts', describe: 'GetPrompt', nameField: 'name' },
    check,
  );

/**
 * The verdict of a "encrypted with a customer managed KMS key" control: the APIs leave the key
 * field out when the AWS owned key is used, so an absent key is a FAIL, not missing evidence.
 */
export function cmkVerdict(what: string, key: string | undefined, rawKey: unknown): Verdict {
  if (key !== undefined) return { status: 'PASS', reason: `${what} is encrypted with the customer managed KMS key ${key}.` };
  if (rawKey !== undefined && rawKey !== null && typeof rawKey !== 'string') return malformed(what, 'KMS key field');
  return { status: 'FAIL', reason: `${what} is encrypted with an AWS owned key, not a customer managed KMS key.` };
}

export const IMPORTED_MODEL_COLLECTOR = 'bedrock.imported-models';
export const IMPORTED_MODEL_TYPE = 'AWS::Bedrock::ImportedModel';

/** A control over GetImportedModel answers: one finding per imported model. */
export const importedModelControl = (meta: Omit<ControlMetadata, 'collectors' | 'resourceType'>, check: ResourceCheck) =>
  resourceControl(
    meta,
    {
      collector: IMPORTED_MODEL_COLLECTOR,
      resourceType: IMPORTED_MODEL_TYPE,
      noun: 'Bedrock imported models',
      describe: 'GetImportedModel',
      nameField: 'modelName',
    },
    check,
  );

export const FLOW_COLLECTOR = 'bedrock.flows';
export const FLOW_TYPE = 'AWS::Bedrock::Flow';

/** A control over GetFlow answers: one finding per flow. */
export const flowControl = (meta: Omit<ControlMetadata, 'collectors' | 'resourceType'>, check: ResourceCheck) =>
  resourceControl(
    meta,
    { collector: FLOW_COLLECTOR, resourceType: FLOW_TYPE, noun: 'Bedrock flows', describe: 'GetFlow', nameField: 'name' },
    check,
  );

export const BATCH_JOB_COLLECTOR = 'bedrock.model-invocation-jobs';
export const BATCH_JOB_TYPE = 'AWS::Bedrock::ModelInvocationJob';

/** A control over ListModelInvocationJobs summaries: one finding per batch inference job. */
export const batchJobControl = (meta: Omit<ControlMetadata, 'collectors' | 'resourceType'>, check: ResourceCheck) =>
  resourceControl(
    meta,
    {
      collector: BATCH_JOB_COLLECTOR,
      resourceType: BATCH_JOB_TYPE,
      noun: 'Bedrock batch inference jobs',
      describe: 'ListModelInvocationJobs',
      nameField: 'jobName',
    },
    check,
  );

export const KNOWLEDGE_BASE_COLLECTOR = 'bedrock.knowledge-bases';
export const KNOWLEDGE_BASE_TYPE = 'AWS::Bedrock::KnowledgeBase';

/** A control over GetKnowledgeBase answers (their `knowledgeBase`): one finding per knowledge base. */
export const knowledgeBaseControl = (meta: Omit<ControlMetadata, 'collectors' | 'resourceType'>, check: ResourceCheck) =>
  resourceControl(
    meta,
    {
      collector: KNOWLEDGE_BASE_COLLECTOR,
      resourceType: KNOWLEDGE_BASE_TYPE,
      noun: 'Bedrock knowledge bases',
      describe: 'GetKnowledgeBase',
      unwrap: 'knowledgeBase',
      nameField: 'name',
    },
    check,
  );

const DAY_MS = 86_400_000;

/**
 * Whether an evaluation job summary is a completed one created within `maxAgeDays` before `now`
 * (epoch ms). The summary has no end time; its creation is the date it shows.
 */
export function completedWithin(job: Record<string, unknown>, now: number, maxAgeDays: number): boolean {
  if (job.status !== 'Completed') return false;
  const created = Date.parse(String(job.creationTime));
  return Number.isFinite(created) && created <= now && now - created <= maxAgeDays * DAY_MS;
}

/** The knowledge bases an evaluation job evaluated (ARNs or ids), from the current and the deprecated field. */
export function evaluatedKnowledgeBases(job: Record<string, unknown>): string[] {
  const rag = asFields(asFields(job.inferenceConfigSummary)?.ragConfigSummary);
  const lists = [rag?.bedrockKnowledgeBaseIdentifiers, job.ragIdentifiers];
  return lists.flatMap((list) => (Array.isArray(list) ? list.filter((x): x is string => typeof x === 'string') : []));
}
