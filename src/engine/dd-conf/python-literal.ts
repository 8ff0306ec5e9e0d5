/**
 * A parser for the Python dict literals of dynamic-dynamodb.conf's `*-scale` options
 * (`{0: 0, 0.25: 5, 1: 20}`), which dd reads with `ast.literal_eval`. Only what a scale dict can
 * hold is accepted: a dict whose keys and values are numbers. Nothing is evaluated.
 */
import { ScaleDict } from '../core/policy';

/** The outcome of {@link parsePythonScaleDict}: the entries, or why the text is not a scale dict. */
export type PythonDictResult =
  | { readonly ok: true; readonly entries: ScaleDict; readonly warnings?: readonly string[] }
  | { readonly ok: false; readonly error: string };

/** Error texts, kept together so tests and docs can rely on them. */
const MESSAGES = {
  empty: () => 'expected a dict literal such as {0.25: 5, 0.5: 10}, got an empty value',
  expected: (what: string, found: string, column: number) => `expected ${what} at column ${column}, found ${found}`,
  octal: (text: string, column: number, value: number) =>
    `'${text}' at column ${column} is read as octal ${value}, as Python 2 (and so dd) reads a leading 0; `
    + `write ${value}, or drop the leading 0 if you meant decimal`,
  badOctal: (text: string, column: number) =>
    `'${text}' at column ${column} is not a number: Python 2 reads a leading 0 as octal, and octal has no 8 or 9`,
  notANumber: (text: string, column: number) => `'${text}' at column ${column} is not a number`,
  unaryPlus: (column: number) => `unexpected '+' at column ${column}: Python 2 accepts '-' before a number, but not '+'`,
  trailing: (found: string, column: number) => `unexpected ${found} at column ${column} after the closing '}'`,
};

/** A word that may be a number: a decimal with a signed exponent (`1e-3`), or any run of name characters. */
const WORD = /^(?:(?:[0-9]+\.?[0-9]*|\.[0-9]+)[eE][+-][0-9A-Za-z_.]*|[0-9A-Za-z_.]+)/;

/**
 * Parses a Python dict literal with numeric keys and values, as dd's `ast.literal_eval` would.
 *
 * Accepted: ints (also `0x`/`0o`/`0b` and Python 2's `L` suffix), floats (`0.25`, `.5`, `5.`,
 * `1e3`), a leading `-`, parentheses, whitespace and newlines, `#` comments, a trailing comma, `{}`.
 * A repeated key keeps its first position and its last value (`1` and `1.0` are the same key),
 * as in Python. Python 2 reads `010` as octal 8, and so does this parser, with a warning. Everything else (strings, `None`, booleans, nesting, calls) is an error.
 */
export function parsePythonScaleDict(text: string): PythonDictResult {
  const reader = new Reader(text);
  try {
    const entries = reader.readDict();
    return reader.warnings.length > 0 ? { ok: true, entries, warnings: reader.warnings } : { ok: true, entries };
  } catch (e) {
    if (e instanceof LiteralError) return { ok: false, error: e.message };
    throw e;
  }
}

class LiteralError extends Error {}

/** A one-pass reader over the literal; positions are reported 1-based. */
class Reader {
  public readonly warnings: string[] = [];
  private pos = 0;

  constructor(private readonly text: string) {}

  public readDict(): ScaleDict {
    this.skipBlank();
    if (this.atEnd()) throw new LiteralError(MESSAGES.empty());
    this.expect('{', "'{'");
    const values = new Map<number, number>();
    for (;;) {
      this.skipBlank();
      if (this.peek() === '}') break;
      const key = this.readNumber('a number as key');
      this.skipBlank();
      this.expect(':', `':' after key ${key}`);
      this.skipBlank();
      const value = this.readNumber(`a number as value of key ${key}`);
      values.set(key, value);
      this.skipBlank();
      if (this.peek() === ',') {
        this.pos++;
        continue;
      }
      if (this.peek() !== '}') throw this.unexpected("',' or '}'");
    }
    this.pos++;
    this.skipBlank();
    if (!this.atEnd()) throw new LiteralError(MESSAGES.trailing(this.describe(), this.pos + 1));
    return [...values.entries()].map(([k, v]) => [k, v] as const);
  }

  private readNumber(what: string): number {
    // Parentheses may wrap a number, as in any Python expression: `(-5)`.
    if (this.peek() === '(') {
      this.pos++;
      this.skipBlank();
      const inner = this.readNumber(what);
      this.skipBlank();
      this.expect(')', "')'");
      return inner;
    }
    // Python 2.7's literal_eval folds `-5` into a number but rejects a unary `+`.
    if (this.peek() === '+') throw new LiteralError(MESSAGES.unaryPlus(this.pos + 1));
    let sign = 1;
    if (this.peek() === '-') {
      sign = -1;
      this.pos++;
      this.skipBlank();
    }
    const token = WORD.exec(this.text.slice(this.pos))?.[0];
    if (token === undefined) throw this.unexpected(what);
    const column = this.pos + 1;
    let value = pythonNumber(token);
    if (/^0[0-9]*[1-9][0-9]*[lL]?$/.test(token)) {
      // Python 2 reads 010 as 8; dd did too, so keep the value and say so.
      if (/[89]/.test(token)) throw new LiteralError(MESSAGES.badOctal(token, column));
      value = parseInt(token.replace(/[lL]$/, ''), 8);
      this.warnings.push(MESSAGES.octal(token, column, value));
    }
    if (value === undefined) throw new LiteralError(MESSAGES.notANumber(token, column));
    this.pos += token.length;
    return value === 0 ? 0 : sign * value;
  }

  private skipBlank(): void {
    for (;;) {
      while (!this.atEnd() && /\s/.test(this.text[this.pos])) this.pos++;
      if (this.peek() !== '#') return;
      while (!this.atEnd() && this.text[this.pos] !== '\n') this.pos++;
    }
  }

  private expect(char: string, what: string): void {
    if (this.peek() !== char) throw this.unexpected(what);
    this.pos++;
  }

  private unexpected(what: string): LiteralError {
    return new LiteralError(MESSAGES.expected(what, this.describe(), this.pos + 1));
  }

  private describe(): string {
    if (this.atEnd()) return 'the end of the text';
    const rest = this.text.slice(this.pos);
    if (rest[0] === "'" || rest[0] === '"') return 'a string';
    const word = /^[A-Za-z0-9_.]+/.exec(rest);
    return `'${word ? word[0] : rest[0]}'`;
  }

  private peek(): string | undefined {
    return this.text[this.pos];
  }

  private atEnd(): boolean {
    return this.pos >= this.text.length;
  }
}

/** Reads one unsigned Python 2 numeric literal (legacy octal `010` is handled by the caller). */
function pythonNumber(token: string): number | undefined {
  if (/^(0|[1-9][0-9]*)[lL]?$/.test(token)) return Number(token.replace(/[lL]$/, ''));
  if (/^0+[lL]?$/.test(token)) return 0;
  const prefixed = /^0([xob])([0-9a-z]+)[lL]?$/i.exec(token);
  if (prefixed) {
    const [radix, digits] = {
      x: [16, /^[0-9a-f]+$/i],
      o: [8, /^[0-7]+$/],
      b: [2, /^[01]+$/],
    }[prefixed[1].toLowerCase() as 'x' | 'o' | 'b'] as [number, RegExp];
    return digits.test(prefixed[2]) ? parseInt(prefixed[2], radix) : undefined;
  }
  if (/^([0-9]+\.[0-9]*|\.[0-9]+|[0-9]+)([eE][+-]?[0-9]+)?$/.test(token)) {
    const value = Number(token);
    return Number.isFinite(value) ? value : undefined;
  }
  return undefined;
}
