// Appeal deadlines in working days: Monday to Friday, counted in Kazakhstan's time (UTC+5 since 1 March 2024, one
// zone for the whole country). Public holidays are not known here, so a deadline over a holiday is a day early
// (stricter on Kuzet, never later than promised).
const KZ_OFFSET_MS = 5 * 3600_000;
const DAY_MS = 86400_000;

/** The end (23:59:59.999 Kazakhstan time) of the `n`-th working day after the day of `from`. */
export function addWorkingDays(from: Date, n: number): Date {
  let local = Math.floor((from.getTime() + KZ_OFFSET_MS) / DAY_MS) * DAY_MS; // midnight of that day, as if UTC
  let left = n;
  while (left > 0) {
    local += DAY_MS;
    const dow = new Date(local).getUTCDay();
    if (dow !== 0 && dow !== 6) left--;
  }
  return new Date(local + DAY_MS - 1 - KZ_OFFSET_MS);
}

/** Working days from `now` until `due` (negative when past; 0 on the last day). */
export function workingDaysLeft(now: Date, due: Date): number {
  if (now.getTime() > due.getTime()) return -1;
  let d = 0;
  while (addWorkingDays(now, d).getTime() < due.getTime()) d++;
  return d;
}
