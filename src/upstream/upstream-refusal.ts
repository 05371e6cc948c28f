import { GatewayError, type ErrorCode, type GatewayErrorOptions } from '../common/errors.js';

/** Why the gateway itself refused an upstream call (a bounded label for `mi_gateway_rejections_total`). */
export type RefusalReason = 'circuit_open' | 'tenant_concurrency';

/**
 * A call the gateway refused before it reached the vendor. Kept apart from vendor failures so that it is
 * never retried and never counts against the origin's circuit.
 */
export class UpstreamRefusal extends GatewayError {
  constructor(
    readonly reason: RefusalReason,
    message: string,
    code: ErrorCode,
    options: GatewayErrorOptions = {},
  ) {
    super(message, code, options);
  }
}

export function isUpstreamRefusal(error: unknown): error is UpstreamRefusal {
  return error instanceof UpstreamRefusal;
}
