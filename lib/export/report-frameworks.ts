/** The frameworks a report can lead with (`export --framework`): apart from report.ts, so the CLI's help needs no catalog. */
export const REPORT_FRAMEWORK_IDS = ['nist-ai-rmf', 'caf-ai', 'owasp-llm', 'eu-ai-act'] as const;
export type ReportFrameworkId = (typeof REPORT_FRAMEWORK_IDS)[number];
