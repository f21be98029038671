import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { buildProgram, UsageError } from '../../lib/cli/program.js';
import { PublishSetupError, publishFromCli } from '../../lib/publish/cli.js';
import { LocalFolderStore } from '../../lib/store/local.js';
import { sharedDemoStore } from '../helpers/demo-store.js';
import { captureIo } from '../helpers/io.js';
import { TempDirs } from '../helpers/temp.js';

/** No region and no credentials from anywhere: nothing of the developer's AWS setup takes part. */
function withoutAws(scratch: string): () => void {
  const values: Record<string, string | undefined> = {
    AWS_REGION: undefined,
    AWS_DEFAULT_REGION: undefined,
    AWS_PROFILE: undefined,
    AWS_ENDPOINT_URL: undefined,
    AWS_CONFIG_FILE: join(scratch, 'no-config'),
    AWS_SHARED_CREDENTIALS_FILE: join(scratch, 'no-credentials'),
    AWS_EC2_METADATA_DISABLED: 'true',
  };
  const saved = Object.fromEntries(Object.keys(values).map((k) => [k, process.env[k]]));
  for (const [k, v] of Object.entries(values)) {
    if (v === undefined) delete process.env[k];
    else process.env[k] = v;
  }
  return () => {
    for (const [k, v] of Object.entries(saved)) {
      if (v === undefined) delete process.env[k];
      else process.env[k] = v;
    }
  };
}

describe('ai-evidence publish, before any AWS call', () => {
  const temp = new TempDirs();
  let scratch = '';
  let restore: () => void = () => {};
  beforeEach(async () => {
    scratch = await temp.make('publish-cli');
    restore = withoutAws(scratch);
  });
  afterEach(async () => {
    restore();
    await temp.removeAll();
  });

  it('says a store without a sealed run has nothing to publish', async () => {
    const store = new LocalFolderStore(join(scratch, 'evidence'));
    const error = await publishFromCli(store, undefined).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(PublishSetupError);
    expect((error as Error).message).toBe(`${store.location} holds no sealed run to publish.`);
  });

  it('asks for a region when the SDK has none', async () => {
    const demo = await sharedDemoStore(scratch, 1);
    await expect(publishFromCli(demo.store, undefined)).rejects.toThrow('No region: set AWS_REGION');
  });

  it('exits with a usage error naming the problem', async () => {
    const io = captureIo();
    const folder = join(scratch, 'evidence');
    const error = await buildProgram(io)
      .parseAsync(['publish', '--dir', folder], { from: 'user' })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(UsageError);
    expect((error as Error).message).toContain('holds no sealed run to publish.');
    expect(io.stdout).toEqual([]);
  });
  it.each([
    [['--member-role-name', 'AiEvidencePublishFindings'], '--member-role-name and --external-id go together'],
    [['--external-id', 'ext-1'], '--member-role-name and --external-id go together'],
  ])('refuses %j alone: the member publish role needs its ExternalId', async (args, message) => {
    const io = captureIo();
    const error = await buildProgram(io)
      .parseAsync(['publish', '--dir', join(scratch, 'evidence'), ...args], { from: 'user' })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(UsageError);
    expect((error as Error).message).toContain(message);
  });

  it('refuses a member role name IAM would not accept, naming the option', async () => {
    const io = captureIo();
    const error = await buildProgram(io)
      .exitOverride()
      .configureOutput({ writeErr: () => {} })
      .parseAsync(['publish', '--member-role-name', 'no spaces allowed', '--external-id', 'ext-1'], { from: 'user' })
      .catch((e: unknown) => e);
    expect((error as Error).message).toContain('"no spaces allowed" is not an IAM role name.');
  });
});
