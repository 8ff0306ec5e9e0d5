/**
 * The key of a table (`t`) or one of its GSIs (`t:g`) in the engine's maps. DynamoDB names cannot
 * hold `:`, so the first `:` separates the two.
 */

/**
 * Keys made so far, by table then GSI. A check looks each key up in several maps; a key built
 * afresh each time is a new string whose hash is computed again on every lookup, so the same
 * string is handed out instead (one entry per GSI a process has seen).
 */
const made = new Map<string, Map<string, string>>();

/** The key of `table` (`gsi` null) or of its GSI `gsi`. */
export function targetKey(table: string, gsi: string | null): string {
  if (gsi === null) return table;
  let byGsi = made.get(table);
  if (byGsi === undefined) made.set(table, byGsi = new Map());
  let key = byGsi.get(gsi);
  if (key === undefined) byGsi.set(gsi, key = `${table}:${gsi}`);
  return key;
}
