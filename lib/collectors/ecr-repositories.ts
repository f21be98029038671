import { GetRegistryScanningConfigurationCommand, GetRepositoryPolicyCommand, paginateDescribeRepositories } from '@aws-sdk/client-ecr';
import type { CoverageError } from '../evidence/coverage.js';
import type { EvidenceRecord } from '../evidence/record.js';
import { mapWithConcurrency } from './concurrency.js';
import { classifyAwsError, collectorResult, coverageError, InvalidResponseError } from './errors.js';
import { governanceRecord, regionSettingId } from './governance-helpers.js';
import { DESCRIBE_CONCURRENCY, guardedPages, text } from './list-describe.js';
import type { Collector, CollectorContext, CollectorResult } from './types.js';

export const ECR_REPOSITORIES = 'ecr.repositories';
export const REPOSITORY_TYPE = 'AWS::ECR::Repository';
export const REPOSITORY_POLICY_TYPE = 'AWS::ECR::RepositoryPolicy';
export const REGISTRY_SCANNING_TYPE = 'AWS::ECR::RegistryScanningConfiguration';

/** The id of the record of a registry's scanning configuration (one per account and region). */
export function registryScanningId(scope: { accountId: string; region: string }): string {
  return regionSettingId('ecr', 'registry-scanning-configuration', scope);
}

/**
 * Amazon ECR in the region, for the repositories that hold AgentCore runtime images (the controls
 * join a runtime's container URI to its repository): GetRegistryScanningConfiguration (one record),
 * DescribeRepositories (every page, one record per repository: encryption, tag mutability,
 * scan-on-push), and GetRepositoryPolicy for each repository. A repository without a policy is
 * answered with RepositoryPolicyNotFoundException: that answer is the record (data: the error code
 * and message), evidence that only IAM grants access to it, not a gap.
 */
export const ecrRepositories: Collector = {
  id: ECR_REPOSITORIES,
  service: 'ecr',
  description: 'Amazon ECR registry scanning configuration, repositories (encryption, tag mutability, scanning) and repository policies.',
  actions: ['ecr:GetRegistryScanningConfiguration', 'ecr:DescribeRepositories', 'ecr:GetRepositoryPolicy'],
  async collect(ctx: CollectorContext): Promise<CollectorResult> {
    const client = ctx.clients.client('ecr', ctx.region);
    const errors: CoverageError[] = [];
    const records: EvidenceRecord[] = [];
    const record = (operation: string, resource: EvidenceRecord['resource'], data: object) =>
      governanceRecord(ctx, { collector: ECR_REPOSITORIES, service: 'ecr', operation, resource, data });
    try {
      const { $metadata: _, ...answer } = await client.send(new GetRegistryScanningConfigurationCommand({}));
      records.push(record('GetRegistryScanningConfiguration', { type: REGISTRY_SCANNING_TYPE, id: registryScanningId(ctx) }, answer));
    } catch (error) {
      errors.push(coverageError('GetRegistryScanningConfiguration', error));
    }
    const repositories: { arn: string; name: string; registryId: string | undefined }[] = [];
    try {
      for await (const page of guardedPages('DescribeRepositories', paginateDescribeRepositories({ client, pageSize: 100 }, {}))) {
        for (const repository of page.repositories ?? []) {
          const arn = text(repository.repositoryArn);
          const name = text(repository.repositoryName);
          if (arn === undefined || name === undefined) {
            errors.push(
              coverageError(
                'DescribeRepositories',
                new InvalidResponseError('DescribeRepositories returned a repository without its ARN or name.'),
              ),
            );
            continue;
          }
          records.push(record('DescribeRepositories', { type: REPOSITORY_TYPE, id: arn }, repository));
          repositories.push({ arn, name, registryId: text(repository.registryId) });
        }
      }
    } catch (error) {
      errors.push(coverageError('DescribeRepositories', error));
    }
    const policies = await mapWithConcurrency(repositories, DESCRIBE_CONCURRENCY, async (repository) => {
      const resource = { type: REPOSITORY_POLICY_TYPE, id: repository.arn };
      try {
        const { $metadata: _, ...answer } = await client.send(
          new GetRepositoryPolicyCommand({
            repositoryName: repository.name,
            ...(repository.registryId ? { registryId: repository.registryId } : {}),
          }),
        );
        return record('GetRepositoryPolicy', resource, answer);
      } catch (error) {
        const { code, message } = classifyAwsError(error);
        if (code === 'RepositoryPolicyNotFoundException')
          return record('GetRepositoryPolicy', resource, { ErrorCode: code, ErrorMessage: message });
        errors.push(coverageError('GetRepositoryPolicy', error, repository.arn));
        return undefined;
      }
    });
    records.push(...policies.filter((r): r is EvidenceRecord => r !== undefined));
    return collectorResult(ECR_REPOSITORIES, ctx, records, errors);
  },
};
