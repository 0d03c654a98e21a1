/** Time source, injectable so that tests can move time (lockouts, session expiry). */
export interface Clock {
  now(): Date;
}
export const systemClock: Clock = { now: () => new Date() };

export function fixedClock(start: Date): Clock & { advance(ms: number): void } {
  let t = start.getTime();
  return { now: () => new Date(t), advance: (ms) => { t += ms; } };
}

/** The campaign's time zone: a day is Beijing's day unless MASSLINE_TIME_ZONE says otherwise. */
export const CAMPAIGN_TIME_ZONE = process.env.MASSLINE_TIME_ZONE || 'Asia/Shanghai';
const dayFormat = new Intl.DateTimeFormat('en-CA', { timeZone: CAMPAIGN_TIME_ZONE, year: 'numeric', month: '2-digit', day: '2-digit' });

/** The campaign's local day (YYYY-MM-DD) of a moment, never the UTC day. */
export function campaignDay(at: Date): string {
  return dayFormat.format(at);
}
