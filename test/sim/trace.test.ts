import { loadTrace, parseTimestamp, parseTraceRows, TraceError, traceFromRows } from '../../src/sim/trace';

const HEADER = 'timestamp,value\n';

describe('parseTraceRows: malformed traces are errors with the line number', () => {
  test.each([
    ['empty file', '', 'trace: no data rows'],
    ['header only', 'timestamp,value\n', 'trace: no data rows'],
    ['bad timestamp', `${HEADER}2015-02-26T21:42:53Z,1\nyesterday,2\n`, 'trace line 3: invalid timestamp "yesterday" (expected ISO-8601 UTC, e.g. 2015-02-26T21:42:53Z)'],
    ['impossible date', `${HEADER}2015-02-30T00:00:00Z,1\n`, 'trace line 2: invalid timestamp "2015-02-30T00:00:00Z" (expected ISO-8601 UTC, e.g. 2015-02-26T21:42:53Z)'],
    ['negative value', `${HEADER}2015-02-26T21:42:00Z,1\n2015-02-26T21:43:00Z,-3\n`, 'trace line 3: negative value -3'],
    ['not a number', `${HEADER}2015-02-26T21:42:00Z,abc\n`, 'trace line 2: invalid value "abc" (expected a number)'],
    ['empty value', `${HEADER}2015-02-26T21:42:00Z,\n`, 'trace line 2: invalid value "" (expected a number)'],
    ['unsorted', `${HEADER}2015-02-26T21:42:00Z,1\n2015-02-26T21:41:00Z,2\n`,
      'trace line 3: timestamp 2015-02-26T21:41:00Z is before the previous row\'s (line 2); rows must be sorted with unique timestamps'],
    ['repeated', `${HEADER}2015-02-26T21:42:00Z,1\n2015-02-26T21:42:00Z,2\n`,
      'trace line 3: timestamp 2015-02-26T21:42:00Z repeats the previous row\'s (line 2); rows must be sorted with unique timestamps'],
    ['three columns', `${HEADER}2015-02-26T21:42:00Z,1,2\n`, 'trace line 2: expected 2 columns "timestamp,value", got 3: "2015-02-26T21:42:00Z,1,2"'],
    ['blank line inside', `${HEADER}2015-02-26T21:42:00Z,1\n\n2015-02-26T21:44:00Z,1\n`, 'trace line 3: empty line'],
    ['wrong header', 'time,count\n2015-02-26T21:42:00Z,1\n', 'trace line 1: expected the header "timestamp,value" or a data row, got "time,count"'],
  ])('%s', (_name, text, message) => {
    let error: unknown;
    try {
      loadTrace(text);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(TraceError);
    expect((error as Error).message).toBe(message);
  });

  test('every value 0 cannot be scaled', () => {
    expect(() => loadTrace(`${HEADER}2015-02-26T21:42:00Z,0\n`)).toThrow('trace: every value is 0, so the trace cannot be scaled to a mean load');
  });

  test('a header is optional, a trailing newline and CRLF are fine', () => {
    expect(parseTraceRows('2015-02-26T21:42:00Z,1\r\n2015-02-26T21:43:00Z,2\r\n')).toHaveLength(2);
  });
});

describe('parseTimestamp', () => {
  test.each([
    ['2015-02-26T21:42:53Z', Date.UTC(2015, 1, 26, 21, 42, 53)],
    ['2015-02-26T21:42:53', Date.UTC(2015, 1, 26, 21, 42, 53)],
    ['2015-02-26 21:42', Date.UTC(2015, 1, 26, 21, 42)],
    ['2015-02-26T21:42:53.500Z', Date.UTC(2015, 1, 26, 21, 42, 53, 500)],
    ['2015-02-26T23:42:53+02:00', Date.UTC(2015, 1, 26, 21, 42, 53)],
    ['2016-02-29T00:00:00Z', Date.UTC(2016, 1, 29)],
    ['2015-02-29T00:00:00Z', undefined],
    ['2015-13-01T00:00:00Z', undefined],
    ['2015-02-26T24:00:00Z', undefined],
    ['1424986973', undefined],
  ])('%s', (text, ms) => {
    expect(parseTimestamp(text)).toBe(ms);
  });
});

describe('traceFromRows: the benchmark convention', () => {
  test('scales to a mean of 100 units/s and spreads each row evenly over its interval', () => {
    // Two 5-minute rows with values 1 and 3: mean 2, so 50 and 150 units/s.
    const trace = loadTrace(`${HEADER}2015-01-01T00:00:00Z,1\n2015-01-01T00:05:00Z,3\n`);
    expect(trace.intervalSeconds).toBe(300);
    expect(Array.from(trace.load)).toEqual([50, 50, 50, 50, 50, 150, 150, 150, 150, 150]);
  });

  test('rows not aligned to the minute are split exactly between minutes', () => {
    const trace = loadTrace(`${HEADER}2015-01-01T00:00:30Z,2\n2015-01-01T00:01:30Z,2\n`, { intervalSeconds: 60 });
    expect(Array.from(trace.load)).toEqual([50, 100, 50]);
  });

  test('a missing row is a gap without traffic; the mean is over the rows present', () => {
    const trace = loadTrace(`${HEADER}2015-01-01T00:00:00Z,4\n2015-01-01T00:01:00Z,4\n2015-01-01T00:03:00Z,4\n`);
    expect(Array.from(trace.load)).toEqual([100, 100, 0, 100]);
  });

  test('another mean, and unscaled values as units per interval', () => {
    const rows = parseTraceRows(`${HEADER}2015-01-01T00:00:00Z,600\n2015-01-01T00:01:00Z,1200\n`);
    expect(Array.from(traceFromRows(rows, { scaleToMean: 30 }).load)).toEqual([20, 40]);
    expect(Array.from(traceFromRows(rows, { scaleToMean: false }).load)).toEqual([10, 20]);
  });

  test('the start is the first row floored to the minute', () => {
    const trace = loadTrace(`${HEADER}2015-02-26T21:42:53Z,104\n`);
    expect(trace.startMs).toBe(Date.UTC(2015, 1, 26, 21, 42));
    expect(trace.intervalSeconds).toBe(60);
  });
});
