/**
 * The INI dialect dynamic-dynamodb reads: Python 2.7's `RawConfigParser` with case-sensitive
 * option names and dd's section-header pattern `\[ *(?P<header>.*) *\]` (a `]` may appear inside
 * a header, #281). Only the reading is done here; what the sections mean is dd-config.ts's job.
 */
import { ConfigProblem } from '../core/config-problem';

/** One option's raw value and where it was (last) set. */
export interface IniValue {
  /** The value, stripped; continuation lines are joined with `\n`. */
  readonly value: string;
  /** 1-based line of the option's first line. */
  readonly line: number;
}

/** A section, with repeated headers merged as RawConfigParser does. */
export interface IniSection {
  /** The header text between the brackets, as dd's pattern captures it. */
  readonly header: string;
  /** 1-based line of its first header. */
  readonly line: number;
  /** Options in the order first set. */
  readonly options: ReadonlyMap<string, IniValue>;
}

/** A read file. */
export interface IniFile {
  /** Sections in file order, without `[DEFAULT]`. */
  readonly sections: readonly IniSection[];
  /** The `[DEFAULT]` section's options, which RawConfigParser offers to every section. */
  readonly defaults: ReadonlyMap<string, IniValue>;
  /** Lines RawConfigParser rejects (it raises after reading the whole file). */
  readonly errors: readonly ConfigProblem[];
}

const MESSAGES = {
  beforeSection: (line: string) => `'${line}' appears before any [section] header`,
  notAnOption: (line: string) => `'${line}' is neither a [section] header, an option (name: value or name = value) nor a comment`,
};

// RawConfigParser's option pattern; the name ends at the first ':' or '='.
const OPTION = /^([^:=\s][^:=]*)\s*([:=])\s*(.*)$/;
const HEADER = /^\[ *(.*) *\]/;
const DEFAULT_SECTION = 'DEFAULT';

/** Reads `text` as Python 2.7's RawConfigParser would, collecting every bad line. */
export function readIni(text: string): IniFile {
  const sections = new Map<string, { header: string; line: number; options: Map<string, { parts: string[]; line: number }> }>();
  const defaults = new Map<string, { parts: string[]; line: number }>();
  const errors: ConfigProblem[] = [];
  let current: Map<string, { parts: string[]; line: number }> | undefined;
  let currentHeader: string | undefined;
  let optionName: string | undefined;

  const lines = text.split(/\r?\n/);
  lines.forEach((raw, index) => {
    const lineNo = index + 1;
    if (raw.trim() === '' || raw[0] === '#' || raw[0] === ';') return;
    // RawConfigParser also skips `rem` comment lines (a Windows INI leftover).
    if ((raw[0] === 'r' || raw[0] === 'R') && raw.split(/\s+/, 1)[0].toLowerCase() === 'rem') return;
    // An indented line continues the previous option, even across comment lines.
    if (/^\s/.test(raw) && current && optionName !== undefined) {
      const part = raw.trim();
      if (part) current.get(optionName)!.parts.push(part);
      return;
    }
    const header = HEADER.exec(raw);
    if (header) {
      const name = header[1];
      optionName = undefined;
      if (name === DEFAULT_SECTION) {
        current = defaults;
      } else {
        let section = sections.get(name);
        if (!section) {
          section = { header: name, line: lineNo, options: new Map() };
          sections.set(name, section);
        }
        current = section.options;
      }
      currentHeader = name;
      return;
    }
    if (!current) {
      errors.push({ line: lineNo, message: MESSAGES.beforeSection(raw.trim()) });
      return;
    }
    const option = OPTION.exec(raw);
    if (!option) {
      errors.push({ section: currentHeader, line: lineNo, message: MESSAGES.notAnOption(raw.trim()) });
      return;
    }
    optionName = option[1].trimEnd();
    current.set(optionName, { parts: [stripInlineComment(option[3]).trim()], line: lineNo });
  });

  const freeze = (options: Map<string, { parts: string[]; line: number }>): ReadonlyMap<string, IniValue> =>
    new Map([...options].map(([k, v]) => {
      const joined = v.parts.join('\n');
      return [k, { value: joined === '""' ? '' : joined, line: v.line }];
    }));
  return {
    sections: [...sections.values()].map(s => ({ header: s.header, line: s.line, options: freeze(s.options) })),
    defaults: freeze(defaults),
    errors,
  };
}

/** The value of `option` in `section`, falling back to `[DEFAULT]` as RawConfigParser's `get` does. */
export function getIniValue(file: IniFile, section: IniSection, option: string): IniValue | undefined {
  return section.options.get(option) ?? file.defaults.get(option);
}

/** The option names visible in `section`: its own, then `[DEFAULT]`'s. */
export function iniOptionNames(file: IniFile, section: IniSection): string[] {
  return [...new Set([...section.options.keys(), ...file.defaults.keys()])];
}

/**
 * RawConfigParser treats `;` as an inline comment only when it is the first `;` of the value and
 * follows whitespace; `#` never starts an inline comment.
 */
function stripInlineComment(value: string): string {
  const pos = value.indexOf(';');
  if (pos < 0) return value;
  // Python's value[pos - 1] wraps to the last character when `;` comes first.
  const before = pos === 0 ? value[value.length - 1] : value[pos - 1];
  return /\s/.test(before) ? value.slice(0, pos) : value;
}
