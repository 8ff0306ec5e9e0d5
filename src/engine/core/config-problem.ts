/**
 * A problem found in a policy or in a dynamic-dynamodb.conf file. The message reads on its own
 * (it names the option in dd's spelling and echoes the value received), so the construct can
 * throw it and the CLI can print it; `section`, `option` and `value` make it machine-readable.
 */
export interface ConfigProblem {
  /**
   * Where the problem is: a section of the file as written (`default_options`, `table: ^orders$`)
   * or, for a policy, `table: <regex>` / `gsi: <regex> table: <regex>` / `global`.
   * @default - the whole file
   */
  readonly section?: string;
  /** The option in dd's spelling, e.g. `min-provisioned-reads`. @default - not about one option */
  readonly option?: string;
  /** The value received, as text. @default - no value involved */
  readonly value?: string;
  /** 1-based line of the file. @default - not from a file, or not tied to one line */
  readonly line?: number;
  /** What is wrong, readable without the other fields. */
  readonly message: string;
}

/** `line 12 [table: ^orders$]: <message>`, the form the CLI prints. */
export function formatConfigProblem(problem: ConfigProblem): string {
  const where = [
    problem.line !== undefined ? `line ${problem.line}` : undefined,
    problem.section !== undefined ? `[${problem.section}]` : undefined,
  ].filter((part): part is string => part !== undefined);
  return where.length > 0 ? `${where.join(' ')}: ${problem.message}` : problem.message;
}
