/**
 * `npm run rules-doc [-- --check]`: writes policies/RULES.md, the policy catalogue rendered from
 * the pack (policies/rules/*.ts, policies/rules/sources.ts) and the per-stack configs
 * (policies/config/*.json). With --check it writes nothing and exits 1 when the file is out of
 * date. Exit 2 on usage errors or an unreadable policy config (one line, no stack trace).
 */
import * as fs from "fs";
import * as path from "path";
import { parseArgs } from "util";
import { PROJECT_ROOT } from "../offline/stackFiles";
import { CONFIG_DIR, readStackConfigs, renderRulesDoc, RULES_FILE } from "../policies/rulesDoc";

const USAGE = "usage: npm run rules-doc [-- --check]";

function main(argv: string[]): number {
    let check: boolean;
    try {
        const { values } = parseArgs({
            args: argv,
            options: { check: { type: "boolean" }, help: { type: "boolean", short: "h" } },
            strict: true,
            allowPositionals: false,
        });
        if (values.help) {
            console.log(
                `${USAGE}\n\nWrites policies/${RULES_FILE}; --check only reports whether it is up to date.`,
            );
            return 0;
        }
        check = values.check === true;
    } catch (e) {
        console.error(`${(e as Error).message}\n${USAGE}`);
        return 2;
    }
    const pack = path.join(PROJECT_ROOT, "policies");
    const file = path.join(pack, RULES_FILE);
    let text: string;
    try {
        text = renderRulesDoc(readStackConfigs(path.join(pack, CONFIG_DIR)));
    } catch (e) {
        console.error((e as Error).message);
        return 2;
    }
    const current = fs.existsSync(file) ? fs.readFileSync(file, "utf8") : undefined;
    if (check) {
        if (current !== text) {
            console.error(`policies/${RULES_FILE} is out of date: run npm run rules-doc`);
            return 1;
        }
        return 0;
    }
    if (current !== text) {
        fs.writeFileSync(file, text);
        console.log(`updated policies/${RULES_FILE}`);
    }
    return 0;
}

process.exitCode = main(process.argv.slice(2));
