// The config-key check of the pull-request gate, run from the BASE branch's checkout on this
// branch's stack files (read as data): a namespace other than tng:, aws:, pulumi:, an aws: key
// outside the documented ones, or a secure: value inside a non-secret setting is refused with the
// key's name (stacks/settings.ts configKeyProblems, the same check as every synth and preview).
//   usage: node .github/scripts/check-stack-keys.mjs DIR STACK...   (DIR holds Pulumi.<STACK>.yaml)
// Exit: 0 every file passes; 1 a key is refused; 2 usage or an unreadable file.
import { createRequire } from "module";
import { ensureBuilt } from "../../scripts/build.mjs";

function main(argv) {
    if (argv.length < 2) {
        console.error("usage: node .github/scripts/check-stack-keys.mjs DIR STACK...");
        return 2;
    }
    const [dir, ...stacks] = argv;
    const require = createRequire(import.meta.url);
    const { readStackConfig, StackFileError } = require("../../bin/offline/stackFiles.js");
    const { configKeyProblems } = require("../../bin/stacks/settings.js");
    let status = 0;
    for (const stack of stacks) {
        let read;
        try {
            // Pulumi.yaml (the project name) is the base branch's; the stack file is this branch's.
            read = readStackConfig(stack, dir);
        } catch (e) {
            if (e instanceof StackFileError) {
                console.error(e.message);
                return 2;
            }
            throw e;
        }
        const problems = configKeyProblems(Object.keys(read.config), (key) =>
            read.secretKeys.includes(key),
        );
        for (const p of problems) {
            console.log(`Pulumi.${stack}.yaml: ${p}`);
        }
        if (problems.length > 0) {
            status = 1;
        }
    }
    return status;
}

await ensureBuilt();
process.exitCode = main(process.argv.slice(2));
