import { type BEDROCK_ENDPOINT_SERVICES, bedrockEndpointServiceName } from '../collectors/bedrock-endpoint-services.js';
import type { Scope } from '../evidence/coverage.js';
import type { SealedEvidence } from '../evidence/record.js';
import type { ScopeVerdict } from './per-resource.js';

/** The collector whose records are the region's VPC endpoints for Bedrock and AgentCore, and their type. */
export const VPC_ENDPOINTS = 'ec2.vpc-endpoints';
export const VPC_ENDPOINT_TYPE = 'AWS::EC2::VPCEndpoint';

/** An interface endpoint (PrivateLink) in state available: one that carries calls. */
export function isAvailableInterfaceEndpoint(e: SealedEvidence): boolean {
  return e.record.data.VpcEndpointType === 'Interface' && String(e.record.data.State).toLowerCase() === 'available';
}

/** How a reason names an endpoint: its id and its VPC. */
export function endpointLabel(e: SealedEvidence): string {
  return `${String(e.record.data.VpcEndpointId ?? e.record.resource.id)} in ${String(e.record.data.VpcId ?? 'an unnamed VPC')}`;
}

/** The records of `collector` in a scope's records that are of `type`. */
function recordsOf(records: ReadonlyMap<string, readonly SealedEvidence[]>, collector: string, type: string): SealedEvidence[] {
  return (records.get(collector) ?? []).filter((e) => e.record.resource.type === type);
}

/** The resources whose presence makes a region need an endpoint: read from `collector`, of `type`, named `what` in reasons. */
export interface EndpointUsers {
  readonly collector: string;
  readonly type: string;
  readonly what: string;
}

/**
 * The check of a "an interface endpoint for <service> is available" control, one finding per region.
 * Without `users`, every region needs the endpoint; with them, only a region that holds one of those
 * resources (NOT_APPLICABLE elsewhere), since which VPCs call the service no API shows.
 */
export function endpointAvailableCheck(
  service: (typeof BEDROCK_ENDPOINT_SERVICES)[number],
  users: readonly EndpointUsers[] = [],
): (records: ReadonlyMap<string, readonly SealedEvidence[]>, scope: Scope) => ScopeVerdict {
  return (records, scope) => {
    const where = `account ${scope.accountId} in ${scope.region}`;
    const name = bedrockEndpointServiceName(scope.region, service);
    const using = users.map((u) => ({ ...u, found: recordsOf(records, u.collector, u.type) })).filter((u) => u.found.length > 0);
    if (users.length > 0 && using.length === 0) {
      return {
        status: 'NOT_APPLICABLE',
        reason: `No ${users.map((u) => u.what).join(', ')} in ${where}, so nothing there is called through ${name}.`,
        cite: [],
      };
    }
    const userCite = using.flatMap((u) => u.found);
    const because = using.length === 0 ? '' : ` (the region has ${using.map((u) => `${u.found.length} ${u.what}`).join(', ')})`;
    const endpoints = recordsOf(records, VPC_ENDPOINTS, VPC_ENDPOINT_TYPE).filter((e) => e.record.data.ServiceName === name);
    const available = endpoints.filter(isAvailableInterfaceEndpoint);
    if (available.length > 0) {
      return {
        status: 'PASS',
        reason: `${where} has ${available.length} available interface endpoint${available.length === 1 ? '' : 's'} for ${name} (${available.map(endpointLabel).sort().join(', ')})${because}.`,
        cite: [...available, ...userCite],
      };
    }
    if (endpoints.length > 0) {
      const states = endpoints.map(
        (e) => `${endpointLabel(e)} is ${String(e.record.data.VpcEndpointType)} in state ${String(e.record.data.State)}`,
      );
      return {
        status: 'FAIL',
        reason: `${where} has no available interface endpoint for ${name}${because}: ${states.sort().join('; ')}.`,
        cite: [...endpoints, ...userCite],
      };
    }
    return {
      status: 'FAIL',
      reason: `${where} has no VPC endpoint for ${name}${because}: calls to it from a VPC leave it over the internet or a NAT gateway. Create an interface endpoint for ${name}.`,
      cite: userCite,
    };
  };
}
