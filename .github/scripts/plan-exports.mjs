// The offline plan between two exports, run by the pull-request gate from the BASE branch's
// checkout: the base branch's plan code (offline/plan.ts) compares the base branch's render with
// this branch's export (the offline job's artifact), so no code of the pull request runs.
//   usage: node .github/scripts/plan-exports.mjs --stack NAME --base BASE.json --head HEAD.json [--json]
// Exit: 0 nothing protected or data-holding replaced or deleted; 3 something would be; 2 usage or
// input error. (An export does not keep deleteBeforeReplace, so the head side plans without it.)
import { createRequire } from "module";
import { parseArgs } from "util";
import { ensureBuilt } from "../../scripts/build.mjs";

const USAGE =
    "usage: node .github/scripts/plan-exports.mjs --stack NAME --base BASE.json --head HEAD.json [--json]";

function main() {
    let values;
    try {
        ({ values } = parseArgs({
            options: {
                stack: { type: "string" },
                base: { type: "string" },
                head: { type: "string" },
                json: { type: "boolean" },
            },
        }));
    } catch (e) {
        console.error(`plan-exports: ${e.message}\n${USAGE}`);
        return 2;
    }
    if (!values.stack || !values.base || !values.head) {
        console.error(`plan-exports: --stack, --base and --head are required\n${USAGE}`);
        return 2;
    }
    const require = createRequire(import.meta.url);
    const plan = require("../../bin/offline/plan.js");
    const { readStackConfig } = require("../../bin/offline/stackFiles.js");
    let base;
    let head;
    try {
        base = plan.readBase(values.base);
        head = plan.readBase(values.head);
    } catch (e) {
        console.error(`plan-exports: ${e.message}`);
        return 2;
    }
    let region;
    try {
        region = readStackConfig(values.stack).config["aws:region"];
    } catch (e) {
        console.error(`plan-exports: ${e.message}`);
        return 2;
    }
    const steps = plan.planSteps(base, head, { providerRegion: region });
    console.log(values.json ? JSON.stringify({ steps }, null, 2) : plan.formatPlan(steps));
    return plan.planExitCode(steps);
}

await ensureBuilt();
process.exitCode = main();
