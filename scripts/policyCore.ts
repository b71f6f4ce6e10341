/**
 * The testable part of `npm run policy` (scripts/policy.ts starts it): the arguments, the export
 * and policy config read, the pack run offline on the export's inputs, and the report. Output
 * goes through `io`, one line per call, so the tests run it in-process; the exit code is returned
 * (0 no mandatory violation, 1 a mandatory one or an undecided type, 2 usage or input error or a
 * value a rule could not check).
 */
import { EXIT, helpText, readCli, ToolIo, usageMessage, UsageError } from "../lib/cli";
import { InputFileError, readJsonFile } from "../lib/files";
import { revealPlaintextSecrets, unreadableInputs } from "../offline/exportInputs";
import type * as Coverage from "../policies/coverage";
import type * as Evaluate from "../policies/evaluate";
import { policyConfigFor, readPolicyConfig, stackOfExport } from "./policyConfig";

export const POLICY_HELP = helpText({
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

/** Its output (lib/cli.ts ToolIo): the entry adds each line's newline. */
export type PolicyIo = ToolIo;

/** The file and config path given on the command line. */
interface Options {
    file: string;
    config?: string;
}

function parsePolicyArgs(argv: readonly string[]): Options | "help" | "coverage" {
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

/**
 * `npm run policy` with `argv`: prints through `io` and returns the exit code. A usage mistake
 * prints `policy: <message>` and the usage line, an unusable input file `policy: <message>`
 * (both exit 2); anything unexpected is thrown (the script's runTool prints it, exit 1).
 */
export async function runPolicy(argv: readonly string[], io: PolicyIo): Promise<number> {
    try {
        const options = parsePolicyArgs(argv);
        if (options === "help") {
            io.out(POLICY_HELP);
            return EXIT.ok;
        }
        if (options === "coverage") {
            // eslint-disable-next-line @typescript-eslint/no-require-imports -- deferred on purpose
            const { coverageReport } = require("../policies/coverage") as typeof Coverage;
            const report = coverageReport();
            io.out(report.text);
            return report.undecided.length === 0 ? EXIT.ok : EXIT.found;
        }
        return await check(options, io);
    } catch (e) {
        if (e instanceof UsageError) {
            io.err(usageMessage("policy", e.message, POLICY_HELP));
            return EXIT.usage;
        }
        if (e instanceof InputFileError) {
            io.err(`policy: ${e.message}`);
            return EXIT.usage;
        }
        throw e;
    }
}

async function check(options: Options, io: PolicyIo): Promise<number> {
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
            io.out(`policy config: ${options.config}`);
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
            io.out(choice.description);
        }
    } catch (e) {
        io.err(`policy: ${(e as Error).message}`);
        return EXIT.usage;
    }
    if (resources.length === 0) {
        io.err(`policy: warning: ${options.file} has no resources: nothing to check`);
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
    io.out(formatReport(violations));
    for (const u of unreadable) {
        io.err(`could not check: ${u.urn} (${u.key})`);
    }
    // Inputs a rule needed but found unknown or secret (its could-not-check lines are in the
    // report above): that rule's verdict is incomplete, as for a resource without inputs.
    const unchecked = new Set(uncheckedFindings(violations).map((v) => v.urn));
    const notChecked = new Set([...unreadableUrns, ...unchecked]);
    if (violations.some((v) => v.enforcementLevel === "mandatory")) {
        return EXIT.found;
    }
    if (notChecked.size > 0) {
        io.err(
            `policy: ${notChecked.size} resource${notChecked.size === 1 ? "" : "s"} could not be checked: export with --show-secrets (pulumi stack export --show-secrets --file FILE), or check the synth output`,
        );
        return EXIT.usage;
    }
    return EXIT.ok;
}
