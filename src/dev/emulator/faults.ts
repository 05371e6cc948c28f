/** Scripted failures, so gateway tests can exercise retries, timeouts and parsing of broken answers. */
export type Fault =
  | { kind: 'status'; status: number; body?: unknown; rawBody?: string; headers?: Record<string, string> }
  | { kind: 'malformed' }
  | { kind: 'hang' }
  | { kind: 'reset' }
  | { kind: 'slow-body'; delayMs: number }
  | { kind: 'delay'; delayMs: number };

export interface FaultRule {
  method?: string;
  /** A string matches the whole request-target or its path part exactly; a RegExp is tested on the whole target. */
  path?: string | RegExp;
  /** Default: unlimited. */
  times?: number;
  fault: Fault;
}

interface ActiveRule {
  method: string | undefined;
  path: string | RegExp | undefined;
  remaining: number;
  fault: Fault;
}

export class FaultRules {
  private rules: ActiveRule[] = [];

  add(rule: FaultRule): void {
    if (rule.times !== undefined && (!Number.isInteger(rule.times) || rule.times < 1)) {
      throw new RangeError(`FaultRule.times must be a positive integer, got ${rule.times}`);
    }
    this.rules.push({
      method: rule.method?.toUpperCase(),
      path: rule.path,
      remaining: rule.times ?? Number.POSITIVE_INFINITY,
      fault: rule.fault,
    });
  }

  clear(): void {
    this.rules = [];
  }

  /** The first matching rule's fault, consuming one use of it (first added wins). */
  take(method: string, target: string): Fault | undefined {
    const rule = this.rules.find((r) => matches(r, method, target));
    if (!rule) return undefined;
    rule.remaining -= 1;
    if (rule.remaining <= 0) this.rules = this.rules.filter((r) => r !== rule);
    return rule.fault;
  }
}

function matches(rule: ActiveRule, method: string, target: string): boolean {
  if (rule.method !== undefined && rule.method !== method) return false;
  if (rule.path === undefined) return true;
  if (rule.path instanceof RegExp) {
    rule.path.lastIndex = 0; // a /g or /y regexp would otherwise alternate between match and miss
    return rule.path.test(target);
  }
  const queryAt = target.indexOf('?');
  return rule.path === target || rule.path === (queryAt === -1 ? target : target.slice(0, queryAt));
}
