import pkg from '../package.json' with { type: 'json' };

/** The version of ai-evidence, recorded in every sealed run. */
export const TOOL_VERSION: string = `ai-evidence/${pkg.version}`;
