/**
 * `npm run policy -- FILE [--config POLICY_CONFIG.json] | --coverage`
 *
 * Evaluates the CrossGuard pack offline on a `pulumi stack export` JSON file (a real export or
 * the synth output), using each resource's inputs. Prints which policy config applies, one line
 * per violation and a summary. Without --config it uses policies/config/<stack>.json of the
 * export's stack, and says when there is none. A resource without inputs is "could not check";
 * a secret input (an export made without --show-secrets) hides only its own value: a
 * credential's presence is known, and only a rule that needs another secret's value says
 * "could not check", next to every other finding of the resource.
 * `--coverage` prints how many inventoried types (policies/inventory/inventory.json) the decision
 * table decides, and lists the rest (exit 1 when any is undecided).
 * Exit codes: 0 no mandatory violation, 1 at least one mandatory violation, 2 usage or input error,
 * or a rule that could not check a value it needs (messages on stderr, no stack trace).
 * The work is in scripts/policyCore.ts.
 */
import { runEntry } from "../lib/cli";
import { POLICY_HELP, runPolicy } from "./policyCore";

// runEntry: the process exits once a long report has drained whole through a pipe.
void runEntry("policy", POLICY_HELP, () =>
    runPolicy(process.argv.slice(2), {
        out: (line) => process.stdout.write(`${line}\n`),
        err: (line) => process.stderr.write(`${line}\n`),
    }),
);
