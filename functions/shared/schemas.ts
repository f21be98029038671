import * as z from 'zod';

/** A run id as newRunId makes it: `20261126T122823512Z-f102b28b`. It is part of S3 keys, so nothing else is accepted. */
// Each has a maximum length as well as its pattern, so that the largest state a run carries can be
// computed from the schemas (test/infra/state-size.test.ts).
export const RUN_ID = z
  .string()
  .regex(/^\d{8}T\d{9}Z-[0-9a-f]{8}$/, 'not a run id (like 20261126T122823512Z-f102b28b)')
  .max(29);
export const STARTED_AT = z.iso.datetime({ message: 'not an ISO-8601 UTC time' }).max(40, 'not an ISO-8601 UTC time');
export const ACCOUNT_ID = z
  .string()
  .regex(/^[0-9]{12}$/, 'an AWS account id is 12 digits')
  .max(12);
export const REGION = z
  .string()
  .regex(/^[a-z]{2}(-[a-z]+)+-[0-9]+$/, 'not an AWS region name')
  .max(30, 'not an AWS region name');
