/**
 * Reading IAM identity policy documents for the IAM controls: what a statement allows, on what,
 * under which conditions. Only what the controls need; no full policy evaluation (SCPs, permission
 * boundaries and resource policies are not seen by these controls).
 */

/** The IAM actions behind InvokeModel, InvokeModelWithResponseStream, Converse and ConverseStream. */
export const INVOKE_ACTIONS = ['bedrock:InvokeModel', 'bedrock:InvokeModelWithResponseStream'] as const;

export interface PolicyStatement {
  sid: string | undefined;
  effect: 'Allow' | 'Deny';
  /** Action patterns, or undefined when the statement uses NotAction. */
  actions: string[] | undefined;
  notActions: string[] | undefined;
  resources: string[] | undefined;
  notResources: string[] | undefined;
  /** Condition operator → condition key → value(s), as written. */
  condition: Record<string, Record<string, unknown>>;
}

export type ParsedPolicy = { ok: true; statements: PolicyStatement[] } | { ok: false; problem: string };

function stringList(value: unknown, name: string): string[] | undefined | Error {
  if (value === undefined) return undefined;
  if (typeof value === 'string') return [value];
  if (Array.isArray(value) && value.every((v) => typeof v === 'string')) return value as string[];
  return new Error(`${name} is neither a string nor a list of strings`);
}

/**
 * Parses a policy document as IAM returns it: URL-encoded JSON (GetPolicyVersion, Get*Policy), or
 * JSON already decoded. A document that is not valid policy JSON is a problem named in words, so
 * that a control can give INSUFFICIENT_EVIDENCE rather than guess.
 */
export function parsePolicy(document: string): ParsedPolicy {
  let json: unknown;
  try {
    const trimmed = document.trim();
    json = JSON.parse(trimmed.startsWith('{') ? trimmed : decodeURIComponent(trimmed));
  } catch (error) {
    return { ok: false, problem: `the policy document is not URL-encoded JSON (${(error as Error).message})` };
  }
  if (json === null || typeof json !== 'object' || Array.isArray(json))
    return { ok: false, problem: 'the policy document is not a JSON object' };
  const raw = (json as Record<string, unknown>).Statement;
  if (raw === undefined) return { ok: false, problem: 'the policy document has no Statement' };
  const list = Array.isArray(raw) ? raw : [raw];
  const statements: PolicyStatement[] = [];
  for (const [index, item] of list.entries()) {
    const where = `statement ${index + 1}`;
    if (item === null || typeof item !== 'object' || Array.isArray(item)) return { ok: false, problem: `${where} is not an object` };
    const s = item as Record<string, unknown>;
    if (s.Effect !== 'Allow' && s.Effect !== 'Deny') return { ok: false, problem: `${where} has Effect ${JSON.stringify(s.Effect)}` };
    const actions = stringList(s.Action, `${where}'s Action`);
    const notActions = stringList(s.NotAction, `${where}'s NotAction`);
    const resources = stringList(s.Resource, `${where}'s Resource`);
    const notResources = stringList(s.NotResource, `${where}'s NotResource`);
    for (const v of [actions, notActions, resources, notResources]) if (v instanceof Error) return { ok: false, problem: v.message };
    if ((actions === undefined) === (notActions === undefined)) {
      return { ok: false, problem: `${where} must have exactly one of Action and NotAction` };
    }
    const condition = s.Condition ?? {};
    if (typeof condition !== 'object' || condition === null || Array.isArray(condition)) {
      return { ok: false, problem: `${where}'s Condition is not an object` };
    }
    for (const [operator, keys] of Object.entries(condition)) {
      if (typeof keys !== 'object' || keys === null || Array.isArray(keys)) {
        return { ok: false, problem: `${where}'s Condition operator ${operator} does not map keys to values` };
      }
    }
    statements.push({
      sid: typeof s.Sid === 'string' && s.Sid !== '' ? s.Sid : undefined,
      effect: s.Effect,
      actions: actions as string[] | undefined,
      notActions: notActions as string[] | undefined,
      resources: resources as string[] | undefined,
      notResources: notResources as string[] | undefined,
      condition: condition as Record<string, Record<string, unknown>>,
    });
  }
  return { ok: true, statements };
}

/** Whether an IAM wildcard pattern (`*` any run, `?` one character; case-insensitive) matches `text`. */
export function globMatches(pattern: string, text: string): boolean {
  const source = pattern
    .split('')
    .map((c) => (c === '*' ? '.*' : c === '?' ? '.' : c.replace(/[.+^${}()|[\]\\]/g, '\\$&')))
    .join('');
  return new RegExp(`^${source}$`, 'is').test(text);
}

/** Whether the statement's Action / NotAction covers `action` (e.g. `bedrock:InvokeModel`). */
export function coversAction(statement: PolicyStatement, action: string): boolean {
  if (statement.actions !== undefined) return statement.actions.some((p) => globMatches(p, action));
  return !(statement.notActions ?? []).some((p) => globMatches(p, action));
}

/**
 * Whether the statement's Action / NotAction covers every action of `service`: a pattern `*`, or
 * one whose service part matches the service and whose action part is `*`; for NotAction, no
 * excluded pattern touches the service at all.
 */
export function coversWholeService(statement: PolicyStatement, service: string): boolean {
  const servicePart = (p: string) => (p.includes(':') ? p.slice(0, p.indexOf(':')) : p);
  const actionPart = (p: string) => (p.includes(':') ? p.slice(p.indexOf(':') + 1) : '*');
  if (statement.actions !== undefined) {
    return statement.actions.some((p) => p === '*' || (globMatches(servicePart(p), service) && actionPart(p) === '*'));
  }
  return !(statement.notActions ?? []).some((p) => p === '*' || globMatches(servicePart(p), service));
}

/**
 * Whether the statement applies to every resource of `service`: Resource `*`, an ARN pattern with
 * nothing but wildcards after the service (`arn:aws:bedrock:*:*:*`), or NotResource (which allows
 * everything it does not name).
 */
export function coversAllResources(statement: PolicyStatement, service: string): boolean {
  if (statement.notResources !== undefined) return true;
  return (statement.resources ?? []).some((r) => {
    if (r === '*') return true;
    const parts = r.split(':');
    if (parts.length < 3 || parts[0] !== 'arn') return false;
    const [, partition = '', svc = '', ...rest] = parts;
    return (partition === '*' || partition.startsWith('aws')) && globMatches(svc, service) && /^[*:/]*$/.test(rest.join(':'));
  });
}

/** How a statement names itself in a reason. */
export function statementName(statement: PolicyStatement, index: number): string {
  return statement.sid === undefined ? `statement ${index + 1}` : `statement ${statement.sid}`;
}

/** Whether an Allow statement grants every action (`*`) on every resource: administrator access. */
export function grantsEverything(statement: PolicyStatement): boolean {
  if (statement.effect !== 'Allow' || statement.actions === undefined) return false;
  const everyAction = statement.actions.some((p) => p === '*' || p === '*:*');
  const everyResource = statement.notResources !== undefined || (statement.resources ?? []).includes('*');
  return everyAction && everyResource;
}
