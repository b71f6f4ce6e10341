/**
 * The cache report: CloudFront log records assigned to a stack's cache behaviours, with hit
 * ratios, sizes, latencies, the most missed URIs, and TTL changes for behaviours below target.
 *
 * The headline hit ratio is CloudFront's CacheHitRate metric, which the stack's alarm watches:
 * "The percentage of all cacheable requests for which CloudFront served the content from its
 * cache. HTTP POST and PUT requests, and errors, are not considered cacheable requests."
 * (https://docs.aws.amazon.com/AmazonCloudFront/latest/DeveloperGuide/viewing-cloudfront-metrics.html).
 * So: (Hit + RefreshHit) / (requests that are neither POST nor PUT nor an error), an error being
 * x-edge-result-type Error, LimitExceeded or CapacityExceeded (standard-logs-reference.html);
 * redirects, OPTIONS, PATCH and DELETE count. The stricter ratio beside it counts only GET and
 * HEAD answered Hit, RefreshHit or Miss.
 * Path patterns: `*` is 0 or more characters, `?` exactly one, case-sensitive, evaluated in the
 * distribution's order with the default last:
 * https://docs.aws.amazon.com/AmazonCloudFront/latest/DeveloperGuide/DownloadDistValuesCacheBehavior.html#DownloadDistValuesPathPattern
 */

/** A cache behaviour of the stack: its pattern and the `tng:edge.ttl.*` key of its cache policy. */
export interface Behaviour {
    /** The path pattern, or "default". */
    readonly pathPattern: string;
    /** The edge.ttl key that sets its cache policy's TTL; undefined when none does. */
    readonly ttlKey?: string;
    /** Its current default TTL (seconds). */
    readonly defaultTtl?: number;
}

/** A CloudFront path pattern as an anchored regular expression. */
export function patternRegExp(pattern: string): RegExp {
    const withSlash = pattern.startsWith("/") || pattern.startsWith("*") ? pattern : `/${pattern}`;
    const body = withSlash
        .split("")
        .map((c) => (c === "*" ? ".*" : c === "?" ? "." : c.replace(/[.+^${}()|[\]\\]/g, "\\$&")))
        .join("");
    return new RegExp(`^${body}$`, "s");
}

/** Latencies in whole milliseconds: a fixed histogram, so memory is constant. */
const HISTOGRAM_MS = 60_000;

class Histogram {
    private readonly counts = new Uint32Array(HISTOGRAM_MS + 1);
    private n = 0;
    add(seconds: number): void {
        if (!Number.isFinite(seconds) || seconds < 0) {
            return;
        }
        this.counts[Math.min(Math.round(seconds * 1000), HISTOGRAM_MS)]++;
        this.n++;
    }
    /** The q-quantile in ms (nearest rank); values at or above 60 s count as 60,000. */
    quantile(q: number): number | null {
        if (this.n === 0) {
            return null;
        }
        const rank = Math.max(1, Math.ceil(q * this.n));
        let seen = 0;
        for (let ms = 0; ms <= HISTOGRAM_MS; ms++) {
            seen += this.counts[ms];
            if (seen >= rank) {
                return ms;
            }
        }
        return HISTOGRAM_MS;
    }
}

class Stats {
    requests = 0;
    cacheable = 0;
    hits = 0;
    strictCacheable = 0;
    strictHits = 0;
    bytes = 0;
    readonly timeTaken = new Histogram();
    readonly ttfb = new Histogram();
}

export interface StatsJson {
    requests: number;
    cacheable: number;
    hits: number;
    /** CloudFront's CacheHitRate: (Hit + RefreshHit) / cacheable; null without cacheable requests. */
    hitRatio: number | null;
    /** GET and HEAD answered Hit, RefreshHit or Miss. */
    strictCacheable: number;
    /** Hits among those: the stricter ratio, beside the metric's. */
    strictHitRatio: number | null;
    bytes: number;
    timeTakenMs: { p50: number | null; p95: number | null };
    timeToFirstByteMs: { p50: number | null; p95: number | null };
}

function statsJson(s: Stats): StatsJson {
    return {
        requests: s.requests,
        cacheable: s.cacheable,
        hits: s.hits,
        hitRatio: s.cacheable === 0 ? null : s.hits / s.cacheable,
        strictCacheable: s.strictCacheable,
        strictHitRatio: s.strictCacheable === 0 ? null : s.strictHits / s.strictCacheable,
        bytes: s.bytes,
        timeTakenMs: { p50: s.timeTaken.quantile(0.5), p95: s.timeTaken.quantile(0.95) },
        timeToFirstByteMs: { p50: s.ttfb.quantile(0.5), p95: s.ttfb.quantile(0.95) },
    };
}

/**
 * Most-missed URIs in bounded memory: counts per URI up to `capacity` entries; when full, the
 * lower half is dropped (so counts of rare URIs are approximate; frequent ones stay exact enough
 * to rank). Stated as approximate in the report.
 */
class TopCounter {
    private readonly counts = new Map<string, number>();
    constructor(private readonly capacity = 20_000) {}
    add(key: string): void {
        this.counts.set(key, (this.counts.get(key) ?? 0) + 1);
        if (this.counts.size > this.capacity) {
            const sorted = [...this.counts.entries()].sort((a, b) => b[1] - a[1]);
            this.counts.clear();
            for (const [k, v] of sorted.slice(0, this.capacity / 2)) {
                this.counts.set(k, v);
            }
        }
    }
    top(n: number): { uri: string; misses: number }[] {
        return [...this.counts.entries()]
            .sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))
            .slice(0, n)
            .map(([uri, misses]) => ({ uri, misses }));
    }
}

const CACHEABLE_RESULTS = new Set(["Hit", "RefreshHit", "Miss"]);
const HIT_RESULTS = new Set(["Hit", "RefreshHit"]);
/** Result types that are errors (standard-logs-reference.html, x-edge-result-type). */
const ERROR_RESULTS = new Set(["Error", "LimitExceeded", "CapacityExceeded"]);
const NOT_CACHEABLE_METHODS = new Set(["POST", "PUT"]);

/** Columns the report needs; a file without them is reported, its records skipped. */
export const REQUIRED_COLUMNS = ["cs-method", "cs-uri-stem", "x-edge-result-type"] as const;

export class CacheAggregator {
    private readonly matchers: { behaviour: Behaviour; re: RegExp; stats: Stats }[];
    private readonly fallback: { behaviour: Behaviour; stats: Stats };
    private readonly total = new Stats();
    private readonly misses = new TopCounter();
    /** Records of files whose header lacks a required column. */
    missingColumns = 0;

    /** `behaviours`: the ordered behaviours, then the default (pathPattern "default") last. */
    constructor(behaviours: readonly Behaviour[]) {
        const ordered = behaviours.filter((b) => b.pathPattern !== "default");
        const dflt = behaviours.find((b) => b.pathPattern === "default") ?? {
            pathPattern: "default",
        };
        this.matchers = ordered.map((b) => ({
            behaviour: b,
            re: patternRegExp(b.pathPattern),
            stats: new Stats(),
        }));
        this.fallback = { behaviour: dflt, stats: new Stats() };
    }

    /** Adds one record (fields split on tabs) read with the header's column index. */
    add(fields: string[], columns: ReadonlyMap<string, number>): void {
        const at = (name: string) => {
            const i = columns.get(name);
            return i === undefined ? undefined : fields[i];
        };
        const method = at("cs-method");
        const uri = at("cs-uri-stem");
        const result = at("x-edge-result-type");
        if (method === undefined || uri === undefined || result === undefined) {
            this.missingColumns++;
            return;
        }
        const m = this.matchers.find((x) => x.re.test(uri)) ?? this.fallback;
        const cacheable = !NOT_CACHEABLE_METHODS.has(method) && !ERROR_RESULTS.has(result);
        const hit = cacheable && HIT_RESULTS.has(result);
        const strict = (method === "GET" || method === "HEAD") && CACHEABLE_RESULTS.has(result);
        const bytes = Number(at("sc-bytes"));
        const taken = Number(at("time-taken"));
        const ttfbText = at("time-to-first-byte");
        for (const s of [m.stats, this.total]) {
            s.requests++;
            if (cacheable) {
                s.cacheable++;
            }
            if (hit) {
                s.hits++;
            }
            if (strict) {
                s.strictCacheable++;
                if (hit) {
                    s.strictHits++;
                }
            }
            if (Number.isFinite(bytes)) {
                s.bytes += bytes;
            }
            s.timeTaken.add(taken);
            if (ttfbText !== undefined && ttfbText !== "-") {
                s.ttfb.add(Number(ttfbText));
            }
        }
        if (cacheable && !hit) {
            this.misses.add(printable(uri));
        }
    }

    report(target: number, stack: string, topN = 20): CacheReport {
        const behaviours = [...this.matchers, this.fallback].map((m) => ({
            pathPattern: m.behaviour.pathPattern,
            ...statsJson(m.stats),
        }));
        const recommendations: Recommendation[] = [];
        for (const [i, b] of behaviours.entries()) {
            const def = [...this.matchers, this.fallback][i].behaviour;
            if (b.hitRatio !== null && b.hitRatio < target) {
                recommendations.push(recommend(def, b.hitRatio, target, stack));
            }
        }
        return {
            total: statsJson(this.total),
            behaviours,
            topMisses: this.misses.top(topN),
            recommendations,
        };
    }
}

export interface Recommendation {
    pathPattern: string;
    hitRatio: number;
    /** What to try, in words. */
    advice: string;
    /** The `pulumi config set --path` command, when a TTL setting governs the behaviour. */
    command?: string;
}

export interface CacheReport {
    total: StatsJson;
    behaviours: (StatsJson & { pathPattern: string })[];
    /** Most-missed URIs (cacheable requests that missed); approximate counts for rare URIs. */
    topMisses: { uri: string; misses: number }[];
    recommendations: Recommendation[];
}

/** Log text without terminal control sequences or other control characters, safe to print. */
export function printable(v: string): string {
    return v
        .replace(/\u001b\[[0-?]*[ -/]*[@-~]|\u001b\][^\u0007\u001b]*(\u0007|\u001b\\)?/g, "")
        .replace(/[\u0000-\u001f\u007f-\u009f]/g, "");
}

/** The longest TTL the settings accept (stacks/settings.ts edge.ttl.*: a year). */
const MAX_TTL = 31_536_000;

function recommend(b: Behaviour, hitRatio: number, target: number, stack: string): Recommendation {
    const pct = (x: number) => `${(x * 100).toFixed(1)}%`;
    const base = { pathPattern: b.pathPattern, hitRatio };
    if (b.ttlKey === undefined) {
        return {
            ...base,
            advice: `${pct(hitRatio)} < ${pct(target)}: no tng:edge.ttl setting governs this behaviour; check its cache key (query strings, headers, cookies)`,
        };
    }
    const current = b.defaultTtl ?? 0;
    if (current >= MAX_TTL) {
        return {
            ...base,
            advice: `${pct(hitRatio)} < ${pct(target)} with the longest TTL already: narrow the cache key (query strings) or version the URLs`,
        };
    }
    // Pages with TTL 0 cache only what the origin allows; five minutes is a first step.
    const next = current === 0 ? 300 : Math.min(current * 4, MAX_TTL);
    return {
        ...base,
        advice: `${pct(hitRatio)} < ${pct(target)}: raise edge.ttl.${b.ttlKey} from ${current} s to ${next} s, then measure again`,
        command: `pulumi config set --path tng:edge.ttl.${b.ttlKey} ${next} --stack ${stack}`,
    };
}

/** The report as text: one line per behaviour and the total, then misses and recommendations. */
export function renderText(
    r: CacheReport,
    stats: { files: number; lines: number; malformed: number },
): string {
    const pct = (x: number | null) => (x === null ? "-" : `${(x * 100).toFixed(1)}%`);
    const ms = (x: number | null) => (x === null ? "-" : String(x));
    const rows = [...r.behaviours, { pathPattern: "total", ...r.total }];
    const width = Math.max(...rows.map((x) => x.pathPattern.length), 9);
    const lines = [
        "hit ratio: CloudFront's CacheHitRate (hits among requests other than POST, PUT and errors); strict: among GET/HEAD Hit, RefreshHit, Miss",
        `${"behaviour".padEnd(width)}  ${"requests".padStart(9)}  ${"cacheable".padStart(9)}  ${"hit ratio".padStart(9)}  ${"strict".padStart(7)}  ${"bytes".padStart(13)}  time-taken p50/p95 ms  ttfb p50/p95 ms`,
    ];
    for (const x of rows) {
        lines.push(
            `${x.pathPattern.padEnd(width)}  ${String(x.requests).padStart(9)}  ${String(x.cacheable).padStart(9)}  ${pct(x.hitRatio).padStart(9)}  ${pct(x.strictHitRatio).padStart(7)}  ${String(x.bytes).padStart(13)}  ${`${ms(x.timeTakenMs.p50)}/${ms(x.timeTakenMs.p95)}`.padStart(21)}  ${`${ms(x.timeToFirstByteMs.p50)}/${ms(x.timeToFirstByteMs.p95)}`.padStart(15)}`,
        );
    }
    lines.push("", "most missed URIs (cacheable requests that missed):");
    for (const m of r.topMisses) {
        lines.push(`  ${String(m.misses).padStart(8)}  ${m.uri}`);
    }
    lines.push("", "recommendations:");
    if (r.recommendations.length === 0) {
        lines.push("  none: every behaviour with cacheable requests is at or above the target");
    }
    for (const x of r.recommendations) {
        lines.push(`  ${x.pathPattern}: ${x.advice}`);
        if (x.command) {
            lines.push(`    ${x.command}`);
        }
    }
    lines.push(
        "",
        `${stats.files} file(s), ${stats.lines} lines, ${stats.malformed} line(s) not matching the #Fields header (skipped, counted)`,
    );
    return lines.join("\n") + "\n";
}
