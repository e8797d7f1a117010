/** Injectable time source, so that review dates, token expiry and SLA clocks are testable without waiting. */
export abstract class Clock {
  abstract now(): Date;
}

export class SystemClock extends Clock {
  now(): Date {
    return new Date();
  }
}

/** The region's civil time zone (China Standard Time, UTC+8, no daylight saving). Dates are region dates. */
export const REGION_UTC_OFFSET_HOURS = 8;

/** Today's date in the region, as YYYY-MM-DD. Review dates and expiry are judged by it, not by UTC. */
export function regionToday(now: Date): string {
  return new Date(now.getTime() + REGION_UTC_OFFSET_HOURS * 3_600_000).toISOString().slice(0, 10);
}
