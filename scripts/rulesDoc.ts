/**
 * `npm run rules-doc [-- --check]`: writes policies/RULES.md, the policy catalogue rendered from
 * the pack (policies/rules/*.ts, policies/rules/sources.ts) and the per-stack configs
 * (policies/config/*.json). With --check it writes nothing and exits 1 when the file is out of
 * date. Exit 2 on usage errors or an unreadable policy config (one line, no stack trace).
 */
import * as fs from "fs";
import * as path from "path";
import { EXIT, helpText, readCli, runEntry } from "../lib/cli";
import { readTextFile, writeFileAtomic } from "../lib/files";
import { PROJECT_ROOT } from "../offline/stackFiles";
import type * as RulesDoc from "../policies/rulesDoc";

const USAGE = helpText({
    usage: "npm run rules-doc [-- --check]",
    options: [["--check", "write nothing; exit 1 when policies/RULES.md is out of date"]],
    notes: ["Writes policies/RULES.md from the pack and policies/config/*.json."],
    exits: [
        [EXIT.ok, "written (or up to date)"],
        [EXIT.found, "out of date (--check)"],
        [EXIT.usage, "usage or an unreadable policy config"],
    ],
});

function main(argv: string[]): number {
    const cli = readCli(argv, { check: { type: "boolean" } });
    if (cli.help) {
        console.log(USAGE);
        return EXIT.ok;
    }
    const check = cli.values.check === true;
    // Loaded only now: the pack pulls in @pulumi/aws, seconds that --help and a usage error need not pay.
    // eslint-disable-next-line @typescript-eslint/no-require-imports -- deferred on purpose
    const rulesDoc = require("../policies/rulesDoc") as typeof RulesDoc;
    const { CONFIG_DIR, readStackConfigs, renderRulesDoc, RULES_FILE } = rulesDoc;
    const pack = path.join(PROJECT_ROOT, "policies");
    const file = path.join(pack, RULES_FILE);
    let text: string;
    try {
        text = renderRulesDoc(readStackConfigs(path.join(pack, CONFIG_DIR)));
    } catch (e) {
        console.error(`rules-doc: ${(e as Error).message}`);
        return EXIT.usage;
    }
    const current = fs.existsSync(file) ? readTextFile(file) : undefined;
    if (check) {
        if (current !== text) {
            console.error(`policies/${RULES_FILE} is out of date: run npm run rules-doc`);
            return EXIT.found;
        }
        return EXIT.ok;
    }
    if (current !== text) {
        writeFileAtomic(file, text);
        console.log(`updated policies/${RULES_FILE}`);
    }
    return EXIT.ok;
}

void runEntry("rules-doc", USAGE, () => main(process.argv.slice(2)));
