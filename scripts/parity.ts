/**
 * npm run parity -- --commands [--profile P] | --stack NAME --from DIR [--format md|json] [--write]
 *
 * Production against a stack: prints the read-only AWS CLI survey, or compares its JSON files with
 * the stack rendered offline, as the difference table of the team's notes (survey/parity.ts).
 * Exit 2 on a usage error, an unknown stack or an unreadable survey file (only regular files are
 * read); 3 when --write refused some values (each reported).
 */
import { runEntry } from "../lib/cli";
import { PARITY_USAGE, runParity } from "../survey/parityCommand";

// Loaded only for a comparison: the Pulumi SDK is most of the start-up, and --help, --commands
// and every usage or survey-folder mistake need none of it.
let renders: ReturnType<typeof import("../survey/parityPolicy").parityRenders> | undefined;
function rendersOfThisRun() {
    /* eslint-disable @typescript-eslint/no-require-imports */
    require("../offline/deferClosureSerializer");
    const { parityRenders } =
        require("../survey/parityPolicy") as typeof import("../survey/parityPolicy");
    /* eslint-enable @typescript-eslint/no-require-imports */
    return (renders ??= parityRenders());
}

void runEntry("parity", PARITY_USAGE, () =>
    runParity(process.argv.slice(2), {
        out: (text) => process.stdout.write(text.endsWith("\n") ? text : text + "\n"),
        err: (text) => console.error(text),
        // A stack file rendered once per run: --write's policy baseline is the table's render.
        synth: (stack, root) => rendersOfThisRun().synth(stack, root),
        policy: (stack, root) => rendersOfThisRun().policy(stack, root),
    }),
);
