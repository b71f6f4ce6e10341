/**
 * A bug in a component is reported with its .ts file and line and the component's name, by the
 * offline synth and by the program as the Pulumi CLI loads it (offline/cliLoad.ts replays the
 * host); a problem the project's checks found stays a one-line message. The faults are injected
 * by a fixture program (test/fixtures/faultyProgram), not by editing a component.
 */
import * as assert from "assert";
import { spawnSync } from "child_process";
import * as fs from "fs";
import * as path from "path";
import { ArgsError, failingComponent, isValidationError } from "../components/errors";
import {
    errorReport,
    fullStackTraces,
    isConfigProblem,
    projectFrame,
    quietSdkStackTraces,
} from "../offline/errorReport";
import { PROJECT_ROOT } from "../offline/stackFiles";
import { synthesize } from "../offline/synth";
import { FAULTY_PROGRAM } from "./harness";
import { withSdkAsShipped } from "./setup";
import { SettingsError } from "../stacks/settings";

const FIXTURE_DIR = path.join(PROJECT_ROOT, "test", "fixtures", "faultyProgram");

/** `relative/file.ts:line` of the first line of `file` that contains `text`. */
function lineOf(file: string, text: string): string {
    const lines = fs.readFileSync(path.join(PROJECT_ROOT, file), "utf8").split("\n");
    const i = lines.findIndex((l) => l.includes(text));
    assert.ok(i >= 0, `${text} not in ${file}`);
    return `${file}:${i + 1}:`;
}

const FAULTS = {
    component: {
        at: () => lineOf("test/fixtures/faultyProgram/index.ts", "THE INJECTED BUG"),
        component: 'in component tng:fixture:Faulty "tng-fixture-faulty"',
        message: "TypeError: Cannot read properties of undefined (reading 'small')",
    },
    real: {
        at: () => lineOf("components/security/stackKey.ts", "args.deletionWindowInDays"),
        component: 'in component tng:security:StackKey "tng-fixture-key"',
        message: "TypeError: Cannot read properties of undefined (reading 'deletionWindowInDays')",
    },
} as const;

async function synthFault(fault: string): Promise<unknown> {
    process.env.TNG_FIXTURE_FAULT = fault;
    try {
        await synthesize("dev", { program: FAULTY_PROGRAM });
    } catch (e) {
        // No second copy arrives as an unhandled rejection (test/setup.ts would fail the run).
        await new Promise((resolve) => setTimeout(resolve, 50));
        return e;
    } finally {
        delete process.env.TNG_FIXTURE_FAULT;
    }
    assert.fail("the fixture program did not fail");
}

function cliPathFault(fault: string): { status: number | null; stderr: string } {
    const r = spawnSync(
        process.execPath,
        [
            path.join(PROJECT_ROOT, "bin", "offline", "cliLoad.js"),
            "program",
            "--stack",
            "dev",
            "--dir",
            FIXTURE_DIR,
        ],
        {
            cwd: PROJECT_ROOT,
            encoding: "utf8",
            timeout: 60000,
            env: { ...process.env, TNG_FIXTURE_FAULT: fault },
        },
    );
    return { status: r.status, stderr: r.stderr };
}

describe("errors of the program", function () {
    this.timeout(90000);

    for (const [fault, expected] of Object.entries(FAULTS)) {
        it(`synth: a bug (${fault}) reports the .ts line and the component`, async () => {
            const e = await synthFault(fault);
            assert.strictEqual(isConfigProblem(e), false);
            const report = errorReport(e);
            const lines = report.split("\n");
            assert.strictEqual(lines[0], `${expected.message} [${expected.component}]`);
            assert.ok(
                lines[1].startsWith(`  thrown at ${expected.at()}`),
                `${lines[1]} is not at ${expected.at()}`,
            );
            assert.ok(lines.slice(2).every((l) => /^\s+at /.test(l)) && lines.length > 3, report);
        });

        it(`CLI path: a bug (${fault}) reports the .ts line and the component, exit 1`, () => {
            const { status, stderr } = cliPathFault(fault);
            assert.strictEqual(status, 1, stderr);
            const lines = stderr.split("\n");
            assert.strictEqual(lines[0], `${expected.message} [${expected.component}]`);
            assert.ok(lines[1].startsWith(`  thrown at ${expected.at()}`), stderr);
            assert.ok(stderr.includes(`${path.join(PROJECT_ROOT, expected.at())}`), stderr);
        });
    }

    it("a component's argument problem is a one-line message (synth and CLI path)", async () => {
        const message = 'Picky tng-fixture-picky: `size` must be a whole number (got "big").';
        const e = await synthFault("args");
        assert.strictEqual(isConfigProblem(e), true);
        assert.strictEqual(errorReport(e), message);
        const { status, stderr } = cliPathFault("args");
        assert.strictEqual(status, 1);
        assert.strictEqual(stderr, `${message}\n`);
    });

    it("only the project's own checks are messages", () => {
        assert.strictEqual(isValidationError(new ArgsError("x")), true);
        assert.strictEqual(isValidationError(new SettingsError("nosuchstack", ["x"])), true);
        assert.strictEqual(isValidationError(new TypeError("x")), false);
        assert.strictEqual(isValidationError(new Error("x")), false);
        assert.strictEqual(isValidationError("x"), false);
    });

    it("the failing component is the innermost component frame, else the latest begun", () => {
        const started = [
            { type: "tng:ops:Dashboard", name: "a-dash" },
            { type: "tng:data:Database", name: "a-db" },
            { type: "tng:ops:Dashboard", name: "b-dash" },
        ];
        const stack = [
            "TypeError: x",
            "    at helper (/p/components/x.ts:1:1)",
            "    at new Dashboard (/p/components/ops/dashboard.ts:5:7)",
            "    at new Database (/p/components/data/database.ts:9:9)",
        ].join("\n");
        assert.deepStrictEqual(failingComponent(stack, started), {
            component: { type: "tng:ops:Dashboard", name: "b-dash" },
            exact: true,
        });
        assert.deepStrictEqual(failingComponent("TypeError: x", started), {
            component: { type: "tng:ops:Dashboard", name: "b-dash" },
            exact: false,
        });
        assert.strictEqual(failingComponent(stack, []), undefined);
        assert.strictEqual(
            projectFrame(
                `E\n    at f (${PROJECT_ROOT}/node_modules/a/b.ts:1:2)\n    at g (${PROJECT_ROOT}/c/d.ts:3:4)`,
            ),
            "c/d.ts:3:4",
        );
    });

    it("one switch: TNG_STACK_TRACES, with TNG_SYNTH_STACK_TRACES as its old name", () => {
        assert.strictEqual(fullStackTraces({}), false);
        assert.strictEqual(fullStackTraces({ TNG_STACK_TRACES: "1" }), true);
        assert.strictEqual(fullStackTraces({ TNG_SYNTH_STACK_TRACES: "1" }), true);
    });

    it("only the SDK's leak-debugging stacks lose their frames", () =>
        // The specs run with these stacks off (test/setup.ts): this one starts from the SDK's own.
        withSdkAsShipped(async () => {
            // eslint-disable-next-line @typescript-eslint/no-require-imports -- the SDK module itself
            const debuggable = require("@pulumi/pulumi/runtime/debuggable") as {
                debuggablePromise<T>(p: Promise<T>, ctx: unknown): Promise<T>;
            };
            const original = debuggable.debuggablePromise;
            /** The leak-debugging stack the SDK attaches to a promise it tracks. */
            const leakStack = async (): Promise<string> => {
                const p = Promise.resolve(1);
                await debuggable.debuggablePromise(p, "t");
                return (p as unknown as { _debugStackTrace: string })._debugStackTrace;
            };
            const restore = quietSdkStackTraces({});
            let quiet: string;
            let own: string | undefined;
            try {
                assert.notStrictEqual(debuggable.debuggablePromise, original);
                quiet = await leakStack();
                own = new Error("mine").stack;
            } finally {
                restore();
            }
            assert.strictEqual(debuggable.debuggablePromise, original, "restored");
            assert.strictEqual(quiet, "Error", "no frames");
            assert.ok(own?.startsWith("Error: mine\n    at "), own);
            assert.match(await leakStack(), /^Error\n\s+at /);
            // The switch keeps them.
            const noop = quietSdkStackTraces({ TNG_STACK_TRACES: "1" });
            try {
                assert.strictEqual(debuggable.debuggablePromise, original);
                assert.match(await leakStack(), /^Error\n\s+at /);
            } finally {
                noop();
            }
        }));
});
