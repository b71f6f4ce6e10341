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
 */
import { EXIT, helpText, readCli, runTool, UsageError } from "../lib/cli";
import { readJsonFile } from "../lib/files";
import { revealPlaintextSecrets, unreadableInputs } from "../offline/exportInputs";
import type * as Coverage from "../policies/coverage";
import type * as Evaluate from "../policies/evaluate";
import { policyConfigFor, readPolicyConfig, stackOfExport } from "./policyConfig";

const HELP = helpText({
    usage: "npm run policy -- FILE [--config POLICY_CONFIG.json] | --coverage",
    options: [
        ["FILE", "a `pulumi stack export` JSON file (or npm run synth -- --out FILE)"],
        [
            "--config FILE",
            "policy config (default: policies/config/<stack>.json of the export's stack)",
        ],
        ["--coverage", "how many inventoried AWS types have a decision; lists the undecided ones"],
    ],
    exits: [
        [EXIT.ok, "no mandatory violation"],
        [EXIT.found, "a mandatory violation (--coverage: a type is undecided)"],
        [EXIT.usage, "usage or input error, or a value a rule could not check"],
    ],
});

/** The file and config path given on the command line. */
interface Options {
    file: string;
    config?: string;
}

function parsePolicyArgs(argv: string[]): Options | "help" | "coverage" {
    const cli = readCli(
        argv,
        { config: { type: "string" }, coverage: { type: "boolean" } },
        { positionals: true },
    );
    if (cli.help) {
        return "help";
    }
    if (cli.values.coverage === true) {
        if (cli.positionals.length > 0 || cli.values.config !== undefined) {
            throw new UsageError("--coverage takes no FILE or --config");
        }
        return "coverage";
    }
    if (cli.positionals.length === 0) {
        throw new UsageError("missing FILE");
    }
    if (cli.positionals.length > 1) {
        throw new UsageError(`unexpected argument ${JSON.stringify(cli.positionals[1])}`);
    }
    return { file: cli.positionals[0], config: cli.values.config as string | undefined };
}

async function main(): Promise<number> {
    const options = parsePolicyArgs(process.argv.slice(2));
    if (options === "help") {
        console.log(HELP);
        return EXIT.ok;
    }
    if (options === "coverage") {
        // eslint-disable-next-line @typescript-eslint/no-require-imports -- deferred on purpose
        const { coverageReport } = require("../policies/coverage") as typeof Coverage;
        const report = coverageReport();
        console.log(report.text);
        return report.undecided.length === 0 ? EXIT.ok : EXIT.found;
    }
    // A regular file of bounded size (lib/files.ts): a FIFO or a device is refused, not read.
    const json = readJsonFile(options.file);
    // Loaded only once the input is readable: the pack pulls in @pulumi/aws, which takes seconds.
    // eslint-disable-next-line @typescript-eslint/no-require-imports -- deferred on purpose
    const evaluate = require("../policies/evaluate") as typeof Evaluate;
    const { evaluateResources, formatReport, readExport, uncheckedFindings } = evaluate;
    let resources: Evaluate.ExportedResource[];
    let config;
    try {
        resources = readExport(json);
        if (options.config !== undefined) {
            config = readPolicyConfig(options.config, evaluate);
            console.log(`policy config: ${options.config}`);
        } else {
            const stack = stackOfExport(resources);
            const choice =
                stack === undefined
                    ? {
                          file: undefined,
                          description:
                              "policy config: none (the export holds no single stack; give --config): every policy runs at its default enforcement level with its default parameters",
                      }
                    : policyConfigFor(stack);
            config = readPolicyConfig(choice.file, evaluate);
            console.log(choice.description);
        }
    } catch (e) {
        console.error(`policy: ${(e as Error).message}`);
        return EXIT.usage;
    }
    if (resources.length === 0) {
        console.error(`policy: warning: ${options.file} has no resources: nothing to check`);
    }
    // Only a resource without inputs is unreadable as a whole. A secret input (an export made
    // without --show-secrets) hides only its own value: a credential's presence is known, and a
    // rule that needs another secret's value reports "could not check" for that rule alone,
    // next to every other finding on the same resource.
    const unreadable = unreadableInputs(resources).filter((u) => u.key === "inputs");
    const unreadableUrns = new Set(unreadable.map((u) => u.urn));
    const shown = resources.map((r) =>
        r.inputs === undefined
            ? r
            : { ...r, inputs: revealPlaintextSecrets(r.inputs) as Record<string, unknown> },
    );
    const violations = (await evaluateResources(shown, config)).filter(
        (v) => !unreadableUrns.has(v.urn),
    );
    console.log(formatReport(violations));
    for (const u of unreadable) {
        console.error(`could not check: ${u.urn} (${u.key})`);
    }
    // Inputs a rule needed but found unknown or secret (its could-not-check lines are in the
    // report above): that rule's verdict is incomplete, as for a resource without inputs.
    const unchecked = new Set(uncheckedFindings(violations).map((v) => v.urn));
    const notChecked = new Set([...unreadableUrns, ...unchecked]);
    if (violations.some((v) => v.enforcementLevel === "mandatory")) {
        return EXIT.found;
    }
    if (notChecked.size > 0) {
        console.error(
            `policy: ${notChecked.size} resource${notChecked.size === 1 ? "" : "s"} could not be checked: export with --show-secrets (pulumi stack export --show-secrets --file FILE), or check the synth output`,
        );
        return EXIT.usage;
    }
    return EXIT.ok;
}

void runTool("policy", HELP, main);
