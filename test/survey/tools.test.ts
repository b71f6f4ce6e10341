/**
 * One process-level test per survey tool: the compiled script's argument handling and exit codes
 * as a shell sees them (everything else is tested in-process on the cores).
 */
import * as assert from "assert";
import { spawnSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { PROJECT_ROOT } from "../../offline/stackFiles";

function tool(script: string, ...args: string[]) {
    const r = spawnSync(
        process.execPath,
        [path.join(PROJECT_ROOT, "bin", "scripts", script), ...args],
        {
            cwd: PROJECT_ROOT,
            encoding: "utf8",
            timeout: 120_000,
        },
    );
    assert.ok(!/^\s+at /m.test(r.stderr), r.stderr);
    return r;
}

describe("survey tools as processes", () => {
    it("parity: --help 0, unknown flag 2, empty --from folder 2", () => {
        assert.strictEqual(tool("parity.js", "--help").status, 0);
        const bad = tool("parity.js", "--colour");
        assert.strictEqual(bad.status, 2);
        assert.match(
            bad.stderr,
            /^parity: unknown option --colour\nusage: npm run parity -- [^\n]+\n$/,
        );
        assert.strictEqual(bad.stdout, "");
        const empty = fs.mkdtempSync(path.join(os.tmpdir(), "tng-empty-"));
        const r = tool("parity.js", "--stack", "prod", "--from", empty);
        assert.strictEqual(r.status, 2);
        assert.strictEqual(r.stdout, "");
        assert.match(r.stderr, /^parity: \S+ holds none of the survey files/);
    });

    it("cache-report: --help 0, unknown flag 2, empty folder 2 with no report", () => {
        assert.strictEqual(tool("cachereport.js", "--help").status, 0);
        const bad = tool("cachereport.js", "--stack", "prod", "--bogus", ".");
        assert.strictEqual(bad.status, 2);
        assert.match(
            bad.stderr,
            /^cache-report: unknown option --bogus\nusage: npm run cache-report -- [^\n]+\n$/,
        );
        const empty = fs.mkdtempSync(path.join(os.tmpdir(), "tng-empty-"));
        const r = tool("cachereport.js", "--stack", "prod", empty);
        assert.strictEqual(r.status, 2);
        assert.strictEqual(r.stdout, "");
        assert.match(r.stderr, /^cache-report: no log files under /);
    });

    it("genlogs: --help 0, a missing folder or an unknown stack 2 before writing", () => {
        assert.strictEqual(tool("genlogs.js", "--help").status, 0);
        const missing = tool("genlogs.js", "--out", "/missing/dir/x.gz");
        assert.strictEqual(missing.status, 2);
        assert.match(
            missing.stderr,
            /^genlogs: --out \/missing\/dir\/x\.gz: folder \/missing\/dir does not exist\nusage: npm run genlogs -- [^\n]+\n$/,
        );
        const dir = fs.mkdtempSync(path.join(os.tmpdir(), "tng-gen-"));
        const stack = tool(
            "genlogs.js",
            "--out",
            path.join(dir, "x.gz"),
            "--measure",
            "nosuchstack",
        );
        assert.strictEqual(stack.status, 2);
        assert.match(stack.stderr, /^genlogs: --measure: no stack file Pulumi\.nosuchstack\.yaml/);
        assert.deepStrictEqual(fs.readdirSync(dir), []);
    });
});
