/**
 * Every use of Pulumi SDK internals (undocumented modules and functions of @pulumi/pulumi and
 * @pulumi/policy) goes through this module, so an SDK upgrade that moves one breaks here and
 * nowhere else. test/sdkInternals.test.ts is the canary: each of its cases names the internal it
 * checks, so a failing upgrade says what to fix.
 *
 * Nothing here loads the SDK when this module is imported: {@link deferClosureSerializer} must
 * run before anything loads @pulumi/pulumi, and the settings import this module in the program.
 */
/* eslint-disable @typescript-eslint/no-require-imports -- internal SDK modules, loaded on first use */
/* eslint-disable @typescript-eslint/no-explicit-any -- the monitor is the SDK's untyped gRPC stub */
import type * as pulumiModule from "@pulumi/pulumi";

type Pulumi = typeof pulumiModule;
const sdk = (): Pulumi => require("@pulumi/pulumi") as Pulumi;

// ---------------------------------------------------------------------------------------------
// Config: whether a key was set with --secret (@pulumi/pulumi runtime/config.ts isConfigSecret)
// ---------------------------------------------------------------------------------------------

/** Whether a config key (`namespace:key`) was set with `--secret`. */
export function isConfigSecret(key: string): boolean {
    const runtime = sdk().runtime as unknown as { isConfigSecret?: (k: string) => boolean };
    if (typeof runtime.isConfigSecret !== "function") {
        throw new Error(
            "@pulumi/pulumi no longer exposes runtime.isConfigSecret; update sdk/internals.ts",
        );
    }
    return runtime.isConfigSecret(key);
}

// ---------------------------------------------------------------------------------------------
// Wire signatures of Pulumi's special values (@pulumi/pulumi runtime/rpc.ts special*Sig)
// ---------------------------------------------------------------------------------------------

/**
 * The key and values that mark a special value on the wire and in state files: a secret
 * (`{"4dabf…": "1b47…", "ciphertext"|"plaintext": …}` in an export), a resource reference, an
 * asset or archive, an output value.
 */
export const WIRE_SIGNATURES = {
    key: "4dabf18193072939515e22adb298388d",
    secret: "1b47061264138c4ac30d75fd1eb44270",
    resource: "5cf8f73096256a8f31e491e813e4eb8e",
    asset: "c44067f5952c0a294b673a41bacd8c17",
    archive: "0def7320c3a5731c473e5ecbe6d01bc7",
    output: "d0e6a833031e9bbcd3f4e8bde6ca49a4",
} as const;

/**
 * Pulumi's sentinel for a value unknown until the deployment (runtime/rpc.ts unknownValue): a
 * preview-time export carries it where an output is not known yet.
 */
export const UNKNOWN_VALUE = "04da6b54-80e4-46f7-96ec-b56ff0331ba9";

/** The signature of a special value, or undefined for a plain one. */
export function wireSignature(value: unknown): string | undefined {
    if (value === null || typeof value !== "object" || Array.isArray(value)) {
        return undefined;
    }
    const sig = (value as Record<string, unknown>)[WIRE_SIGNATURES.key];
    return typeof sig === "string" ? sig : undefined;
}

// ---------------------------------------------------------------------------------------------
// The mock monitor: what each registration asked for (runtime/mocks.ts MockMonitor, proto getters)
// ---------------------------------------------------------------------------------------------

/** A RegisterResource request, read from the gRPC message. */
export interface RegistrationRequest {
    readonly type: string;
    readonly name: string;
    readonly custom: boolean;
    readonly parent: string;
    readonly provider: string;
    /** The inputs as a wire value (google.protobuf.Struct as plain JS). */
    readonly object: Record<string, unknown>;
    readonly protect: boolean;
    readonly deleteBeforeReplace: boolean;
    /** Whether the program set `deleteBeforeReplace` at all (an explicit `false` overrides the provider). */
    readonly deleteBeforeReplaceDefined: boolean;
    readonly retainOnDelete: boolean;
    /** Whether the program set `retainOnDelete` (unset, the engine inherits the parent's). */
    readonly retainOnDeleteDefined: boolean;
    readonly replaceOnChanges: readonly string[];
    /** The provider package version the SDK asks for (names the engine's default provider). */
    readonly version: string;
    readonly importId: string;
    readonly ignoreChanges: readonly string[];
    readonly dependencies: readonly string[];
    /** Input property → URNs of the resources its value came from. */
    readonly propertyDependencies: Record<string, string[]>;
    /** The `aliases` option: an alias spec's fields, or an alias given as a URN. */
    readonly aliases: readonly RequestAlias[];
}

/** One entry of RegisterResourceRequest.aliases (proto Alias: a spec or a URN). */
export type RequestAlias =
    | { readonly urn: string }
    | {
          readonly name: string;
          readonly type: string;
          readonly stack: string;
          readonly project: string;
          readonly parentUrn: string;
          readonly noParent: boolean;
      };

/** What the monitor answered. */
export interface RegistrationResponse {
    readonly urn: string;
    readonly id: string;
    /** The state as a wire value. */
    readonly object: Record<string, unknown>;
}

/** Callbacks of {@link interceptRegistrations}. */
export interface RegistrationHooks {
    /** A registration is about to be sent (before the mocks answer). */
    readonly sending?: (type: string) => void;
    /** A registration succeeded. */
    readonly registered: (req: RegistrationRequest, resp: RegistrationResponse) => void;
    /** A component registered its outputs (as a wire value). */
    readonly outputs: (urn: string, outputs: Record<string, unknown>) => void;
}

/** RegisterResourceRequest.propertyDependencies (a jspb Map of URN lists), without empty lists. */
function propertyDependenciesOf(req: any): Record<string, string[]> {
    const out: Record<string, string[]> = {};
    for (const [key, deps] of Array.from(
        (req.getPropertydependenciesMap()?.entries() ?? []) as Iterable<[string, any]>,
    )) {
        const urns: string[] = [...deps.getUrnsList()];
        if (urns.length > 0) {
            out[key] = urns;
        }
    }
    return out;
}

/**
 * Makes the mock monitor name resources with `urn` (its `newUrn`, the only place the mocks build
 * URNs; runtime/mocks.ts MockMonitor).
 */
export function setMockUrnFactory(
    urn: (parent: string, type: string, name: string) => string,
): void {
    const monitor = sdk().runtime.getMonitor() as any;
    if (typeof monitor?.newUrn !== "function") {
        throw new Error(
            "@pulumi/pulumi's mock monitor has no newUrn(parent, type, name) any more; update sdk/internals.ts",
        );
    }
    monitor.newUrn = urn;
}

/**
 * Wraps the current (mock) monitor's RegisterResource and RegisterResourceOutputs so the hooks
 * see every request; the mocks still answer. Call after `pulumi.runtime.setMocks`.
 */
export function interceptRegistrations(hooks: RegistrationHooks): void {
    const monitor = sdk().runtime.getMonitor() as any;
    const register = monitor.registerResource.bind(monitor);
    monitor.registerResource = (req: any, callback: (err: unknown, resp: any) => void) => {
        const type: string = req.getType();
        hooks.sending?.(type);
        return register(req, (err: unknown, resp: any) => {
            if (!err && resp) {
                hooks.registered(
                    {
                        type,
                        name: req.getName(),
                        custom: req.getCustom(),
                        parent: req.getParent() ?? "",
                        provider: req.getProvider() ?? "",
                        object: req.getObject()?.toJavaScript() ?? {},
                        protect: req.getProtect() ?? false,
                        deleteBeforeReplace: req.getDeletebeforereplace() ?? false,
                        deleteBeforeReplaceDefined: req.getDeletebeforereplacedefined() ?? false,
                        retainOnDelete: req.getRetainondelete() ?? false,
                        retainOnDeleteDefined: req.hasRetainondelete?.() ?? false,
                        replaceOnChanges: req.getReplaceonchangesList() ?? [],
                        version: req.getVersion() ?? "",
                        importId: req.getImportid() ?? "",
                        ignoreChanges: req.getIgnorechangesList() ?? [],
                        dependencies: req.getDependenciesList() ?? [],
                        propertyDependencies: propertyDependenciesOf(req),
                        aliases: (req.getAliasesList() ?? []).map((a: any): RequestAlias => {
                            const spec = a.getSpec();
                            return spec
                                ? {
                                      name: spec.getName(),
                                      type: spec.getType(),
                                      stack: spec.getStack(),
                                      project: spec.getProject(),
                                      parentUrn: spec.getParenturn(),
                                      noParent: spec.getNoparent(),
                                  }
                                : { urn: a.getUrn() };
                        }),
                    },
                    {
                        urn: resp.getUrn(),
                        id: resp.getId(),
                        object: resp.getObject()?.toJavaScript() ?? {},
                    },
                );
            }
            callback(err, resp);
        });
    };
    const registerOutputs = monitor.registerResourceOutputs.bind(monitor);
    monitor.registerResourceOutputs = (req: any, callback: (err: unknown, resp: any) => void) => {
        hooks.outputs(req.getUrn(), req.getOutputs()?.toJavaScript() ?? {});
        return registerOutputs(req, callback);
    };
}

/** Waits until every resource registration the program started has finished (runtime/settings.ts). */
export async function waitForRPCs(): Promise<void> {
    const settings = require("@pulumi/pulumi/runtime/settings") as {
        waitForRPCs?: () => Promise<void>;
    };
    if (typeof settings.waitForRPCs !== "function") {
        throw new Error(
            "@pulumi/pulumi runtime/settings no longer exports waitForRPCs; update sdk/internals.ts",
        );
    }
    await settings.waitForRPCs();
}

// ---------------------------------------------------------------------------------------------
// Source positions (resource.ts Resource.callsites): captured per resource, read only by the engine
// ---------------------------------------------------------------------------------------------

/**
 * Until the returned function is called, resources register without a source position. The SDK
 * finds each resource's position by capturing a full stack (Error.stackTraceLimit = Infinity) in
 * the static `Resource.callsites()` that every resource constructor calls through the class; the
 * engine records it, the mock monitor drops it. Offline renders only: about 6% of a prod synth.
 */
export function withoutSourcePositions(): () => void {
    const resource = sdk().Resource as unknown as { callsites?: () => unknown[] };
    const original = resource.callsites;
    if (typeof original !== "function") {
        throw new Error(
            "@pulumi/pulumi Resource.callsites is gone; update sdk/internals.ts withoutSourcePositions",
        );
    }
    const none = (): unknown[] => [];
    resource.callsites = none;
    return () => {
        if (resource.callsites === none) {
            resource.callsites = original;
        }
    };
}

// ---------------------------------------------------------------------------------------------
// The closure serializer, loaded on first use (runtime/closure/*)
// ---------------------------------------------------------------------------------------------

/** The SDK modules that only serialize functions and pull in the TypeScript compiler. */
export const DEFERRED_CLOSURE_MODULES = [
    "@pulumi/pulumi/runtime/closure/serializeClosure.js",
    "@pulumi/pulumi/runtime/closure/codePaths.js",
];

type Exports = Record<string | symbol, unknown>;

/**
 * Keeps Pulumi's closure serializer unloaded until something calls it. `@pulumi/pulumi` loads
 * it eagerly, and it pulls in the TypeScript compiler and npm's arborist: about half a second, a
 * quarter of an offline synth, for code that only serializes functions (dynamic providers,
 * callback functions), which this program does not use. Each module is replaced in the require
 * cache by a stand-in whose functions load the real module on first call, so behaviour is
 * unchanged when something does serialize. Must run before anything loads @pulumi/pulumi.
 * Returns the modules it deferred.
 */
export function deferClosureSerializer(): string[] {
    const deferred: string[] = [];
    for (const id of DEFERRED_CLOSURE_MODULES) {
        let file: string;
        try {
            file = require.resolve(id);
        } catch {
            continue; // the SDK moved it: nothing to defer, nothing breaks (the canary says so)
        }
        if (require.cache[file]) {
            continue; // already loaded
        }
        let real: Exports | undefined;
        const load = (): Exports => {
            if (real === undefined) {
                delete require.cache[file];
                real = require(file) as Exports;
            }
            return real;
        };
        const stub = new Proxy({} as Exports, {
            get(_target, prop) {
                if (prop === "__esModule") {
                    return true;
                }
                if (real !== undefined) {
                    return real[prop];
                }
                // Every export of these modules is a function: hand out a loader in its place.
                return (...args: unknown[]) =>
                    (load()[prop] as (...a: unknown[]) => unknown)(...args);
            },
        });
        require.cache[file] = {
            id: file,
            filename: file,
            loaded: true,
            exports: stub,
        } as unknown as NodeJS.Module;
        deferred.push(id);
    }
    return deferred;
}

// ---------------------------------------------------------------------------------------------
// The CLI's Node.js hosts (cmd/run, cmd/run-policy-pack) and the policy server (@pulumi/policy)
// ---------------------------------------------------------------------------------------------

/** `run()` of @pulumi/pulumi/cmd/run/run.ts: the language host's program runner. */
export type ProgramRun = (
    argv: { _: string[] },
    programStarted: () => void,
    reportLoggedError: (err: Error) => void,
    isErrorReported: (err: Error) => boolean,
) => Promise<unknown>;

/** `run()` of @pulumi/pulumi/cmd/run-policy-pack/run.ts: the analyzer host's pack runner. */
export type PolicyPackRun = (opts: {
    argv: { _: string[] };
    programStarted: () => void;
    reportLoggedError: (err: Error) => void;
    typeScript: boolean;
}) => Promise<unknown>;

/** `serve()` of @pulumi/policy/server.ts, as the PolicyPack constructor calls it. */
export type PolicyServe = (
    name: string,
    version: string,
    level: string,
    args: { policies: unknown[] },
) => void;

/**
 * Puts a stand-in for a host's entry module in the require cache: `run.js` requires its entry
 * back (for one constant), and the real entry would parse the engine's flags and exit.
 */
function stubHostEntry(id: string, exports: object): void {
    const entry = require.resolve(id);
    require.cache[entry] ??= {
        id: entry,
        filename: entry,
        loaded: true,
        exports,
    } as unknown as NodeJS.Module;
}

function runOf<T>(id: string): T {
    const mod = require(id) as { run?: T };
    if (typeof mod.run !== "function") {
        throw new Error(`${id} no longer exports run(); update sdk/internals.ts`);
    }
    return mod.run;
}

/**
 * Loads the language host as `pulumi preview` starts it (instrumentation, source maps, its entry
 * stubbed) and returns its `run()`.
 */
export function loadProgramHost(): ProgramRun {
    require("@pulumi/pulumi/cmd/run/instrumentation");
    require("source-map-support/register");
    stubHostEntry("@pulumi/pulumi/cmd/run/index.js", {
        nodeJSProcessExitedAfterLoggingUserActionableMessage: 32,
    });
    return runOf<ProgramRun>("@pulumi/pulumi/cmd/run/run");
}

/**
 * Loads the analyzer host as `--policy-pack` starts it, with the policy server's `serve`
 * replaced by `serve` (the pack is ready when its PolicyPack starts serving), and returns its
 * `run()`.
 */
export function loadPolicyPackHost(serve: PolicyServe): PolicyPackRun {
    require("source-map-support/register");
    require("@pulumi/pulumi/runtime/closure/v8Hooks");
    stubHostEntry("@pulumi/pulumi/cmd/run-policy-pack/index.js", {});
    const run = runOf<PolicyPackRun>("@pulumi/pulumi/cmd/run-policy-pack/run");
    const server = require("@pulumi/policy/server") as { serve: unknown };
    if (typeof server.serve !== "function") {
        throw new Error("@pulumi/policy/server no longer exports serve(); update sdk/internals.ts");
    }
    server.serve = serve;
    return run;
}

// ---------------------------------------------------------------------------------------------
// A program that threw: the root Stack's unobserved promises (runtime/stack.ts, output.ts)
// ---------------------------------------------------------------------------------------------

/**
 * After the program threw inside `runInPulumiStack`: the SDK rejects the root Stack's outputs
 * with the program's error, and besides the value (which the caller awaits) their `isKnown` and
 * `isSecret` promises, which nobody awaits; Node would report those as unhandled rejections and
 * end the process with a second, bare copy of the error. Marks them handled. Call it in the
 * caller's catch, in the same microtask run (before Node checks for unhandled rejections).
 */
export function observeFailedStack(): void {
    const { getStackResource } = require("@pulumi/pulumi/runtime/stack") as {
        getStackResource(): { outputs?: Record<string, unknown> } | undefined;
    };
    const outputs = getStackResource()?.outputs;
    for (const key of ["isKnown", "isSecret"]) {
        const p = outputs?.[key];
        if (p instanceof Promise) {
            p.catch(() => undefined);
        }
    }
}
