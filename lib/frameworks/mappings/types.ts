/**
 * One control supporting one requirement of a framework mapped beside the catalog: the control's id
 * and, in a sentence, how its finding bears on the requirement (for an OWASP risk: what the
 * safeguard it reads does to the risk's likelihood or impact).
 */
export interface ControlMapping {
  readonly control: string;
  readonly rationale: string;
}

/** A framework's table: per requirement id, the controls that support it. */
export type MappingTable = Readonly<Record<string, readonly ControlMapping[]>>;
