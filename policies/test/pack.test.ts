/**
 * Loads the pack the way `pulumi preview --policy-pack policies` does, short of the CLI: the
 * analyzer plugin reads PulumiPolicy.yaml, starts node in the pack directory, resolves the entry
 * point from package.json `main` and requires it, which constructs the PolicyPack; the
 * constructor reads `./package.json` from the working directory and calls the policy server's
 * `serve()`.
 *
 * `serve()` would start a gRPC server (and `process.exit(1)` on a second pack in one process), so
 * the entry point runs in a child process with `@pulumi/policy/server` replaced in `require.cache`
 * by a stub that prints what it was asked to serve. A child process keeps the stub and the pack
 * constructor's reliance on `process.cwd()` out of the mocha process; if the stub ever failed
 * to apply, the real server would start in the child and the spawn timeout fails this test
 * instead of hanging or killing the test run. What this cannot prove: that the CLI's ts-node accepts the
 * TypeScript (it type-checks the entry with the compiler options checked below).
 */
import * as assert from "assert";
import { spawnSync } from "child_process";
import * as fs from "fs";
import * as path from "path";
import { parse } from "yaml";
import { policies } from "../rules";
import { PACK_DIR } from "./util";

interface PackPackage {
    name: string;
    version: string;
    main: string;
    dependencies: Record<string, string>;
}

const pkg = JSON.parse(fs.readFileSync(path.join(PACK_DIR, "package.json"), "utf8")) as PackPackage;

/** Runs the entry point under a stubbed `serve` and returns what it would have served. */
function loadPackInChild(): {
    name: string;
    version: string;
    enforcementLevel: string;
    policies: { name: string; enforcementLevel?: string }[];
} {
    const script = `
        const path = require("path");
        const server = require.resolve("@pulumi/policy/server", { paths: [process.cwd()] });
        const stub = (name, version, enforcementLevel, args) => {
            process.stdout.write(JSON.stringify({
                name, version, enforcementLevel,
                policies: args.policies.map((p) => ({ name: p.name, enforcementLevel: p.enforcementLevel })),
            }));
        };
        require.cache[server] = { id: server, filename: server, loaded: true, exports: { serve: stub } };
        const main = require(path.join(process.cwd(), "package.json")).main;
        require(path.resolve(process.cwd(), main));
    `;
    const result = spawnSync(process.execPath, ["--require", "tsx/cjs", "-e", script], {
        cwd: PACK_DIR,
        encoding: "utf8",
        timeout: 30000,
    });
    assert.strictEqual(result.status, 0, `${result.error?.message ?? ""} ${result.stderr}`);
    return JSON.parse(result.stdout);
}

describe("policy pack", function () {
    this.timeout(60000);

    it("declares a nodejs runtime in PulumiPolicy.yaml", () => {
        const manifest = parse(
            fs.readFileSync(path.join(PACK_DIR, "PulumiPolicy.yaml"), "utf8"),
        ) as Record<string, unknown>;
        assert.strictEqual(manifest.runtime, "nodejs");
        assert.strictEqual(typeof manifest.description, "string");
    });

    it("has a versioned package.json whose main is the esbuild entry (no ts-node type check per preview)", () => {
        assert.match(pkg.version, /^\d+\.\d+\.\d+/);
        assert.strictEqual(path.resolve(PACK_DIR, pkg.main), path.join(PACK_DIR, "main.js"));
        assert.ok(fs.existsSync(path.join(PACK_DIR, pkg.main)));
    });

    it("resolves every dependency from the pack directory at the pinned version", () => {
        for (const [dep, version] of Object.entries(pkg.dependencies)) {
            const manifest = require.resolve(`${dep}/package.json`, { paths: [PACK_DIR] });
            const installed = (JSON.parse(fs.readFileSync(manifest, "utf8")) as { version: string })
                .version;
            assert.strictEqual(installed.replace(/^v/, ""), version, dep);
        }
    });

    it("type-checks the entry point with the compiler options the CLI's ts-node uses", () => {
        // @pulumi/pulumi cmd/run-policy-pack: no tsconfig in the pack dir, so ts-node compiles
        // with target ES2020 and module/moduleResolution nodenext, type checking on. Checked by
        // the project's type checker (TypeScript 7's native tsc, scripts/checks.mjs), with
        // --ignoreConfig: tsc would otherwise refuse files next to the project's tsconfig.json.
        const tsc = path.join(
            path.dirname(require.resolve("typescript-native/package.json")),
            "bin",
            "tsc",
        );
        const r = spawnSync(
            process.execPath,
            [
                tsc,
                "--ignoreConfig",
                "--noEmit",
                "--target",
                "es2020",
                "--module",
                "nodenext",
                "--moduleResolution",
                "nodenext",
                "--skipLibCheck",
                "--types",
                "node",
                "--pretty",
                "false",
                "index.ts",
            ],
            { cwd: PACK_DIR, encoding: "utf8", timeout: 60000 },
        );
        assert.strictEqual(r.stdout + r.stderr, "");
        assert.strictEqual(r.status, 0);
    });

    it("constructs the pack with every policy, uniquely named in kebab-case", () => {
        const served = loadPackInChild();
        assert.strictEqual(served.name, "tng-policies");
        assert.strictEqual(served.version, pkg.version);
        assert.strictEqual(served.enforcementLevel, "advisory");
        const names = served.policies.map((p) => p.name);
        assert.deepStrictEqual(
            names,
            policies.map((p) => p.name),
        );
        assert.strictEqual(new Set(names).size, names.length, "policy names must be unique");
        for (const name of names) {
            assert.match(name, /^[a-z0-9]+(-[a-z0-9]+)*$/);
        }
        for (const p of served.policies) {
            assert.ok(
                p.enforcementLevel === "advisory" || p.enforcementLevel === "mandatory",
                p.name,
            );
        }
    });

    it("gives every policy a description and valid config schema", () => {
        for (const p of policies) {
            assert.ok(p.description.length > 0, p.name);
            for (const [key, schema] of Object.entries(p.configSchema?.properties ?? {})) {
                assert.notStrictEqual(key, "enforcementLevel", p.name);
                assert.notStrictEqual(
                    schema.default,
                    undefined,
                    `${p.name}.${key} needs a default`,
                );
            }
        }
    });
});
