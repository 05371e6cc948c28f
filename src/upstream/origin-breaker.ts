import { BrokenCircuitError, CircuitState, ConsecutiveBreaker, IsolatedCircuitError, circuitBreaker, handleWhen } from 'cockatiel';
import { ErrorCode, isGatewayError } from '../common/errors.js';
import { UpstreamRefusal, isUpstreamRefusal } from './upstream-refusal.js';

export interface OriginBreakerOptions {
  /** Consecutive failures that open the circuit. */
  failures: number;
  /** How long it stays open before one trial call may pass. */
  halfOpenMs: number;
  /** Called with true when the circuit opens, false when it closes again (and once at creation). */
  onOpenChange?: (open: boolean) => void;
}

export interface OriginBreaker {
  run<T>(call: () => Promise<T>): Promise<T>;
}

/**
 * One circuit per upstream origin (cockatiel's ConsecutiveBreaker). Only failures that say the origin
 * itself is unwell count: timeouts, connection failures, 5xx and unreadable answers. A 4xx (a tenant's
 * bad keys, an unknown asset) is an answer from a healthy vendor and counts for nothing, so one
 * tenant's 401s or 404s cannot cut every tenant off. While open, calls fail at once with
 * UPSTREAM_UNAVAILABLE and nothing is sent; after `halfOpenMs` one call tries the vendor (the others
 * wait for its outcome) and its success closes the circuit.
 */
export function createOriginBreaker(host: string, options: OriginBreakerOptions): OriginBreaker {
  // cockatiel closes a half-open circuit when its trial call fails with an error the filter does not
  // handle; a trial aborted by its caller proved nothing, so during half-open it counts as a failure
  // (the circuit opens again and the next trial comes after `halfOpenMs`).
  const policy: ReturnType<typeof circuitBreaker> = circuitBreaker(
    handleWhen((error) => isOriginFailure(error) || (policy.state === CircuitState.HalfOpen && isCallerAbort(error))),
    {
      halfOpenAfter: options.halfOpenMs,
      breaker: new ConsecutiveBreaker(options.failures),
    },
  );
  policy.onStateChange((state) => {
    // Half-open still counts as open: calls are not flowing freely until the trial call succeeds.
    if (state === CircuitState.Open || state === CircuitState.Closed) options.onOpenChange?.(state === CircuitState.Open);
  });
  options.onOpenChange?.(false);
  const seconds = Math.max(1, Math.ceil(options.halfOpenMs / 1000));

  return {
    async run(call) {
      try {
        return await policy.execute(call);
      } catch (error) {
        if (error instanceof BrokenCircuitError || error instanceof IsolatedCircuitError) {
          throw new UpstreamRefusal(
            'circuit_open',
            `The Media Intelligence API at ${host} is failing; calls to it are paused, retry in a few seconds`,
            ErrorCode.UPSTREAM_UNAVAILABLE,
            {
              retryAfterSeconds: seconds,
              detail: 'circuit open',
            },
          );
        }
        throw error;
      }
    },
  };
}

function isOriginFailure(error: unknown): boolean {
  if (!isGatewayError(error) || isUpstreamRefusal(error)) return false;
  if (error.code !== ErrorCode.UPSTREAM_TIMEOUT && error.code !== ErrorCode.UPSTREAM_UNAVAILABLE) return false;
  // A call aborted by its caller (a poller stopping) says nothing about the vendor.
  return !isCallerAbort(error);
}

function isCallerAbort(error: unknown): boolean {
  if (!isGatewayError(error)) return false;
  const detail = error.detail as { name?: unknown; code?: unknown } | null | undefined;
  return detail?.name === 'AbortError' || detail?.code === 'UND_ERR_ABORTED';
}
