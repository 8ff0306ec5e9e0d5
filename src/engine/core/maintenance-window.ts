/**
 * Maintenance windows (spec §9) with this project's parsing rules (D10).
 *
 * dd compares `HHMM` strings, so `23:00-01:00`, `9:00-17:00` and a space after a comma all
 * misbehave silently. Here a window is parsed into minutes after midnight: surrounding
 * whitespace and one-digit hours are accepted, `start > end` crosses midnight, and anything
 * malformed is reported as an error (the construct and the conf parser turn it into a
 * synth-time error). Both ends are inclusive at minute resolution, as in dd.
 */
import { MaintenanceWindow } from './policy';

/** The result of parsing a `maintenance-windows` value. */
export interface ParsedMaintenanceWindows {
  /** The windows, in the order written. Empty when there are errors. */
  readonly windows: MaintenanceWindow[];
  /** One message per malformed part, naming it. Empty when the value is valid. */
  readonly errors: string[];
}

const MINUTES_PER_DAY = 1440;
const MS_PER_MINUTE = 60_000;
const TIME = /^(\d{1,2}):(\d{2})$/;

function parseTime(text: string, isEnd: boolean): number | undefined {
  const m = TIME.exec(text.trim());
  if (!m) return undefined;
  const hour = Number(m[1]);
  const minute = Number(m[2]);
  if (minute > 59) return undefined;
  // `24:00` is accepted as an end ("until midnight"), the last minute of the day.
  if (isEnd && hour === 24 && minute === 0) return MINUTES_PER_DAY - 1;
  if (hour > 23) return undefined;
  return hour * 60 + minute;
}

/**
 * Parses `HH:MM-HH:MM[,HH:MM-HH:MM…]` (UTC). Every malformed part is reported (D10).
 *
 * @param text the option's value, e.g. `22:00-23:59, 0:00-6:00` or `23:00-01:00`
 */
export function parseMaintenanceWindows(text: string): ParsedMaintenanceWindows {
  const windows: MaintenanceWindow[] = [];
  const errors: string[] = [];
  if (text.trim() === '') {
    return { windows: [], errors: ['maintenance-windows is empty; expected HH:MM-HH:MM[,HH:MM-HH:MM...]'] };
  }
  for (const part of text.split(',')) {
    const dash = part.indexOf('-');
    const start = dash < 0 ? undefined : parseTime(part.slice(0, dash), false);
    const end = dash < 0 ? undefined : parseTime(part.slice(dash + 1), true);
    if (start === undefined || end === undefined) {
      errors.push(`maintenance window '${part.trim()}' is malformed; expected HH:MM-HH:MM in UTC (e.g. 22:00-06:00)`);
      continue;
    }
    windows.push({ startMinute: start, endMinute: end });
  }
  return errors.length > 0 ? { windows: [], errors } : { windows, errors };
}

/**
 * Whether `nowMs` (epoch milliseconds) falls inside one of the windows, both ends inclusive at
 * minute resolution; a window whose start is after its end crosses midnight (D10).
 */
export function isInMaintenanceWindow(windows: readonly MaintenanceWindow[], nowMs: number): boolean {
  const minuteOfDay = Math.floor(nowMs / MS_PER_MINUTE) % MINUTES_PER_DAY;
  const m = minuteOfDay < 0 ? minuteOfDay + MINUTES_PER_DAY : minuteOfDay;
  for (const w of windows) {
    if (w.startMinute <= w.endMinute) {
      if (m >= w.startMinute && m <= w.endMinute) return true;
    } else if (m >= w.startMinute || m <= w.endMinute) {
      return true;
    }
  }
  return false;
}
