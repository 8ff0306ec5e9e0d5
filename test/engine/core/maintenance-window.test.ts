/** Parsing and matching of maintenance windows (spec §9 with D10). */
import { isInMaintenanceWindow, parseMaintenanceWindows } from '../../../src/engine/core/maintenance-window';

const at = (h: number, m: number, s = 0) => Date.UTC(2017, 7, 12, h, m, s);

test.each([
  ['22:00-23:59,00:00-06:00', [{ startMinute: 1320, endMinute: 1439 }, { startMinute: 0, endMinute: 360 }]],
  [' 9:00 - 17:30 , 23:00-1:00', [{ startMinute: 540, endMinute: 1050 }, { startMinute: 1380, endMinute: 60 }]],
  ['22:00-24:00', [{ startMinute: 1320, endMinute: 1439 }]],
])('%j parses', (text, windows) => {
  expect(parseMaintenanceWindows(text)).toEqual({ windows, errors: [] });
});

test.each([
  ['', 'maintenance-windows is empty; expected HH:MM-HH:MM[,HH:MM-HH:MM...]'],
  ['0100', "maintenance window '0100' is malformed; expected HH:MM-HH:MM in UTC (e.g. 22:00-06:00)"],
  ['24:00-01:00', "maintenance window '24:00-01:00' is malformed; expected HH:MM-HH:MM in UTC (e.g. 22:00-06:00)"],
  ['10:60-11:00', "maintenance window '10:60-11:00' is malformed; expected HH:MM-HH:MM in UTC (e.g. 22:00-06:00)"],
  ['10:00-11:00,', "maintenance window '' is malformed; expected HH:MM-HH:MM in UTC (e.g. 22:00-06:00)"],
])('%j is an error', (text, error) => {
  expect(parseMaintenanceWindows(text)).toEqual({ windows: [], errors: [error] });
});

test('every malformed part is reported', () => {
  expect(parseMaintenanceWindows('x,01:00-02:00,y').errors).toHaveLength(2);
});

test.each([
  ['00:00-06:00', at(6, 0, 59), true],
  ['00:00-06:00', at(6, 1), false],
  ['23:00-01:00', at(0, 30), true],
  ['23:00-01:00', at(23, 0), true],
  ['23:00-01:00', at(1, 1), false],
  ['23:00-01:00', at(12, 0), false],
])('%s at %d: %s', (text, now, inside) => {
  expect(isInMaintenanceWindow(parseMaintenanceWindows(text).windows, now)).toBe(inside);
});
