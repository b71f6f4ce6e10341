/**
 * Issue 22: scripts/checks.mjs (the type check and the lint on one TypeScript program, run by
 * `npm test`) answers a usage error with its usage and exit 2, and --help with exit 0. Its
 * findings are those of `tsc --noEmit -p .` and `eslint .`, which the test run itself exercises.
 */
import * as assert from "assert";
import { spawnSync } from "child_process";
import * as path from "path";
import { PROJECT_ROOT } from "../offline/stackFiles";

const USAGE = "usage: node scripts/checks.mjs [--typecheck] [--lint]   (no flag: both)\n";

function checks(...args: string[]) {
    return spawnSync(
        process.execPath,
        [path.join(PROJECT_ROOT, "scripts", "checks.mjs"), ...args],
        {
            cwd: PROJECT_ROOT,
            encoding: "utf8",
            timeout: 30000,
        },
    );
}

describe("scripts/checks.mjs", () => {
    it("exits 2 with its usage on an unknown flag, before building anything", () => {
        const r = checks("--nosuchflag");
        assert.strictEqual(r.status, 2);
        assert.strictEqual(r.stdout, "");
        assert.strictEqual(r.stderr, `checks: Unknown option '--nosuchflag'\n${USAGE}`);
    });

    it("exits 2 on a stray argument", () => {
        const r = checks("components");
        assert.strictEqual(r.status, 2);
        assert.strictEqual(r.stdout, "");
        assert.match(r.stderr, /^checks: Unexpected argument 'components'/);
        assert.ok(r.stderr.endsWith(USAGE), r.stderr);
    });

    it("prints its usage on --help and exits 0", () => {
        const r = checks("--help");
        assert.strictEqual(r.status, 0);
        assert.strictEqual(r.stdout, USAGE);
        assert.strictEqual(r.stderr, "");
    });
});
