/**
 * npm run docs [-- --check]: rewrites the generated parts of the docs and says what it rewrote:
 * the config reference in README.md and README.ja.md from the settings schema (see
 * scripts/configReference.ts), their policy pack summary from the pack (scripts/packSummary.ts),
 * and the alarm tables of docs/operations.md from the alarm model (see scripts/alarmTables.ts).
 * With --check it writes nothing and exits 1 when a file is out of date. Exit 2 on a usage error.
 * The work is in scripts/docsCore.ts.
 */
import { runEntry } from "../lib/cli";
import { DOCS_USAGE, runDocs } from "./docsCore";

void runEntry("docs", DOCS_USAGE, () =>
    runDocs(process.argv.slice(2), {
        out: (line) => process.stdout.write(`${line}\n`),
        err: (line) => process.stderr.write(`${line}\n`),
    }),
);
