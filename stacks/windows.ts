/**
 * Window arithmetic for the RDS and ElastiCache maintenance and backup windows (UTC):
 * daily `hh:mm-hh:mm` and weekly `ddd:hh:mm-ddd:hh:mm`, as [start, end) minutes.
 */

/** `hh:mm` at the start of a line, 00:00 to 23:59. */
export const HOUR_MIN = "([01]\\d|2[0-3]):[0-5]\\d";
/** A day of the week as RDS and ElastiCache write it. */
export const DAY = "(mon|tue|wed|thu|fri|sat|sun)";
/** A daily window `hh:mm-hh:mm`. */
export const DAILY_WINDOW = new RegExp(`^${HOUR_MIN}-${HOUR_MIN}$`);
/** A weekly window `ddd:hh:mm-ddd:hh:mm`. */
export const WEEKLY_WINDOW = new RegExp(`^${DAY}:${HOUR_MIN}-${DAY}:${HOUR_MIN}$`);

const DAYS = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"];
const MINUTES_PER_DAY = 1440;

function minutes(hhmm: string): number {
    const [h, m] = hhmm.split(":").map(Number);
    return h * 60 + m;
}

/** A weekly window as [start, end) minutes from Monday 00:00, end > start (wraps past Sunday). */
export function weekly(window: string): [number, number] {
    const [from, to] = window.split("-");
    const at = (s: string) => DAYS.indexOf(s.slice(0, 3)) * MINUTES_PER_DAY + minutes(s.slice(4));
    const start = at(from);
    let end = at(to);
    if (end <= start) {
        end += 7 * MINUTES_PER_DAY;
    }
    return [start, end];
}

/** A daily window as [start, end) minutes from 00:00, end > start (wraps past midnight). */
export function daily(window: string): [number, number] {
    const [from, to] = window.split("-").map(minutes);
    return [from, to > from ? to : to + MINUTES_PER_DAY];
}

/** Length of a window in minutes. */
export function windowMinutes([start, end]: [number, number]): number {
    return end - start;
}

/** Whether a daily window, on any day, overlaps a weekly window. */
export function dailyOverlapsWeekly(dailyWindow: string, weeklyWindow: string): boolean {
    const [ds, de] = daily(dailyWindow);
    const [ws, we] = weekly(weeklyWindow);
    // The daily window recurs: test each day's occurrence (and the ones wrapping the week).
    for (let day = -1; day <= 7; day++) {
        const start = day * MINUTES_PER_DAY + ds;
        const end = day * MINUTES_PER_DAY + de;
        if (start < we && ws < end) {
            return true;
        }
    }
    return false;
}
