import { ListAccountsCommand, type ListAccountsCommandOutput, type OrganizationsClient } from '@aws-sdk/client-organizations';
import { classifyAwsError } from '../collectors/errors.js';

/** The organization's accounts could not be listed: names the action and the reason. */
export class OrganizationsError extends Error {
  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = 'OrganizationsError';
  }
}

/**
 * The ids of the organization's ACTIVE accounts, every page of organizations:ListAccounts, sorted.
 * `State` is read (AWS retires `Status` in September 2026); `Status` only where `State` is absent.
 */
export async function activeAccounts(client: OrganizationsClient): Promise<string[]> {
  const ids = new Set<string>();
  let NextToken: string | undefined;
  do {
    let page: ListAccountsCommandOutput;
    try {
      page = await client.send(new ListAccountsCommand({ ...(NextToken ? { NextToken } : {}) }));
    } catch (error) {
      const { kind, code, message } = classifyAwsError(error);
      const hint =
        kind === 'ACCESS_DENIED'
          ? ' Grant organizations:ListAccounts (from the management or a delegated administrator account), or set TARGET_ACCOUNTS.'
          : code === 'AWSOrganizationsNotInUseException'
            ? ' This account is in no organization: set TARGET_ACCOUNTS.'
            : '';
      throw new OrganizationsError(`organizations:ListAccounts failed: ${code}: ${message}.${hint}`, { cause: error });
    }
    for (const account of page.Accounts ?? []) {
      const state = account.State ?? account.Status;
      if (!account.Id || !/^[0-9]{12}$/.test(account.Id)) {
        throw new OrganizationsError(`organizations:ListAccounts returned an account without a 12-digit id (${String(account.Id)}).`);
      }
      if (state === 'ACTIVE') ids.add(account.Id);
    }
    NextToken = page.NextToken;
  } while (NextToken);
  return [...ids].sort();
}
