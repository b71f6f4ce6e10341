/**
 * npm run cost -- --stack NAME [--json] [--usage FILE] [--export FILE] [--date YYYY-MM-DD]
 *
 * The monthly cost of a stack: renders it offline (as synth does) or reads an existing export,
 * prices each resource from cost/prices.ts and the usage file (cost/<stack>.yaml by default),
 * and prints per resource, per component and the total, or the JSON document with --json.
 * Exit 2 on a usage, stack file, usage file or export problem (only regular files are read);
 * 0 otherwise. The work is in scripts/costCore.ts.
 */
import { runEntry } from "../lib/cli";
import { COST_USAGE, runCost } from "./costCore";

void runEntry("cost", COST_USAGE, () =>
    runCost(process.argv.slice(2), {
        out: (text) => process.stdout.write(`${text}\n`),
        err: (text) => process.stderr.write(`${text}\n`),
    }),
);
