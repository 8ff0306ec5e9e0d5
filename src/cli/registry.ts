/**
 * The `dynamic-scaling` command registry and a small argv parser (no CLI dependency).
 * A command lives in its own file and registers itself with {@link registerCommand}; `main.ts`
 * imports that file with one line.
 */

/** Where a command reads and writes: the real process, or a test double. */
export interface CliIo {
  /** Standard output. */
  readonly stdout: { write(chunk: string): unknown };
  /** Standard error. */
  readonly stderr: { write(chunk: string): unknown };
  /** Reads a UTF-8 file. */
  readFile(path: string): Promise<string>;
}

/** Parsed `--name value` options and positional arguments. */
export interface ParsedArgs {
  /** `--name value` or `--name=value`; a boolean flag maps to `'true'`. */
  readonly options: Readonly<Record<string, string>>;
  /** Arguments that are not options. */
  readonly positionals: readonly string[];
}

/** One sub-command. */
export interface Command {
  /** The word after `dynamic-scaling`. */
  readonly name: string;
  /** One line for the command list. */
  readonly summary: string;
  /** The usage text, printed by `--help` and on a usage error. */
  readonly usage: string;
  /** Options that take a value. */
  readonly valueOptions: readonly string[];
  /** Options that take no value. @default - none */
  readonly flagOptions?: readonly string[];
  /** Runs the command; resolves to the exit code. */
  run(args: ParsedArgs, io: CliIo): Promise<number>;
}

const registry = new Map<string, Command>();

/** Adds a command. A second command with the same name is a programming error. */
export function registerCommand(command: Command): void {
  if (registry.has(command.name)) throw new Error(`command '${command.name}' is registered twice`);
  registry.set(command.name, command);
}

/** The registered commands, by name. */
export function registeredCommands(): Command[] {
  return [...registry.values()].sort((a, b) => a.name.localeCompare(b.name));
}

/** A command by name. */
export function findCommand(name: string): Command | undefined {
  return registry.get(name);
}

/** Thrown by {@link parseArgs} for an unknown option or a missing value. */
export class UsageError extends Error {}

/**
 * Parses `argv` (after the command word) against a command's options.
 *
 * @throws UsageError for an unknown option or an option without its value
 */
export function parseArgs(argv: readonly string[], command: Pick<Command, 'valueOptions' | 'flagOptions'>): ParsedArgs {
  const options: Record<string, string> = {};
  const positionals: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === '--') {
      positionals.push(...argv.slice(i + 1));
      break;
    }
    if (!arg.startsWith('--')) {
      positionals.push(arg);
      continue;
    }
    const eq = arg.indexOf('=');
    const name = arg.slice(2, eq < 0 ? undefined : eq);
    if (command.flagOptions?.includes(name)) {
      if (eq >= 0) throw new UsageError(`option --${name} takes no value`);
      options[name] = 'true';
    } else if (command.valueOptions.includes(name)) {
      const value = eq >= 0 ? arg.slice(eq + 1) : argv[++i];
      if (value === undefined) throw new UsageError(`option --${name} needs a value`);
      options[name] = value;
    } else {
      throw new UsageError(`unknown option --${name}`);
    }
  }
  return { options, positionals };
}
