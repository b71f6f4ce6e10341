/**
 * The testable part of `npm run invalidate`: argument parsing, finding the distribution id in a
 * stack's outputs, and the CloudFront CreateInvalidation call. Everything that touches the
 * outside world (the CloudFront client, the Pulumi CLI, files, the clock, stdout) is passed in,
 * so the tests run it with fakes and no network.
 */
import { EXIT, readCli, usageMessage, UsageError } from "../lib/cli";
import { InputFileError } from "../lib/files";
import {
    CreateInvalidationCommand,
    type CreateInvalidationCommandInput,
    type CreateInvalidationCommandOutput,
} from "@aws-sdk/client-cloudfront";

/** The stack output that holds the distribution id (exported by index.ts). */
export const DISTRIBUTION_ID_OUTPUT = "distributionId";

/** CloudFront accepts at most this many paths in one invalidation batch. */
export const MAX_PATHS = 3000;

/** Printed with every usage error. */
export const USAGE = [
    "usage: npm run invalidate -- (--stack NAME | --outputs FILE | --distribution-id ID) --paths PATH... [--wait]",
    "",
    "  --stack NAME            read the distribution id from `pulumi stack output --json --stack NAME`",
    "  --outputs FILE          read it from a JSON file of stack outputs (e.g. saved from that command)",
    "  --distribution-id ID    use this distribution id",
    "  --paths PATH...         absolute paths to invalidate; quote wildcards: '/*' '/feed*'",
    "  --wait                  wait until CloudFront reports the invalidation Completed",
    "  --help                  this text",
    "",
    "  --flag=value works too. Exit codes: 0 done, 1 failed, 2 usage error.",
].join("\n");

/** A mistake in the command line: printed with the usage, exit code 2. */
export { UsageError };

/** Where the distribution id comes from. */
export type DistributionSource =
    | { readonly kind: "stack"; readonly stack: string }
    | { readonly kind: "outputs"; readonly file: string }
    | { readonly kind: "id"; readonly distributionId: string };

/** A parsed command line. */
export interface InvalidateOptions {
    readonly source: DistributionSource;
    readonly paths: readonly string[];
    readonly wait: boolean;
}

/** CloudFront distribution ids: upper-case letters and digits. */
const DISTRIBUTION_ID = /^[A-Z0-9]{1,128}$/;

/**
 * Parses the arguments after `--` (`--flag=value` too); `"help"` for --help. Throws
 * {@link UsageError} naming the first problem.
 */
export function parseInvalidateArgs(argv: readonly string[]): InvalidateOptions | "help" {
    const cli = readCli(
        argv,
        {
            stack: { type: "string", multiple: true },
            outputs: { type: "string", multiple: true },
            "distribution-id": { type: "string", multiple: true },
            paths: { type: "boolean" },
            wait: { type: "boolean" },
        },
        {
            positionals: true,
            messages: {
                takesNoValue: (flag) => `${flag} takes no value: give the paths after it.`,
            },
        },
    );
    if (cli.help) {
        return "help";
    }
    const sources: DistributionSource[] = [];
    const paths: string[] = [];
    let sawPaths = false;
    let inPaths = false; // the positionals right after --paths are its paths
    for (const t of cli.tokens) {
        if (t.kind === "positional") {
            if (!inPaths) {
                throw new UsageError(`unexpected argument ${JSON.stringify(t.value)}`);
            }
            paths.push(t.value);
            continue;
        }
        inPaths = t.name === "paths";
        sawPaths ||= inPaths;
        if (t.name === "stack") {
            sources.push({ kind: "stack", stack: t.value as string });
        } else if (t.name === "outputs") {
            sources.push({ kind: "outputs", file: t.value as string });
        } else if (t.name === "distribution-id") {
            sources.push({ kind: "id", distributionId: t.value as string });
        }
    }
    const wait = cli.values.wait === true;
    if (sources.length !== 1) {
        throw new UsageError(
            sources.length === 0
                ? "Give one of --stack, --outputs or --distribution-id."
                : "Give only one of --stack, --outputs or --distribution-id.",
        );
    }
    const source = sources[0];
    if (source.kind === "id" && !DISTRIBUTION_ID.test(source.distributionId)) {
        throw new UsageError(
            `--distribution-id must be a CloudFront distribution id such as E2QWRUHEXAMPLE (got ${JSON.stringify(source.distributionId)}).`,
        );
    }
    if (!sawPaths || paths.length === 0) {
        throw new UsageError("--paths needs at least one path, such as '/*'.");
    }
    for (const p of paths) {
        if (!p.startsWith("/")) {
            throw new UsageError(`Paths must start with / (got ${JSON.stringify(p)}).`);
        }
    }
    if (paths.length > MAX_PATHS) {
        throw new UsageError(`At most ${MAX_PATHS} paths per invalidation (got ${paths.length}).`);
    }
    return { source, paths: [...new Set(paths)], wait };
}

/** The distribution id in a stack's outputs (`pulumi stack output --json`). */
export function distributionIdFromOutputs(outputs: unknown, origin: string): string {
    const value =
        outputs !== null && typeof outputs === "object"
            ? (outputs as Record<string, unknown>)[DISTRIBUTION_ID_OUTPUT]
            : undefined;
    if (typeof value !== "string" || !DISTRIBUTION_ID.test(value)) {
        throw new Error(
            `${origin} has no stack output ${DISTRIBUTION_ID_OUTPUT} holding a distribution id (got ${JSON.stringify(value)}); has the stack been deployed?`,
        );
    }
    return value;
}

/** The CreateInvalidation request for these paths. */
export function invalidationInput(
    distributionId: string,
    paths: readonly string[],
    callerReference: string,
): CreateInvalidationCommandInput {
    return {
        DistributionId: distributionId,
        InvalidationBatch: {
            // Unique per request: CloudFront treats a repeated reference as the same request.
            CallerReference: callerReference,
            Paths: { Quantity: paths.length, Items: [...paths] },
        },
    };
}

/** What the tool needs from a CloudFront client. */
export interface InvalidationClient {
    send(command: CreateInvalidationCommand): Promise<CreateInvalidationCommandOutput>;
}

/** Sends CreateInvalidation; returns the invalidation id and status. */
export async function createInvalidation(
    client: InvalidationClient,
    distributionId: string,
    paths: readonly string[],
    callerReference: string,
): Promise<{ id: string; status: string }> {
    const out = await client.send(
        new CreateInvalidationCommand(invalidationInput(distributionId, paths, callerReference)),
    );
    const id = out.Invalidation?.Id;
    if (!id) {
        throw new Error(
            `CloudFront returned no invalidation id for distribution ${distributionId}.`,
        );
    }
    return { id, status: out.Invalidation?.Status ?? "InProgress" };
}

/** The outside world, injected. */
export interface InvalidateDeps {
    readonly client: InvalidationClient;
    /** Waits until the invalidation is Completed (throws on failure or timeout). */
    readonly waitUntilCompleted: (distributionId: string, invalidationId: string) => Promise<void>;
    /** `pulumi stack output --json --stack NAME`, parsed; throws when the CLI is missing. */
    readonly stackOutputs: (stack: string) => unknown;
    readonly readFile: (file: string) => string;
    /** A unique caller reference per run. */
    readonly callerReference: () => string;
    readonly log: (line: string) => void;
    readonly error: (line: string) => void;
}

/** Resolves the distribution id from the chosen source. */
export function resolveDistributionId(source: DistributionSource, deps: InvalidateDeps): string {
    switch (source.kind) {
        case "id":
            return source.distributionId;
        case "outputs": {
            let parsed: unknown;
            try {
                parsed = JSON.parse(deps.readFile(source.file));
            } catch (e) {
                if (e instanceof InputFileError) {
                    throw e; // not a regular file, too big, missing: a usage problem (exit 2)
                }
                throw new Error(
                    `Cannot read stack outputs from ${source.file}: ${(e as Error).message}`,
                );
            }
            return distributionIdFromOutputs(parsed, source.file);
        }
        case "stack":
            return distributionIdFromOutputs(
                deps.stackOutputs(source.stack),
                `Stack ${source.stack}`,
            );
    }
}

/** Runs the tool; returns the exit code (0 done, 1 failed, 2 usage error). */
export async function runInvalidate(
    argv: readonly string[],
    deps: InvalidateDeps,
): Promise<number> {
    let options: InvalidateOptions;
    try {
        const parsed = parseInvalidateArgs(argv);
        if (parsed === "help") {
            deps.log(USAGE);
            return 0;
        }
        options = parsed;
    } catch (e) {
        if (e instanceof UsageError) {
            // The one style of every tool (lib/cli.ts): "invalidate: <problem>", the usage line.
            deps.error(usageMessage("invalidate", e.message, USAGE));
            return 2;
        }
        throw e;
    }
    try {
        const distributionId = resolveDistributionId(options.source, deps);
        const { id, status } = await createInvalidation(
            deps.client,
            distributionId,
            options.paths,
            deps.callerReference(),
        );
        deps.log(
            `Invalidation ${id} of distribution ${distributionId} (${options.paths.join(" ")}): ${status}`,
        );
        if (options.wait) {
            await deps.waitUntilCompleted(distributionId, id);
            deps.log(`Invalidation ${id}: Completed`);
        }
        return 0;
    } catch (e) {
        if (e instanceof InputFileError) {
            deps.error(`invalidate: ${e.message}`);
            return EXIT.usage;
        }
        deps.error(`invalidate failed: ${(e as Error).message}`);
        return EXIT.found;
    }
}
