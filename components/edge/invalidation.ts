/**
 * Invalidation: a deploy-time CloudFront invalidation.
 *
 * A `command.local.Command` that runs this repo's own `npm run invalidate` on the machine doing
 * `pulumi up`, with that machine's AWS credentials. It runs when it is created and again whenever
 * the trigger (the app image plus the asset version) or the distribution changes: the command
 * provider replaces the resource when a trigger changes, and replacing it runs `create` again.
 *
 * A local command rather than a dynamic provider: a dynamic provider's code is serialized into the
 * state on every run, which costs about half a second of the offline synth (closure serialization
 * starts an inspector session and parses sources), and the same CloudFront call is already
 * implemented and tested in scripts/invalidateCore.ts.
 */
import * as command from "@pulumi/command";
import * as pulumi from "@pulumi/pulumi";
import { ArgsError } from "../errors";

/** Path patterns that are safe to pass on a shell command line unchanged. */
const SAFE_PATH = /^\/[A-Za-z0-9._~\-/*]{0,255}$/;

/** The shell command that invalidates `paths` on a distribution. */
export function invalidateCommand(distributionId: string, paths: readonly string[]): string {
    const quoted = paths.map((p) => `'${p}'`).join(" ");
    return `npm run --silent invalidate -- --distribution-id '${distributionId}' --paths ${quoted}`;
}

export interface InvalidationArgs {
    /** The distribution to invalidate. */
    readonly distributionId: pulumi.Input<string>;
    /** Absolute path patterns, e.g. ["/*"] (a wildcard path is billed as one path). */
    readonly paths: readonly string[];
    /** Any string; a change invalidates again (e.g. `<image>|<asset version>`). */
    readonly trigger: pulumi.Input<string>;
}

export class Invalidation extends pulumi.ComponentResource {
    /** The command line run on create and on every trigger change. */
    public readonly command: pulumi.Output<string>;

    /**
     * @param name The _unique_ name of this component.
     * @param args Distribution, paths and trigger.
     * @param opts Options, e.g. `dependsOn` the service whose deploy must come first.
     */
    constructor(name: string, args: InvalidationArgs, opts?: pulumi.ComponentResourceOptions) {
        super("tng:edge:Invalidation", name, {}, opts);
        if (args.paths.length === 0) {
            throw new ArgsError(`Invalidation ${name}: \`paths\` must name at least one path.`);
        }
        const unsafe = args.paths.filter((p) => !SAFE_PATH.test(p));
        if (unsafe.length > 0) {
            throw new ArgsError(
                `Invalidation ${name}: \`paths\` must be absolute paths of letters, digits and . _ ~ - / * (got ${JSON.stringify(unsafe)}).`,
            );
        }
        const line = pulumi
            .output(args.distributionId)
            .apply((id) => invalidateCommand(id, args.paths));
        const run = new command.local.Command(
            `${name}-run`,
            {
                create: line,
                // An update (e.g. new paths) invalidates too; deleting has nothing to undo.
                update: line,
                triggers: [args.trigger, args.distributionId],
                logging: "stdoutAndStderr",
            },
            { parent: this },
        );
        this.command = run.create.apply((c) => c ?? "");
        this.registerOutputs({ command: this.command });
    }
}
