/**
 * Settings schema: CloudFront KPIs (`monitoring`).
 */
import { EDGE_THRESHOLD_DEFAULTS } from "../../../components/ops/thresholds";
import { bool, int, object } from "../../schema";

export const monitoringSchema = object(
    {
        cloudfrontAdditionalMetrics: bool({
            doc: "CloudFront's additional metrics (cache hit rate, origin latency; billed per distribution per month) and their alarms.",
            default: false,
        }),
        cacheHitRateTarget: int({
            doc: "CloudFront cache hit rate target, percent: below it for an hour (in periods with enough requests) alarms.",
            min: 1,
            max: 100,
            default: EDGE_THRESHOLD_DEFAULTS.cacheHitRatePercent,
        }),
    },
    { doc: "CloudFront KPIs." },
);
