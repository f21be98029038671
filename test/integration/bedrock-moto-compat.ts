/**
 * A test-only repair of one moto 5.2.1 defect, so that the Bedrock collectors can be run against
 * it: moto writes Bedrock timestamps as "2026-11-26 14:56:10" (customization jobs, custom models) or
 * as epoch seconds (agents, knowledge bases), where the Bedrock API and the SDK v3 use RFC 3339
 * strings; the SDK rejects both ("Invalid RFC-3339 date-time value"). The middleware rewrites those
 * timestamp fields in the raw HTTP body, after the request was sent and before the SDK parses it;
 * serialization, signing, retries, pagination and parsing stay the SDK's own.
 */
import { Readable } from 'node:stream';
import type { DeserializeMiddleware, MiddlewareStack } from '@smithy/types';

const FIELD =
  /"(createdAt|updatedAt|preparedAt|creationTime|lastModifiedTime|endTime)": ?("(\d{4}-\d\d-\d\d) (\d\d:\d\d:\d\d)"|(\d+(?:\.\d+)?))/g;

/** The body with moto's timestamps as RFC 3339 strings. */
export function rfc3339Timestamps(body: string): string {
  return body.replace(FIELD, (_all, field: string, _value, date?: string, time?: string, epoch?: string) => {
    const iso = date !== undefined ? `${date}T${time}Z` : new Date(Number(epoch) * 1000).toISOString();
    return `"${field}": "${iso}"`;
  });
}

async function text(body: unknown): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of body as AsyncIterable<Buffer | string>) chunks.push(Buffer.from(chunk));
  return Buffer.concat(chunks).toString('utf8');
}

// biome-ignore lint/suspicious/noExplicitAny: the stack is generic over every command's input and output.
type AnyStack = MiddlewareStack<any, any>;

/** Adds the repair to a Bedrock or Bedrock agent client talking to moto. */
export function acceptMotoTimestamps<C extends { middlewareStack: AnyStack }>(client: C): C {
  // Low priority in the deserialize step: it sees the raw response before the SDK's deserializer.
  // biome-ignore lint/suspicious/noExplicitAny: as above.
  const middleware: DeserializeMiddleware<any, any> = (next) => async (args) => {
    const result = await next(args);
    const response = result.response as { body?: unknown; headers?: Record<string, string> };
    if (response.body === undefined || response.body === null) return result;
    const fixed = Buffer.from(rfc3339Timestamps(await text(response.body)), 'utf8');
    response.body = Readable.from([fixed]);
    if (response.headers !== undefined) response.headers['content-length'] = String(fixed.length);
    return result;
  };
  client.middlewareStack.add(middleware, { step: 'deserialize', name: 'acceptMotoTimestamps', priority: 'low' });
  return client;
}
