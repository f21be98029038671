import * as z from 'zod';
import type { Control } from '../controls/types.js';

/** A control as a run records it: its id and the version of its logic that judged the run. */
export const SealedControlSchema = z.strictObject({ id: z.string(), version: z.number().int().min(1) });
export type SealedControl = z.infer<typeof SealedControlSchema>;

/** The id and version of every control of a catalog, sorted by id: what a manifest records. */
export function sealedControls(catalog: readonly Control[]): SealedControl[] {
  return catalog.map((c) => ({ id: c.id, version: c.version })).sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
}

/** A control whose findings in a run this tool cannot re-evaluate, and why. */
export interface NotReEvaluated {
  controlId: string;
  /** The version that judged the run; null when the run did not record versions. */
  sealedVersion: number | null;
  /** This tool's version of the control; null when this tool does not have it. */
  toolVersion: number | null;
}

/** What a run needs to say which of its controls can be re-evaluated. */
export interface RunCatalog {
  runId: string;
  catalogVersion: string;
  toolVersion: string;
  controls?: readonly SealedControl[] | undefined;
}

/**
 * Which controls of a sealed run this tool re-evaluates: every control the run records whose id and
 * version this tool's catalog still has. A run sealed before versions were recorded (no `controls`
 * in its manifest) is re-evaluated whole when its catalog version is this tool's, and not at all
 * otherwise. Controls this tool added since are not run: the run was not judged with them. A
 * control that cannot be re-evaluated is a warning that names it, never silent and never a failure:
 * the run's signature, digests and proofs still say what was sealed.
 */
export class ReEvaluation {
  /** This tool's controls that judged the run as they judge now, in catalog order. */
  readonly controls: readonly Control[];
  private readonly ids: ReadonlySet<string>;
  private readonly sealed: ReadonlyMap<string, number> | undefined;
  private readonly skipped = new Map<string, NotReEvaluated>();
  /** A run without recorded versions and of this tool's catalog: every finding is re-evaluated, as before versions were recorded. */
  private readonly whole: boolean;

  constructor(
    private readonly run: RunCatalog,
    catalog: readonly Control[],
    catalogVersion: string,
  ) {
    this.whole = run.controls === undefined && run.catalogVersion === catalogVersion;
    if (run.controls === undefined) {
      this.sealed = undefined;
      this.controls = this.whole ? catalog : [];
    } else {
      const sealed = new Map(run.controls.map((c) => [c.id, c.version]));
      this.sealed = sealed;
      this.controls = catalog.filter((c) => sealed.get(c.id) === c.version);
      const tool = new Map(catalog.map((c) => [c.id, c.version]));
      for (const c of run.controls)
        if (tool.get(c.id) !== c.version)
          this.skipped.set(c.id, { controlId: c.id, sealedVersion: c.version, toolVersion: tool.get(c.id) ?? null });
    }
    this.ids = new Set(this.controls.map((c) => c.id));
  }

  /** Whether this tool re-evaluates the control; a stored finding of one it does not is noted for the warning. */
  covers(controlId: string): boolean {
    if (this.whole || this.ids.has(controlId)) return true;
    // Only a run without recorded versions learns its controls from its findings.
    if (this.sealed === undefined && !this.skipped.has(controlId))
      this.skipped.set(controlId, { controlId, sealedVersion: null, toolVersion: null });
    return false;
  }

  /** Whether the run's manifest lists the control (always, for a run that recorded no versions). */
  lists(controlId: string): boolean {
    return this.sealed === undefined || this.sealed.has(controlId);
  }

  /** The ids of the re-evaluated controls, sorted. */
  reEvaluated(): string[] {
    return [...this.ids].sort();
  }

  /** The run's controls that were not re-evaluated, sorted by id. */
  notReEvaluated(): NotReEvaluated[] {
    return [...this.skipped.values()].sort((a, b) => (a.controlId < b.controlId ? -1 : 1));
  }

  /** The warning that names every control not re-evaluated, or undefined when all were. */
  warning(): string | undefined {
    const skipped = this.notReEvaluated();
    if (skipped.length === 0) return undefined;
    const { runId, catalogVersion, toolVersion } = this.run;
    const names = skipped.map((s) => s.controlId).join(', ');
    if (this.sealed === undefined)
      return `Run ${runId} was judged with control catalog ${catalogVersion} by ai-evidence ${toolVersion}, which did not record control versions, so the findings of its ${skipped.length} control(s) were not re-evaluated: ${names}. Verify with ai-evidence ${toolVersion} to re-evaluate them.`;
    const each = skipped
      .map((s) => `${s.controlId} v${s.sealedVersion} (${s.toolVersion === null ? 'not in this tool' : `this tool has v${s.toolVersion}`})`)
      .join(', ');
    return `Run ${runId} was judged by ai-evidence ${toolVersion} with ${skipped.length} control version(s) this tool does not have, whose findings were not re-evaluated: ${each}. Verify with ai-evidence ${toolVersion} to re-evaluate them.`;
  }
}
