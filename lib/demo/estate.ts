import type { InitializeMiddleware, MiddlewareStack } from '@smithy/types';
import * as z from 'zod';
import { CLIENT_CLASSES, clientProvider } from '../collectors/clients.js';
import type { ClientProvider } from '../collectors/types.js';
import type { Scope } from '../evidence/coverage.js';
import estateData from './estate.json' with { type: 'json' };
import bedrockPart from './estate-bedrock.json' with { type: 'json' };
import governancePart from './estate-governance.json' with { type: 'json' };
import sagemakerPart from './estate-sagemaker.json' with { type: 'json' };
import supportingPart from './estate-supporting.json' with { type: 'json' };

const ErrorAnswer = z.strictObject({ name: z.string(), message: z.string() });
/** One API answer: the output, or the error AWS would have returned. */
const Answer = z.union([z.strictObject({ error: ErrorAnswer }), z.strictObject({ output: z.record(z.string(), z.unknown()) })]);
const Operation = z.union([
  /** The same answer whatever the input. */
  Answer,
  /** Paginated answers in order; the estate links them with NextToken. */
  z.strictObject({ pages: z.array(z.record(z.string(), z.unknown())).min(1) }),
  /** Answers chosen by one input field, e.g. NotebookInstanceName. */
  z.strictObject({ by: z.string(), answers: z.record(z.string(), Answer) }),
]);
const ServiceAnswers = z.record(z.string(), Operation);
const EstateSchema = z.strictObject({
  description: z.string(),
  accounts: z.record(z.string().regex(/^[0-9]{12}$/), z.record(z.string(), z.record(z.string(), ServiceAnswers))),
});
export type Estate = z.infer<typeof EstateSchema>;

/** A part of the estate: more answers for the same accounts, kept in its own file per area. */
const EstatePartSchema = EstateSchema.pick({ accounts: true });

/**
 * Adds `part`'s answers to `estate`. Accounts, regions and services merge; the same operation
 * answered in two files is an error, so no file silently overrides another.
 */
export function mergeEstate(estate: Estate, part: z.infer<typeof EstatePartSchema>, partName: string): Estate {
  const accounts = structuredClone(estate.accounts);
  for (const [accountId, regions] of Object.entries(part.accounts)) {
    for (const [region, services] of Object.entries(regions)) {
      for (const [service, operations] of Object.entries(services)) {
        accounts[accountId] ??= {};
        accounts[accountId][region] ??= {};
        accounts[accountId][region][service] ??= {};
        const target = accounts[accountId][region][service];
        for (const [operation, answer] of Object.entries(operations)) {
          // '*' answers every operation of the service, so it cannot share the service with another answer.
          const clash =
            target[operation] !== undefined || target['*'] !== undefined || (operation === '*' && Object.keys(target).length > 0);
          if (clash) {
            throw new Error(`The demo estate answers ${service} ${operation} in ${accountId} ${region} twice (again in ${partName}).`);
          }
          target[operation] = answer;
        }
      }
    }
  }
  return { ...estate, accounts };
}

/**
 * The bundled demo estate: a fictional AI estate whose API answers live in estate.json and, per
 * area of the catalog, estate-<area>.json.
 */
export const demoEstate: Estate = [
  ['estate-bedrock.json', bedrockPart],
  ['estate-sagemaker.json', sagemakerPart],
  ['estate-governance.json', governancePart],
  ['estate-supporting.json', supportingPart],
].reduce<Estate>((estate, [name, part]) => mergeEstate(estate, EstatePartSchema.parse(part), String(name)), EstateSchema.parse(estateData));

export function estateScopes(estate: Estate): Scope[] {
  return Object.entries(estate.accounts).flatMap(([accountId, regions]) => Object.keys(regions).map((region) => ({ accountId, region })));
}

/** An error shaped as the SDK throws it (name, message, $fault, $metadata). */
function serviceError(error: { name: string; message: string }): Error {
  const e = new Error(error.message) as Error & { $fault: string; $metadata: object };
  e.name = error.name;
  e.$fault = 'client';
  e.$metadata = { httpStatusCode: error.name.includes('Throttl') ? 429 : 400 };
  return e;
}

function answer(operation: z.infer<typeof Operation> | undefined, name: string, input: Record<string, unknown>): Record<string, unknown> {
  if (operation === undefined) {
    throw serviceError({ name: 'UnknownOperationException', message: `The demo estate has no answer for ${name}.` });
  }
  if ('error' in operation) throw serviceError(operation.error);
  if ('output' in operation) return operation.output;
  if ('pages' in operation) {
    const token = typeof input.NextToken === 'string' ? input.NextToken : undefined;
    const index = token === undefined ? 0 : Number(token.replace('page-', ''));
    const page = operation.pages[index];
    if (page === undefined) throw serviceError({ name: 'ValidationException', message: `Invalid NextToken ${token}.` });
    return index + 1 < operation.pages.length ? { ...page, NextToken: `page-${index + 1}` } : page;
  }
  const key = String(input[operation.by]);
  const chosen = operation.answers[key];
  if (chosen === undefined) throw serviceError({ name: 'ResourceNotFound', message: `${key} does not exist.` });
  return answer(chosen, name, input);
}

/**
 * Puts the estate behind real SDK clients: a middleware at the start of the stack answers each
 * command from the estate, so collectors, paginators and commands run exactly as against AWS.
 */
// biome-ignore lint/suspicious/noExplicitAny: the stack is generic over every command's input and output.
type AnyStack = MiddlewareStack<any, any>;

function serveFromEstate<C extends { middlewareStack: AnyStack }>(
  client: C,
  answers: Record<string, z.infer<typeof Operation>> | undefined,
): C {
  // biome-ignore lint/suspicious/noExplicitAny: as above.
  const middleware: InitializeMiddleware<any, any> = (_next, context) => async (args) => {
    const name = String(context.commandName ?? '').replace(/Command$/, '');
    if (answers === undefined)
      throw serviceError({ name: 'AccessDeniedException', message: 'The demo estate does not use this service here.' });
    const star = answers['*'];
    const output = answer(star ?? answers[name], name, args.input as Record<string, unknown>);
    return { output: { ...output, $metadata: { httpStatusCode: 200 } }, response: {} };
  };
  client.middlewareStack.add(middleware, { step: 'initialize', name: 'demoEstateAnswers', priority: 'high' });
  return client;
}

const DEMO_CREDENTIALS = { accessKeyId: 'DEMO', secretAccessKey: 'DEMO' };

/** Client providers that answer from the estate instead of AWS. */
export function estateClients(estate: Estate, accountId: string): ClientProvider {
  const regions = estate.accounts[accountId] ?? {};
  return clientProvider((service, region) =>
    serveFromEstate(new CLIENT_CLASSES[service]({ region, credentials: DEMO_CREDENTIALS }), regions[region]?.[service]),
  );
}
