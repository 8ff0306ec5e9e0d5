#!/usr/bin/env node
/**
 * The `dynamic-scaling` command. Each sub-command is a file that registers itself; add one
 * with a single import line below.
 */
import { promises as fs } from 'fs';
import { CliIo, findCommand, parseArgs, registeredCommands, UsageError } from './registry';
import './decide-command';
import './run-command';
import './simulate-command';
import './trace-command';
import './tune-command';

function usage(): string {
  const lines = ['usage: dynamic-scaling <command> [options]', '', 'commands:'];
  for (const c of registeredCommands()) lines.push(`  ${c.name.padEnd(10)} ${c.summary}`);
  lines.push('', 'Run `dynamic-scaling <command> --help` for a command\'s options.');
  return `${lines.join('\n')}\n`;
}

/**
 * Runs the command line `argv` (without `node` and the script) and resolves to the exit code.
 *
 * @param argv e.g. `['decide', '--dd-config', 'dd.conf', '--input', 'snapshot.json']`
 * @param io where to read files and write output
 */
export async function main(argv: readonly string[], io: CliIo): Promise<number> {
  const [name, ...rest] = argv;
  if (name === undefined || name === '--help' || name === '-h' || name === 'help') {
    (name === undefined ? io.stderr : io.stdout).write(usage());
    return name === undefined ? 1 : 0;
  }
  const command = findCommand(name);
  if (!command) {
    io.stderr.write(`dynamic-scaling: unknown command '${name}'\n${usage()}`);
    return 1;
  }
  if (rest.includes('--help') || rest.includes('-h')) {
    io.stdout.write(command.usage);
    return 0;
  }
  try {
    return await command.run(parseArgs(rest, command), io);
  } catch (e) {
    if (!(e instanceof UsageError)) throw e;
    io.stderr.write(`dynamic-scaling ${name}: ${e.message}\n${command.usage}`);
    return 1;
  }
}

/* istanbul ignore next: the script entry point */
if (require.main === module) {
  main(process.argv.slice(2), {
    stdout: process.stdout,
    stderr: process.stderr,
    readFile: (path) => fs.readFile(path, 'utf8'),
  }).then((code) => {
    process.exitCode = code;
  }, (err) => {
    process.stderr.write(`dynamic-scaling: ${err instanceof Error ? err.stack ?? err.message : String(err)}\n`);
    process.exitCode = 1;
  });
}
