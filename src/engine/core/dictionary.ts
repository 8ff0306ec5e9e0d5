/**
 * Maps keyed by table and index names. DynamoDB accepts names such as `constructor` or
 * `__proto__`, which a plain object literal would read from, or write to, its prototype: the
 * engine's maps have none.
 */

/** A map without a prototype, holding a copy of `from`'s own entries. */
export function dictionary<T>(from?: Readonly<Record<string, T>>): Record<string, T> {
  const out = Object.create(null) as Record<string, T>;
  if (from) for (const key of Object.keys(from)) out[key] = from[key];
  return out;
}
