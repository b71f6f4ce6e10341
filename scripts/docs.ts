/**
 * npm run docs [-- --check]: rewrites the config reference in README.md and README.ja.md from the
 * settings schema (see scripts/configReference.ts) and says what it rewrote. With --check it
 * writes nothing and exits 1 when a README is out of date. Exit 2 on a usage error.
 */
import * as fs from "fs";
import * as path from "path";
import { PROJECT_ROOT } from "../offline/stackFiles";
import { EXIT, helpText, readCli, runTool } from "../lib/cli";
import { readTextFile, writeFileAtomic } from "../lib/files";
import { withConfigReference } from "./configReference";

const USAGE = helpText({
    usage: "npm run docs [-- --check]",
    options: [["--check", "write nothing; exit 1 when a README's config reference is out of date"]],
    exits: [
        [EXIT.ok, "done (or up to date)"],
        [EXIT.found, "out of date (--check) or a README without the markers"],
        [EXIT.usage, "usage"],
    ],
});

/** The READMEs that hold the config reference. */
const README_FILES = ["README.md", "README.ja.md"];

/** Rewrites (or, with `check`, compares) each README; returns the lines to print and the code. */
function updateReadmes(check: boolean, root = PROJECT_ROOT): { lines: string[]; code: number } {
    const lines: string[] = [];
    let code = 0;
    for (const file of README_FILES) {
        const full = path.join(root, file);
        if (!fs.existsSync(full)) {
            lines.push(`${file}: not found, skipped`);
            continue;
        }
        const before = readTextFile(full);
        let after: string;
        try {
            after = withConfigReference(before);
        } catch (e) {
            lines.push(`${file}: ${(e as Error).message}`);
            code = 1;
            continue;
        }
        if (after === before) {
            lines.push(`${file}: config reference up to date`);
        } else if (check) {
            lines.push(`${file}: config reference out of date (run npm run docs)`);
            code = 1;
        } else {
            writeFileAtomic(full, after);
            lines.push(`${file}: rewrote the config reference`);
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
    const { lines, code } = updateReadmes(cli.values.check === true);
    lines.forEach((l) => console.log(l));
    return code;
}

void runTool("docs", USAGE, () => main(process.argv.slice(2)));
