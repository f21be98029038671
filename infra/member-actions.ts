import { collectors } from '../lib/collectors/index.js';
import type { Collector } from '../lib/collectors/types.js';

const ACTION = /^[a-z0-9-]+:[A-Za-z0-9]+$/;

/**
 * The IAM actions the member-account role grants: exactly the union of what the collectors call,
 * sorted and without duplicates. A wildcard or malformed action is refused, so the role can never
 * grant more than a collector names.
 */
export function memberRoleActions(list: readonly Pick<Collector, 'id' | 'actions'>[] = collectors): string[] {
  const actions = new Set<string>();
  for (const collector of list) {
    for (const action of collector.actions) {
      if (!ACTION.test(action)) {
        throw new Error(`Collector ${collector.id} names the IAM action "${action}", which is not service:Action without wildcards.`);
      }
      actions.add(action);
    }
  }
  if (actions.size === 0) throw new Error('No collector names an IAM action: the member role would grant nothing.');
  return [...actions].sort();
}
