/**
 * npm run parity -- --commands [--profile P] | --stack NAME --from DIR [--format md|json] [--write]
 *
 * Production against a stack: prints the read-only AWS CLI survey, or compares its JSON files with
 * the stack rendered offline, as the difference table of the team's notes (survey/parity.ts).
 * Exit 2 on a usage error, an unknown stack or an unreadable survey file (only regular files are
 * read); 3 when --write refused some values (each reported).
 */
import { runTool } from "../lib/cli";
import { PARITY_USAGE, runParity } from "../survey/parityCommand";

void runTool("parity", PARITY_USAGE, () =>
    runParity(process.argv.slice(2), {
        out: (text) => process.stdout.write(text.endsWith("\n") ? text : text + "\n"),
        err: (text) => console.error(text),
        synth: async (stack, root) => {
            // Loaded only now: the Pulumi SDK is most of the start-up, and --commands needs none of it.
            /* eslint-disable @typescript-eslint/no-require-imports */
            require("../offline/deferClosureSerializer");
            const { synthesize } = require("../offline/synth") as typeof import("../offline/synth");
            /* eslint-enable @typescript-eslint/no-require-imports */
            return (await synthesize(stack, { root })).resources;
        },
        policy: async (stack, root) => {
            /* eslint-disable @typescript-eslint/no-require-imports */
            require("../offline/deferClosureSerializer");
            const { stackPolicyFindings } =
                require("../survey/parityPolicy") as typeof import("../survey/parityPolicy");
            /* eslint-enable @typescript-eslint/no-require-imports */
            return stackPolicyFindings(stack, root);
        },
    }),
);
