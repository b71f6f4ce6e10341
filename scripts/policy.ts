/**
 * `npm run policy -- FILE [--config policies/config/prod.json]`
 *
 * Evaluates the CrossGuard pack offline on a `pulumi stack export` JSON file (a real export or
 * the synth output), using each resource's inputs. Prints one line per violation and a summary.
 * Exit codes: 0 no mandatory violation, 1 at least one mandatory violation, 2 usage or input error
 * (one line on stderr, no stack trace).
 */
import * as fs from "fs";
import type * as Evaluate from "../policies/evaluate";

const USAGE = "usage: npm run policy -- FILE [--config POLICY_CONFIG.json]";

/** The file and config path given on the command line. */
interface Options {
    file: string;
    config?: string;
}

function parseArgs(argv: string[]): Options {
    let file: string | undefined;
    let config: string | undefined;
    for (let i = 0; i < argv.length; i++) {
        const arg = argv[i];
        if (arg === "--config") {
            config = argv[++i];
            if (config === undefined) {
                throw new Error("--config needs a file");
            }
        } else if (arg.startsWith("--config=")) {
            config = arg.slice("--config=".length);
        } else if (arg.startsWith("-")) {
            throw new Error(`unknown option ${arg}`);
        } else if (file === undefined) {
            file = arg;
        } else {
            throw new Error(`unexpected argument ${arg}`);
        }
    }
    if (file === undefined) {
        throw new Error("missing FILE");
    }
    return { file, config };
}

function readJson(file: string): unknown {
    let text: string;
    try {
        text = fs.readFileSync(file, "utf8");
    } catch (e) {
        throw new Error(
            `cannot read ${file}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`,
        );
    }
    try {
        return JSON.parse(text);
    } catch (e) {
        throw new Error(`${file} is not valid JSON: ${(e as Error).message}`);
    }
}

async function main(): Promise<number> {
    let options: Options;
    let json: unknown;
    try {
        options = parseArgs(process.argv.slice(2));
        json = readJson(options.file);
    } catch (e) {
        console.error(`policy: ${(e as Error).message} (${USAGE})`);
        return 2;
    }
    // Loaded only once the input is readable: the pack pulls in @pulumi/aws, which takes seconds.
    // eslint-disable-next-line @typescript-eslint/no-require-imports -- deferred on purpose
    const evaluate = require("../policies/evaluate") as typeof Evaluate;
    const { evaluateResources, formatReport, loadPolicyConfig, readExport } = evaluate;
    let resources;
    let config;
    try {
        resources = readExport(json);
        config = loadPolicyConfig(options.config);
    } catch (e) {
        console.error(`policy: ${(e as Error).message} (${USAGE})`);
        return 2;
    }
    const violations = await evaluateResources(resources, config);
    console.log(formatReport(violations));
    return violations.some((v) => v.enforcementLevel === "mandatory") ? 1 : 0;
}

main().then(
    (code) => {
        process.exitCode = code;
    },
    (e: unknown) => {
        console.error(`policy: ${e instanceof Error ? e.message : String(e)}`);
        process.exitCode = 2;
    },
);
