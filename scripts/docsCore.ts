/**
 * The testable part of `npm run docs` (scripts/docs.ts starts it): the arguments and the rewrite
 * (or, with --check, the comparison) of each generated part of the docs. Output goes through
 * `io`, one line per call, so the tests run it in-process; the exit code is returned (0 done or
 * up to date, 1 out of date or a file without its markers, 2 usage).
 */
import * as fs from "fs";
import * as path from "path";
import { EXIT, helpText, readCli, ToolIo, usageMessage, UsageError } from "../lib/cli";
import { readTextFile, writeFileAtomic } from "../lib/files";
import { PROJECT_ROOT } from "../offline/stackFiles";

export const DOCS_USAGE = helpText({
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

/** Its output (lib/cli.ts ToolIo): the entry adds each line's newline. */
export type DocsIo = ToolIo;

// The renderers load only when a part is rendered: they pull in the settings schema, the
// components and the policy pack (@pulumi/aws), seconds that --help and a usage error need not pay.
/* eslint-disable @typescript-eslint/no-require-imports */
const configReference = (text: string) =>
    (require("./configReference") as typeof import("./configReference")).withConfigReference(text);
const packSummary = (text: string, japanese: boolean) =>
    (require("./packSummary") as typeof import("./packSummary")).withPackSummary(text, japanese);
const alarmTables = (text: string) =>
    (require("./alarmTables") as typeof import("./alarmTables")).withAlarmTables(text);
/* eslint-enable @typescript-eslint/no-require-imports */

/** The generated parts: file, what it holds, and how to render it from the file's text. */
const GENERATED: readonly { file: string; what: string; render: (text: string) => string }[] = [
    { file: "README.md", what: "config reference", render: configReference },
    { file: "README.ja.md", what: "config reference", render: configReference },
    { file: "README.md", what: "policy pack summary", render: (t) => packSummary(t, false) },
    { file: "README.ja.md", what: "policy pack summary", render: (t) => packSummary(t, true) },
    { file: path.join("docs", "operations.md"), what: "alarm tables", render: alarmTables },
];

/** Rewrites (or, with `check`, compares) each generated part; returns the lines to print and the code. */
function updateDocs(check: boolean, root: string): { lines: string[]; code: number } {
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

/**
 * `npm run docs` with `argv` on the docs under `root` (the checkout by default): prints through
 * `io` and returns the exit code. A usage mistake prints `docs: <message>` and the usage line
 * (exit 2); anything unexpected is thrown (the script's runTool prints it, exit 1).
 */
export function runDocs(argv: readonly string[], io: DocsIo, root = PROJECT_ROOT): number {
    let check: boolean;
    try {
        const cli = readCli(argv, { check: { type: "boolean" } });
        if (cli.help) {
            io.out(DOCS_USAGE);
            return EXIT.ok;
        }
        check = cli.values.check === true;
    } catch (e) {
        if (e instanceof UsageError) {
            io.err(usageMessage("docs", e.message, DOCS_USAGE));
            return EXIT.usage;
        }
        throw e;
    }
    const { lines, code } = updateDocs(check, root);
    lines.forEach((l) => io.out(l));
    return code;
}
