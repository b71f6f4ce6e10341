/**
 * The alarm options of a stack, from its settings: one function for index.ts (the alarms and the
 * dashboard) and for the generated alarm tables of docs/operations.md (scripts/alarmTables.ts),
 * so the docs show the thresholds the stacks deploy.
 */
import { estimatedMaxConnections } from "../components/data/instanceClasses";
import type { AlarmDefinitionOptions } from "../components/ops/alarms";
import type { EdgeThresholds } from "../components/ops/thresholds";
import type { ParsedSettings } from "./settings";

/** The regional alarms' options (Alarms, Dashboard). */
export function alarmOptionsOf(settings: ParsedSettings): AlarmDefinitionOptions {
    const serverless = settings.cache.mode === "serverless";
    return {
        cacheMode: settings.cache.mode,
        databaseAllocatedStorageGib: settings.database.allocatedStorage,
        databaseMaxConnections: estimatedMaxConnections(settings.database.instanceClass),
        serverlessCache: serverless
            ? {
                  maxEcpuPerSecond: settings.cache.maxEcpuPerSecond,
                  maxDataStorageGb: settings.cache.maxDataStorageGb,
              }
            : undefined,
    };
}

/** The CloudFront alarms' options (EdgeMonitoring, Dashboard). */
export function edgeOptionsOf(settings: ParsedSettings): {
    readonly additionalMetrics: boolean;
    readonly thresholds: Partial<EdgeThresholds>;
} {
    return {
        additionalMetrics: settings.monitoring.cloudfrontAdditionalMetrics,
        thresholds: { cacheHitRatePercent: settings.monitoring.cacheHitRateTarget },
    };
}
