/**
 * Offline synth: runs index.ts under the mocks with a stack file's config and returns what it
 * registered, shaped like `pulumi stack export`. No CLI, plugin or AWS credentials are involved.
 */
import * as path from "path";
import * as pulumi from "@pulumi/pulumi";
import { ExportDocument, exportDocument, registrationDetails, RegistrationDetails } from "./export";
import { installMocks, RecordedResource, settle } from "./mocks";
import {
    PROJECT_ROOT,
    readProjectName,
    readStackConfig,
    SECRET_PLACEHOLDER,
    StackConfig,
} from "./stackFiles";
import {
    configSetCommand,
    missingSecretKeys,
    placeholderValues,
    renderingOffline,
} from "../stacks/settings";
import { observeFailedStack, withoutSourcePositions } from "../sdk/internals";
import { quietSdkStackTraces } from "./errorReport";

export { listStacks, PROJECT_ROOT, readStackConfig } from "./stackFiles";
export type { StackConfig } from "./stackFiles";
export type { ExportDocument, ExportResource } from "./export";

export interface SynthResult {
    readonly project: string;
    readonly stack: string;
    /** Every registered resource, components included, in registration order. */
    readonly resources: RecordedResource[];
    /** Stack outputs; secret outputs are the placeholder. */
    readonly outputs: Record<string, unknown>;
    /** Messages the program logged with pulumi.log.warn. */
    readonly warnings: string[];
    /**
     * What a real preview would refuse but this render stood in for, each with the command that
     * fixes it: a required secret that is not set (rendered as "[secret]"), a placeholder value.
     */
    readonly configWarnings: string[];
    /** Aliases and property dependencies of each registration, by URN. */
    readonly details: ReadonlyMap<string, RegistrationDetails>;
    /** The stack config the render used (the engine's default providers read their package's keys). */
    readonly config?: Readonly<Record<string, string>>;
}

/**
 * Runs the program for a stack under mocks. `config` replaces the stack file's (tests pass
 * variations); `program` defaults to index.ts. Errors from the program propagate unchanged.
 */
export async function synthesize(
    stack: string,
    options: { config?: StackConfig; root?: string; program?: string } = {},
): Promise<SynthResult> {
    const root = options.root ?? PROJECT_ROOT;
    const project = readProjectName(root);
    const read = options.config ?? readStackConfig(stack, root);
    const { config, secretKeys, configWarnings } = standIns(read, project, stack);
    // index.ts beside this module: the source under tsx, or its build under bin/.
    const program = options.program ?? require.resolve(path.join(__dirname, "..", "index"));

    const recorder = await installMocks(project, stack);
    pulumi.runtime.setAllConfig(config, secretKeys);
    renderingOffline(true);

    const warnings: string[] = [];
    const warn = pulumi.log.warn;
    (pulumi.log as { warn: typeof warn }).warn = async (msg: string) => {
        warnings.push(msg);
    };
    // Errors keep their stacks; only the SDK's leak-debugging stack strings are recorded without
    // frames while the program declares its resources (sdk/stackTraces.cjs; TNG_STACK_TRACES=1
    // keeps them).
    const restoreStackTraces = quietSdkStackTraces();
    // Nothing offline reads a resource's source position (sdk/internals.ts).
    const restoreSourcePositions = withoutSourcePositions();
    try {
        // The program is a module with top-level code: drop it from the cache so each run executes it.
        delete require.cache[require.resolve(program)];
        // eslint-disable-next-line @typescript-eslint/no-require-imports -- a program path known only at run time
        await pulumi.runtime.runInPulumiStack(async () => require(program));
        await settle();
    } catch (e) {
        observeFailedStack(); // the error is thrown once, here, not again as an unhandled rejection
        // The SDK still sends the failed stack's outputs (@pulumi/pulumi runtime/stack.ts,
        // Stack.initialize calls registerOutputs in a finally): let that reach these mocks, not
        // the next render's in the same process. The program's error is the one reported.
        await settle().catch(() => undefined);
        throw e;
    } finally {
        restoreStackTraces();
        restoreSourcePositions();
        renderingOffline(false);
        (pulumi.log as { warn: typeof warn }).warn = warn;
    }
    const root$ = recorder.resources.find((r) => r.type === "pulumi:pulumi:Stack");
    return {
        project,
        stack,
        resources: recorder.resources,
        outputs: root$?.outputs ?? {},
        warnings,
        configWarnings,
        details: registrationDetails(recorder.resources, stack, project),
        // Secret config values never reach an export (the default providers' inputs).
        config: Object.fromEntries(
            Object.entries(config).map(([k, v]) => [
                k,
                secretKeys.includes(k) ? SECRET_PLACEHOLDER : v,
            ]),
        ),
    };
}

/** The `pulumi stack export` document (version 3) of a synth result. */
export function toExport(result: SynthResult): ExportDocument {
    return exportDocument(result.resources, result.details, result.config);
}

/**
 * The config a render uses: the stack's, plus "[secret]" for each required secret that is not set,
 * and a warning for each of those and each placeholder value, with the command that sets it. The
 * settings stay strict: a real preview of the same file fails on each.
 */
export function standIns(
    read: StackConfig,
    project: string,
    stack: string,
): StackConfig & { configWarnings: string[] } {
    const prefix = `${project}:`;
    const raw = Object.fromEntries(
        Object.entries(read.config)
            .filter(([k]) => k.startsWith(prefix))
            .map(([k, v]) => [k.slice(prefix.length), v]),
    );
    const config = { ...read.config };
    const secretKeys = [...read.secretKeys];
    const configWarnings: string[] = [];
    for (const key of missingSecretKeys(raw, new Set(Object.keys(raw)))) {
        config[prefix + key] = SECRET_PLACEHOLDER;
        secretKeys.push(prefix + key);
        configWarnings.push(
            `${prefix}${key} is not set: rendered with a placeholder; a real preview fails until you run ${configSetCommand(key, stack, true)}`,
        );
    }
    for (const { key, value } of placeholderValues(raw)) {
        configWarnings.push(
            `${prefix}${key} is a placeholder (${JSON.stringify(value)}): a real preview fails until you run ${configSetCommand(key, stack)}`,
        );
    }
    return { config, secretKeys, configWarnings };
}
