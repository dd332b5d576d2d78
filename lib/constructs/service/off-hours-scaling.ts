import { TimeZone } from 'aws-cdk-lib';
import * as appscaling from 'aws-cdk-lib/aws-applicationautoscaling';
import * as ecs from 'aws-cdk-lib/aws-ecs';
import { OffHoursWindow } from '../../config/off-hours';

/**
 * Scheduled actions on the service's scalable target: 0 tasks at stopAt, the configured range at
 * startAt, on the working days in their time zone (Application Auto Scaling "Scheduled scaling":
 * a scheduled action sets MinCapacity/MaxCapacity and takes a Timezone; target tracking works
 * inside the range it sets).
 */
export function scaleOffHours(scaling: ecs.ScalableTaskCount, window: OffHoursWindow, range: { readonly minCount: number; readonly maxCount: number }): void {
  const timeZone = TimeZone.of(window.timezone);
  const at = (hhmm: string) => {
    const [hour, minute] = hhmm.split(':').map(Number);
    return appscaling.Schedule.cron({ minute: String(minute), hour: String(hour), weekDay: window.days.join(',') });
  };
  scaling.scaleOnSchedule('OffHoursStop', { schedule: at(window.stopAt), minCapacity: 0, maxCapacity: 0, timeZone });
  scaling.scaleOnSchedule('OffHoursStart', { schedule: at(window.startAt), minCapacity: range.minCount, maxCapacity: range.maxCount, timeZone });
}
