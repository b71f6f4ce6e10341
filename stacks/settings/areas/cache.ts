/**
 * Settings schema: ElastiCache Memcached (`cache`), and the warning about keys the chosen mode ignores.
 */
import {
    CACHE_DEFAULTS,
    CACHE_MODES,
    MAX_CACHE_NODES,
    MIN_MEMCACHED_TLS_VERSION,
    SERVERLESS_LIMITS,
    supportsTls,
} from "../../../components/data/cacheCluster";
import { int, object, oneOf, text } from "../../schema";
import { WEEKLY_WINDOW } from "../../windows";

export const cacheSchema = object(
    {
        mode: oneOf(CACHE_MODES, {
            doc: "node: ElastiCache cluster (TLS, no at-rest encryption); serverless: encrypted at rest with the stack key.",
            default: "node",
        }),
        nodeType: text({
            doc: "Node type (node mode).",
            pattern:
                /^cache\.(t3|t4g|m5|m6g|m7g|r5|r6g|r7g)\.(micro|small|medium|large|xlarge|[1-9]\d?xlarge)$/,
            allowed: "an ElastiCache node type such as cache.t3.micro or cache.r5.large",
            default: CACHE_DEFAULTS.nodeType,
        }),
        nodeCount: int({
            doc: "Nodes (node mode); two or more are spread across AZs.",
            min: 1,
            max: MAX_CACHE_NODES,
            default: CACHE_DEFAULTS.nodeCount,
        }),
        engineVersion: text({
            doc: "Memcached version (node mode).",
            pattern: /^\d+\.\d+\.\d+$/,
            allowed: `a Memcached version ${MIN_MEMCACHED_TLS_VERSION} or later (needed for TLS)`,
            check: supportsTls,
            default: CACHE_DEFAULTS.engineVersion,
        }),
        maintenanceWindow: text({
            doc: "Weekly maintenance window, UTC (node mode).",
            pattern: WEEKLY_WINDOW,
            allowed: "a UTC window ddd:hh:mm-ddd:hh:mm",
            default: CACHE_DEFAULTS.maintenanceWindow,
        }),
        maxDataStorageGb: int({
            doc: "Data storage limit in GB (serverless mode).",
            ...SERVERLESS_LIMITS.dataStorageGb,
            default: CACHE_DEFAULTS.maxDataStorageGb,
        }),
        maxEcpuPerSecond: int({
            doc: "ElastiCache processing units per second limit (serverless mode).",
            ...SERVERLESS_LIMITS.ecpuPerSecond,
            default: CACHE_DEFAULTS.maxEcpuPerSecond,
        }),
    },
    { doc: "ElastiCache Memcached." },
);

/** Keys of one cache mode that the other mode ignores. */
const CACHE_MODE_KEYS = {
    node: ["nodeType", "nodeCount", "engineVersion", "maintenanceWindow"],
    serverless: ["maxDataStorageGb", "maxEcpuPerSecond"],
} as const;

/** Warnings about cache settings that are valid but do nothing in the chosen mode. */
export function cacheModeWarnings(
    mode: string | undefined,
    given: Record<string, unknown>,
): string[] {
    if (mode !== "node" && mode !== "serverless") {
        return [];
    }
    const other = mode === "node" ? "serverless" : "node";
    const ignored = CACHE_MODE_KEYS[other].filter((k) => given[k] !== undefined);
    return ignored.length
        ? [
              `cache.mode is ${mode}: ${ignored.map((k) => `cache.${k}`).join(", ")} ${ignored.length === 1 ? "applies" : "apply"} only in ${other} mode and ${ignored.length === 1 ? "is" : "are"} ignored.`,
          ]
        : [];
}
