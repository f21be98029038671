import {
  DescribeNotebookInstanceLifecycleConfigCommand,
  type DescribeNotebookInstanceLifecycleConfigCommandOutput,
  paginateListNotebookInstanceLifecycleConfigs,
} from '@aws-sdk/client-sagemaker';
import { kind, listDescribeCollector, listedByName, text } from './list-describe.js';
import { type ScriptScan, SECRET_PATTERNS, scanScript } from './secret-scan.js';

export const NOTEBOOK_LIFECYCLE_CONFIGS = 'sagemaker.notebook-lifecycle-configs';

/** Raised with the patterns' set, so that a record says which scan judged it. */
export const SECRET_SCAN_VERSION = 1;

/** What is sealed of a lifecycle configuration: its identity and times, and per script only the scan's verdict. */
export interface ScannedLifecycleConfig {
  NotebookInstanceLifecycleConfigArn?: string;
  NotebookInstanceLifecycleConfigName?: string;
  CreationTime?: Date;
  LastModifiedTime?: Date;
  secretScan: { version: number; patterns: string[]; scripts: ScriptScan[] };
}

/**
 * Replaces the scripts of a DescribeNotebookInstanceLifecycleConfig answer by their scan, in memory.
 * The answer's OnCreate and OnStart contents (base64 shell scripts, which may hold credentials) are
 * decoded, scanned and dropped here: they are never part of a record, so they are never sealed.
 */
export function scanLifecycleConfig(output: DescribeNotebookInstanceLifecycleConfigCommandOutput): ScannedLifecycleConfig {
  const scripts: ScriptScan[] = [];
  for (const hook of ['OnCreate', 'OnStart'] as const) {
    const list = output[hook];
    if (list === undefined) continue;
    if (!Array.isArray(list)) {
      scripts.push({ hook, index: 0, decoded: false, problem: `${hook} is not a list` });
      continue;
    }
    list.forEach((script, index) => {
      scripts.push(scanScript(hook, index, (script as { Content?: unknown } | null)?.Content));
    });
  }
  return {
    ...(output.NotebookInstanceLifecycleConfigArn === undefined
      ? {}
      : { NotebookInstanceLifecycleConfigArn: output.NotebookInstanceLifecycleConfigArn }),
    ...(output.NotebookInstanceLifecycleConfigName === undefined
      ? {}
      : { NotebookInstanceLifecycleConfigName: output.NotebookInstanceLifecycleConfigName }),
    ...(output.CreationTime === undefined ? {} : { CreationTime: output.CreationTime }),
    ...(output.LastModifiedTime === undefined ? {} : { LastModifiedTime: output.LastModifiedTime }),
    secretScan: { version: SECRET_SCAN_VERSION, patterns: SECRET_PATTERNS.map((p) => p.name), scripts },
  };
}

/**
 * SageMaker notebook instance lifecycle configurations: ListNotebookInstanceLifecycleConfigs, then
 * DescribeNotebookInstanceLifecycleConfig for each, whose scripts are scanned for credentials in
 * memory (`scanLifecycleConfig`). The record holds the configuration's name, ARN and times and, per
 * script, the verdict, the names of the patterns that matched and the script's SHA-256: never its text.
 */
export const sagemakerNotebookLifecycleConfigs = /* @__PURE__ */ listDescribeCollector({
  id: NOTEBOOK_LIFECYCLE_CONFIGS,
  service: 'sagemaker',
  description:
    'SageMaker notebook lifecycle configurations, their scripts scanned for credentials in memory (only the verdict, pattern names and SHA-256 are kept).',
  actions: ['sagemaker:ListNotebookInstanceLifecycleConfigs', 'sagemaker:DescribeNotebookInstanceLifecycleConfig'],
  kinds: [
    /* @__PURE__ */ kind('sagemaker', {
      listOperation: 'ListNotebookInstanceLifecycleConfigs',
      pages: (client) => paginateListNotebookInstanceLifecycleConfigs({ client, pageSize: 100 }, {}),
      itemsKey: 'NotebookInstanceLifecycleConfigs',
      listed: (item) => listedByName(item.NotebookInstanceLifecycleConfigName, item.NotebookInstanceLifecycleConfigArn),
      itemCalled: 'a lifecycle configuration',
      listedBy: 'a name or ARN',
      describeOperation: 'DescribeNotebookInstanceLifecycleConfig',
      describe: async (client, { key }) =>
        scanLifecycleConfig(
          await client.send(new DescribeNotebookInstanceLifecycleConfigCommand({ NotebookInstanceLifecycleConfigName: key })),
        ),
      recordId: (output) => text(output.NotebookInstanceLifecycleConfigArn),
      recordedBy: 'NotebookInstanceLifecycleConfigArn',
      resourceType: 'AWS::SageMaker::NotebookInstanceLifecycleConfig',
    }),
  ],
});
