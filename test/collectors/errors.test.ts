import { SageMakerServiceException as ServiceException } from '@aws-sdk/client-sagemaker';
import { describe, expect, it } from 'vitest';
import { classifyAwsError, InvalidResponseError } from '../../lib/collectors/errors.js';

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

  it('classifies an answer the SDK could not parse (an HTML error page) as INVALID_RESPONSE, keeping the parser error name', () => {
    expect(classifyAwsError(deserializationError())).toMatchObject({ kind: 'INVALID_RESPONSE', code: 'SyntaxError' });
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
