import { ListAccountsCommand, OrganizationsClient, OrganizationsServiceException } from '@aws-sdk/client-organizations';
import { mockClient } from 'aws-sdk-client-mock';
import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import { activeAccounts, OrganizationsError } from '../../lib/aws/organizations.js';

const organizations = mockClient(OrganizationsClient);
const client = new OrganizationsClient({ region: 'us-east-1', credentials: { accessKeyId: 'x', secretAccessKey: 'x' } });

beforeEach(() => organizations.reset());
afterAll(() => organizations.restore());

describe('activeAccounts', () => {
  it('refuses an account without a 12-digit id rather than skip it', async () => {
    organizations.on(ListAccountsCommand).resolves({ Accounts: [{ Id: '111122223333', State: 'ACTIVE' }, { State: 'ACTIVE' }] });
    await expect(activeAccounts(client)).rejects.toThrow(OrganizationsError);
    await expect(activeAccounts(client)).rejects.toThrow('returned an account without a 12-digit id (undefined)');
  });

  it('says to set TARGET_ACCOUNTS when the account is in no organization', async () => {
    organizations.on(ListAccountsCommand).rejects(
      new OrganizationsServiceException({
        name: 'AWSOrganizationsNotInUseException',
        message: 'Your account is not a member of an organization.',
        $fault: 'client',
        $metadata: { httpStatusCode: 400 },
      }),
    );
    await expect(activeAccounts(client)).rejects.toThrow('This account is in no organization: set TARGET_ACCOUNTS.');
  });

  it('reads State before the retired Status', async () => {
    organizations.on(ListAccountsCommand).resolves({
      Accounts: [
        { Id: '111122223333', State: 'SUSPENDED', Status: 'ACTIVE' },
        { Id: '444455556666', State: 'ACTIVE', Status: 'SUSPENDED' },
      ],
    });
    await expect(activeAccounts(client)).resolves.toEqual(['444455556666']);
  });
});
