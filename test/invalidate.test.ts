/**
 * `npm run invalidate`'s core with a mocked CloudFront client, fake files and a fake Pulumi CLI:
 * argument errors, where the distribution id comes from, and the exact CreateInvalidation input.
 */
import * as assert from "assert";
import { CreateInvalidationCommand } from "@aws-sdk/client-cloudfront";
import {
    createInvalidation,
    distributionIdFromOutputs,
    InvalidateDeps,
    invalidationInput,
    parseInvalidateArgs,
    runInvalidate,
    USAGE,
} from "../scripts/invalidateCore";

const DIST = "E2QWRUHEXAMPLE";

interface Fake {
    deps: InvalidateDeps;
    sent: CreateInvalidationCommand[];
    waited: [string, string][];
    out: string[];
    err: string[];
    stacks: string[];
    files: string[];
}

function fake(
    opts: {
        send?: (c: CreateInvalidationCommand) => Promise<unknown>;
        files?: Record<string, string>;
        stackOutputs?: Record<string, unknown>;
    } = {},
): Fake {
    const f: Fake = {
        sent: [],
        waited: [],
        out: [],
        err: [],
        stacks: [],
        files: [],
        deps: undefined as never,
    };
    f.deps = {
        client: {
            send: async (c) => {
                f.sent.push(c);
                return (
                    opts.send
                        ? await opts.send(c)
                        : { Invalidation: { Id: "I2J0I21PCUYOIK", Status: "InProgress" } }
                ) as never;
            },
        },
        waitUntilCompleted: async (d, i) => {
            f.waited.push([d, i]);
        },
        stackOutputs: (stack) => {
            f.stacks.push(stack);
            if (!opts.stackOutputs || !(stack in opts.stackOutputs)) {
                throw new Error("the pulumi CLI is not on PATH");
            }
            return opts.stackOutputs[stack];
        },
        readFile: (file) => {
            f.files.push(file);
            const content = opts.files?.[file];
            if (content === undefined) {
                throw new Error(`ENOENT: no such file or directory, open '${file}'`);
            }
            return content;
        },
        callerReference: () => "ref-1",
        log: (l) => f.out.push(l),
        error: (l) => f.err.push(l),
    };
    return f;
}

describe("invalidate", () => {
    describe("arguments", () => {
        it("parses a stack, several paths (deduplicated) and --wait", () => {
            assert.deepStrictEqual(
                parseInvalidateArgs(["--stack", "prod", "--paths", "/*", "/feed*", "/*", "--wait"]),
                { source: { kind: "stack", stack: "prod" }, paths: ["/*", "/feed*"], wait: true },
            );
            assert.deepStrictEqual(parseInvalidateArgs(["--paths", "/", "--outputs", "o.json"]), {
                source: { kind: "outputs", file: "o.json" },
                paths: ["/"],
                wait: false,
            });
        });

        for (const [what, argv, message] of [
            [
                "no source",
                ["--paths", "/*"],
                "Give one of --stack, --outputs or --distribution-id.",
            ],
            [
                "two sources",
                ["--stack", "dev", "--distribution-id", DIST, "--paths", "/*"],
                "Give only one of --stack, --outputs or --distribution-id.",
            ],
            ["no paths", ["--stack", "dev"], "--paths needs at least one path, such as '/*'."],
            [
                "an empty --paths",
                ["--stack", "dev", "--paths", "--wait"],
                "--paths needs at least one path, such as '/*'.",
            ],
            [
                "a relative path",
                ["--stack", "dev", "--paths", "assets/*"],
                'Paths must start with / (got "assets/*").',
            ],
            ["a missing value", ["--stack", "--paths", "/*"], "--stack needs a value"],
            [
                "an unknown flag",
                ["--stack", "dev", "--paths", "/", "--force"],
                "unknown option --force",
            ],
            [
                "a malformed distribution id",
                ["--distribution-id", "e2qwruh", "--paths", "/"],
                '--distribution-id must be a CloudFront distribution id such as E2QWRUHEXAMPLE (got "e2qwruh").',
            ],
        ] as const) {
            it(`refuses ${what} with exit code 2 and the usage`, async () => {
                assert.throws(() => parseInvalidateArgs(argv), { message });
                const f = fake();
                assert.strictEqual(await runInvalidate(argv, f.deps), 2);
                assert.deepStrictEqual(f.err, [`invalidate: ${message}\n${USAGE.split("\n")[0]}`]);
                assert.strictEqual(f.sent.length, 0);
            });
        }
    });

    describe("stack outputs", () => {
        it("reads distributionId", () => {
            assert.strictEqual(
                distributionIdFromOutputs({ distributionId: DIST, other: 1 }, "x"),
                DIST,
            );
        });

        it("says which outputs lack it", () => {
            assert.throws(() => distributionIdFromOutputs({ webAclArn: "arn" }, "Stack dev"), {
                message:
                    "Stack dev has no stack output distributionId holding a distribution id (got undefined); has the stack been deployed?",
            });
        });
    });

    describe("CreateInvalidation", () => {
        it("builds the exact request", () => {
            assert.deepStrictEqual(invalidationInput(DIST, ["/*", "/feed*"], "ref-9"), {
                DistributionId: DIST,
                InvalidationBatch: {
                    CallerReference: "ref-9",
                    Paths: { Quantity: 2, Items: ["/*", "/feed*"] },
                },
            });
        });

        it("fails clearly when CloudFront returns no id", async () => {
            await assert.rejects(
                createInvalidation({ send: async () => ({ $metadata: {} }) }, DIST, ["/"], "r"),
                { message: `CloudFront returned no invalidation id for distribution ${DIST}.` },
            );
        });
    });

    describe("runs", () => {
        it("with --distribution-id: sends CreateInvalidation and prints the id", async () => {
            const f = fake();
            const code = await runInvalidate(
                ["--distribution-id", DIST, "--paths", "/*", "/feed*"],
                f.deps,
            );
            assert.strictEqual(code, 0);
            assert.strictEqual(f.sent.length, 1);
            assert.ok(f.sent[0] instanceof CreateInvalidationCommand);
            assert.deepStrictEqual(f.sent[0].input, {
                DistributionId: DIST,
                InvalidationBatch: {
                    CallerReference: "ref-1",
                    Paths: { Quantity: 2, Items: ["/*", "/feed*"] },
                },
            });
            assert.deepStrictEqual(f.out, [
                `Invalidation I2J0I21PCUYOIK of distribution ${DIST} (/* /feed*): InProgress`,
            ]);
            assert.deepStrictEqual(f.waited, []);
            assert.deepStrictEqual(f.err, []);
        });

        it("with --outputs and --wait: reads the file, then waits for completion", async () => {
            const f = fake({ files: { "prod.json": JSON.stringify({ distributionId: DIST }) } });
            const code = await runInvalidate(
                ["--outputs", "prod.json", "--paths", "/", "--wait"],
                f.deps,
            );
            assert.strictEqual(code, 0);
            assert.deepStrictEqual(f.files, ["prod.json"]);
            assert.strictEqual(f.sent[0].input.DistributionId, DIST);
            assert.deepStrictEqual(f.waited, [[DIST, "I2J0I21PCUYOIK"]]);
            assert.deepStrictEqual(f.out, [
                `Invalidation I2J0I21PCUYOIK of distribution ${DIST} (/): InProgress`,
                "Invalidation I2J0I21PCUYOIK: Completed",
            ]);
        });

        it("with --stack: reads the stack's outputs through the CLI", async () => {
            const f = fake({ stackOutputs: { prod: { distributionId: DIST } } });
            assert.strictEqual(await runInvalidate(["--stack", "prod", "--paths", "/"], f.deps), 0);
            assert.deepStrictEqual(f.stacks, ["prod"]);
            assert.strictEqual(f.sent[0].input.DistributionId, DIST);
        });

        it("exits 1 with a clear message when the CLI is missing", async () => {
            const f = fake();
            assert.strictEqual(await runInvalidate(["--stack", "prod", "--paths", "/"], f.deps), 1);
            assert.deepStrictEqual(f.err, ["invalidate failed: the pulumi CLI is not on PATH"]);
            assert.strictEqual(f.sent.length, 0);
        });

        it("exits 1 when the outputs file is not JSON", async () => {
            const f = fake({ files: { "o.json": "not json" } });
            assert.strictEqual(
                await runInvalidate(["--outputs", "o.json", "--paths", "/"], f.deps),
                1,
            );
            assert.match(f.err[0], /^invalidate failed: Cannot read stack outputs from o\.json: /);
        });

        it("exits 1 and reports CloudFront's error", async () => {
            const f = fake({
                send: async () => {
                    throw new Error("Access denied to CreateInvalidation");
                },
            });
            assert.strictEqual(
                await runInvalidate(["--distribution-id", DIST, "--paths", "/"], f.deps),
                1,
            );
            assert.deepStrictEqual(f.err, [
                "invalidate failed: Access denied to CreateInvalidation",
            ]);
            assert.deepStrictEqual(f.out, []);
        });
    });
});
