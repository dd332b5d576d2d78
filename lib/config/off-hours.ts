/**
 * The off-hours schedule of a non-production environment (docs/off-hours.md): services scale to
 * zero and DocumentDB stops outside working hours; alarms are silenced around both steps.
 */

/** Days of the week as EventBridge Scheduler and Application Auto Scaling cron expressions name them. */
export const WEEKDAYS = ['MON', 'TUE', 'WED', 'THU', 'FRI', 'SAT', 'SUN'] as const;
export type Weekday = (typeof WEEKDAYS)[number];

/** Working hours of an environment, in its own time zone. */
export interface OffHoursWindow {
  /** IANA time zone the times are in, e.g. "Europe/Berlin" (daylight saving followed). */
  readonly timezone: string;
  /** Days the environment runs; on the others it stays off all day. */
  readonly days: readonly Weekday[];
  /** "hh:mm" the services are back. */
  readonly startAt: string;
  /** "hh:mm" the services scale to zero. */
  readonly stopAt: string;
}

/**
 * Minutes each step runs relative to startAt / stopAt. DocumentDB starts first, so the backend's
 * readiness check finds it; a start takes minutes ("Stopping and starting an Amazon DocumentDB
 * cluster"). Alarms are silenced before anything stops and heard again once everything runs.
 */
export const OFF_HOURS_STEPS = {
  silenceAlarms: { from: 'stopAt', minutes: -5 },
  stopCanary: { from: 'stopAt', minutes: -5 },
  stopDatabase: { from: 'stopAt', minutes: 15 },
  startDatabase: { from: 'startAt', minutes: -20 },
  resumeAlarms: { from: 'startAt', minutes: 20 },
  startCanary: { from: 'startAt', minutes: 20 },
  reevaluateAlarms: { from: 'startAt', minutes: 25 },
} as const satisfies Record<string, { from: 'startAt' | 'stopAt'; minutes: number }>;

/** "hh:mm", 24 h: startAt and stopAt. */
export const HH_MM = /^([01]\d|2[0-3]):[0-5]\d$/;

/** Shortest working day: a start and a stop closer than this would overlap their steps. */
export const MIN_ON_MINUTES = 60;

/** Minutes after midnight of "hh:mm". */
export function minutesOf(hhmm: string): number {
  const [h, m] = hhmm.split(':').map(Number);
  return h * 60 + m;
}

/** Hour and minute of a step of the schedule; validation keeps every step inside the same day. */
export function stepTime(window: OffHoursWindow, step: keyof typeof OFF_HOURS_STEPS): { hour: number; minute: number } {
  const { from, minutes } = OFF_HOURS_STEPS[step];
  const at = minutesOf(window[from]) + minutes;
  return { hour: Math.floor(at / 60), minute: at % 60 };
}

/** Whether `name` is an IANA time zone this runtime knows (the list EventBridge Scheduler also uses). */
export function isTimeZone(name: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: name });
    return name.includes('/') || name === 'UTC';
  } catch {
    return false;
  }
}
