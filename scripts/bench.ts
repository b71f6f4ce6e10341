/**
 * npm run bench [-- --stack prod --rounds 7 --max-ratio 2]
 *
 * Times, in one run and alternating so machine noise hits every side alike:
 * - the floor: a bare `node` that only loads @pulumi/pulumi and @pulumi/aws;
 * - the program as `pulumi preview` loads it (offline/cliLoad.ts replays the CLI's language host,
 *   with Pulumi.yaml's `nodeargs`): until the engine would see its first resource;
 * - the policy pack as `--policy-pack policies` loads it: until its PolicyPack starts serving;
 * - `npm run synth` (its node command, without npm).
 * Each side's median over the rounds, and its ratio to the floor. With --max-ratio it exits 1
 * when any ratio is above it. Exit 2 on bad arguments.
 */
import { spawnSync } from "child_process";
import * as fs from "fs";
import * as path from "path";
import { parse as parseYaml } from "yaml";
import { EXIT, helpText, readCli, runEntry, UsageError } from "../lib/cli";
import { PROJECT_ROOT } from "../offline/stackFiles";

const USAGE = helpText({
    usage: "npm run bench -- [--stack NAME] [--rounds N] [--max-ratio R]",
    options: [
        ["--stack NAME", "stack to render (default prod)"],
        ["--rounds N", "timed rounds, 1-99 (default 7)"],
        ["--max-ratio R", "exit 1 when a ratio to the floor is above R"],
    ],
    exits: [
        [EXIT.ok, "measured (within --max-ratio)"],
        [EXIT.found, "a ratio above --max-ratio or a side failed"],
        [EXIT.usage, "usage"],
    ],
});

/** One timed side: node arguments and how to read its time from the run. */
interface Side {
    readonly label: string;
    readonly args: string[];
    /** "wall": the process's run time; "reported": the ms it prints (JSON `readyMs`, or a number). */
    readonly measure: "wall" | "reported";
}

function run(side: Side): number {
    const start = process.hrtime.bigint();
    const r = spawnSync(process.execPath, side.args, {
        cwd: PROJECT_ROOT,
        stdio: ["ignore", "pipe", "pipe"],
    });
    const wall = Number(process.hrtime.bigint() - start) / 1e6;
    if (r.status !== 0) {
        throw new Error(`${side.label} failed (exit ${r.status}): ${r.stderr.toString().trim()}`);
    }
    if (side.measure === "wall") {
        return wall;
    }
    const out = r.stdout.toString().trim();
    return out.startsWith("{") ? (JSON.parse(out) as { readyMs: number }).readyMs : Number(out);
}

/** The node arguments of package.json's "synth" script (`node <args...>`). */
function synthScriptArgs(): string[] {
    const pkg = JSON.parse(fs.readFileSync(path.join(PROJECT_ROOT, "package.json"), "utf8")) as {
        scripts: Record<string, string>;
    };
    const words = pkg.scripts.synth.split(/\s+/);
    if (words[0] !== "node" || words.includes("&&")) {
        throw new Error(
            `bench expects the synth script to be one node command (got ${pkg.scripts.synth})`,
        );
    }
    return words.slice(1);
}

/** Pulumi.yaml `runtime.options.nodeargs`: what the CLI passes to node for the program. */
function programNodeArgs(): string[] {
    const doc = parseYaml(fs.readFileSync(path.join(PROJECT_ROOT, "Pulumi.yaml"), "utf8")) as {
        runtime?: { options?: { nodeargs?: string } };
    };
    return doc.runtime?.options?.nodeargs?.split(/\s+/).filter(Boolean) ?? [];
}

function median(values: number[]): number {
    const s = [...values].sort((a, b) => a - b);
    return s[Math.floor(s.length / 2)];
}

function main(argv: string[]): number {
    const cli = readCli(argv, {
        stack: { type: "string" },
        rounds: { type: "string" },
        "max-ratio": { type: "string" },
    });
    if (cli.help) {
        console.log(USAGE);
        return EXIT.ok;
    }
    const stack = (cli.values.stack as string | undefined) ?? "prod";
    const roundsText = (cli.values.rounds as string | undefined) ?? "7";
    const rounds = Number(roundsText);
    if (!/^\d+$/.test(roundsText) || rounds < 1 || rounds > 99) {
        throw new UsageError(`--rounds must be a whole number from 1 to 99 (got ${roundsText})`);
    }
    const maxRatioText = cli.values["max-ratio"] as string | undefined;
    const maxRatio = maxRatioText === undefined ? undefined : Number(maxRatioText);
    if (maxRatio !== undefined && !(maxRatio > 0)) {
        throw new UsageError(`--max-ratio must be a number above 0 (got ${maxRatioText})`);
    }
    if (!fs.existsSync(path.join(PROJECT_ROOT, `Pulumi.${stack}.yaml`))) {
        throw new UsageError(`--stack ${stack}: no Pulumi.${stack}.yaml`);
    }
    const opts = { stack, rounds, maxRatio };

    const cliLoad = path.join("bin", "offline", "cliLoad.js");
    const floorIn: Side = {
        label: "floor (in-process)",
        args: [
            "-e",
            'require("@pulumi/pulumi"); require("@pulumi/aws"); process.stdout.write(String(performance.now()))',
        ],
        measure: "reported",
    };
    const floorWall: Side = { ...floorIn, label: "floor (process)", measure: "wall" };
    const sides: Side[] = [
        floorIn,
        {
            label: "pulumi preview: program",
            args: [...programNodeArgs(), cliLoad, "program", "--stack", opts.stack],
            measure: "reported",
        },
        { label: "pulumi preview: policy pack", args: [cliLoad, "policy"], measure: "reported" },
        floorWall,
        {
            label: `npm run synth -- --stack ${opts.stack}`,
            args: [...synthScriptArgs(), "--stack", opts.stack],
            measure: "wall",
        },
    ];
    const times = sides.map(() => [] as number[]);
    try {
        sides.forEach((s) => run(s)); // warm the file cache; the synth builds bin/, main.js its bundle
        for (let i = 0; i < opts.rounds; i++) {
            sides.forEach((s, j) => times[j].push(run(s)));
        }
    } catch (e) {
        console.error(`bench: ${(e as Error).message}`);
        return EXIT.found;
    }
    const med = times.map(median);
    const rows: [string, number, number][] = [
        [sides[1].label + " (first resource)", med[1], med[1] / med[0]],
        [sides[2].label + " (PolicyPack ready)", med[2], med[2] / med[0]],
        [sides[4].label, med[4], med[4] / med[3]],
    ];
    console.log(
        `floor: node loads @pulumi/pulumi + @pulumi/aws: ${med[0].toFixed(0)} ms in-process, ${med[3].toFixed(0)} ms as a process (medians of ${opts.rounds})`,
    );
    for (const [label, ms, ratio] of rows) {
        const over =
            opts.maxRatio !== undefined && ratio > opts.maxRatio ? `  above ${opts.maxRatio}` : "";
        console.log(
            `${label.padEnd(52)} ${ms.toFixed(0).padStart(6)} ms  ${ratio.toFixed(2)}x floor${over}`,
        );
    }
    return opts.maxRatio !== undefined && rows.some(([, , r]) => r > opts.maxRatio!)
        ? EXIT.found
        : EXIT.ok;
}

void runEntry("bench", USAGE, () => main(process.argv.slice(2)));
