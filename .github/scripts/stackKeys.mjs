// The config-key check of the pull-request gate: check-stack-keys.mjs runs it, the tests run it
// in-process.
import { createRequire } from "module";

/**
 * The check with `argv` (DIR STACK...): prints through `io` ({ out, err }, one line each) and
 * returns the exit code. bin/ must be built.
 */
export function checkStackKeys(argv, io) {
    if (argv.length < 2) {
        io.err("usage: node .github/scripts/check-stack-keys.mjs DIR STACK...");
        return 2;
    }
    const [dir, ...stacks] = argv;
    const require = createRequire(import.meta.url);
    const { readStackConfig, StackFileError } = require("../../bin/offline/stackFiles.js");
    // The check's own module (stacks/settings/configKeys.ts), not stacks/settings.js: that loads
    // the Pulumi SDK and the components, about a second of every start.
    const { configKeyProblems } = require("../../bin/stacks/settings/configKeys.js");
    let status = 0;
    for (const stack of stacks) {
        let read;
        try {
            // Pulumi.yaml (the project name) is the base branch's; the stack file is this branch's.
            read = readStackConfig(stack, dir);
        } catch (e) {
            if (e instanceof StackFileError) {
                io.err(e.message);
                return 2;
            }
            throw e;
        }
        const problems = configKeyProblems(Object.keys(read.config), (key) =>
            read.secretKeys.includes(key),
        );
        for (const p of problems) {
            io.out(`Pulumi.${stack}.yaml: ${p}`);
        }
        if (problems.length > 0) {
            status = 1;
        }
    }
    return status;
}
