/**
 * Reading resource-based policies (AgentCore runtimes and gateways, ECR repositories) for one
 * question: does a statement allow any principal at all? A statement that allows `*` (or
 * `{"AWS": "*"}`, or uses NotPrincipal) is open unless a condition ties the caller to something the
 * owner controls: an account, an organization, a principal ARN, a VPC, a VPC endpoint, a source ARN
 * or IP range. Only plain matching operators restrict; an `...IfExists` operator, a set operator or a
 * condition value that is itself a wildcard leaves the statement open for a caller who sends no such
 * key. No full policy evaluation: Deny statements are not subtracted, so a policy is judged open on
 * the Allow it holds.
 */

/** Condition keys that bind a caller to something the resource owner controls. */
const RESTRICTING_KEYS = new Set(
  [
    'aws:PrincipalAccount',
    'aws:PrincipalArn',
    'aws:PrincipalOrgID',
    'aws:PrincipalOrgPaths',
    'aws:SourceAccount',
    'aws:SourceArn',
    'aws:SourceOwner',
    'aws:SourceOrgID',
    'aws:SourceOrgPaths',
    'aws:SourceVpc',
    'aws:SourceVpce',
    'aws:SourceIp',
    'aws:VpcSourceIp',
    'aws:userid',
  ].map((k) => k.toLowerCase()),
);

/** Operators whose match is exact enough to restrict (no IfExists, no set operators, no negation). */
const RESTRICTING_OPERATORS = new Set(
  ['StringEquals', 'StringEqualsIgnoreCase', 'StringLike', 'ArnEquals', 'ArnLike', 'IpAddress'].map((o) => o.toLowerCase()),
);

export interface OpenStatement {
  /** The statement's Sid, or its position (`statement 2`). */
  name: string;
  actions: string;
}

export type PolicyVerdict = { ok: true; open: OpenStatement[]; statements: number } | { ok: false; problem: string };

function list(value: unknown): unknown[] {
  return value === undefined ? [] : Array.isArray(value) ? value : [value];
}

/** Whether a Principal element names every principal: `*`, or `*` among its AWS values. */
function anyPrincipal(principal: unknown): boolean {
  if (principal === '*') return true;
  if (principal === null || typeof principal !== 'object' || Array.isArray(principal)) return false;
  return list((principal as Record<string, unknown>).AWS).some((v) => v === '*');
}

/** Whether a condition value pins the key to something, rather than matching anything. */
function pinned(value: unknown): boolean {
  const values = list(value);
  return values.length > 0 && values.every((v) => typeof v === 'string' && v.trim() !== '' && !/^[*?]+$/.test(v.trim()));
}

/** Whether a statement's Condition ties the caller to something the owner controls. */
function restricts(condition: unknown): boolean {
  if (condition === null || typeof condition !== 'object' || Array.isArray(condition)) return false;
  for (const [operator, keys] of Object.entries(condition as Record<string, unknown>)) {
    if (!RESTRICTING_OPERATORS.has(operator.toLowerCase())) continue;
    if (keys === null || typeof keys !== 'object' || Array.isArray(keys)) continue;
    for (const [key, value] of Object.entries(keys as Record<string, unknown>)) {
      if (RESTRICTING_KEYS.has(key.toLowerCase()) && pinned(value)) return true;
    }
  }
  return false;
}

/**
 * The Allow statements of a policy document (JSON text) that any principal may use. A document that
 * is not a JSON policy is a problem named in words, so that a control can say what it could not read.
 */
export function openStatements(document: string): PolicyVerdict {
  let json: unknown;
  try {
    json = JSON.parse(document);
  } catch (error) {
    return { ok: false, problem: `the policy is not JSON (${(error as Error).message})` };
  }
  if (json === null || typeof json !== 'object' || Array.isArray(json)) return { ok: false, problem: 'the policy is not a JSON object' };
  const raw = (json as Record<string, unknown>).Statement;
  if (raw === undefined) return { ok: false, problem: 'the policy has no Statement' };
  const statements = list(raw);
  const open: OpenStatement[] = [];
  for (const [index, item] of statements.entries()) {
    if (item === null || typeof item !== 'object' || Array.isArray(item))
      return { ok: false, problem: `statement ${index + 1} is not an object` };
    const s = item as Record<string, unknown>;
    if (s.Effect !== 'Allow' && s.Effect !== 'Deny')
      return { ok: false, problem: `statement ${index + 1} has Effect ${JSON.stringify(s.Effect)}` };
    if (s.Effect !== 'Allow') continue;
    const everyone = s.NotPrincipal !== undefined || anyPrincipal(s.Principal);
    if (!everyone || restricts(s.Condition)) continue;
    const actions = s.Action !== undefined ? list(s.Action).map(String) : list(s.NotAction).map((a) => `all but ${String(a)}`);
    open.push({
      name: typeof s.Sid === 'string' && s.Sid !== '' ? `statement ${s.Sid}` : `statement ${index + 1}`,
      actions: actions.length === 0 ? 'no action' : [...actions].sort().join(', '),
    });
  }
  return { ok: true, open, statements: statements.length };
}

/** Words for the open statements of a policy, for a FAIL reason. */
export function describeOpen(open: readonly OpenStatement[]): string {
  return [...open]
    .map((s) => `${s.name} (${s.actions})`)
    .sort()
    .join('; ');
}
