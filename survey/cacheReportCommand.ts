/**
 * `npm run cache-report`'s command line: arguments through lib/cli.ts, the stack's behaviours
 * from its offline synth, the streaming read with progress on stderr (only regular files, each
 * once: survey/cloudfrontLog.ts), and the text or JSON report.
 */
import { EXIT, helpText, readCli, ToolIo, usageMessage, UsageError } from "../lib/cli";
import { InputFileError } from "../lib/files";
import { listStacks, PROJECT_ROOT } from "../offline/stackFiles";
import { Behaviour, CacheAggregator, renderText } from "./cacheReport";
import { logFiles, ReadStats, readLogFile } from "./cloudfrontLog";
import type { StackResource } from "./parity";

export const CACHE_REPORT_USAGE = helpText({
    usage: "npm run cache-report -- --stack NAME [--json] [--target 0.8] [--top 20] PATH...",
    options: [
        [
            "PATH...",
            "CloudFront standard log files (W3C with tab, space or | delimiters, or v2 JSON; plain or .gz) or folders of them; Parquet, real-time and headerless logs are refused",
        ],
        ["--stack NAME", "the stack whose cache behaviours the requests are assigned to"],
        [
            "--json",
            'print {"total": {...}, "behaviours": [...], "topMisses": [...], "recommendations": [...]}',
        ],
        ["--target R", "hit-ratio target, 0 to 1 (default 0.8)"],
        ["--top N", "most-missed URIs to list (default 20)"],
    ],
    notes: [
        "hit ratio: CloudFront's CacheHitRate (POST, PUT and errors are not cacheable), the stricter ratio beside it",
    ],
    exits: [
        [EXIT.ok, "report printed"],
        [
            EXIT.usage,
            "usage error, unknown stack, no log records, or a log file that is unreadable, truncated or in a format the report does not read",
        ],
    ],
});

export interface CacheReportIo extends ToolIo {
    readonly synth: (stack: string) => Promise<readonly StackResource[]>;
    /** Milliseconds now, for progress; tests pass a fake clock. */
    readonly now?: () => number;
}

/** Cache policy name suffix (components/edge/edgeDistribution.ts) → its tng:edge.ttl key. */
const POLICY_TTL_KEY: Readonly<Record<string, string>> = {
    html: "html",
    static: "assets",
    images: "images",
    feeds: "feeds",
};

/** The distribution's behaviours in CloudFront's order, the default last, with their TTL keys. */
export function stackBehaviours(resources: readonly StackResource[]): Behaviour[] {
    const dist = resources.find((r) => r.type === "aws:cloudfront/distribution:Distribution");
    if (!dist) {
        throw new Error("the stack has no CloudFront distribution");
    }
    const policies = resources.filter((r) => r.type === "aws:cloudfront/cachePolicy:CachePolicy");
    const describe = (b: Record<string, unknown>, pathPattern: string): Behaviour => {
        const policy = policies.find((p) => p.id === b.cachePolicyId);
        const suffix = policy ? /-cache-([a-z]+)$/.exec(policy.name)?.[1] : undefined;
        return {
            pathPattern,
            ttlKey: suffix ? POLICY_TTL_KEY[suffix] : undefined,
            defaultTtl: policy ? Number(policy.inputs.defaultTtl) : undefined,
        };
    };
    const ordered = (dist.inputs.orderedCacheBehaviors ?? []) as Record<string, unknown>[];
    return [
        ...ordered.map((b) => describe(b, String(b.pathPattern))),
        describe((dist.inputs.defaultCacheBehavior ?? {}) as Record<string, unknown>, "default"),
    ];
}

/**
 * `npm run cache-report` with `argv`: prints through `io` and returns the exit code. A usage
 * mistake prints `cache-report: <message>` and the usage line; a log file problem
 * `cache-report: <message>` (both exit 2); anything unexpected is thrown.
 */
export async function runCacheReport(argv: readonly string[], io: CacheReportIo): Promise<number> {
    try {
        return await cacheReport(argv, io);
    } catch (e) {
        if (e instanceof UsageError) {
            io.err(usageMessage("cache-report", e.message, CACHE_REPORT_USAGE));
            return EXIT.usage;
        }
        if (e instanceof InputFileError) {
            io.err(`cache-report: ${e.message}`);
            return EXIT.usage;
        }
        throw e;
    }
}

async function cacheReport(argv: readonly string[], io: CacheReportIo): Promise<number> {
    const cli = readCli(
        argv,
        {
            stack: { type: "string" },
            json: { type: "boolean" },
            target: { type: "string" },
            top: { type: "string" },
        },
        { positionals: true },
    );
    if (cli.help) {
        io.out(`${CACHE_REPORT_USAGE}\n`);
        return EXIT.ok;
    }
    const { values, positionals } = cli;
    if (typeof values.stack !== "string") {
        throw new UsageError("--stack NAME is required");
    }
    const stack = values.stack;
    const stacks = listStacks(PROJECT_ROOT);
    if (!stacks.includes(stack)) {
        throw new UsageError(`no stack file Pulumi.${stack}.yaml; stacks: ${stacks.join(", ")}`);
    }
    const target = values.target === undefined ? 0.8 : Number(values.target);
    if (!(target > 0 && target <= 1)) {
        throw new UsageError(
            `--target must be a ratio above 0 and at most 1, such as 0.8 (got ${JSON.stringify(values.target)})`,
        );
    }
    const top = values.top === undefined ? 20 : Number(values.top);
    if (!Number.isInteger(top) || top < 0) {
        throw new UsageError(`--top must be a whole number (got ${JSON.stringify(values.top)})`);
    }
    if (positionals.length === 0) {
        throw new UsageError("give at least one log file or folder");
    }
    const files = logFiles(positionals);
    if (files.length === 0) {
        io.err(`cache-report: no log files under ${positionals.join(", ")}`);
        return EXIT.usage;
    }
    const behaviours = stackBehaviours(await io.synth(stack));
    const agg = new CacheAggregator(behaviours);
    const stats: ReadStats = { lines: 0, records: 0, malformed: 0, bytes: 0 };
    const now = io.now ?? (() => Date.now());
    const started = now();
    let lastProgress = started;
    for (const file of files) {
        await readLogFile(
            file,
            (fields, columns) => {
                agg.add(fields, columns);
                // Progress every 5 s on long runs, checked every 64k records.
                if ((stats.records & 0xffff) === 0 && now() - lastProgress >= 5000) {
                    lastProgress = now();
                    const secs = (lastProgress - started) / 1000;
                    io.err(
                        `… ${stats.lines} lines, ${(stats.bytes / 1e6).toFixed(0)} MB read, ${Math.round(stats.lines / secs)} lines/s (${file})`,
                    );
                }
            },
            stats,
        );
    }
    if (stats.records === 0) {
        io.err(
            `cache-report: no log records in ${files.length} file(s) (${stats.lines} lines): nothing to report`,
        );
        return EXIT.usage;
    }
    const report = agg.report(target, stack, top);
    const malformed = stats.malformed + agg.missingColumns;
    if (malformed > 0) {
        io.err(`${malformed} line(s) did not match their file's #Fields header: counted, not used`);
    }
    if (values.json) {
        io.out(
            JSON.stringify(
                { ...report, files: files.length, lines: stats.lines, malformedLines: malformed },
                null,
                2,
            ) + "\n",
        );
    } else {
        io.out(renderText(report, { files: files.length, lines: stats.lines, malformed }));
    }
    return EXIT.ok;
}
