/**
 * Every alarm threshold of the stack, in one module: the alarms (components/ops/alarms.ts and
 * components/ops/edgeMonitoring.ts) and the dashboard (components/ops/dashboard.ts) read the same
 * resolved values, so a threshold line on a graph is always the line the alarm fires at.
 */

/** Thresholds of the regional alarms ({@link ALARM_THRESHOLD_DEFAULTS} has every default). */
export interface AlarmThresholds {
    /** 5xx responses per 5 minutes, from the targets and from the ALB itself (each alarm). */
    readonly http5xxPer5Minutes: number;
    /** p95 of TargetResponseTime, seconds (the notes' 1 s response-time goal). */
    readonly responseTimeP95Seconds: number;
    /** ECS service average CPU, percent of the task's reservation. */
    readonly serviceCpuPercent: number;
    /** ECS service average memory, percent of the task's reservation. */
    readonly serviceMemoryPercent: number;
    /** RDS CPU, percent. */
    readonly databaseCpuPercent: number;
    /** RDS free storage below this percent of the allocated storage fires. */
    readonly databaseFreeStoragePercent: number;
    /** RDS connections above this percent of max_connections fires. */
    readonly databaseConnectionsPercent: number;
    /** Memcached CPU, percent (node mode). */
    readonly cacheCpuPercent: number;
    /** Memcached evictions per 5 minutes (node and serverless mode). */
    readonly cacheEvictionsPer5Minutes: number;
    /** Serverless cache: throttled commands per 5 minutes. */
    readonly serverlessThrottledCmdsPer5Minutes: number;
    /** Serverless cache: ECPU use above this percent of the cache's ECPU-per-second limit fires. */
    readonly serverlessEcpuPercent: number;
    /** Serverless cache: stored bytes above this percent of the cache's storage limit fires. */
    readonly serverlessStoragePercent: number;
}

/**
 * Default thresholds and why. Scaling targets CPU 70 %, so 85 % sustained for 15 minutes means
 * autoscaling is at its maximum or cannot keep up. Memcached is multi-threaded: AWS suggests
 * alarming at 90 % of its CPU. Evictions are normal for a full LRU cache; a sustained 1,000 per
 * 5 minutes means the working set no longer fits and the node type is too small. A serverless
 * cache throttles only when load grows faster than it scales or hits its ECPU limit: any
 * sustained throttling reaches users as cache misses; 80 % of a usage limit leaves time to raise
 * it before the cache throttles (ECPU) or evicts (storage).
 */
export const ALARM_THRESHOLD_DEFAULTS: AlarmThresholds = {
    http5xxPer5Minutes: 10,
    responseTimeP95Seconds: 1,
    serviceCpuPercent: 85,
    serviceMemoryPercent: 85,
    databaseCpuPercent: 80,
    databaseFreeStoragePercent: 10,
    databaseConnectionsPercent: 80,
    cacheCpuPercent: 90,
    cacheEvictionsPer5Minutes: 1000,
    serverlessThrottledCmdsPer5Minutes: 1,
    serverlessEcpuPercent: 80,
    serverlessStoragePercent: 80,
};

const PERCENT_KEYS: readonly (keyof AlarmThresholds)[] = [
    "serviceCpuPercent",
    "serviceMemoryPercent",
    "databaseCpuPercent",
    "databaseFreeStoragePercent",
    "databaseConnectionsPercent",
    "cacheCpuPercent",
    "serverlessEcpuPercent",
    "serverlessStoragePercent",
];

/** The thresholds with defaults applied; throws naming the first invalid one. */
export function resolveThresholds(overrides: Partial<AlarmThresholds> = {}): AlarmThresholds {
    const t: AlarmThresholds = { ...ALARM_THRESHOLD_DEFAULTS, ...overrides };
    for (const [key, value] of Object.entries(t) as [keyof AlarmThresholds, number][]) {
        if (!Number.isFinite(value) || value <= 0) {
            throw new Error(
                `Alarms \`thresholds.${key}\` must be a positive number, got ${value}.`,
            );
        }
        if (PERCENT_KEYS.includes(key) && value > 100) {
            throw new Error(
                `Alarms \`thresholds.${key}\` must be a percent from 0 to 100, got ${value}.`,
            );
        }
    }
    return t;
}

/** Thresholds of the CloudFront KPI alarms (us-east-1), defaults in {@link EDGE_THRESHOLD_DEFAULTS}. */
export interface EdgeThresholds {
    /** CacheHitRate below this percent fires (the notes' KPI: 80 % or more). */
    readonly cacheHitRatePercent: number;
    /** Requests per 15-minute period below which the hit rate is not judged (quiet hours). */
    readonly cacheHitRateMinRequests: number;
    /** OriginLatency p90 above this many milliseconds fires. */
    readonly originLatencyP90Ms: number;
    /** 5xxErrorRate (percent of all viewer requests) above this fires. */
    readonly error5xxRatePercent: number;
    /** Requests per 5-minute period below which the 5xx rate is not judged. */
    readonly error5xxMinRequests: number;
}

/**
 * Defaults: the hit-rate target is the notes' 80 %. 1,000 requests per 15 minutes (about one a
 * second) is the least traffic over which a ratio means something; below it a handful of misses
 * (a deploy's invalidation, a crawler) would page someone at night. The origin-latency line is the
 * notes' 1 s response-time goal (the ALB's p95 alarm uses the same second): p90 at the edge
 * includes the trip from the edge to Tokyo, so it fires only when most slow requests are slow
 * at the origin too. 1 % 5xx over at least 100 requests is an outage for some users, not noise.
 */
export const EDGE_THRESHOLD_DEFAULTS: EdgeThresholds = {
    cacheHitRatePercent: 80,
    cacheHitRateMinRequests: 1000,
    originLatencyP90Ms: 1000,
    error5xxRatePercent: 1,
    error5xxMinRequests: 100,
};

const EDGE_PERCENT_KEYS: readonly (keyof EdgeThresholds)[] = [
    "cacheHitRatePercent",
    "error5xxRatePercent",
];
const EDGE_COUNT_KEYS: readonly (keyof EdgeThresholds)[] = [
    "cacheHitRateMinRequests",
    "error5xxMinRequests",
];

/** The edge thresholds with defaults applied; throws naming the first invalid one. */
export function resolveEdgeThresholds(overrides: Partial<EdgeThresholds> = {}): EdgeThresholds {
    const t: EdgeThresholds = { ...EDGE_THRESHOLD_DEFAULTS, ...overrides };
    for (const [key, value] of Object.entries(t) as [keyof EdgeThresholds, number][]) {
        if (!Number.isFinite(value) || value <= 0) {
            throw new Error(
                `EdgeMonitoring \`thresholds.${key}\` must be a positive number, got ${value}.`,
            );
        }
        if (EDGE_PERCENT_KEYS.includes(key) && value > 100) {
            throw new Error(
                `EdgeMonitoring \`thresholds.${key}\` must be a percent from 0 to 100, got ${value}.`,
            );
        }
        if (EDGE_COUNT_KEYS.includes(key) && !Number.isInteger(value)) {
            throw new Error(
                `EdgeMonitoring \`thresholds.${key}\` must be a whole number of requests, got ${value}.`,
            );
        }
    }
    return t;
}
