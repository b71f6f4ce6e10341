/**
 * npm run bench [-- --stack prod --rounds 7 --max-ratio 1.5]
 *
 * Times the offline synth of a stack against a bare `node` that only loads @pulumi/pulumi,
 * @pulumi/aws and @pulumi/awsx, alternating the two in one run so machine noise hits both, and
 * prints the medians and their ratio. With --max-ratio it exits 1 when the ratio is above it.
 */
import { spawnSync } from "child_process";
import * as fs from "fs";
import * as path from "path";
import { PROJECT_ROOT } from "../offline/stackFiles";

function option(name: string, fallback: string): string {
    const i = process.argv.indexOf(`--${name}`);
    return i >= 0 && process.argv[i + 1] ? process.argv[i + 1] : fallback;
}

function timeRun(args: string[]): number {
    const start = process.hrtime.bigint();
    const r = spawnSync(process.execPath, args, {
        cwd: PROJECT_ROOT,
        stdio: ["ignore", "ignore", "pipe"],
    });
    const ms = Number(process.hrtime.bigint() - start) / 1e6;
    if (r.status !== 0) {
        throw new Error(
            `node ${args.join(" ")} failed (${r.status}): ${r.stderr.toString().trim()}`,
        );
    }
    return ms;
}

/** The node arguments of package.json's "synth" script (`node <args...>`). */
function synthScriptArgs(): string[] {
    const pkg = JSON.parse(fs.readFileSync(path.join(PROJECT_ROOT, "package.json"), "utf8")) as {
        scripts: Record<string, string>;
    };
    const words = pkg.scripts.synth.split(/\s+/);
    if (words[0] !== "node" || words.includes("&&")) {
        throw new Error(
            `bench expects the synth script to be a single node command (got ${pkg.scripts.synth})`,
        );
    }
    return words.slice(1);
}

function median(values: number[]): number {
    const s = [...values].sort((a, b) => a - b);
    return s[Math.floor(s.length / 2)];
}

function main(): number {
    const stack = option("stack", "prod");
    const rounds = Number(option("rounds", "7"));
    const maxRatio = process.argv.includes("--max-ratio")
        ? Number(option("max-ratio", "1.5"))
        : undefined;
    const load = [
        "-e",
        'require("@pulumi/pulumi"); require("@pulumi/aws"); require("@pulumi/awsx");',
    ];
    // Exactly what `npm run synth` runs (its node flags and the build check), without npm itself.
    const synth = [...synthScriptArgs(), "--stack", stack];

    timeRun(load); // warm the file cache for both sides
    timeRun(synth); // also makes bin/ fresh (the synth script builds first)
    const loads: number[] = [];
    const synths: number[] = [];
    for (let i = 0; i < rounds; i++) {
        loads.push(timeRun(load));
        synths.push(timeRun(synth));
    }
    const l = median(loads);
    const s = median(synths);
    const ratio = s / l;
    console.log(`load @pulumi/pulumi+aws+awsx: median ${l.toFixed(0)} ms over ${rounds} runs`);
    console.log(
        `synth ${stack} (npm run synth without npm): median ${s.toFixed(0)} ms over ${rounds} runs`,
    );
    console.log(
        `ratio synth/load: ${ratio.toFixed(2)}${maxRatio !== undefined ? ` (limit ${maxRatio})` : ""}`,
    );
    return maxRatio !== undefined && ratio > maxRatio ? 1 : 0;
}

process.exit(main());
