import { AGENTCORE_RUNTIMES } from '../collectors/agentcore-runtimes.js';
import { ECR_REPOSITORIES, REGISTRY_SCANNING_TYPE, REPOSITORY_POLICY_TYPE, REPOSITORY_TYPE } from '../collectors/ecr-repositories.js';
import type { EvidenceRecord, SealedEvidence } from '../evidence/record.js';
import { type JoinedVerdict, joinedResourceControl, type Related } from './joined-helpers.js';
import type { Verdict } from './per-resource.js';
import { field } from './supporting-helpers.js';
import type { Control, ControlMetadata } from './types.js';

export const RUNTIME_TYPE = 'AWS::BedrockAgentCore::Runtime';

/** The container image a runtime runs, as its ECR URI names it. */
export interface RuntimeImage {
  uri: string;
  account: string;
  region: string;
  repository: string;
  tag?: string;
  digest?: string;
}

/** `<account>.dkr.ecr.<region>.amazonaws.com[.cn]/<repository>[:tag][@sha256:digest]` (repository names may hold slashes). */
const ECR_URI =
  /^([0-9]{12})\.dkr\.ecr(?:-fips)?\.([a-z0-9-]+)\.amazonaws\.com(?:\.cn)?\/([a-z0-9][a-z0-9._\-/]*?)(?::([A-Za-z0-9_][A-Za-z0-9._-]*))?(?:@(sha256:[a-f0-9]{64}))?$/;

export function parseImageUri(uri: string): RuntimeImage | undefined {
  const m = ECR_URI.exec(uri.trim());
  if (m === null) return undefined;
  const [, account, region, repository, tag, digest] = m as unknown as [
    string,
    string,
    string,
    string,
    string | undefined,
    string | undefined,
  ];
  return { uri, account, region, repository, ...(tag === undefined ? {} : { tag }), ...(digest === undefined ? {} : { digest }) };
}

/**
 * The image of a runtime: the image, a verdict when the runtime runs no container image (code
 * deployed from S3: NOT_APPLICABLE), or INSUFFICIENT_EVIDENCE when GetAgentRuntime did not say.
 */
export function runtimeImage(record: EvidenceRecord, subject: string): { image: RuntimeImage } | { verdict: Verdict } {
  const artifact = field(record, 'agentRuntimeArtifact');
  if (artifact === undefined || artifact === null) {
    return { verdict: { status: 'INSUFFICIENT_EVIDENCE', reason: `GetAgentRuntime for ${subject} returned no agentRuntimeArtifact.` } };
  }
  const uri = field(record, 'agentRuntimeArtifact.containerConfiguration.containerUri');
  if (uri === undefined && field(record, 'agentRuntimeArtifact.codeConfiguration') !== undefined) {
    return { verdict: { status: 'NOT_APPLICABLE', reason: `${subject} runs code deployed from S3, not a container image.` } };
  }
  if (typeof uri !== 'string' || uri.trim() === '') {
    return {
      verdict: { status: 'INSUFFICIENT_EVIDENCE', reason: `GetAgentRuntime for ${subject} returned an artifact without a container URI.` },
    };
  }
  const image = parseImageUri(uri);
  return image === undefined
    ? {
        verdict: {
          status: 'INSUFFICIENT_EVIDENCE',
          reason: `The container URI ${uri} of ${subject} is not an Amazon ECR image URI this control can read.`,
        },
      }
    : { image };
}

/** Whether an ECR wildcard filter (`*` matches any run of characters) matches a name. */
export function wildcardMatch(filter: string, name: string): boolean {
  const pattern = filter
    .split('*')
    .map((part) => part.replace(/[.+?^${}()|[\]\\]/g, '\\$&'))
    .join('.*');
  return new RegExp(`^${pattern}$`).test(name);
}

/** What a runtime-image check sees: the runtime, its image and the ECR records of the image's repository. */
export interface RuntimeImageView {
  subject: string;
  runtime: EvidenceRecord;
  image: RuntimeImage;
  repository: SealedEvidence;
  /** The repository's GetRepositoryPolicy record, if read. */
  policy: SealedEvidence | undefined;
  /** The registry's GetRegistryScanningConfiguration record, if read. */
  scanning: SealedEvidence | undefined;
}

/**
 * A control with one finding per AgentCore runtime, judged on the ECR repository its container
 * image is in (joined by the image URI's account, region and repository name to
 * `ecr.repositories` of the runtime's scope). A runtime deployed from S3 code is NOT_APPLICABLE; an
 * image in another account's or region's ECR, or ECR not read completely, is INSUFFICIENT_EVIDENCE
 * (that registry is read only in its own scope); a repository that no longer exists fails (the
 * runtime cannot be redeployed from what it names, and the name is free for another image).
 */
export function runtimeImageControl(
  meta: Omit<ControlMetadata, 'collectors' | 'resourceType'>,
  check: (view: RuntimeImageView) => JoinedVerdict,
): Control {
  return joinedResourceControl(
    meta,
    { collector: AGENTCORE_RUNTIMES, resourceType: RUNTIME_TYPE, noun: 'Bedrock AgentCore runtimes', nameField: 'agentRuntimeName' },
    [ECR_REPOSITORIES],
    (record, name, relatedOf: (collector: string) => Related) => {
      const subject = `Bedrock AgentCore runtime ${name}`;
      const found = runtimeImage(record, subject);
      if ('verdict' in found) return found.verdict;
      const { image } = found;
      if (image.account !== record.accountId || image.region !== record.region) {
        return {
          status: 'INSUFFICIENT_EVIDENCE',
          reason: `${subject} runs ${image.uri}, from the ECR of account ${image.account} in ${image.region}, which is read only there, not with the runtime.`,
        };
      }
      const ecr = relatedOf(ECR_REPOSITORIES);
      if (ecr.state === 'unread') {
        return {
          status: 'INSUFFICIENT_EVIDENCE',
          reason: `${subject} runs ${image.uri}, but Amazon ECR could not be read completely (${ecr.why}), so its repository ${image.repository} cannot be judged.`,
        };
      }
      const repository = ecr.records.find(
        (e) => e.record.resource.type === REPOSITORY_TYPE && field(e.record, 'repositoryName') === image.repository,
      );
      if (repository === undefined) {
        return {
          status: 'FAIL',
          reason: `${subject} runs ${image.uri}, but repository ${image.repository} does not exist in account ${record.accountId} in ${record.region}: the runtime cannot be redeployed from it, and its name is free for another image.`,
        };
      }
      const policy = ecr.records.find(
        (e) => e.record.resource.type === REPOSITORY_POLICY_TYPE && e.record.resource.id === repository.record.resource.id,
      );
      const scanning = ecr.records.find((e) => e.record.resource.type === REGISTRY_SCANNING_TYPE);
      const { cite, ...verdict } = check({ subject, runtime: record, image, repository, policy, scanning });
      return { ...verdict, cite: cite ?? [repository] };
    },
  );
}
