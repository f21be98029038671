import { runtimeImageControl, wildcardMatch } from './agentcore-runtime-images.js';
import { field, textField } from './supporting-helpers.js';

function exclusionFilters(value: unknown): string[] | undefined {
  if (value === undefined) return [];
  if (!Array.isArray(value)) return undefined;
  return value.map((f) => (f as Record<string, unknown> | null)?.filter).filter((f): f is string => typeof f === 'string');
}

/**
 * The image an AgentCore runtime names cannot be replaced under it: the runtime pins a digest, or
 * its tag is immutable in the repository. Judged for effect on the runtime's own tag: with
 * IMMUTABLE_WITH_EXCLUSION a tag that matches an exclusion filter is mutable, with
 * MUTABLE_WITH_EXCLUSION only tags matching a filter are immutable.
 */
export const control = runtimeImageControl(
  {
    id: 'ecr_runtime_image_tag_immutable',
    version: 1,
    title: 'Bedrock AgentCore runtimes run an image whose tag cannot be overwritten',
    rationale:
      'A runtime names its image by tag. If the tag is mutable, anyone who may push to the repository can put other code behind it, and the agent runs that code at its next update or scale-out with its role, tools and data, without any change to the runtime that review or CloudTrail would show. An immutable tag, or a digest in the URI, fixes the code that was reviewed.',
    severity: 'HIGH',
    remediation:
      "Set the repository's tag mutability to IMMUTABLE (PutImageTagMutability), or leave the runtime's tag out of IMMUTABLE_WITH_EXCLUSION filters; or update the runtime to name the image by digest (repository@sha256:...).",
    cafAi: ['application-security', 'vulnerability-management'],
    aiRmf: ['MANAGE 2.4', 'MEASURE 2.7', 'GOVERN 6.1'],
    iso42001: ['A.10.3', 'A.6.2.5'],
    aiLayers: ['model'],
    securityHubControls: ['ECR.2'],
    configRules: ['ecr-private-tag-immutability-enabled'],
  },
  ({ subject, image, repository }) => {
    if (image.digest !== undefined) {
      return { status: 'PASS', reason: `${subject} names its image by digest (${image.digest}), so what it runs cannot change under it.` };
    }
    const tag = image.tag ?? 'latest';
    const where = `tag ${tag} of repository ${image.repository} that ${subject} runs`;
    const mutability = textField(repository.record, 'imageTagMutability');
    if (mutability === undefined) {
      return {
        status: 'INSUFFICIENT_EVIDENCE',
        reason: `DescribeRepositories returned no imageTagMutability for repository ${image.repository} of ${subject}.`,
      };
    }
    const filters = exclusionFilters(field(repository.record, 'imageTagMutabilityExclusionFilters'));
    if (filters === undefined) {
      return {
        status: 'INSUFFICIENT_EVIDENCE',
        reason: `DescribeRepositories returned exclusion filters that are not a list for repository ${image.repository}.`,
      };
    }
    const excluded = filters.filter((f) => wildcardMatch(f, tag)).sort();
    switch (mutability) {
      case 'IMMUTABLE':
        return { status: 'PASS', reason: `The ${where} is immutable.` };
      case 'MUTABLE':
        return { status: 'FAIL', reason: `The ${where} is mutable: a push can replace the code behind it.` };
      case 'IMMUTABLE_WITH_EXCLUSION':
        return excluded.length === 0
          ? { status: 'PASS', reason: `The ${where} is immutable (it matches no exclusion filter).` }
          : {
              status: 'FAIL',
              reason: `The ${where} is mutable: it matches the exclusion filter ${excluded.join(', ')} of an otherwise immutable repository.`,
            };
      case 'MUTABLE_WITH_EXCLUSION':
        return excluded.length > 0
          ? { status: 'PASS', reason: `The ${where} is immutable: it matches the filter ${excluded.join(', ')}.` }
          : { status: 'FAIL', reason: `The ${where} is mutable: it matches none of the repository's immutable-tag filters.` };
      default:
        return {
          status: 'INSUFFICIENT_EVIDENCE',
          reason: `Repository ${image.repository} has tag mutability ${mutability}, which this control does not know.`,
        };
    }
  },
);
