/**
 * A policy file read as its host reads it: a dynamic-dynamodb.conf (dd option names in
 * messages) or a policy JSON (JSON paths), validated, with its errors and warnings. The CLI's
 * `simulate` and `run` both read policies with this.
 */
import { Json, JsonDecodeError } from './check/json-reader';
import { policyFromJson } from './check/policy-codec';
import { ConfigProblem } from './core/config-problem';
import { EnginePolicy } from './core/policy';
import { checkPolicy } from './core/validate';
import { parseDdConfig } from './dd-conf/dd-config';

/** What reading a policy file gave. */
export interface PolicyText {
  /** The policy, when it is usable. @default - none: see `malformed` and `errors` */
  readonly policy?: EnginePolicy;
  /** Why a JSON policy could not be read at all (not JSON, or not a policy's shape). @default - it could */
  readonly malformed?: string;
  /** What makes the policy invalid, each naming its option. */
  readonly errors: ConfigProblem[];
  /** What is legal but risky. */
  readonly warnings: ConfigProblem[];
}

/** Reads `text` as a dynamic-dynamodb.conf or as a policy JSON. */
export function readPolicyText(text: string, format: 'dd-config' | 'json'): PolicyText {
  if (format === 'dd-config') {
    const parsed = parseDdConfig(text);
    return parsed.errors.length > 0 ? { errors: parsed.errors, warnings: parsed.warnings } : parsed;
  }
  let json: Json;
  try {
    json = JSON.parse(text);
  } catch (e) {
    return { malformed: `not JSON: ${(e as Error).message}`, errors: [], warnings: [] };
  }
  let policy: EnginePolicy;
  try {
    policy = policyFromJson(json);
  } catch (e) {
    if (e instanceof JsonDecodeError) return { malformed: e.message, errors: [], warnings: [] };
    throw e;
  }
  const checked = checkPolicy(policy);
  return checked.errors.length > 0 ? checked : { policy, ...checked };
}
