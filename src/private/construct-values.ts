import { Duration, Token } from 'aws-cdk-lib';
import { CircuitBreakerOptions, MaintenanceWindow } from '../custom-scaling-options';
import { CircuitBreaker, MaintenanceWindow as EngineWindow } from '../engine';

/** The circuit breaker's timeout when none is given (dd's `circuit-breaker-timeout`). */
const DEFAULT_BREAKER_TIMEOUT_MS = 10_000;

/**
 * Construct property values turned into the engine's, for the policies the scaler runs. What
 * only the construct can check (tokens, whole minutes, `HH:MM` times) is collected in `problems`,
 * each message given the policy's property path (`policy`, `indexPolicies[0].policy`) later.
 */
export class ConstructValues {
  /** The problems found, each a message for the policy's property path. */
  public readonly problems: Array<(property: string) => string> = [];

  /** Whole seconds of `d`; whole minutes unless `minutes` is false. */
  public seconds(d: Duration, property: string, minutes = true): number {
    if (d.isUnresolved()) {
      this.problems.push((at) => `${at}.${property} (${d.toString()}) must be known at synth time: the scaler's policy is checked when the app is synthesized`);
      return minutes ? 60 : 1;
    }
    const s = d.toSeconds({ integral: false });
    if (minutes && !(s >= 60 && s % 60 === 0)) {
      this.problems.push((at) => `${at}.${property} (${d.toHumanString()}) must be a whole number of minutes, at least 1`);
      return 60;
    }
    return s;
  }

  /** `v`, or undefined (and a problem) when it is a token. */
  public known(v: number | undefined, property: string): number | undefined {
    if (v !== undefined && Token.isUnresolved(v)) {
      this.problems.push((at) => `${at}.${property} (${Token.asString(v)}) must be known at synth time: the scaler's policy is checked when the app is synthesized`);
      return undefined;
    }
    return v;
  }

  /** A window in minutes after midnight; `property` is its path, e.g. `maintenanceWindows[0]`. */
  public window(w: MaintenanceWindow, property: string): EngineWindow {
    const minute = (text: string, end: boolean, p: string) => {
      const m = /^(\d{1,2}):(\d{2})$/.exec(Token.isUnresolved(text) ? '' : text.trim());
      const h = m ? Number(m[1]) : NaN;
      const mm = m ? Number(m[2]) : NaN;
      if (end && h === 24 && mm === 0) return 1439;
      if (!(h >= 0 && h <= 23 && mm >= 0 && mm <= 59)) {
        this.problems.push((at) => `${at}.${property}.${p} (${text}) must be a time HH:MM in UTC, from 00:00 to 23:59${end ? ' (or 24:00)' : ''}`);
        return 0;
      }
      return h * 60 + mm;
    };
    return { startMinute: minute(w.start, false, 'start'), endMinute: minute(w.end, true, 'end') };
  }

  /** The engine's breaker; `property` is its path, e.g. `circuitBreaker`. */
  public circuitBreaker(cb: CircuitBreakerOptions, property: string): CircuitBreaker {
    return {
      url: cb.url,
      timeoutMs: cb.timeout ? this.seconds(cb.timeout, `${property}.timeout`, false) * 1000 : DEFAULT_BREAKER_TIMEOUT_MS,
      ...(cb.credentials ? { credentialsSecret: cb.credentials.secretArn } : {}),
    };
  }
}
