/**
 * Issue 22: the AWS provider is loaded service by service through sdk/aws.ts, never through the
 * package root, which loads all ~250 services at run time and puts all of its typings into the
 * type check and the type-aware lint (eslint.config.mjs forbids the import; this also covers
 * what the lint does not read).
 */
import * as assert from "assert";
import { execFileSync } from "child_process";
import * as fs from "fs";
import * as path from "path";
import * as pulumi from "@pulumi/pulumi";
import * as aws from "../sdk/aws";
import { PROJECT_ROOT } from "../offline/stackFiles";
import { renderedStack } from "./harness";

/** Every tracked JavaScript and TypeScript file (declaration files aside), as git lists them. */
function sources(): string[] {
    return execFileSync("git", ["ls-files", "-z", "--", "*.ts", "*.js", "*.cjs", "*.mjs"], {
        cwd: PROJECT_ROOT,
        encoding: "utf8",
    })
        .split("\0")
        .filter((f) => f !== "" && !f.endsWith(".d.ts"))
        .map((f) => f.split("/").join(path.sep));
}

/** `@pulumi/aws` modules in this process's require cache, as paths inside the package. */
function loadedProviderModules(): string[] {
    const pkg = path.dirname(require.resolve("@pulumi/aws/package.json")) + path.sep;
    return Object.keys(require.cache)
        .filter((f) => f.startsWith(pkg))
        .map((f) => f.slice(pkg.length).split(path.sep).join("/"));
}

describe("the AWS provider's modules", () => {
    it("are imported through sdk/aws.ts only", () => {
        const direct = /(?:from\s+|require\(\s*|import\(\s*)["']@pulumi\/aws(?:\/[^"']*)?["']/;
        const files = sources();
        assert.ok(files.length > 100, `only ${files.length} source files found`);
        // bench.ts: the floor it measures against is a process that loads the package root.
        const allowed = [path.join("sdk", "aws.ts"), path.join("scripts", "bench.ts")];
        const offenders = files.filter(
            (f) =>
                !allowed.includes(f) &&
                direct.test(fs.readFileSync(path.join(PROJECT_ROOT, f), "utf8")),
        );
        assert.deepStrictEqual(offenders, []);
    });

    it("that a render and the policy pack load are the services sdk/aws.ts names, never the package root", async () => {
        await renderedStack("prod");
        // eslint-disable-next-line @typescript-eslint/no-require-imports -- the pack's rules, loaded as the synth loads them
        require("../policies/rules");
        const loaded = loadedProviderModules();
        assert.ok(
            !loaded.includes("index.js"),
            "the package root (@pulumi/aws/index.js) is loaded",
        );
        const services = Object.entries(aws)
            .filter(([, v]) => typeof v === "object")
            .map(([k]) => k)
            .sort();
        assert.ok(services.includes("ec2") && services.includes("s3"), services.join(" "));
        // `config` is the provider's own settings module (cloudwatch/logGroupMixins.js loads it).
        const serviceIndexes = loaded
            .filter((m) => /^[a-z0-9]+\/index\.js$/.test(m))
            .map((m) => m.split("/")[0])
            .filter((m) => m !== "config")
            .sort();
        assert.deepStrictEqual(serviceIndexes, services);
    });

    it("registers the aws package for provider references, as the package root would", () => {
        const version = (
            JSON.parse(fs.readFileSync(require.resolve("@pulumi/aws/package.json"), "utf8")) as {
                version: string;
            }
        ).version;
        const registered = pulumi.runtime.getResourcePackage("aws", version);
        assert.ok(registered, `no resource package aws@${version}`);
        assert.throws(
            () =>
                registered.constructProvider("x", "pulumi:providers:random", "urn:pulumi:s::p::x"),
            /^Error: unknown provider type pulumi:providers:random$/,
        );
    });
});
