/** The benches' tables: printed for a person, and as markdown for docs/benchmarks.md. */

/** Prints `rows` (the first is the header) in aligned columns, indented by two spaces. */
export function printTable(rows: readonly string[][]): void {
  const widths = rows[0].map((_, i) => Math.max(...rows.map((r) => r[i].length)));
  for (const r of rows) console.log(`  ${r.map((c, i) => c.padEnd(widths[i])).join('  ')}`);
}

/** `rows` (the first is the header) as a markdown table, numbers right-aligned. */
export function markdownTable(rows: readonly string[][]): string[] {
  return [
    `| ${rows[0].join(' | ')} |`,
    `|${rows[0].map((_, i) => (i === 0 ? '---' : '---:')).join('|')}|`,
    ...rows.slice(1).map((r) => `| ${r.join(' | ')} |`),
  ];
}
