/**
 * npm run cost -- --stack NAME [--json] [--usage FILE] [--export FILE] [--date YYYY-MM-DD]
 *
 * The monthly cost of a stack: renders it offline (as synth does) or reads an existing export,
 * prices each resource from cost/prices.ts and the usage file (cost/<stack>.yaml by default),
 * and prints per resource, per component and the total, or the JSON document with --json.
 * Exit 2 on a usage, stack file, usage file or export problem; 0 otherwise.
 */
import * as fs from "fs";
import { type CostResource, estimate } from "../cost/estimate";
import { applyCacheReport, type CacheReportUsage } from "../cost/cacheReportUsage";
import { ExportFileError, readExportFile } from "../cost/exportFile";
import { formatPriceTable, formatReport, toJson } from "../cost/report";
import {
    readUsageFile,
    type Usage,
    UsageFileError,
    usageFileOf,
    usageReference,
} from "../cost/usage";
import { listStacks, StackFileError } from "../offline/stackFiles";
import { readCli, UsageError } from "./cliArgs";
import { stackOfExport } from "./policyConfig";

const USAGE = [
    `usage: npm run cost -- --stack <${listStacks().join("|")}> [--json] [--usage FILE] [--export FILE] [--date YYYY-MM-DD]`,
    "       npm run cost -- --prices",
    "  --stack NAME       the stack to price (rendered offline, as npm run synth does)",
    "  --export FILE      price this `pulumi stack export` JSON instead of rendering (--stack optional: taken from its URNs)",
    "  --usage FILE       the usage file (default cost/<stack>.yaml; every key has a default)",
    "  --json             print the JSON document instead of the report",
    "  --date YYYY-MM-DD  the day whose prices apply (RDS Extended Support year); default today (UTC)",
    "  --prices           print the price table (rate, verified or not, date read, source) and exit",
    "  --help             this text",
    "exit codes: 0 priced, 2 usage, stack file, usage file or export error",
].join("\n");

/** --help: the usage and every usage-file key with its default. */
const HELP = `${USAGE}\nusage file keys:\n${usageReference()}`;

interface Args {
    stack?: string;
    exportFile?: string;
    usageFile?: string;
    json: boolean;
    date: string;
}

function parseCostArgs(argv: string[]): Args | "help" | "prices" {
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

async function main(): Promise<number> {
    let args: Args;
    try {
        const parsed = parseCostArgs(process.argv.slice(2));
        if (parsed === "help") {
            console.log(HELP);
            return 0;
        }
        if (parsed === "prices") {
            console.log(formatPriceTable());
            return 0;
        }
        args = parsed;
    } catch (e) {
        if (e instanceof UsageError) {
            console.error(`${e.message}\n${USAGE}`);
            return 2;
        }
        throw e;
    }
    let resources: CostResource[] | undefined;
    let stack = args.stack;
    try {
        if (args.exportFile !== undefined) {
            resources = readExportFile(args.exportFile);
            const own = stackOfExport(resources);
            if (stack !== undefined && own !== undefined && own !== stack) {
                console.error(`--export ${args.exportFile} is stack ${own}, not --stack ${stack}`);
                return 2;
            }
            stack = stack ?? own;
            if (stack === undefined && args.usageFile === undefined) {
                console.error(
                    `--export ${args.exportFile}: cannot tell its stack from its URNs; give --stack or --usage`,
                );
                return 2;
            }
        } else if (!listStacks().includes(stack!)) {
            console.error(
                `No stack file Pulumi.${stack}.yaml; stacks: ${listStacks().join(", ")}\n${USAGE}`,
            );
            return 2;
        }
    } catch (e) {
        if (e instanceof ExportFileError) {
            console.error(e.message);
            return 2;
        }
        throw e;
    }
    // The usage file is checked before the render: a typo fails in a second, not after a synth.
    let usage: Usage;
    let behaviours: CacheReportUsage["behaviours"] = [];
    const usageFile = args.usageFile ?? usageFileOf(stack!);
    try {
        if (args.usageFile === undefined && !fs.existsSync(usageFile)) {
            throw new UsageFileError(
                `no usage file cost/${stack}.yaml: create one (every key has a default; an empty file uses them all) or give --usage FILE`,
            );
        }
        ({ usage, behaviours } = applyCacheReport(
            readUsageFile(usageFile),
            args.usageFile ?? `cost/${stack}.yaml`,
        ));
    } catch (e) {
        if (e instanceof UsageFileError) {
            console.error(e.message);
            return 2;
        }
        throw e;
    }
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
                console.error(e.message);
                return 2;
            }
            throw e;
        }
    }
    const report = estimate(resources, usage, { date: args.date });
    if (args.json) {
        console.log(JSON.stringify(toJson(report), null, 2));
        return 0;
    }
    const source = usage["cloudfront.requestsSource"];
    console.log(
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
    return 0;
}

main().then(
    (code) => process.exit(code),
    (e: unknown) => {
        console.error(e instanceof Error ? `cost failed: ${e.message}` : e);
        process.exit(1);
    },
);
