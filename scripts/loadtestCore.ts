/**
 * The capacity test behind `npm run loadtest`: argument parsing, the concurrency step loop, p95
 * detection, the `service.requestsPerTarget` recommendation and the report. The HTTP load itself
 * comes from an injectable {@link StepRunner}; {@link autocannonRunner} is the real one.
 *
 * Latency percentiles are EXACT over every response of a step (nearest-rank on all response
 * times autocannon reports through its `response` event), not read from autocannon's summary:
 * its histogram exposes p50, p90, p97.5 and p99 but no p95. Requests that time out or fail to
 * connect have no response time; they are counted as errors, and a step with more than
 * `--max-errors` percent of errors or 5xx responses fails as if its p95 had crossed.
 */
import autocannon from "autocannon";
import { EXIT, readCli, usageMessage, UsageError } from "../lib/cli";

/** Everything the test needs, parsed and checked. */
export interface LoadTestOptions {
    /** The URL every request goes to (GET). */
    readonly url: string;
    /** Connection counts (concurrency) of the steps, increasing. */
    readonly steps: readonly number[];
    /** Seconds each step runs. */
    readonly durationSeconds: number;
    /** A step whose p95 exceeds this many milliseconds stops the test. */
    readonly p95ThresholdMs: number;
    /** Tasks behind the URL during the test (the recommendation is per task). */
    readonly tasks: number;
    /** Fraction of the measured capacity to aim autoscaling at (0 < f <= 1). */
    readonly safetyFactor: number;
    /** Percent of errors + 5xx above which a step fails. */
    readonly maxErrorPercent: number;
}

export const LOADTEST_DEFAULTS = {
    steps: [10, 20, 40, 80],
    durationSeconds: 30,
    p95ThresholdMs: 1000,
    tasks: 1,
    safetyFactor: 0.7,
    maxErrorPercent: 1,
} as const;

/** The bounds `service.requestsPerTarget` accepts in stacks/settings.ts. */
export const REQUESTS_PER_TARGET_RANGE = { min: 1, max: 100000 } as const;

const MAX_STEPS = 20;
const MAX_CONNECTIONS = 10000;

export const USAGE = `usage: npm run loadtest -- --url URL [options]

Steps the number of concurrent connections against URL, runs each step for --duration seconds,
reports requests/s and p50/p95/p99 latency per step, stops at the first step whose p95 exceeds
--p95 (or whose errors + 5xx exceed --max-errors %), and prints the service.requestsPerTarget
value for autoscaling.

Run it from inside the VPC (e.g. an ECS Exec session) against the internal ALB with the service
pinned to --tasks tasks. Through CloudFront the WAF rate limit would block the test.

Options:
  --url URL          target, http:// or https:// (required), e.g. https://origin.dev.tng.example.jp/
  --steps LIST       increasing connection counts (default ${LOADTEST_DEFAULTS.steps.join(",")})
  --duration S       seconds per step, 1-3600 (default ${LOADTEST_DEFAULTS.durationSeconds})
  --p95 MS           p95 latency threshold in ms (default ${LOADTEST_DEFAULTS.p95ThresholdMs})
  --tasks N          tasks serving the URL during the test, 1-100 (default ${LOADTEST_DEFAULTS.tasks})
  --safety F         fraction of the measured capacity to target, 0-1 (default ${LOADTEST_DEFAULTS.safetyFactor})
  --max-errors P     percent of errors + 5xx that fails a step, 0-100 (default ${LOADTEST_DEFAULTS.maxErrorPercent})
  --help             this text`;

/** A bad command line: the CLI prints the message on one line and exits 2. */
export { UsageError };

const OPTIONS = ["url", "steps", "duration", "p95", "tasks", "safety", "max-errors"] as const;
type OptionName = (typeof OPTIONS)[number];

function parseNumber(raw: string, ok: (n: number) => boolean, message: string): number {
    const n = /^\d+(\.\d+)?$/.test(raw) ? Number(raw) : Number.NaN;
    if (!ok(n)) {
        throw new UsageError(`${message} (got "${raw}")`);
    }
    return n;
}

/** Parses the CLI arguments (after `--`); `"help"` when --help is given. Throws {@link UsageError}. */
export function parseArgs(argv: readonly string[]): LoadTestOptions | "help" {
    const cli = readCli(
        argv,
        Object.fromEntries(OPTIONS.map((name) => [name, { type: "string" as const }])),
        {
            messages: { twice: (flag) => `${flag} is given twice` },
        },
    );
    if (cli.help) {
        return "help";
    }
    const raw = new Map<OptionName, string>(
        OPTIONS.filter((name) => cli.values[name] !== undefined).map((name) => [
            name,
            cli.values[name] as string,
        ]),
    );

    const url = raw.get("url");
    if (url === undefined) {
        throw new UsageError("--url is required, e.g. --url https://origin.dev.tng.example.jp/");
    }
    let parsed: URL | undefined;
    try {
        parsed = new URL(url);
    } catch {
        parsed = undefined;
    }
    if (!parsed || (parsed.protocol !== "http:" && parsed.protocol !== "https:")) {
        throw new UsageError(`--url must be an http:// or https:// URL (got "${url}")`);
    }

    let steps: number[] = [...LOADTEST_DEFAULTS.steps];
    const rawSteps = raw.get("steps");
    if (rawSteps !== undefined) {
        const parts = rawSteps.split(",");
        const values = parts.map((p) => (/^\d+$/.test(p) ? Number(p) : Number.NaN));
        const valid =
            parts.length <= MAX_STEPS &&
            values.every(
                (v, i) => v >= 1 && v <= MAX_CONNECTIONS && (i === 0 || v > values[i - 1]),
            );
        if (!valid) {
            throw new UsageError(
                `--steps must be up to ${MAX_STEPS} increasing connection counts from 1 to ${MAX_CONNECTIONS}, comma-separated, e.g. 10,20,40,80 (got "${rawSteps}")`,
            );
        }
        steps = values;
    }

    const option = (
        name: OptionName,
        fallback: number,
        ok: (n: number) => boolean,
        message: string,
    ) => {
        const value = raw.get(name);
        return value === undefined ? fallback : parseNumber(value, ok, message);
    };
    return {
        url,
        steps,
        durationSeconds: option(
            "duration",
            LOADTEST_DEFAULTS.durationSeconds,
            (n) => Number.isInteger(n) && n >= 1 && n <= 3600,
            "--duration must be a whole number of seconds from 1 to 3600",
        ),
        p95ThresholdMs: option(
            "p95",
            LOADTEST_DEFAULTS.p95ThresholdMs,
            (n) => n > 0 && n <= 60000,
            "--p95 must be a number of milliseconds above 0 and at most 60000",
        ),
        tasks: option(
            "tasks",
            LOADTEST_DEFAULTS.tasks,
            (n) => Number.isInteger(n) && n >= 1 && n <= 100,
            "--tasks must be a whole number from 1 to 100",
        ),
        safetyFactor: option(
            "safety",
            LOADTEST_DEFAULTS.safetyFactor,
            (n) => n > 0 && n <= 1,
            "--safety must be a number above 0 and at most 1",
        ),
        maxErrorPercent: option(
            "max-errors",
            LOADTEST_DEFAULTS.maxErrorPercent,
            (n) => n >= 0 && n <= 100,
            "--max-errors must be a percent from 0 to 100",
        ),
    };
}

/** What one step measured. Latencies are NaN when no response arrived. */
export interface StepResult {
    readonly connections: number;
    /** Measured duration of the step, seconds. */
    readonly durationSeconds: number;
    /** Completed responses (any status). */
    readonly responses: number;
    readonly requestsPerSecond: number;
    readonly p50Ms: number;
    readonly p95Ms: number;
    readonly p99Ms: number;
    /** Connection errors and timeouts (no response). */
    readonly errors: number;
    /** Responses with a 5xx status. */
    readonly status5xx: number;
}

/** One step to run. */
export interface StepSpec {
    readonly url: string;
    readonly connections: number;
    readonly durationSeconds: number;
}

/** Called about once a second while a step runs. */
export type TickListener = (tick: { elapsedSeconds: number; responses: number }) => void;

/** Runs one step of load and measures it. */
export type StepRunner = (step: StepSpec, onTick: TickListener) => Promise<StepResult>;

/** Nearest-rank percentile of ascending values; NaN for none. */
export function percentile(sorted: readonly number[], p: number): number {
    if (sorted.length === 0) {
        return Number.NaN;
    }
    const rank = Math.ceil((p / 100) * sorted.length);
    return sorted[Math.min(sorted.length, Math.max(1, rank)) - 1];
}

/** A step's result from its raw response times (ms, any order) and counts. */
export function summarizeStep(
    connections: number,
    durationSeconds: number,
    latenciesMs: readonly number[],
    errors: number,
    status5xx: number,
): StepResult {
    const sorted = [...latenciesMs].sort((a, b) => a - b);
    return {
        connections,
        durationSeconds,
        responses: sorted.length,
        requestsPerSecond: durationSeconds > 0 ? sorted.length / durationSeconds : 0,
        p50Ms: percentile(sorted, 50),
        p95Ms: percentile(sorted, 95),
        p99Ms: percentile(sorted, 99),
        errors,
        status5xx,
    };
}

/** ok; slow: p95 above the threshold; errors: too many errors/5xx, or no response at all. */
export type Verdict = "ok" | "slow" | "errors";

export function judgeStep(
    result: StepResult,
    options: Pick<LoadTestOptions, "p95ThresholdMs" | "maxErrorPercent">,
): Verdict {
    const attempts = result.responses + result.errors;
    const failed = result.errors + result.status5xx;
    if (result.responses === 0 || (failed / attempts) * 100 > options.maxErrorPercent) {
        return "errors";
    }
    return result.p95Ms > options.p95ThresholdMs ? "slow" : "ok";
}

/**
 * ALBRequestCountPerTarget is requests per target per MINUTE; target tracking holds it AT the
 * target. So: the sustainable rate per task per minute, times the safety factor, which leaves
 * headroom for the minutes a scale-out takes (metric period, alarm evaluation, task start) while
 * traffic keeps rising. Clamped to the range stacks/settings.ts accepts.
 */
export function recommendRequestsPerTarget(
    requestsPerSecond: number,
    tasks: number,
    safetyFactor: number,
): number {
    const value = requestsPerTargetFormula(requestsPerSecond, tasks, safetyFactor);
    return Math.min(REQUESTS_PER_TARGET_RANGE.max, Math.max(REQUESTS_PER_TARGET_RANGE.min, value));
}

/** floor(rps x 60 / tasks x safety), unclamped. */
export function requestsPerTargetFormula(
    requestsPerSecond: number,
    tasks: number,
    safetyFactor: number,
): number {
    // The epsilon keeps binary rounding (90 x 60 x 0.7 = 3779.9999...) from losing a whole request.
    return Math.floor(((requestsPerSecond * 60) / tasks) * safetyFactor + 1e-9);
}

export interface StepOutcome {
    readonly result: StepResult;
    readonly verdict: Verdict;
}

export interface CapacityReport {
    readonly options: LoadTestOptions;
    /** The steps that ran, in order; the test stops after the first that is not ok. */
    readonly steps: readonly StepOutcome[];
    /** The first step that failed, if any. */
    readonly crossedAt?: StepOutcome;
    /** The last ok step: the measured sustainable capacity. */
    readonly lastGood?: StepResult;
    /** service.requestsPerTarget; undefined when even the first step failed. */
    readonly requestsPerTarget?: number;
}

export interface CapacityDeps {
    readonly runStep: StepRunner;
    /** Called after each step, e.g. to print its line. */
    readonly onStep?: (outcome: StepOutcome, index: number) => void;
    /** Progress while a step runs. */
    readonly onTick?: (step: number, tick: { elapsedSeconds: number; responses: number }) => void;
}

/** Runs the steps in order and stops at the first one that fails. */
export async function runCapacityTest(
    options: LoadTestOptions,
    deps: CapacityDeps,
): Promise<CapacityReport> {
    const steps: StepOutcome[] = [];
    let crossedAt: StepOutcome | undefined;
    for (const [index, connections] of options.steps.entries()) {
        const result = await deps.runStep(
            { url: options.url, connections, durationSeconds: options.durationSeconds },
            (tick) => deps.onTick?.(index, tick),
        );
        const outcome = { result, verdict: judgeStep(result, options) };
        steps.push(outcome);
        deps.onStep?.(outcome, index);
        if (outcome.verdict !== "ok") {
            crossedAt = outcome;
            break;
        }
    }
    const good = steps.filter((s) => s.verdict === "ok");
    const lastGood = good.length > 0 ? good[good.length - 1].result : undefined;
    return {
        options,
        steps,
        crossedAt,
        lastGood,
        requestsPerTarget: lastGood
            ? recommendRequestsPerTarget(
                  lastGood.requestsPerSecond,
                  options.tasks,
                  options.safetyFactor,
              )
            : undefined,
    };
}

function plural(n: number, word: string): string {
    return `${n} ${word}${n === 1 ? "" : "s"}`;
}

function ms(value: number): string {
    return Number.isNaN(value) ? "-" : value.toFixed(0);
}

/** One line per step, as printed when the step ends. */
export function formatStep(outcome: StepOutcome, index: number, total: number): string {
    const r = outcome.result;
    return (
        `step ${index + 1}/${total}: ${plural(r.connections, "connection")}, ${r.durationSeconds.toFixed(1)} s, ` +
        `${r.responses} responses, ${r.requestsPerSecond.toFixed(1)} req/s, ` +
        `p50 ${ms(r.p50Ms)} ms, p95 ${ms(r.p95Ms)} ms, p99 ${ms(r.p99Ms)} ms, ` +
        `errors ${r.errors}, 5xx ${r.status5xx}: ${outcome.verdict}`
    );
}

/** The final report: table, where p95 crossed, and the recommendation with its formula. */
export function formatReport(report: CapacityReport): string {
    const o = report.options;
    const lines: string[] = [];
    const tasks = plural(o.tasks, "task");
    lines.push(
        `Capacity of ${o.url} (${tasks}, ${o.durationSeconds} s per step, p95 threshold ${o.p95ThresholdMs} ms)`,
    );
    lines.push("");
    const header = [
        "connections",
        "req/s",
        "p50 ms",
        "p95 ms",
        "p99 ms",
        "errors",
        "5xx",
        "verdict",
    ];
    const rows = report.steps.map(({ result: r, verdict }) => [
        String(r.connections),
        r.requestsPerSecond.toFixed(1),
        ms(r.p50Ms),
        ms(r.p95Ms),
        ms(r.p99Ms),
        String(r.errors),
        String(r.status5xx),
        verdict,
    ]);
    const widths = header.map((h, i) => Math.max(h.length, ...rows.map((row) => row[i].length)));
    for (const row of [header, ...rows]) {
        lines.push(
            row
                .map((cell, i) => (i === row.length - 1 ? cell : cell.padStart(widths[i])))
                .join("  "),
        );
    }
    lines.push("");
    const crossed = report.crossedAt;
    if (crossed) {
        const r = crossed.result;
        lines.push(
            crossed.verdict === "slow"
                ? `p95 crossed ${o.p95ThresholdMs} ms at ${plural(r.connections, "connection")} (p95 ${ms(r.p95Ms)} ms).`
                : `Too many failures at ${plural(r.connections, "connection")} (${r.errors} errors, ${r.status5xx} 5xx of ${r.responses + r.errors} requests; limit ${o.maxErrorPercent} %).`,
        );
    } else {
        lines.push(
            `p95 stayed under ${o.p95ThresholdMs} ms at every step: the real limit is higher; rerun with larger --steps for a tighter value.`,
        );
    }
    const good = report.lastGood;
    if (!good || report.requestsPerTarget === undefined) {
        if (crossed && crossed.result.responses === 0) {
            lines.push(
                "No response at all: check that the URL is reachable from this machine (the internal ALB only from inside the VPC).",
            );
            return lines.join("\n");
        }
        lines.push(
            "No step stayed under the threshold: no recommendation. Rerun with smaller --steps (e.g. 1,2,4,8).",
        );
        return lines.join("\n");
    }
    lines.push(
        `Last step under the threshold: ${plural(good.connections, "connection")}, ${good.requestsPerSecond.toFixed(1)} req/s.`,
    );
    const raw = requestsPerTargetFormula(good.requestsPerSecond, o.tasks, o.safetyFactor);
    lines.push(
        `requestsPerTarget = floor(${good.requestsPerSecond.toFixed(1)} req/s x 60 s / ${tasks} x ${o.safetyFactor} safety) = ${raw}` +
            (raw !== report.requestsPerTarget
                ? `, clamped to ${report.requestsPerTarget} (service.requestsPerTarget accepts ${REQUESTS_PER_TARGET_RANGE.min}-${REQUESTS_PER_TARGET_RANGE.max})`
                : ""),
    );
    lines.push(
        `ALBRequestCountPerTarget counts requests per task per minute, and target tracking holds it at the target; the safety factor ${o.safetyFactor} leaves headroom for the minutes a scale-out takes.`,
    );
    lines.push(
        `Set it: pulumi config set --path tng:service.requestsPerTarget ${report.requestsPerTarget} --stack <stack>`,
    );
    return lines.join("\n");
}

/** A writable stream as far as the progress display needs one. */
export interface ProgressStream {
    readonly isTTY?: boolean;
    write(text: string): unknown;
}

/**
 * A one-line ticker rewritten in place each second on a terminal; nothing when the stream is not
 * a TTY (CI logs and pipes get only the per-step lines on stdout).
 */
export function createProgress(stream: ProgressStream, options: LoadTestOptions) {
    const enabled = stream.isTTY === true;
    return {
        tick(step: number, tick: { elapsedSeconds: number; responses: number }): void {
            if (!enabled) {
                return;
            }
            const rate = tick.elapsedSeconds > 0 ? tick.responses / tick.elapsedSeconds : 0;
            stream.write(
                `\r\x1b[K  step ${step + 1}/${options.steps.length}: ${plural(options.steps[step], "connection")}, ` +
                    `${tick.elapsedSeconds}/${options.durationSeconds} s, ${tick.responses} responses, ${rate.toFixed(0)} req/s`,
            );
        },
        /** Clears the ticker line before a step's result is printed. */
        clear(): void {
            if (enabled) {
                stream.write("\r\x1b[K");
            }
        },
    };
}

/**
 * The real runner: autocannon with `connections` keep-alive connections for `durationSeconds`,
 * collecting every response time for exact percentiles. Requests taking longer than
 * `timeoutSeconds` count as errors.
 */
export function autocannonRunner(timeoutSeconds = 10): StepRunner {
    return (step, onTick) =>
        new Promise<StepResult>((resolve, reject) => {
            const latencies: number[] = [];
            let status5xx = 0;
            let ticks = 0;
            const instance = autocannon(
                {
                    url: step.url,
                    connections: step.connections,
                    duration: step.durationSeconds,
                    timeout: timeoutSeconds,
                },
                (err: unknown, result: autocannon.Result) => {
                    if (err) {
                        reject(err instanceof Error ? err : new Error(String(err)));
                        return;
                    }
                    resolve(
                        summarizeStep(
                            step.connections,
                            result.duration,
                            latencies,
                            result.errors,
                            status5xx,
                        ),
                    );
                },
            );
            instance.on(
                "response",
                (_client, statusCode: number, _bytes: number, responseTime: number) => {
                    latencies.push(responseTime);
                    if (statusCode >= 500) {
                        status5xx++;
                    }
                },
            );
            instance.on("tick", () => {
                ticks++;
                onTick({
                    elapsedSeconds: Math.min(ticks, step.durationSeconds),
                    responses: latencies.length,
                });
            });
        });
}

/** Where the CLI writes. */
export interface CliIo {
    readonly stdout: ProgressStream;
    readonly stderr: ProgressStream;
    /** Defaults to {@link autocannonRunner}. */
    readonly runStep?: StepRunner;
}

/**
 * The whole CLI: 0 with a recommendation, 1 when no step stayed under the threshold or the run
 * failed, 2 on bad arguments. Errors are one line on stderr, never a stack trace.
 */
export async function main(argv: readonly string[], io: CliIo): Promise<number> {
    let options: LoadTestOptions;
    try {
        const parsed = parseArgs(argv);
        if (parsed === "help") {
            io.stdout.write(USAGE + "\n");
            return 0;
        }
        options = parsed;
    } catch (e) {
        if (e instanceof UsageError) {
            io.stderr.write(`${usageMessage("loadtest", e.message, USAGE)}\n`);
            return EXIT.usage;
        }
        throw e;
    }
    const progress = createProgress(io.stderr, options);
    try {
        const report = await runCapacityTest(options, {
            runStep: io.runStep ?? autocannonRunner(),
            onTick: (step, tick) => progress.tick(step, tick),
            onStep: (outcome, index) => {
                progress.clear();
                io.stdout.write(formatStep(outcome, index, options.steps.length) + "\n");
            },
        });
        io.stdout.write("\n" + formatReport(report) + "\n");
        return report.requestsPerTarget === undefined ? 1 : 0;
    } catch (e) {
        progress.clear();
        io.stderr.write(`loadtest: ${e instanceof Error ? e.message : String(e)}\n`);
        return 1;
    }
}
