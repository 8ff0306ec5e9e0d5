/**
 * Strict readers for the engine's JSON forms (state, policies, CLI snapshots): every error names
 * the JSON path of the field and echoes the value received, and an unknown key is an error, not
 * ignored (a misspelt counter read as absent would silently reset it).
 */

/** Thrown for JSON that does not have the documented shape; the message names the field. */
export class JsonDecodeError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'JsonDecodeError';
  }
}

/** Any parsed JSON value. */
export type Json = unknown;

/** Whether `x` is a JSON object (not null, not an array). */
export function isObject(x: Json): x is Record<string, Json> {
  return typeof x === 'object' && x !== null && !Array.isArray(x);
}

/** `where.key`, or `key` at the top level. */
export function pathOf(where: string | undefined, key: string | number): string {
  if (typeof key === 'number') return `${where ?? ''}[${key}]`;
  return where === undefined || where === '' ? key : `${where}.${key}`;
}

/**
 * Rejects a key of `x` that is not in `accepted` (keys in `ignored` are let through).
 *
 * @param what what the keys are, for the message ("field", "counter", …)
 */
export function onlyKnown(
  x: Record<string, Json>, where: string | undefined, accepted: readonly string[], what: string, ignored: readonly string[] = [],
): void {
  for (const key of Object.keys(x)) {
    if (accepted.includes(key) || ignored.includes(key)) continue;
    throw new JsonDecodeError(`${pathOf(where, key)} is not a known ${what} (accepted: ${accepted.join(', ')})`);
  }
}

/** The object at `where`, or an error saying what it should be. */
export function object(x: Json, where: string, shape = 'an object'): Record<string, Json> {
  if (!isObject(x)) throw new JsonDecodeError(`${where} must be ${shape}, got ${show(x)}`);
  return x;
}

/** A finite number. */
export function number(x: Json, where: string): number {
  if (typeof x !== 'number' || !Number.isFinite(x)) throw new JsonDecodeError(`${where} must be a number, got ${show(x)}`);
  return x;
}

/** An integer >= `min`. */
export function integerAtLeast(x: Json, where: string, min: number): number {
  if (typeof x !== 'number' || !Number.isInteger(x) || x < min) {
    throw new JsonDecodeError(`${where} must be an integer >= ${min}, got ${show(x)}`);
  }
  return x;
}

/** A string. */
export function string(x: Json, where: string): string {
  if (typeof x !== 'string') throw new JsonDecodeError(`${where} must be a string, got ${show(x)}`);
  return x;
}

/**
 * A time: epoch milliseconds, or an ISO-8601 string (UTC when it has no offset).
 *
 * @returns undefined when `x` is undefined
 */
export function time(x: Json, where: string): number | undefined {
  if (x === undefined) return undefined;
  if (typeof x === 'number' && Number.isFinite(x)) return x;
  const ms = typeof x === 'string' ? parseIsoTime(x) : undefined;
  if (ms === undefined) {
    throw new JsonDecodeError(`${where} must be an ISO-8601 time such as "2017-08-12T12:00:00Z" (UTC when it has no offset), got ${show(x)}`);
  }
  return ms;
}

/** An epoch-ms time as the ISO-8601 text the JSON forms write. */
export function isoTime(ms: number): string {
  return new Date(ms).toISOString();
}

/** A value as JSON text, for messages. */
export function show(x: Json): string {
  return x === undefined ? 'undefined' : JSON.stringify(x);
}

// ISO-8601 date and time: YYYY-MM-DDTHH:MM[:SS[.fraction]] with Z, ±HH:MM, ±HHMM or ±HH, or none (UTC).
const ISO_TIME = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2})(?:[.,](\d+))?)?(Z|[+-]\d{2}(?::?\d{2})?)?$/;

/** Epoch ms of an ISO-8601 time, read as UTC when it has no offset; undefined if it is not one. */
export function parseIsoTime(text: string): number | undefined {
  const m = ISO_TIME.exec(text);
  if (!m) return undefined;
  const [year, month, day, hour, minute, second] = m.slice(1, 7).map((v) => Number(v ?? 0));
  const ms = Number((m[7] ?? '').padEnd(3, '0').slice(0, 3));
  if (month < 1 || month > 12 || day < 1 || day > 31 || hour > 23 || minute > 59 || second > 59) return undefined;
  const utc = new Date(0);
  utc.setUTCFullYear(year, month - 1, day);
  utc.setUTCHours(hour, minute, second, ms);
  if (utc.getUTCDate() !== day) return undefined; // 2017-02-30
  const zone = m[8];
  if (zone === undefined || zone === 'Z') return utc.getTime();
  const offH = Number(zone.slice(1, 3));
  const offM = Number(zone.slice(1).replace(':', '').slice(2) || 0);
  if (offH > 23 || offM > 59) return undefined;
  return utc.getTime() - (zone[0] === '-' ? -1 : 1) * (offH * 60 + offM) * 60_000;
}
