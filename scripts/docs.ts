/**
 * npm run docs [-- --check]: rewrites the generated parts of the docs and says what it rewrote:
 * the config reference in README.md and README.ja.md from the settings schema (see
 * scripts/configReference.ts), their policy pack summary from the pack (scripts/packSummary.ts),
 * and the alarm tables of docs/operations.md from the alarm model (see scripts/alarmTables.ts).
 * With --check it writes nothing and exits 1 when a file is out of date. Exit 2 on a usage error.
 */
import * as fs from "fs";
import * as path from "path";
import { PROJECT_ROOT } from "../offline/stackFiles";
import { EXIT, helpText, readCli, runTool } from "../lib/cli";
import { readTextFile, writeFileAtomic } from "../lib/files";
import { withAlarmTables } from "./alarmTables";
import { withConfigReference } from "./configReference";
import { withPackSummary } from "./packSummary";

const USAGE = helpText({
    usage: "npm run docs [-- --check]",
    options: [
        [
            "--check",
            "write nothing; exit 1 when a README's config reference or pack summary or docs/operations.md's alarm tables are out of date",
        ],
    ],
    exits: [
        [EXIT.ok, "done (or up to date)"],
        [EXIT.found, "out of date (--check) or a file without the markers"],
        [EXIT.usage, "usage"],
    ],
});

/** The generated parts: file, what it holds, and how to render it from the file's text. */
const GENERATED: readonly { file: string; what: string; render: (text: string) => string }[] = [
    { file: "README.md", what: "config reference", render: withConfigReference },
    { file: "README.ja.md", what: "config reference", render: withConfigReference },
    { file: "README.md", what: "policy pack summary", render: (t) => withPackSummary(t, false) },
    {
        file: "README.ja.md",
        what: "policy pack summary",
        render: (t) => withPackSummary(t, true),
    },
    { file: path.join("docs", "operations.md"), what: "alarm tables", render: withAlarmTables },
];

/** Rewrites (or, with `check`, compares) each generated part; returns the lines to print and the code. */
function updateDocs(check: boolean, root = PROJECT_ROOT): { lines: string[]; code: number } {
    const lines: string[] = [];
    let code = 0;
    for (const { file, what, render } of GENERATED) {
        const full = path.join(root, file);
        if (!fs.existsSync(full)) {
            lines.push(`${file}: not found, skipped`);
            continue;
        }
        const before = readTextFile(full);
        let after: string;
        try {
            after = render(before);
        } catch (e) {
            lines.push(`${file}: ${(e as Error).message}`);
            code = 1;
            continue;
        }
        if (after === before) {
            lines.push(`${file}: ${what} up to date`);
        } else if (check) {
            lines.push(`${file}: ${what} out of date (run npm run docs)`);
            code = 1;
        } else {
            writeFileAtomic(full, after);
            lines.push(`${file}: rewrote the ${what}`);
        }
    }
    return { lines, code };
}

function main(argv: string[]): number {
    const cli = readCli(argv, { check: { type: "boolean" } });
    if (cli.help) {
        console.log(USAGE);
        return EXIT.ok;
    }
    const { lines, code } = updateDocs(cli.values.check === true);
    lines.forEach((l) => console.log(l));
    return code;
}

void runTool("docs", USAGE, () => main(process.argv.slice(2)));
