/**
 * The `dynamic-scaling` command registry and its argv parsing (Node's own `util.parseArgs`; this
 * only turns its tokens into the messages the commands document).
 * A command lives in its own file and registers itself with {@link registerCommand}; `main.ts`
 * imports that file with one line.
 */

import { parseArgs as nodeParseArgs } from 'util';

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
  /** `--name value` or `--name=value` (the last one given); a boolean flag maps to `'true'`. */
  readonly options: Readonly<Record<string, string>>;
  /** Every value of each option given more than once is allowed (`listOptions`), in order. */
  readonly lists: Readonly<Record<string, readonly string[]>>;
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
  /** Options among `valueOptions` that may be given several times (`--table a --table b`). @default - none */
  readonly listOptions?: readonly string[];
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
 * @throws UsageError for an unknown option, an option without its value or a flag with one
 */
export function parseArgs(argv: readonly string[], command: Pick<Command, 'valueOptions' | 'flagOptions' | 'listOptions'>): ParsedArgs {
  const flags = command.flagOptions ?? [];
  const config: Record<string, { type: 'string' | 'boolean' }> = {};
  for (const name of command.valueOptions) config[name] = { type: 'string' };
  for (const name of flags) config[name] = { type: 'boolean' };
  // Not strict: its messages are Node's; every token is checked below with the command's own.
  const { tokens } = nodeParseArgs({ args: [...argv], options: config, strict: false, allowPositionals: true, tokens: true });
  const options: Record<string, string> = {};
  const lists: Record<string, string[]> = {};
  const positionals: string[] = [];
  for (const token of tokens) {
    if (token.kind === 'positional') {
      positionals.push(token.value);
    } else if (token.kind === 'option') {
      const name = token.name;
      if (flags.includes(name)) {
        if (token.inlineValue) throw new UsageError(`option --${name} takes no value`);
        options[name] = 'true';
      } else if (command.valueOptions.includes(name)) {
        if (token.value === undefined) throw new UsageError(`option --${name} needs a value`);
        options[name] = token.value;
        if (command.listOptions?.includes(name)) (lists[name] ??= []).push(token.value);
      } else {
        throw new UsageError(`unknown option ${token.rawName.startsWith('--') ? token.rawName : `--${name}`}`);
      }
    }
  }
  return { options, lists, positionals };
}
