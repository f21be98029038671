import { SageMakerServiceException as ServiceException } from '@aws-sdk/client-sagemaker';
import { describe, expect, it } from 'vitest';
import { classifyAwsError, InvalidResponseError, plainMessage, UNREADABLE_RESPONSE } from '../../lib/collectors/errors.js';

/** An error as the SDK's deserializer leaves it: the parser's error with the raw response attached. */
function deserializationError(): Error {
  const error = new SyntaxError(
    'Unexpected token < in JSON at position 0\n  Deserialization error: to see the raw response, inspect $response.',
  );
  Object.defineProperty(error, '$response', { value: { statusCode: 500, body: '<html>' }, enumerable: false });
  return error;
}

function serviceError(name: string): Error {
  return new ServiceException({ name, $fault: 'client', $metadata: { httpStatusCode: 400 }, message: `${name} happened` });
}

describe('classifyAwsError', () => {
  it.each([
    ['AccessDeniedException', 'ACCESS_DENIED'],
    ['ThrottlingException', 'THROTTLED'],
    ['ValidationException', 'ERROR'],
  ])('classifies the service error %s as %s', (name, kind) => {
    expect(classifyAwsError(serviceError(name))).toMatchObject({ kind, code: name });
  });

  it('classifies an answer the SDK could not parse (an HTML error page) as INVALID_RESPONSE, without the parser error name or its hint', () => {
    const failure = classifyAwsError(deserializationError());
    expect(failure).toMatchObject({ kind: 'INVALID_RESPONSE', code: UNREADABLE_RESPONSE });
    expect(failure.message).not.toMatch(/SyntaxError|\$response|Deserialization/);
  });

  it("strips the SDK's hint about its hidden field from any message, and keeps it on one line", () => {
    expect(plainMessage(deserializationError())).toBe('Unexpected token < in JSON at position 0');
  });

  it('shortens a very long message', () => {
    const message = plainMessage(new Error('x'.repeat(1000)));
    expect(message).toHaveLength(300);
    expect(message.endsWith('...')).toBe(true);
  });

  it('sorts an AWS endpoint that does not resolve (the service is not offered in the region) as NOT_AVAILABLE', () => {
    // Prepare: the error Node gives for a DNS name that does not exist.
    const error = Object.assign(new Error('getaddrinfo ENOTFOUND bedrock.ap-east-9.amazonaws.com'), {
      code: 'ENOTFOUND',
      hostname: 'bedrock.ap-east-9.amazonaws.com',
      $metadata: {},
    });
    // Act / Assess
    expect(classifyAwsError(error)).toEqual({
      kind: 'NOT_AVAILABLE',
      code: 'ENOTFOUND',
      message: 'The endpoint bedrock.ap-east-9.amazonaws.com does not exist: the service is not offered in this region.',
    });
    // A custom endpoint that does not resolve is a configuration error, not a service gap.
    expect(classifyAwsError(Object.assign(error, { hostname: 'moto.internal' })).kind).toBe('ERROR');
  });

  it('keeps a service error that carries its raw response a service error', () => {
    // Prepare: service errors carry $metadata; the SDK attaches $response to them too.
    const error = serviceError('ValidationException');
    Object.defineProperty(error, '$response', { value: { statusCode: 400 }, enumerable: false });
    // Act / Assess
    expect(classifyAwsError(error).kind).toBe('ERROR');
  });

  it('classifies our own malformed-answer error as INVALID_RESPONSE', () => {
    expect(classifyAwsError(new InvalidResponseError('no ARN')).kind).toBe('INVALID_RESPONSE');
  });
});
