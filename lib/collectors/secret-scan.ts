import { createHash } from 'node:crypto';

/**
 * Patterns of credentials in scripts, by name. Only the names of the patterns that matched ever leave
 * the scan: the text that matched, and the script around it, stay in memory.
 */
export const SECRET_PATTERNS: readonly { name: string; pattern: RegExp }[] = [
  { name: 'aws-access-key-id', pattern: /\b(?:AKIA|ASIA|ABIA|ACCA)[A-Z0-9]{16}\b/ },
  {
    name: 'aws-secret-access-key',
    pattern: /aws_?secret_?access_?key\s*["']?\s*[:=]\s*["']?[A-Za-z0-9/+=]{40}\b/i,
  },
  { name: 'private-key', pattern: /-----BEGIN (?:RSA |EC |DSA |OPENSSH |ENCRYPTED |PGP )?PRIVATE KEY( BLOCK)?-----/ },
  { name: 'github-token', pattern: /\b(?:gh[pousr]_[A-Za-z0-9]{36,}|github_pat_[A-Za-z0-9_]{60,})\b/ },
  { name: 'slack-token', pattern: /\bxox[abposr]-[A-Za-z0-9-]{10,}\b/ },
  { name: 'hugging-face-token', pattern: /\bhf_[A-Za-z0-9]{30,}\b/ },
  { name: 'openai-api-key', pattern: /\bsk-(?:proj-)?[A-Za-z0-9_-]{32,}\b/ },
  {
    name: 'password-assignment',
    pattern: /\b[A-Za-z_]*(?:password|passwd|pwd|secret|api_?key|token)\s*[:=]\s*["'][^"'\s$]{8,}["']/i,
  },
  { name: 'credentials-in-url', pattern: /\b[a-z][a-z0-9+.-]*:\/\/[^\s:/@]+:[^\s:/@$]{6,}@[^\s/]+/i },
];

/** Canonical base64 (what the SageMaker API returns): groups of four, padded. */
const BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;

/** The verdict of one script: never its text. */
export type ScriptScan =
  | { hook: string; index: number; decoded: true; sha256: string; bytes: number; matches: string[] }
  | { hook: string; index: number; decoded: false; problem: string };

/**
 * Decodes one base64 script and scans it for credentials. The result holds the SHA-256 and size of
 * the decoded script and the names of the patterns that matched, sorted; nothing of its text.
 */
export function scanScript(hook: string, index: number, content: unknown): ScriptScan {
  if (typeof content !== 'string') return { hook, index, decoded: false, problem: 'Content is not a string' };
  const compact = content.replace(/\s+/g, '');
  if (!BASE64.test(compact)) return { hook, index, decoded: false, problem: 'Content is not base64' };
  const bytes = Buffer.from(compact, 'base64');
  const text = bytes.toString('utf8');
  const matches = SECRET_PATTERNS.filter((p) => p.pattern.test(text))
    .map((p) => p.name)
    .sort();
  return { hook, index, decoded: true, sha256: createHash('sha256').update(bytes).digest('hex'), bytes: bytes.length, matches };
}
