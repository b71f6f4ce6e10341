/**
 * `npm run policy -- FILE [--config POLICY_CONFIG.json]`
 *
 * Evaluates the CrossGuard pack offline on a `pulumi stack export` JSON file (a real export or
 * the synth output), using each resource's inputs. Prints which policy config applies, one line
 * per violation and a summary. Without --config it uses policies/config/<stack>.json of the
 * export's stack, and says when there is none. A resource whose inputs cannot be read (missing,
 * or secrets encrypted in an export made without --show-secrets) is reported as "could not
 * check" instead of being evaluated as empty.
 * Exit codes: 0 no mandatory violation, 1 at least one mandatory violation, 2 usage or input error,
 * or a resource that could not be checked (messages on stderr, no stack trace).
 */
import { EXIT, helpText, readCli, runTool, UsageError } from "../lib/cli";
import { readJsonFile } from "../lib/files";
import { revealPlaintextSecrets, unreadableInputs } from "../offline/exportInputs";
import type * as Evaluate from "../policies/evaluate";
import { policyConfigFor, readPolicyConfig, stackOfExport } from "./policyConfig";

const HELP = helpText({
    usage: "npm run policy -- FILE [--config POLICY_CONFIG.json]",
    options: [
        ["FILE", "a `pulumi stack export` JSON file (or npm run synth -- --out FILE)"],
        [
            "--config FILE",
            "policy config (default: policies/config/<stack>.json of the export's stack)",
        ],
    ],
    exits: [
        [EXIT.ok, "no mandatory violation"],
        [EXIT.found, "a mandatory violation"],
        [EXIT.usage, "usage or input error or a resource that could not be checked"],
    ],
});

/** The file and config path given on the command line. */
interface Options {
    file: string;
    config?: string;
}

function parsePolicyArgs(argv: string[]): Options | "help" {
    const cli = readCli(argv, { config: { type: "string" } }, { positionals: true });
    if (cli.help) {
        return "help";
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
    const unreadable = unreadableInputs(resources);
    const unreadableUrns = new Set(unreadable.map((u) => u.urn));
    const shown = resources.map((r) =>
        r.inputs === undefined
            ? r
            : { ...r, inputs: revealPlaintextSecrets(r.inputs) as Record<string, unknown> },
    );
    // What the policies said about a resource they could not read is noise: left out.
    const violations = (await evaluateResources(shown, config)).filter(
        (v) => !unreadableUrns.has(v.urn),
    );
    console.log(formatReport(violations));
    for (const u of unreadable) {
        console.error(`could not check: ${u.urn} (${u.key})`);
    }
    // Inputs a policy needed but found unknown or secret (its could-not-check lines are in the
    // report above): the verdict is incomplete, as for an unreadable resource.
    const unchecked = new Set(uncheckedFindings(violations).map((v) => v.urn));
    const notChecked = new Set([...unreadableUrns, ...unchecked]);
    if (notChecked.size > 0) {
        console.error(
            `policy: ${notChecked.size} resource${notChecked.size === 1 ? "" : "s"} could not be checked: export with --show-secrets (pulumi stack export --show-secrets --file FILE), or check the synth output`,
        );
        return EXIT.usage;
    }
    return violations.some((v) => v.enforcementLevel === "mandatory") ? 1 : 0;
}

void runTool("policy", HELP, main);
