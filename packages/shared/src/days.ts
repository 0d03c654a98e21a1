/**
 * Days as the campaign lives them: a day (YYYY-MM-DD) is the calendar day in the campaign's time
 * zone (Beijing unless configured), never the UTC day — before 08:00 in China the UTC day is
 * still yesterday. Server and web compute every day here; nothing else slices an ISO string.
 */
export const DEFAULT_TIME_ZONE = 'Asia/Shanghai';

const formats = new Map<string, Intl.DateTimeFormat>();
function formatIn(timeZone: string) {
  let f = formats.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', hourCycle: 'h23' });
    formats.set(timeZone, f);
  }
  return f;
}

function parts(at: Date, timeZone: string) {
  const p = Object.fromEntries(formatIn(timeZone).formatToParts(at).map((x) => [x.type, x.value]));
  return { day: `${p.year}-${p.month}-${p.day}`, hour: Number(p.hour) };
}

/** The calendar day of a moment in the time zone. */
export const dayIn = (at: Date | string | number, timeZone = DEFAULT_TIME_ZONE): string => parts(new Date(at), timeZone).day;
/** The hour (0–23) of a moment in the time zone: the 08:00 digest goes by it. */
export const hourIn = (at: Date | string | number, timeZone = DEFAULT_TIME_ZONE): number => parts(new Date(at), timeZone).hour;

/** Calendar arithmetic on a day (no time zone involved: a day plus n days). */
export const addDays = (day: string, n: number): string => new Date(Date.parse(`${day}T00:00:00Z`) + n * 86_400_000).toISOString().slice(0, 10);
/** Whole days from `a` to `b`. */
export const daysBetween = (a: string, b: string): number => Math.round((Date.parse(`${b}T00:00:00Z`) - Date.parse(`${a}T00:00:00Z`)) / 86_400_000);
