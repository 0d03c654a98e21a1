import { DEFAULT_TIME_ZONE, dayIn, hourIn } from '@massline/shared';
/** Time source, injectable so that tests can move time (lockouts, session expiry). */
export interface Clock {
  now(): Date;
}
export const systemClock: Clock = { now: () => new Date() };

export function fixedClock(start: Date): Clock & { advance(ms: number): void } {
  let t = start.getTime();
  return { now: () => new Date(t), advance: (ms) => { t += ms; } };
}

/** The campaign's time zone: a day is Beijing's day unless MASSLINE_TIMEZONE says otherwise. */
export const CAMPAIGN_TIME_ZONE = process.env.MASSLINE_TIMEZONE || process.env.MASSLINE_TIME_ZONE || DEFAULT_TIME_ZONE;

/** The campaign's local day (YYYY-MM-DD) of a moment, never the UTC day. */
export const campaignDay = (at: Date | string): string => dayIn(at, CAMPAIGN_TIME_ZONE);
/** The campaign's local hour of a moment (the morning digest waits for 08:00 there). */
export const campaignHour = (at: Date): number => hourIn(at, CAMPAIGN_TIME_ZONE);
/** Today, the campaign's day, by the injected clock. */
export const todayOf = (deps: { clock: Clock }): string => campaignDay(deps.clock.now());
/** The campaign's day `n` days from now (demo data, default deadlines). */
export const dayFromNow = (deps: { clock: Clock }, n: number): string => campaignDay(new Date(deps.clock.now().getTime() + n * 86_400_000));
