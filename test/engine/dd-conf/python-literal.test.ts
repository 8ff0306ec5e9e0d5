/**
 * dd's scale dicts are read with `ast.literal_eval`; this parser accepts the numeric dicts it would
 * accept and explains everything else.
 */
import * as fc from 'fast-check';
import { parsePythonScaleDict } from '../../../src/engine/dd-conf/python-literal';

describe('accepted literals', () => {
  test.each([
    ['the documented example', '{0: 0, 0.25: 5, 0.5: 10, 1: 20, 2: 50, 5: 100}', [[0, 0], [0.25, 5], [0.5, 10], [1, 20], [2, 50], [5, 100]]],
    ['an empty dict', '{}', []],
    ['an empty dict with spaces', '{ }', []],
    ['a trailing comma', '{10: 50, 25: 20,}', [[10, 50], [25, 20]]],
    ['negative numbers (rejected later by validation)', '{-1: -5}', [[-1, -5]]],
    ['a minus separated by a space', '{- 5: 1}', [[-5, 1]]],
    ['parentheses around a number', '{(1): ((-2.5))}', [[1, -2.5]]],
    ['a negative hex int', '{-0x10: 1}', [[-16, 1]]],
    ['floats in every Python spelling', '{.5: 5., 1e1: 2.5E-1}', [[0.5, 5], [10, 0.25]]],
    ['hex, octal and binary ints, and the L suffix', '{0x10: 0o17, 0b11: 7L}', [[16, 15], [3, 7]]],
    ['zero written 00 and -0', '{00: 1, -0: 2}', [[0, 2]]],
    ['newlines and # comments (a value over continuation lines)', '{10: 50,  # busy\n25: 20\n}', [[10, 50], [25, 20]]],
    ['a comment after the dict', '{1: 2} # note', [[1, 2]]],
    ['a repeated key keeps its first place and last value; 1 and 1.0 are one key', '{1: 5, 2: 6, 1.0: 7}', [[1, 7], [2, 6]]],
    ['keys in any order are kept in file order', '{40: 5, 10: 50, 25: 20}', [[40, 5], [10, 50], [25, 20]]],
  ])('%s', (_name, text, entries) => {
    expect(parsePythonScaleDict(text)).toEqual({ ok: true, entries });
  });
});

test('a leading 0 means octal, as in Python 2 (dd read {010: 5} as {8: 5}), with a warning', () => {
  expect(parsePythonScaleDict('{010: 5, 1: 007}')).toEqual({
    ok: true,
    entries: [[8, 5], [1, 7]],
    warnings: [
      "'010' at column 2 is read as octal 8, as Python 2 (and so dd) reads a leading 0; write 8, or drop the leading 0 if you meant decimal",
      "'007' at column 13 is read as octal 7, as Python 2 (and so dd) reads a leading 0; write 7, or drop the leading 0 if you meant decimal",
    ],
  });
});

describe('rejected literals, with the reason', () => {
  test.each([
    ['empty text', '', 'expected a dict literal such as {0.25: 5, 0.5: 10}, got an empty value'],
    ['blank text', '   ', 'expected a dict literal such as {0.25: 5, 0.5: 10}, got an empty value'],
    ['a bare number', '5', "expected '{' at column 1, found '5'"],
    ['a list', '[1, 2]', "expected '{' at column 1, found '['"],
    ['a string key', "{'a': 1}", 'expected a number as key at column 2, found a string'],
    ['a string value', '{1: "x"}', 'expected a number as value of key 1 at column 5, found a string'],
    ['None', '{1: None}', "'None' at column 5 is not a number"],
    ['a boolean', '{True: 1}', "'True' at column 2 is not a number"],
    ['a complex number', '{1j: 2}', "'1j' at column 2 is not a number"],
    ['a nested dict', '{1: {2: 3}}', "expected a number as value of key 1 at column 5, found '{'"],
    ['a missing colon', '{1 2}', "expected ':' after key 1 at column 4, found '2'"],
    ['a missing comma', '{1: 2 3: 4}', "expected ',' or '}' at column 7, found '3'"],
    ['a doubled comma', '{1: 2,, 3: 4}', "expected a number as key at column 7, found ','"],
    ['an unclosed dict', '{1: 2', "expected ',' or '}' at column 6, found the end of the text"],
    ['text after the dict', '{1: 2} x', "unexpected 'x' at column 8 after the closing '}'"],
    ['a second dict', '{1: 2}{3: 4}', "unexpected '{' at column 7 after the closing '}'"],
    ['a leading-zero number with 8 or 9 (a SyntaxError in Python 2)', '{08: 1}',
      "'08' at column 2 is not a number: Python 2 reads a leading 0 as octal, and octal has no 8 or 9"],
    ['a bad binary digit', '{0b102: 1}', "'0b102' at column 2 is not a number"],
    ['an underscore (Python 2 has none)', '{1_000: 1}', "'1_000' at column 2 is not a number"],
    ['a float with the L suffix', '{1.5L: 1}', "'1.5L' at column 2 is not a number"],
    ['a call', '{1: float(2)}', "'float' at column 5 is not a number"],
    ['a unary plus (Python 2.7 rejects it)', '{+5: 1}', "unexpected '+' at column 2: Python 2 accepts '-' before a number, but not '+'"],
    ['a minus before parentheses (Python 2.7 rejects it)', '{-(5): 1}', "expected a number as key at column 3, found '('"],
    ['a double minus', '{--5: 1}', "expected a number as key at column 3, found '-'"],
    ['an unclosed parenthesis', '{(1: 2}', "expected ')' at column 4, found ':'"],
  ])('%s', (_name, text, error) => {
    expect(parsePythonScaleDict(text)).toEqual({ ok: false, error });
  });
});

test('any numeric dict, written the way Python prints it, reads back as its entries', () => {
  const number = fc.oneof(fc.integer({ min: -1e6, max: 1e6 }), fc.double({ min: -1e6, max: 1e6, noNaN: true, noDefaultInfinity: true }));
  fc.assert(fc.property(fc.array(fc.tuple(number, number), { maxLength: 8 }), fc.boolean(), (pairs, trailingComma) => {
    // Python's dict keeps the first position and the last value of a repeated key.
    const expected = new Map<number, number>();
    for (const [k, v] of pairs) expected.set(k === 0 ? 0 : k, v === 0 ? 0 : v);
    const text = `{${pairs.map(([k, v]) => `${pyRepr(k)}: ${pyRepr(v)}`).join(', ')}${trailingComma && pairs.length ? ',' : ''}}`;
    expect(parsePythonScaleDict(text)).toEqual({ ok: true, entries: [...expected] });
  }));
});

/** Python 2's repr of a number: ints bare, floats with a `.` or an exponent. */
function pyRepr(n: number): string {
  if (Number.isInteger(n) && Math.abs(n) < 1e16) return String(n);
  const s = String(n).replace('e+', 'e');
  return /[.e]/.test(s) ? s : `${s}.0`;
}
