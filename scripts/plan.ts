/**
 * npm run plan -- --stack <name> --base FILE [--json]
 *
 * Renders the stack from the working tree (offline, as `npm run synth` does) and predicts what
 * `pulumi up` would do against FILE, an earlier `npm run synth -- --out` file or a real
 * `pulumi stack export`: same / create / update / replace / delete per resource, with the changed
 * input keys (rules in offline/plan.ts). Exit 0 when no protected or data-holding resource is
 * replaced or deleted, 3 when one would be (each is named), 2 for usage errors, an unknown stack,
 * bad config or an unreadable base.
 */
import { parseArgs } from "node:util";
import { listStacks } from "../offline/stackFiles";
import type { PlanResource, PlanStep } from "../offline/plan";

const USAGE = `usage: npm run plan -- --stack <${listStacks().join("|")}> --base FILE [--json]

  --stack NAME   the stack to render (Pulumi.<NAME>.yaml)
  --base FILE    an earlier export: npm run synth -- --stack NAME --out FILE, or pulumi stack export
  --json         print {"steps": [{"urn", "type", "op", "keys", ...}]} instead of the table
  --help         this text

Exit: 0 no protected or data-holding resource replaced or deleted; 3 one would be; 2 usage or base error.`;

interface Args {
    stack: string;
    base: string;
    json: boolean;
}

/** Parses argv; `undefined` after printing help, throws with the usage on errors. */
function readArgs(argv: string[]): Args | undefined {
    let values: { stack?: string; base?: string; json?: boolean; help?: boolean };
    try {
        ({ values } = parseArgs({
            args: argv,
            options: {
                stack: { type: "string" },
                base: { type: "string" },
                json: { type: "boolean", default: false },
                help: { type: "boolean", default: false },
            },
            strict: true,
            allowPositionals: false,
        }));
    } catch (e) {
        throw new Error(`${(e as Error).message}\n${USAGE}`);
    }
    if (values.help) {
        console.log(USAGE);
        return undefined;
    }
    if (!values.stack || !values.base) {
        throw new Error(`--stack and --base are required\n${USAGE}`);
    }
    return { stack: values.stack, base: values.base, json: values.json === true };
}

async function main(): Promise<number> {
    let args: Args | undefined;
    try {
        args = readArgs(process.argv.slice(2));
    } catch (e) {
        console.error((e as Error).message);
        return 2;
    }
    if (args === undefined) {
        return 0;
    }
    if (!listStacks().includes(args.stack)) {
        console.error(
            `No stack file Pulumi.${args.stack}.yaml; stacks: ${listStacks().join(", ")}\n${USAGE}`,
        );
        return 2;
    }
    // Loaded only now: the Pulumi SDK is most of the start-up time, and usage errors need none of it.
    /* eslint-disable @typescript-eslint/no-require-imports */
    const plan = require("../offline/plan") as typeof import("../offline/plan");
    let base: PlanResource[];
    try {
        base = plan.readBase(args.base);
    } catch (e) {
        console.error((e as Error).message);
        return 2;
    }
    require("../offline/deferClosureSerializer");
    const { synthesize, readStackConfig } =
        require("../offline/synth") as typeof import("../offline/synth");
    const { SettingsError } = require("../stacks/settings") as typeof import("../stacks/settings");
    const pulumi = require("@pulumi/pulumi") as typeof import("@pulumi/pulumi");
    /* eslint-enable @typescript-eslint/no-require-imports */
    const config = readStackConfig(args.stack);
    let steps: PlanStep[];
    try {
        const render = await synthesize(args.stack, { config });
        steps = plan.planSteps(base, plan.renderedResources(render), {
            providerRegion: config.config["aws:region"],
        });
    } catch (e) {
        if (e instanceof SettingsError || (e instanceof Error && pulumi.RunError.isInstance(e))) {
            console.error(e.message);
            return 2;
        }
        throw e;
    }
    console.log(args.json ? JSON.stringify({ steps }, null, 2) : plan.formatPlan(steps));
    return plan.planExitCode(steps);
}

main().then(
    (code) => process.exit(code),
    (e: unknown) => {
        console.error(e instanceof Error ? `plan failed: ${e.message}` : e);
        process.exit(1);
    },
);
