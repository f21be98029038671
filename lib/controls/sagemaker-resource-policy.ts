/**
 * Who a SageMaker resource policy (a model package group's) lets in: the accounts its Allow
 * statements name, or that it is open to any principal. Only what the registry control needs: Deny
 * statements only narrow access, so they are not read; conditions are read only where they limit
 * an open principal to accounts (aws:PrincipalAccount) or to an organization (aws:PrincipalOrgID).
 */

export type Grantee =
  /** Every principal of every account, or all but some (NotPrincipal). */
  | { kind: 'public'; statement: string }
  /** Principals of these accounts. */
  | { kind: 'accounts'; statement: string; accounts: string[] }
  /** Any principal of these organizations. */
  | { kind: 'organizations'; statement: string; organizations: string[] }
  /** A principal that is no account's (Federated, CanonicalUser). */
  | { kind: 'other'; statement: string; principal: string };

export type ReadPolicy = { ok: true; grantees: Grantee[] } | { ok: false; problem: string };

const ACCOUNT_ARN = /^arn:aws[a-z-]*:(?:iam|sts)::([0-9]{12}):/;

const asList = (value: unknown): unknown[] => (Array.isArray(value) ? value : value === undefined ? [] : [value]);

/** The values a condition gives one key under the operators that pin it exactly (StringEquals and kin, no wildcards). */
function exactValues(condition: Record<string, unknown>, key: string): string[] | undefined {
  for (const [operator, keys] of Object.entries(condition)) {
    if (!/^(ForAnyValue:|ForAllValues:)?String(Equals|EqualsIgnoreCase|Like)$/.test(operator)) continue;
    if (typeof keys !== 'object' || keys === null) continue;
    for (const [name, value] of Object.entries(keys as Record<string, unknown>)) {
      if (name.toLowerCase() !== key.toLowerCase()) continue;
      const values = asList(value);
      if (values.length > 0 && values.every((v) => typeof v === 'string' && v !== '' && !/[*?]/.test(v))) return values as string[];
    }
  }
  return undefined;
}

/** The account of an AWS principal (an account id or an IAM/STS ARN); undefined when it names none. */
function accountOf(principal: string): string | undefined {
  if (/^[0-9]{12}$/.test(principal)) return principal;
  return ACCOUNT_ARN.exec(principal)?.[1];
}

/** Reads a resource policy document (a JSON string, as GetModelPackageGroupPolicy returns it). */
export function readResourcePolicy(document: string): ReadPolicy {
  let json: unknown;
  try {
    json = JSON.parse(document);
  } catch (error) {
    return { ok: false, problem: `the policy is not JSON (${(error as Error).message})` };
  }
  if (typeof json !== 'object' || json === null || Array.isArray(json)) return { ok: false, problem: 'the policy is not a JSON object' };
  const statements = asList((json as Record<string, unknown>).Statement);
  if (statements.length === 0) return { ok: false, problem: 'the policy has no Statement' };
  const grantees: Grantee[] = [];
  for (const [index, raw] of statements.entries()) {
    if (typeof raw !== 'object' || raw === null || Array.isArray(raw))
      return { ok: false, problem: `statement ${index + 1} is not an object` };
    const s = raw as Record<string, unknown>;
    const statement = typeof s.Sid === 'string' && s.Sid !== '' ? `statement ${s.Sid}` : `statement ${index + 1}`;
    if (s.Effect === 'Deny') continue;
    if (s.Effect !== 'Allow') return { ok: false, problem: `${statement} has Effect ${JSON.stringify(s.Effect)}` };
    if (s.NotPrincipal !== undefined) {
      grantees.push({ kind: 'public', statement });
      continue;
    }
    const condition = typeof s.Condition === 'object' && s.Condition !== null ? (s.Condition as Record<string, unknown>) : {};
    const principal = s.Principal;
    const map: Record<string, unknown> =
      principal === '*'
        ? { AWS: '*' }
        : typeof principal === 'object' && principal !== null && !Array.isArray(principal)
          ? (principal as Record<string, unknown>)
          : {};
    if (Object.keys(map).length === 0) return { ok: false, problem: `${statement} has no Principal` };
    const accounts: string[] = [];
    for (const [type, value] of Object.entries(map)) {
      for (const p of asList(value)) {
        if (typeof p !== 'string') return { ok: false, problem: `${statement} has a ${type} principal that is not a string` };
        if (type === 'Service') continue;
        if (type !== 'AWS') {
          grantees.push({ kind: 'other', statement, principal: `${type} ${p}` });
          continue;
        }
        if (p === '*') {
          const pinned = exactValues(condition, 'aws:PrincipalAccount') ?? [];
          const orgs = exactValues(condition, 'aws:PrincipalOrgID');
          if (pinned.length > 0 && pinned.every((a) => /^[0-9]{12}$/.test(a))) accounts.push(...pinned);
          else if (orgs !== undefined) grantees.push({ kind: 'organizations', statement, organizations: [...orgs].sort() });
          else grantees.push({ kind: 'public', statement });
          continue;
        }
        const account = accountOf(p);
        if (account === undefined) return { ok: false, problem: `${statement} names principal ${p}, which names no account` };
        accounts.push(account);
      }
    }
    if (accounts.length > 0) grantees.push({ kind: 'accounts', statement, accounts: [...new Set(accounts)].sort() });
  }
  return { ok: true, grantees };
}
