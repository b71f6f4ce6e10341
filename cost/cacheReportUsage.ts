/**
 * CloudFront usage from an `npm run cache-report -- --json` file: its requests and bytes, per
 * behaviour, scaled from the days the logs cover to a month. The estimate then cites the report
 * (file, behaviours, requests, days) on the distribution's lines.
 */
import * as path from "path";
import { InputFileError, readJsonFile } from "../lib/files";
import { HOURS_PER_MONTH } from "./prices";
import { PROJECT_ROOT } from "../offline/stackFiles";
import { type Usage, UsageFileError } from "./usage";

/** What a cache report gives the estimate. */
export interface CacheReportUsage {
    readonly requestsMillions: number;
    readonly dataOutGb: number;
    /** The citation printed with the CloudFront lines. */
    readonly source: string;
    /** Requests a month per behaviour (path pattern), for the report's notes. */
    readonly behaviours: readonly {
        readonly pathPattern: string;
        readonly requestsPerMonth: number;
    }[];
}

const DAYS_PER_MONTH = HOURS_PER_MONTH / 24;
const GB = 1024 ** 3;

/**
 * Reads a cache-report JSON document covering `days` days of logs. `key` names the usage key
 * that gave the file, for the error messages.
 */
export function readCacheReportUsage(file: string, days: number, key: string): CacheReportUsage {
    let doc: unknown;
    try {
        // Only a regular file (a FIFO or device is refused at once); its keys are data.
        doc = readJsonFile(file, { label: `${key}: ${file}`, dataOnly: true });
    } catch (e) {
        if (e instanceof InputFileError) {
            throw new UsageFileError(e.message);
        }
        throw e;
    }
    return cacheReportUsage(doc, file, days, key);
}

/** The usage of a parsed cache-report document (see {@link readCacheReportUsage}). */
export function cacheReportUsage(
    doc: unknown,
    file: string,
    days: number,
    key: string,
): CacheReportUsage {
    const d = doc as {
        total?: { requests?: unknown; bytes?: unknown };
        behaviours?: unknown;
    } | null;
    const count = (v: unknown) => typeof v === "number" && Number.isFinite(v) && v >= 0;
    if (
        d === null ||
        typeof d !== "object" ||
        !count(d.total?.requests) ||
        !count(d.total?.bytes) ||
        !Array.isArray(d.behaviours)
    ) {
        throw new UsageFileError(
            `${key}: ${file} is not an npm run cache-report -- --json document (total.requests, total.bytes, behaviours)`,
        );
    }
    if (!(days > 0)) {
        throw new UsageFileError(`${key}: the days the report covers must be above 0`);
    }
    const scale = DAYS_PER_MONTH / days;
    const behaviours = (d.behaviours as { pathPattern?: unknown; requests?: unknown }[]).map(
        (b, i) => {
            if (typeof b?.pathPattern !== "string" || !count(b.requests)) {
                throw new UsageFileError(
                    `${key}: ${file} behaviour ${i} has no pathPattern and requests`,
                );
            }
            return { pathPattern: b.pathPattern, requestsPerMonth: (b.requests as number) * scale };
        },
    );
    const requests = (d.total!.requests as number) * scale;
    const bytes = (d.total!.bytes as number) * scale;
    return {
        requestsMillions: requests / 1e6,
        dataOutGb: bytes / GB,
        source: `npm run cache-report ${file}: ${behaviours.length} behaviours, ${d.total!.requests as number} requests over ${days} day(s), scaled to ${DAYS_PER_MONTH.toFixed(2)} days`,
        behaviours,
    };
}

/**
 * The usage with `cloudfront.cacheReport` applied (requests, data out and the citation from the
 * report), and the report's behaviours; the usage unchanged when no report is given.
 */
export function applyCacheReport(
    usage: Usage,
    usageFileName = "usage",
    root = PROJECT_ROOT,
): { usage: Usage; behaviours: CacheReportUsage["behaviours"] } {
    const file = usage["cloudfront.cacheReport"];
    if (file === "") {
        return { usage, behaviours: [] };
    }
    const r = readCacheReportUsage(
        path.resolve(root, file),
        usage["cloudfront.cacheReportDays"],
        `${usageFileName}: cloudfront.cacheReport`,
    );
    return {
        usage: {
            ...usage,
            "cloudfront.requestsMillions": r.requestsMillions,
            "cloudfront.dataOutGb": r.dataOutGb,
            "cloudfront.requestsSource": r.source.replace(path.resolve(root, file), file),
        },
        behaviours: r.behaviours,
    };
}
