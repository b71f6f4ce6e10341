/**
 * The testable part of `npm run cost` (scripts/cost.ts starts it): the arguments, the export or
 * the offline render, the usage file, and the report or JSON document. Output goes through `io`,
 * so the tests run it in-process; the exit code is returned (0 priced, 2 usage or input error).
 */
import * as fs from "fs";
import type { CostResource } from "../cost/estimate";
import { applyCacheReport, type CacheReportUsage } from "../cost/cacheReportUsage";
import { readExportFile } from "../cost/exportFile";
import { formatPriceTable, formatReport, toJson } from "../cost/report";
import {
    readUsageFile,
    type Usage,
    UsageFileError,
    usageFileOf,
    usageReference,
} from "../cost/usage";
import { EXIT, helpText, readCli, ToolIo, usageMessage, UsageError } from "../lib/cli";
import { InputFileError } from "../lib/files";
import { listStacks, StackFileError } from "../offline/stackFiles";
import { stackOfExport } from "./policyConfig";

export const COST_USAGE = helpText({
    usage: `npm run cost -- --stack <${listStacks().join("|")}> [--json] [--usage FILE] [--export FILE] [--date YYYY-MM-DD] | --prices`,
    options: [
        ["--stack NAME", "the stack to price (rendered offline, as npm run synth does)"],
        [
            "--export FILE",
            "price this `pulumi stack export` JSON instead of rendering (--stack optional: taken from its URNs)",
        ],
        ["--usage FILE", "the usage file (default cost/<stack>.yaml; every key has a default)"],
        ["--json", "print the JSON document instead of the report"],
        [
            "--date YYYY-MM-DD",
            "the day whose prices apply (RDS Extended Support year); default today (UTC)",
        ],
        ["--prices", "print the price table (rate, verified or not, date read, source) and exit"],
    ],
    exits: [
        [EXIT.ok, "priced"],
        [EXIT.usage, "usage, stack file, usage file or export error"],
    ],
});

/** --help: the usage and every usage-file key with its default. */
export const COST_HELP = `${COST_USAGE}\nusage file keys:\n${usageReference()}`;

/** Its output (lib/cli.ts ToolIo): the entry adds each line's newline. */
export type CostIo = ToolIo;

interface Args {
    stack?: string;
    exportFile?: string;
    usageFile?: string;
    json: boolean;
    date: string;
}

/** Parses argv; "help", "prices" or the arguments; throws a {@link UsageError}. */
export function parseCostArgs(argv: readonly string[]): Args | "help" | "prices" {
    const cli = readCli(argv, {
        stack: { type: "string" },
        export: { type: "string" },
        usage: { type: "string" },
        json: { type: "boolean" },
        date: { type: "string" },
        prices: { type: "boolean" },
    });
    if (cli.help) {
        return "help";
    }
    if (cli.values.prices === true) {
        if (cli.tokens.length > 1) {
            throw new UsageError("--prices takes no other option");
        }
        return "prices";
    }
    const stack = cli.values.stack as string | undefined;
    const exportFile = cli.values.export as string | undefined;
    if (!stack && !exportFile) {
        throw new UsageError("give --stack NAME or --export FILE");
    }
    const date = (cli.values.date as string | undefined) ?? new Date().toISOString().slice(0, 10);
    if (!/^\d{4}-\d{2}-\d{2}$/.test(date) || Number.isNaN(Date.parse(`${date}T00:00:00Z`))) {
        throw new UsageError(`--date ${date}: give a day as YYYY-MM-DD`);
    }
    if (stack !== undefined && exportFile === undefined && !listStacks().includes(stack)) {
        throw new UsageError(
            `no stack file Pulumi.${stack}.yaml; stacks: ${listStacks().join(", ")}`,
        );
    }
    return {
        stack,
        exportFile,
        usageFile: cli.values.usage as string | undefined,
        json: cli.values.json === true,
        date,
    };
}

/** Whether `e` is a pulumi.RunError (a configuration problem, printed without a stack trace). */
function pulumiRunError(e: Error): boolean {
    // eslint-disable-next-line @typescript-eslint/no-require-imports -- loaded lazily, like synth
    return (require("@pulumi/pulumi") as typeof import("@pulumi/pulumi")).RunError.isInstance(e);
}

/** A stack or config problem found while pricing: `cost: <message>`, exit 2. */
class CostInputError extends Error {}

/**
 * `npm run cost` with `argv`: prints through `io` and returns the exit code. A usage mistake
 * prints `cost: <message>` and the usage line; an export, usage file, stack file or config
 * problem `cost: <message>` (both exit 2); anything unexpected is thrown.
 */
export async function runCost(argv: readonly string[], io: CostIo): Promise<number> {
    try {
        const parsed = parseCostArgs(argv);
        if (parsed === "help") {
            io.out(COST_HELP);
            return EXIT.ok;
        }
        if (parsed === "prices") {
            io.out(formatPriceTable());
            return EXIT.ok;
        }
        return await cost(parsed, io);
    } catch (e) {
        if (e instanceof UsageError) {
            io.err(usageMessage("cost", e.message, COST_USAGE));
            return EXIT.usage;
        }
        if (e instanceof InputFileError || e instanceof CostInputError) {
            io.err(`cost: ${e.message}`);
            return EXIT.usage;
        }
        throw e;
    }
}

async function cost(args: Args, io: CostIo): Promise<number> {
    let resources: CostResource[] | undefined;
    let stack = args.stack;
    if (args.exportFile !== undefined) {
        resources = readExportFile(args.exportFile);
        const own = stackOfExport(resources);
        if (stack !== undefined && own !== undefined && own !== stack) {
            throw new CostInputError(
                `--export ${args.exportFile} is stack ${own}, not --stack ${stack}`,
            );
        }
        stack = stack ?? own;
        if (stack === undefined && args.usageFile === undefined) {
            throw new CostInputError(
                `--export ${args.exportFile}: cannot tell its stack from its URNs; give --stack or --usage`,
            );
        }
    }
    // The usage file is checked before the render: a typo fails in a second, not after a synth.
    const usageFile = args.usageFile ?? usageFileOf(stack!);
    if (args.usageFile === undefined && !fs.existsSync(usageFile)) {
        throw new UsageFileError(
            `no usage file cost/${stack}.yaml: create one (every key has a default; an empty file uses them all) or give --usage FILE`,
        );
    }
    const applied: { usage: Usage; behaviours: CacheReportUsage["behaviours"] } = applyCacheReport(
        readUsageFile(usageFile),
        args.usageFile ?? `cost/${stack}.yaml`,
    );
    const { usage, behaviours } = applied;
    if (resources === undefined) {
        /* eslint-disable @typescript-eslint/no-require-imports -- the SDK loads only for a render */
        require("../offline/deferClosureSerializer");
        const { synthesize, toExport } =
            require("../offline/synth") as typeof import("../offline/synth");
        const { SettingsError } =
            require("../stacks/settings") as typeof import("../stacks/settings");
        /* eslint-enable @typescript-eslint/no-require-imports */
        try {
            resources = toExport(await synthesize(stack!)).deployment.resources;
        } catch (e) {
            if (
                e instanceof StackFileError ||
                e instanceof SettingsError ||
                (e instanceof Error && pulumiRunError(e))
            ) {
                throw new CostInputError(e.message);
            }
            throw e;
        }
    }
    // Loaded only now: the engine and instance-class tables load the Pulumi SDK (about 1 s), which
    // --help, --prices and every usage or input mistake do without.
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const { estimate } = require("../cost/estimate") as typeof import("../cost/estimate");
    const report = estimate(resources, usage, { date: args.date });
    if (args.json) {
        io.out(JSON.stringify(toJson(report), null, 2));
        return EXIT.ok;
    }
    const source = usage["cloudfront.requestsSource"];
    io.out(
        formatReport(
            report,
            `${stack ?? "export"}: monthly cost estimate (USD, on-demand) on ${args.date}, usage from ${args.usageFile ?? `cost/${stack}.yaml`}`,
            [
                ...(source ? [`CloudFront request figures from: ${source}`] : []),
                ...behaviours.map(
                    (b) => `  ${b.pathPattern}: ${Math.round(b.requestsPerMonth)} requests a month`,
                ),
            ],
        ),
    );
    return EXIT.ok;
}
