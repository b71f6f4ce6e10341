/**
 * The capacity test: argument validation messages, percentiles, the step verdicts and the
 * recommendation math with a scripted runner, the CLI exit codes, and one real run of autocannon
 * against a local HTTP server on 127.0.0.1 whose latency grows with concurrency (2 s steps, a few
 * hundred loopback requests, no other traffic).
 */
import * as assert from "assert";
import * as http from "http";
import type { AddressInfo } from "net";
import {
    autocannonRunner,
    CapacityReport,
    createProgress,
    formatReport,
    judgeStep,
    LOADTEST_DEFAULTS,
    LoadTestOptions,
    main,
    parseArgs,
    percentile,
    recommendRequestsPerTarget,
    requestsPerTargetFormula,
    runCapacityTest,
    StepResult,
    StepRunner,
    summarizeStep,
    UsageError,
} from "../scripts/loadtestCore";

const URL_ = "http://127.0.0.1:9/";

function options(overrides: Partial<LoadTestOptions> = {}): LoadTestOptions {
    return {
        url: URL_,
        steps: [10, 20, 40, 80],
        durationSeconds: 30,
        p95ThresholdMs: 1000,
        tasks: 1,
        safetyFactor: 0.7,
        maxErrorPercent: 1,
        ...overrides,
    };
}

function step(
    connections: number,
    rps: number,
    p95Ms: number,
    extra: Partial<StepResult> = {},
): StepResult {
    return {
        connections,
        durationSeconds: 30,
        responses: rps * 30,
        requestsPerSecond: rps,
        p50Ms: p95Ms / 2,
        p95Ms,
        p99Ms: p95Ms * 1.2,
        errors: 0,
        status5xx: 0,
        ...extra,
    };
}

/** A runner that replays fixed results by connection count and records what it was asked. */
function scripted(results: Record<number, StepResult>): { runStep: StepRunner; asked: number[] } {
    const asked: number[] = [];
    return {
        asked,
        runStep: async (spec, onTick) => {
            asked.push(spec.connections);
            onTick({ elapsedSeconds: 1, responses: 5 });
            return results[spec.connections];
        },
    };
}

class Capture {
    text = "";
    constructor(readonly isTTY = false) {}
    write(chunk: string): boolean {
        this.text += chunk;
        return true;
    }
}

describe("loadtest parseArgs", () => {
    it("applies the defaults", () => {
        assert.deepStrictEqual(parseArgs(["--url", "https://origin.dev.tng.example.jp/health"]), {
            url: "https://origin.dev.tng.example.jp/health",
            steps: [10, 20, 40, 80],
            durationSeconds: 30,
            p95ThresholdMs: 1000,
            tasks: 1,
            safetyFactor: 0.7,
            maxErrorPercent: 1,
        });
        assert.deepStrictEqual(LOADTEST_DEFAULTS.steps, [10, 20, 40, 80]);
    });

    it("reads every option, with a space or with =", () => {
        assert.deepStrictEqual(
            parseArgs([
                "--url=http://10.20.0.5:3000/",
                "--steps",
                "1,5,25",
                "--duration=10",
                "--p95",
                "800.5",
                "--tasks",
                "2",
                "--safety",
                "0.5",
                "--max-errors",
                "0",
            ]),
            {
                url: "http://10.20.0.5:3000/",
                steps: [1, 5, 25],
                durationSeconds: 10,
                p95ThresholdMs: 800.5,
                tasks: 2,
                safetyFactor: 0.5,
                maxErrorPercent: 0,
            },
        );
        assert.strictEqual(parseArgs(["--url", "x", "--help"]), "help");
    });

    it("rejects bad arguments with one-line messages", () => {
        const url = ["--url", URL_];
        const cases: [string[], string][] = [
            [[], "--url is required, e.g. --url https://origin.dev.tng.example.jp/"],
            [
                ["--url", "ftp://example.jp/"],
                '--url must be an http:// or https:// URL (got "ftp://example.jp/")',
            ],
            [
                ["--url", "example.jp"],
                '--url must be an http:// or https:// URL (got "example.jp")',
            ],
            [["--url"], "--url needs a value"],
            [["--url", "--steps", "1"], "--url needs a value"],
            [[...url, "--url", URL_], "--url is given twice"],
            [[...url, "--rate", "5"], "unknown option --rate"],
            [[...url, "extra"], 'unexpected argument "extra"'],
            [
                [...url, "--steps", "10,5"],
                '--steps must be up to 20 increasing connection counts from 1 to 10000, comma-separated, e.g. 10,20,40,80 (got "10,5")',
            ],
            [
                [...url, "--steps", "0,5"],
                '--steps must be up to 20 increasing connection counts from 1 to 10000, comma-separated, e.g. 10,20,40,80 (got "0,5")',
            ],
            [
                [...url, "--steps", "10,,20"],
                '--steps must be up to 20 increasing connection counts from 1 to 10000, comma-separated, e.g. 10,20,40,80 (got "10,,20")',
            ],
            [
                [...url, "--steps", "20000"],
                '--steps must be up to 20 increasing connection counts from 1 to 10000, comma-separated, e.g. 10,20,40,80 (got "20000")',
            ],
            [
                [...url, "--steps", Array.from({ length: 21 }, (_, i) => i + 1).join(",")],
                `--steps must be up to 20 increasing connection counts from 1 to 10000, comma-separated, e.g. 10,20,40,80 (got "${Array.from({ length: 21 }, (_, i) => i + 1).join(",")}")`,
            ],
            [
                [...url, "--duration", "0"],
                '--duration must be a whole number of seconds from 1 to 3600 (got "0")',
            ],
            [
                [...url, "--duration", "1.5"],
                '--duration must be a whole number of seconds from 1 to 3600 (got "1.5")',
            ],
            [
                [...url, "--duration", "3601"],
                '--duration must be a whole number of seconds from 1 to 3600 (got "3601")',
            ],
            [
                [...url, "--p95", "0"],
                '--p95 must be a number of milliseconds above 0 and at most 60000 (got "0")',
            ],
            [
                [...url, "--p95", "1s"],
                '--p95 must be a number of milliseconds above 0 and at most 60000 (got "1s")',
            ],
            [[...url, "--tasks", "0"], '--tasks must be a whole number from 1 to 100 (got "0")'],
            [
                [...url, "--safety", "1.5"],
                '--safety must be a number above 0 and at most 1 (got "1.5")',
            ],
            [
                [...url, "--safety", "0"],
                '--safety must be a number above 0 and at most 1 (got "0")',
            ],
            [
                [...url, "--max-errors", "101"],
                '--max-errors must be a percent from 0 to 100 (got "101")',
            ],
        ];
        for (const [argv, message] of cases) {
            assert.throws(
                () => parseArgs(argv),
                (e: unknown) => {
                    assert.ok(e instanceof UsageError, `${argv.join(" ")}: ${String(e)}`);
                    assert.strictEqual(e.message, message);
                    assert.ok(!e.message.includes("\n"));
                    return true;
                },
            );
        }
    });
});

describe("loadtest math", () => {
    it("takes nearest-rank percentiles", () => {
        const values = Array.from({ length: 100 }, (_, i) => i + 1); // 1..100
        assert.strictEqual(percentile(values, 50), 50);
        assert.strictEqual(percentile(values, 95), 95);
        assert.strictEqual(percentile(values, 99), 99);
        assert.strictEqual(percentile([7], 95), 7);
        assert.strictEqual(percentile([1, 2, 3], 95), 3);
        assert.ok(Number.isNaN(percentile([], 95)));
    });

    it("summarizes a step from unsorted response times", () => {
        const latencies = Array.from({ length: 200 }, (_, i) => 200 - i); // 200..1
        assert.deepStrictEqual(summarizeStep(4, 2, latencies, 3, 1), {
            connections: 4,
            durationSeconds: 2,
            responses: 200,
            requestsPerSecond: 100,
            p50Ms: 100,
            p95Ms: 190,
            p99Ms: 198,
            errors: 3,
            status5xx: 1,
        });
    });

    it("judges a step by p95 and by the error rate", () => {
        const o = { p95ThresholdMs: 1000, maxErrorPercent: 1 };
        assert.strictEqual(judgeStep(step(10, 100, 1000), o), "ok"); // at the threshold is not over it
        assert.strictEqual(judgeStep(step(10, 100, 1000.5), o), "slow");
        // 30 failures of 3000 attempts = 1 %: allowed; 31 is over.
        assert.strictEqual(
            judgeStep(step(10, 100, 50, { errors: 10, status5xx: 20, responses: 2990 }), o),
            "ok",
        );
        assert.strictEqual(
            judgeStep(step(10, 100, 50, { errors: 11, status5xx: 20, responses: 2989 }), o),
            "errors",
        );
        assert.strictEqual(
            judgeStep(step(10, 0, Number.NaN, { responses: 0, errors: 5 }), o),
            "errors",
        );
    });

    it("recommends floor(rps x 60 / tasks x safety), clamped to the settings range", () => {
        assert.strictEqual(recommendRequestsPerTarget(100, 1, 0.7), 4200);
        assert.strictEqual(recommendRequestsPerTarget(100, 2, 0.7), 2100);
        assert.strictEqual(recommendRequestsPerTarget(33.3, 1, 0.7), 1398); // 1398.6
        assert.strictEqual(recommendRequestsPerTarget(0.01, 1, 0.7), 1);
        assert.strictEqual(recommendRequestsPerTarget(5000, 1, 1), 100000);
        assert.strictEqual(requestsPerTargetFormula(5000, 1, 1), 300000);
        assert.strictEqual(requestsPerTargetFormula(90, 1, 0.7), 3780); // not 3779.9999...
        assert.strictEqual(requestsPerTargetFormula(0.01, 1, 0.7), 0);
    });
});

describe("runCapacityTest with a scripted runner", () => {
    it("stops at the first step whose p95 crosses and recommends from the step before", async () => {
        const runner = scripted({
            10: step(10, 50, 200),
            20: step(20, 90, 600),
            40: step(40, 95, 1500),
            80: step(80, 96, 3000),
        });
        const ticks: number[] = [];
        const report = await runCapacityTest(options(), {
            runStep: runner.runStep,
            onTick: (i) => ticks.push(i),
        });
        assert.deepStrictEqual(runner.asked, [10, 20, 40]);
        assert.deepStrictEqual(ticks, [0, 1, 2]);
        assert.deepStrictEqual(
            report.steps.map((s) => [s.result.connections, s.verdict]),
            [
                [10, "ok"],
                [20, "ok"],
                [40, "slow"],
            ],
        );
        assert.strictEqual(report.crossedAt?.result.connections, 40);
        assert.strictEqual(report.lastGood?.connections, 20);
        assert.strictEqual(report.requestsPerTarget, 3780); // 90 x 60 x 0.7
    });

    it("divides by the task count", async () => {
        const runner = scripted({ 10: step(10, 50, 200), 20: step(20, 90, 1200) });
        const report = await runCapacityTest(options({ steps: [10, 20], tasks: 2 }), {
            runStep: runner.runStep,
        });
        assert.strictEqual(report.requestsPerTarget, 1050); // 50 x 60 / 2 x 0.7
    });

    it("treats too many errors as crossing", async () => {
        const runner = scripted({
            10: step(10, 50, 200),
            20: step(20, 60, 300, { status5xx: 100 }),
        });
        const report = await runCapacityTest(options({ steps: [10, 20, 40] }), {
            runStep: runner.runStep,
        });
        assert.deepStrictEqual(runner.asked, [10, 20]);
        assert.strictEqual(report.crossedAt?.verdict, "errors");
        assert.strictEqual(report.requestsPerTarget, 2100);
        assert.match(
            formatReport(report),
            /^Too many failures at 20 connections \(0 errors, 100 5xx of 1800 requests; limit 1 %\)\.$/m,
        );
    });

    it("recommends from the last step when p95 never crosses, and says the limit is higher", async () => {
        const runner = scripted({ 10: step(10, 50, 200), 20: step(20, 80, 300) });
        const report = await runCapacityTest(options({ steps: [10, 20] }), {
            runStep: runner.runStep,
        });
        assert.strictEqual(report.crossedAt, undefined);
        assert.strictEqual(report.requestsPerTarget, 3360);
        assert.match(
            formatReport(report),
            /^p95 stayed under 1000 ms at every step: the real limit is higher/m,
        );
    });

    it("gives no recommendation when the first step already crosses", async () => {
        const runner = scripted({ 10: step(10, 5, 1500) });
        const report = await runCapacityTest(options(), { runStep: runner.runStep });
        assert.deepStrictEqual(runner.asked, [10]);
        assert.strictEqual(report.lastGood, undefined);
        assert.strictEqual(report.requestsPerTarget, undefined);
        assert.match(
            formatReport(report),
            /^No step stayed under the threshold: no recommendation\./m,
        );
    });

    it("says when no response arrived at all instead of suggesting smaller steps", async () => {
        const runner = scripted({ 1: step(1, 0, Number.NaN, { responses: 0, errors: 1604 }) });
        const report = await runCapacityTest(options({ steps: [1, 2] }), {
            runStep: runner.runStep,
        });
        const text = formatReport(report);
        assert.match(
            text,
            /^Too many failures at 1 connection \(1604 errors, 0 5xx of 1604 requests; limit 1 %\)\.$/m,
        );
        assert.match(
            text,
            /^No response at all: check that the URL is reachable from this machine \(the internal ALB only from inside the VPC\)\.$/m,
        );
        assert.doesNotMatch(text, /requestsPerTarget/);
    });

    it("shows when the recommendation was clamped to the settings range", async () => {
        const runner = scripted({ 10: step(10, 5000, 200) });
        const report = await runCapacityTest(options({ steps: [10], safetyFactor: 1 }), {
            runStep: runner.runStep,
        });
        assert.strictEqual(report.requestsPerTarget, 100000);
        assert.match(
            formatReport(report),
            /^requestsPerTarget = floor\(5000\.0 req\/s x 60 s \/ 1 task x 1 safety\) = 300000, clamped to 100000 \(service\.requestsPerTarget accepts 1-100000\)$/m,
        );
    });

    it("formats the report with the table, the crossing, the formula and the config command", () => {
        const report: CapacityReport = {
            options: options({ steps: [10, 20] }),
            steps: [
                { result: step(10, 50, 200), verdict: "ok" },
                { result: step(20, 55, 1234), verdict: "slow" },
            ],
            crossedAt: { result: step(20, 55, 1234), verdict: "slow" },
            lastGood: step(10, 50, 200),
            requestsPerTarget: 2100,
        };
        assert.strictEqual(
            formatReport(report),
            [
                `Capacity of ${URL_} (1 task, 30 s per step, p95 threshold 1000 ms)`,
                "",
                "connections  req/s  p50 ms  p95 ms  p99 ms  errors  5xx  verdict",
                "         10   50.0     100     200     240       0    0  ok",
                "         20   55.0     617    1234    1481       0    0  slow",
                "",
                "p95 crossed 1000 ms at 20 connections (p95 1234 ms).",
                "Last step under the threshold: 10 connections, 50.0 req/s.",
                "requestsPerTarget = floor(50.0 req/s x 60 s / 1 task x 0.7 safety) = 2100",
                "ALBRequestCountPerTarget counts requests per task per minute, and target tracking holds it at the target; the safety factor 0.7 leaves headroom for the minutes a scale-out takes.",
                "Set it: pulumi config set --path tng:service.requestsPerTarget 2100 --stack <stack>",
            ].join("\n"),
        );
    });
});

describe("loadtest progress and CLI", () => {
    it("ticks on a terminal and stays quiet otherwise", () => {
        const tty = new Capture(true);
        const p = createProgress(tty, options());
        p.tick(1, { elapsedSeconds: 4, responses: 400 });
        p.clear();
        assert.strictEqual(
            tty.text,
            "\r\x1b[K  step 2/4: 20 connections, 4/30 s, 400 responses, 100 req/s" + "\r\x1b[K",
        );
        const pipe = new Capture(false);
        const q = createProgress(pipe, options());
        q.tick(0, { elapsedSeconds: 1, responses: 10 });
        q.clear();
        assert.strictEqual(pipe.text, "");
    });

    it("exits 2 with one line on stderr for bad arguments", async () => {
        const stdout = new Capture();
        const stderr = new Capture();
        assert.strictEqual(await main(["--steps", "5"], { stdout, stderr }), 2);
        assert.strictEqual(
            stderr.text,
            "loadtest: --url is required, e.g. --url https://origin.dev.tng.example.jp/\nusage: npm run loadtest -- --url URL [options]\n",
        );
        assert.strictEqual(stdout.text, "");
    });

    it("prints the usage for --help and exits 0", async () => {
        const stdout = new Capture();
        assert.strictEqual(await main(["--help"], { stdout, stderr: new Capture() }), 0);
        assert.match(stdout.text, /^usage: npm run loadtest -- --url URL \[options\]/);
    });

    it("exits 0 with a recommendation, 1 without, and 1 with one line when the runner fails", async () => {
        const ok = new Capture();
        const ran = await main(["--url", URL_, "--steps", "10,20"], {
            stdout: ok,
            stderr: new Capture(),
            runStep: scripted({ 10: step(10, 50, 200), 20: step(20, 60, 2000) }).runStep,
        });
        assert.strictEqual(ran, 0);
        assert.match(
            ok.text,
            /^step 1\/2: 10 connections, 30\.0 s, 1500 responses, 50\.0 req\/s, p50 100 ms, p95 200 ms, p99 240 ms, errors 0, 5xx 0: ok$/m,
        );
        assert.match(ok.text, /^step 2\/2: 20 connections, .*: slow$/m);
        assert.match(
            ok.text,
            /^Set it: pulumi config set --path tng:service.requestsPerTarget 2100 --stack <stack>$/m,
        );

        const none = await main(["--url", URL_, "--steps", "10"], {
            stdout: new Capture(),
            stderr: new Capture(),
            runStep: scripted({ 10: step(10, 5, 2000) }).runStep,
        });
        assert.strictEqual(none, 1);

        const stderr = new Capture();
        const failed = await main(["--url", URL_], {
            stdout: new Capture(),
            stderr,
            runStep: async () => {
                throw new Error("connect ECONNREFUSED 127.0.0.1:9");
            },
        });
        assert.strictEqual(failed, 1);
        assert.strictEqual(stderr.text, "loadtest: connect ECONNREFUSED 127.0.0.1:9\n");
    });
});

describe("loadtest against a local HTTP server", function () {
    // Four 2 s steps plus connection setup.
    this.timeout(20000);
    // The server answers in latencyOf(c) for the step running with c connections: 20 ms up to
    // CAPACITY, 1,500 ms beyond, so the verdicts sit far from the threshold on both sides (a stall
    // of 580 ms would be needed to cross 600 ms). Its latency follows the offered load, set as each
    // step starts, not the requests in flight: with that model a step's connections opening one by
    // one on a busy machine got fast answers while fewer than CAPACITY were in flight, and those
    // could outnumber the step's 8 to 16 slow ones (a p50 of 16 ms at 8 connections was seen).
    const CAPACITY = 4;
    const FAST_MS = 20;
    const SLOW_MS = 1500;
    const THRESHOLD_MS = 600;
    /** The server's latency with `c` connections in the steady state. */
    const latencyOf = (c: number) => (c <= CAPACITY ? FAST_MS : SLOW_MS);
    /** Requests per second with `c` connections: each waits latencyOf(c) per request. */
    const nominalRps = (c: number) => (c * 1000) / latencyOf(c);
    let server: http.Server;
    let url: string;
    let served = 0;
    let report: CapacityReport;
    let stdout: Capture;

    before(async () => {
        const runAutocannon = autocannonRunner(5);
        let offered = 0; // the running step's connections
        server = http.createServer((_req, res) => {
            served++;
            setTimeout(() => res.end("ok"), latencyOf(offered));
        });
        await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
        url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/health`;
        stdout = new Capture();
        const o = options({
            url,
            steps: [1, 2, 4, 8, 16],
            // 2 s steps: at 1.5 s a request, a 1 s step would end before its first response.
            durationSeconds: 2,
            p95ThresholdMs: THRESHOLD_MS,
        });
        report = await runCapacityTest(o, {
            runStep: (step, onTick) => {
                offered = step.connections;
                return runAutocannon(step, onTick);
            },
            onStep: (outcome) => stdout.write(`${outcome.result.connections}:${outcome.verdict}\n`),
        });
    });

    after(async () => {
        server.closeAllConnections();
        await new Promise((resolve) => server.close(resolve));
    });

    it("steps the concurrency and stops at the step whose p95 crosses 600 ms (8 connections)", () => {
        assert.deepStrictEqual(
            report.steps.map((s) => [s.result.connections, s.verdict]),
            [
                [1, "ok"],
                [2, "ok"],
                [4, "ok"],
                [8, "slow"],
            ],
        );
        assert.strictEqual(stdout.text, "1:ok\n2:ok\n4:ok\n8:slow\n");
        assert.strictEqual(report.crossedAt?.result.connections, 8);
    });

    it("measures requests/s and ordered percentiles that follow the server's latency", () => {
        for (const { result: r } of report.steps) {
            assert.ok(
                r.responses > 0 && r.requestsPerSecond > 0,
                `${r.connections}: ${r.responses} responses`,
            );
            assert.ok(
                r.p50Ms <= r.p95Ms && r.p95Ms <= r.p99Ms,
                `${r.connections}: ${r.p50Ms}/${r.p95Ms}/${r.p99Ms}`,
            );
            assert.strictEqual(r.errors, 0);
            assert.strictEqual(r.status5xx, 0);
            // At least the server's delay at that concurrency (minus timer slack).
            assert.ok(r.p50Ms >= latencyOf(r.connections) - 5, `${r.connections}: p50 ${r.p50Ms}`);
            // Well under the 5 s request timeout.
            assert.ok(r.p95Ms < 2.5 * SLOW_MS, `${r.connections}: p95 ${r.p95Ms}`);
            // c connections each waiting latencyOf(c): at most the nominal rate (plus slack),
            // at least a quarter of it on a busy machine.
            const nominal = nominalRps(r.connections);
            assert.ok(
                r.requestsPerSecond > nominal / 4 && r.requestsPerSecond < nominal * 1.25,
                `${r.connections}: ${r.requestsPerSecond} req/s (nominal ${nominal})`,
            );
        }
        // Only loopback, bounded: four 2 s steps at their nominal rates (plus the requests still in
        // flight when a step ends).
        const bound = report.steps.reduce((n, s) => n + 2 * nominalRps(s.result.connections), 0);
        assert.ok(served < bound * 1.25 + 16, `${served} requests served (bound ${bound})`);
    });

    it("recommends from the 4-connection step: floor(rps x 60 x 0.7)", () => {
        const last = report.lastGood as StepResult;
        assert.strictEqual(last.connections, 4);
        const value = report.requestsPerTarget as number;
        assert.strictEqual(value, Math.floor(last.requestsPerSecond * 60 * 0.7 + 1e-9));
        assert.ok(
            value > (nominalRps(4) / 4) * 60 * 0.7 && value < nominalRps(4) * 1.25 * 60 * 0.7,
            `${value}`,
        );
    });
});
