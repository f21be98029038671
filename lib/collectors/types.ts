import type { BedrockClient } from '@aws-sdk/client-bedrock';
import type { SageMakerClient } from '@aws-sdk/client-sagemaker';
import type { CoverageEntry } from '../evidence/coverage.js';
import type { EvidenceRecord } from '../evidence/record.js';

/** SDK clients for one account, one per service and region. */
export interface ClientProvider {
  sagemaker(region: string): SageMakerClient;
  bedrock(region: string): BedrockClient;
}

export interface CollectorContext {
  readonly accountId: string;
  readonly region: string;
  readonly clients: ClientProvider;
  /** The clock, injectable so that tests and the demo are reproducible. */
  readonly now: () => Date;
}

export interface CollectorResult {
  readonly records: EvidenceRecord[];
  readonly coverage: CoverageEntry;
}

/** Reads one evidence source in one account and region. Never throws for AWS errors: they become coverage. */
export interface Collector {
  /** `<service>.<what>`, e.g. `sagemaker.notebook-instances`; controls name the collectors they need. */
  readonly id: string;
  readonly service: string;
  readonly description: string;
  /** The API actions it calls, for least-privilege IAM policies. */
  readonly actions: readonly string[];
  collect(ctx: CollectorContext): Promise<CollectorResult>;
}
