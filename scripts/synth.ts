/**
 * npm run synth -- --stack <name> [--out FILE]
 *
 * Renders a stack offline (Pulumi mocks, no cloud account), prints resource counts by type and
 * the stack outputs, runs the policy pack on it with policies/config/<stack>.json, then
 * optionally writes `pulumi stack export`-shaped JSON. Exit 2 on bad config (listing every
 * problem) or an unusable policy config, with nothing written; 1 on a mandatory policy violation
 * or a bug in the program (its stack at the .ts lines); 0 otherwise.
 * The work is in scripts/synthCore.ts.
 */
import { runEntry } from "../lib/cli";
import { runSynth, SYNTH_USAGE } from "./synthCore";

// runEntry: the process exits once the output has drained whole through a pipe.
void runEntry("synth", SYNTH_USAGE, () =>
    runSynth(process.argv.slice(2), {
        out: (line) => process.stdout.write(`${line}\n`),
        err: (line) => process.stderr.write(`${line}\n`),
    }),
);
