/**
 * The usage file, `cost/<stack>.yaml`: the usage-based quantities a stack export cannot know
 * (requests, GB out, log GB, NAT GB, tasks above the minimum). Every key has a documented default;
 * the file sets only what differs. Validated like the stack files: an unknown key or a bad value
 * is a {@link UsageFileError} naming the file and the key, and the CLI exits 2.
 */
import * as path from "path";
import { InputFileError, readTextFile } from "../lib/files";
import { parseYamlText, PROJECT_ROOT, StackFileError } from "../offline/stackFiles";

/** One usage key: its default and what it means. Numbers are per month and never negative. */
export interface UsageKey {
    readonly default: number | string;
    readonly doc: string;
}

/** Every usage key, `section.key`, with its default. The one source of the defaults. */
export const USAGE_SCHEMA = {
    "fargate.extraTaskHours": {
        default: 0,
        doc: "task-hours a month above the services' desiredCount (autoscaling above the minimum)",
    },
    "fargate.oneOffTaskHoursPerDefinition": {
        default: 1,
        doc: "hours a month each task definition no service runs (migrate, reindex) runs as a one-off task",
    },
    "rds.backupGbBeyondFree": {
        default: 0,
        doc: "backup storage GB beyond 100% of the provisioned storage (free up to that)",
    },
    "elasticacheServerless.averageGb": {
        default: 1,
        doc: "average data stored per serverless cache, GB (Memcached meters at least 1 GB)",
    },
    "elasticacheServerless.ecpuMillions": {
        default: 0,
        doc: "million ECPUs a month per serverless cache",
    },
    "nat.gbPerGateway": { default: 10, doc: "GB processed a month by each NAT gateway" },
    "endpoints.gbPerEndpoint": {
        default: 5,
        doc: "GB processed a month by each interface endpoint",
    },
    "alb.averageLcu": { default: 1, doc: "average load balancer capacity units over the month" },
    "cloudfront.requestsMillions": { default: 1, doc: "million HTTPS requests a month" },
    "cloudfront.dataOutGb": { default: 50, doc: "GB out to the internet a month" },
    "cloudfront.invalidationPaths": {
        default: 0,
        doc: "invalidation paths a month (a wildcard counts as one)",
    },
    "cloudfront.requestsSource": {
        default: "",
        doc: "where the request figures come from, e.g. an `npm run cache-report` file and its date; printed with the estimate",
    },
    "cloudfront.cacheReport": {
        default: "",
        doc: "an `npm run cache-report -- --json` file (path from the project root): its requests and bytes, scaled to a month, replace requestsMillions and dataOutGb, and the estimate cites it",
    },
    "cloudfront.cacheReportDays": {
        default: 30,
        doc: "days of logs the cacheReport file covers",
    },
    "waf.requestsMillions": { default: 1, doc: "million requests a month the web ACL inspects" },
    "kms.requestsPerKey": { default: 10000, doc: "KMS requests a month per key" },
    "secretsManager.apiCallsPerSecret": { default: 10000, doc: "API calls a month per secret" },
    "logs.ingestGbPerGroup": { default: 1, doc: "GB ingested a month per log group" },
    "logs.storedGbPerGroup": {
        default: 5,
        doc: "GB stored per log group (grows to retention × ingestion)",
    },
    "cloudtrail.dataEventsMillions": {
        default: 0.1,
        doc: "million data events a month (the trail's data event selectors)",
    },
    "guardduty.cloudtrailEventsMillions": {
        default: 0.5,
        doc: "million CloudTrail management events a month GuardDuty analyses",
    },
    "guardduty.flowAndDnsLogGb": {
        default: 5,
        doc: "GB of VPC flow and DNS logs a month GuardDuty analyses",
    },
    "securityHub.checksPerMonth": {
        default: 10000,
        doc: "security checks a month per enabled standard",
    },
    "securityHub.findingsIngested": { default: 1000, doc: "findings ingested a month" },
    "config.itemsRecorded": {
        default: 1000,
        doc: "AWS Config configuration items a month, priced on the recorder the stack creates (security.config: create)",
    },
    "config.ruleEvaluations": {
        default: 10000,
        doc: "AWS Config rule evaluations a month (Security Hub's service-linked rules)",
    },
    "s3.storageGbPerBucket": { default: 10, doc: "GB stored per bucket" },
    "s3.putRequestsThousandsPerBucket": {
        default: 100,
        doc: "thousand PUT/COPY/POST/LIST requests a month per bucket",
    },
    "s3.getRequestsThousandsPerBucket": {
        default: 100,
        doc: "thousand GET requests a month per bucket",
    },
    "ecr.storageGbPerRepository": { default: 5, doc: "GB of images stored per repository" },
    "stepFunctions.transitionsPerStateMachine": {
        default: 100,
        doc: "state transitions a month per Standard state machine",
    },
    "eventbridge.customEventsMillionsPerRule": {
        default: 0,
        doc: "million custom events a month per rule (AWS service events are free)",
    },
    "sns.publishesMillionsPerTopic": { default: 0.001, doc: "million publishes a month per topic" },
} as const satisfies Record<string, UsageKey>;

export type UsageKeyName = keyof typeof USAGE_SCHEMA;

/** A full usage: every key, from the file or its default. */
type Widen<T> = T extends number ? number : T extends string ? string : never;
export type Usage = { readonly [K in UsageKeyName]: Widen<(typeof USAGE_SCHEMA)[K]["default"]> };

/** Every key at its default. */
export function defaultUsage(): Usage {
    return Object.fromEntries(
        Object.entries(USAGE_SCHEMA).map(([k, v]) => [k, v.default]),
    ) as unknown as Usage;
}

/** A usage file that cannot be used: the CLI prints it and exits 2 (an input file error). */
export class UsageFileError extends InputFileError {
    constructor(message: string) {
        super(message);
        this.name = "UsageFileError";
    }
}

/** The default usage file of a stack. */
export function usageFileOf(stack: string, root = PROJECT_ROOT): string {
    return path.join(root, "cost", `${stack}.yaml`);
}

/**
 * Checks a parsed usage document (`{section: {key: value}}`) and returns the full usage. Every
 * problem is collected, then thrown as one {@link UsageFileError}, one line each, naming the key.
 */
export function parseUsage(doc: unknown, name: string): Usage {
    const usage: Record<string, number | string> = { ...defaultUsage() };
    if (doc === null || doc === undefined) {
        return usage as unknown as Usage;
    }
    const problems: string[] = [];
    const sections = [...new Set(Object.keys(USAGE_SCHEMA).map((k) => k.split(".")[0]))];
    if (typeof doc !== "object" || Array.isArray(doc)) {
        throw new UsageFileError(`${name}: must be a mapping of sections (${sections.join(", ")})`);
    }
    for (const [section, body] of Object.entries(doc as Record<string, unknown>)) {
        if (!sections.includes(section)) {
            problems.push(`${name}: unknown section ${section} (sections: ${sections.join(", ")})`);
            continue;
        }
        const keys = Object.keys(USAGE_SCHEMA)
            .filter((k) => k.startsWith(`${section}.`))
            .map((k) => k.slice(section.length + 1));
        if (body === null || typeof body !== "object" || Array.isArray(body)) {
            problems.push(`${name}: ${section} must be a mapping of ${keys.join(", ")}`);
            continue;
        }
        for (const [key, value] of Object.entries(body as Record<string, unknown>)) {
            const full = `${section}.${key}` as UsageKeyName;
            const spec = USAGE_SCHEMA[full] as UsageKey | undefined;
            if (spec === undefined) {
                problems.push(`${name}: unknown key ${full} (${section} keys: ${keys.join(", ")})`);
                continue;
            }
            if (typeof spec.default === "string") {
                if (typeof value !== "string") {
                    problems.push(
                        `${name}: ${full} must be a string, got ${JSON.stringify(value)}`,
                    );
                    continue;
                }
            } else if (typeof value !== "number" || !Number.isFinite(value) || value < 0) {
                problems.push(
                    `${name}: ${full} must be a number >= 0 (${spec.doc}), got ${JSON.stringify(value)}`,
                );
                continue;
            }
            usage[full] = value as number | string;
        }
    }
    // One source for the CloudFront figures: a cache report, or the numbers by hand.
    const cf = (doc as Record<string, unknown>).cloudfront as Record<string, unknown> | undefined;
    if (
        cf &&
        typeof cf === "object" &&
        typeof cf.cacheReport === "string" &&
        cf.cacheReport !== ""
    ) {
        const both = ["requestsMillions", "dataOutGb", "requestsSource"].filter((k) => k in cf);
        if (both.length > 0) {
            problems.push(
                `${name}: cloudfront.cacheReport gives the requests and data out; remove ${both.map((k) => `cloudfront.${k}`).join(", ")} or the cacheReport`,
            );
        }
    }
    if (problems.length > 0) {
        throw new UsageFileError(problems.join("\n"));
    }
    return usage as unknown as Usage;
}

/** Largest usage file read: a few hundred bytes in practice. */
const MAX_USAGE_FILE_BYTES = 1024 * 1024;

/**
 * Reads and checks a usage file. Only a regular file is read (a FIFO, device or folder is refused
 * before a byte is read, lib/files.ts); a missing file or bad YAML is a {@link UsageFileError}
 * naming it.
 */
export function readUsageFile(file: string, root = PROJECT_ROOT): Usage {
    const name = path.relative(root, path.resolve(file)).startsWith("..")
        ? file
        : path.relative(root, path.resolve(file));
    let doc: unknown;
    try {
        const text = readTextFile(file, {
            label: `usage file ${name}`,
            maxBytes: MAX_USAGE_FILE_BYTES,
        });
        doc = parseYamlText(text, name);
    } catch (e) {
        if (e instanceof InputFileError || e instanceof StackFileError) {
            throw new UsageFileError(e.message);
        }
        throw e;
    }
    return parseUsage(doc, name);
}

/** The usage file's documentation: every key, its default and meaning (for the README and --help). */
export function usageReference(): string {
    return Object.entries(USAGE_SCHEMA)
        .map(([k, v]) => `  ${k} (default ${JSON.stringify(v.default)}): ${v.doc}`)
        .join("\n");
}
