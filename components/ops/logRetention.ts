/**
 * CloudWatch Logs retention periods: the only values PutRetentionPolicy accepts, in days
 * (https://docs.aws.amazon.com/AmazonCloudWatchLogs/latest/APIReference/API_PutRetentionPolicy.html).
 */
export const LOG_RETENTION_DAYS = [
    1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922,
    3288, 3653,
] as const;
export type LogRetentionDays = (typeof LOG_RETENTION_DAYS)[number];

/** Whether CloudWatch Logs accepts `days` as a retention period. */
export function isLogRetentionDays(days: number): days is LogRetentionDays {
    return (LOG_RETENTION_DAYS as readonly number[]).includes(days);
}
