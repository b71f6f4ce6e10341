/**
 * The program and the policy pack as the Pulumi CLI's Node.js hosts load them (offline/cliLoad.ts
 * replays `@pulumi/pulumi/cmd/run` and `cmd/run-policy-pack`): they load through main.js without
 * ts-node, and declare the same resources as the offline synth.
 */
import * as assert from "assert";
import { spawnSync } from "child_process";
import * as path from "path";
import { parse as parseYaml } from "yaml";
import * as fs from "fs";
import { hostSettings } from "../offline/cliLoad";
import { PROJECT_ROOT } from "../offline/stackFiles";
import { renderedStack } from "./harness";

function cliLoad(...args: string[]): { readyMs: number; doneMs: number; resources: number } {
    const r = spawnSync(
        process.execPath,
        [path.join(PROJECT_ROOT, "bin", "offline", "cliLoad.js"), ...args],
        {
            cwd: PROJECT_ROOT,
            encoding: "utf8",
            timeout: 60000,
        },
    );
    assert.strictEqual(r.status, 0, r.stderr);
    return JSON.parse(r.stdout);
}

describe("the program as the Pulumi CLI loads it", function () {
    this.timeout(90000);

    it("Pulumi.yaml runs main.js without ts-node, with node args", () => {
        assert.deepStrictEqual(hostSettings(PROJECT_ROOT), { typescript: false, main: "main.js" });
        const doc = parseYaml(fs.readFileSync(path.join(PROJECT_ROOT, "Pulumi.yaml"), "utf8"));
        assert.strictEqual(doc.runtime.options.nodeargs, "--max-semi-space-size=32");
    });

    it("declares every resource the offline synth renders (dev)", async () => {
        const viaCli = cliLoad("program", "--stack", "dev");
        const synth = await renderedStack("dev");
        assert.strictEqual(viaCli.resources, synth.resources.length);
        assert.ok(viaCli.readyMs > 0 && viaCli.readyMs <= viaCli.doneMs);
    });

    it("loads the policy pack with every policy", () => {
        const pack = cliLoad("policy");
        // eslint-disable-next-line @typescript-eslint/no-require-imports -- the pack's rule list
        const { policies } = require("../policies/rules") as { policies: unknown[] };
        assert.strictEqual(pack.resources, policies.length);
    });

    it("exits 2 with usage on unknown arguments", () => {
        const r = spawnSync(
            process.execPath,
            [path.join(PROJECT_ROOT, "bin", "offline", "cliLoad.js"), "nope"],
            {
                encoding: "utf8",
            },
        );
        assert.strictEqual(r.status, 2);
        assert.match(r.stderr, /^usage: /);
    });
});
