/**
 * The canary for SDK upgrades: every Pulumi internal sdk/internals.ts relies on, one case
 * each, named after the internal, so a failing upgrade says what moved.
 */
import * as assert from "assert";
import { execFileSync } from "child_process";
import * as path from "path";
import * as pulumi from "@pulumi/pulumi";
import {
    DEFERRED_CLOSURE_MODULES,
    isConfigSecret,
    UNKNOWN_VALUE,
    waitForRPCs,
    WIRE_SIGNATURES,
    wireSignature,
    withoutSourcePositions,
} from "../sdk/internals";
import { PROJECT_ROOT } from "../offline/stackFiles";
import { freshMocks } from "./harness";
import { withSdkAsShipped } from "./setup";

/* eslint-disable @typescript-eslint/no-require-imports -- the SDK's internal modules themselves */
describe("SDK internals (canary for @pulumi/pulumi and @pulumi/policy upgrades)", () => {
    it("runtime.isConfigSecret tells secret config keys from plain ones", async () => {
        await freshMocks("test", { "tng:a": "x", "tng:b": "y" }, ["tng:b"]);
        assert.strictEqual(isConfigSecret("tng:a"), false);
        assert.strictEqual(isConfigSecret("tng:b"), true);
        await freshMocks();
    });

    it("runtime/rpc special*Sig: the wire signatures are the SDK's", () => {
        const rpc = require("@pulumi/pulumi/runtime/rpc") as Record<string, unknown>;
        assert.deepStrictEqual(WIRE_SIGNATURES, {
            key: rpc.specialSigKey,
            secret: rpc.specialSecretSig,
            resource: rpc.specialResourceSig,
            asset: rpc.specialAssetSig,
            archive: rpc.specialArchiveSig,
            output: rpc.specialOutputValueSig,
        });
        assert.strictEqual(UNKNOWN_VALUE, rpc.unknownValue);
        assert.strictEqual(
            wireSignature({ [WIRE_SIGNATURES.key]: WIRE_SIGNATURES.secret, ciphertext: "x" }),
            WIRE_SIGNATURES.secret,
        );
        assert.strictEqual(wireSignature({ a: 1 }), undefined);
        assert.strictEqual(wireSignature(["x"]), undefined);
    });

    it("the mock monitor patch: runtime.getMonitor() has registerResource and registerResourceOutputs", async () => {
        await freshMocks();
        const monitor = pulumi.runtime.getMonitor() as unknown as Record<string, unknown>;
        assert.strictEqual(typeof monitor.registerResource, "function");
        assert.strictEqual(typeof monitor.registerResourceOutputs, "function");
    });

    it("the mock monitor patch: requests carry every field the recorder reads", async () => {
        const recorder = await freshMocks();
        class Thing extends pulumi.CustomResource {
            constructor(name: string, props: pulumi.Inputs, opts: pulumi.CustomResourceOptions) {
                super("test:index:Thing", name, props, opts);
            }
        }
        const canary = new Thing(
            "canary",
            { size: 1, secret: pulumi.secret("s") },
            { protect: true, ignoreChanges: ["size"], retainOnDelete: true },
        );
        new Thing("follower", { ref: canary.id }, { aliases: [{ name: "old-follower" }] });
        await waitForRPCs();
        const r = recorder.get("test:index:Thing", "canary");
        assert.strictEqual(r.urn, "urn:pulumi:test::tng::test:index:Thing::canary");
        assert.strictEqual(r.custom, true);
        assert.strictEqual(r.id, "canary-id");
        assert.deepStrictEqual(r.inputs, { size: 1, secret: "[secret]" });
        assert.deepStrictEqual(r.options, {
            protect: true,
            deleteBeforeReplace: false,
            deleteBeforeReplaceDefined: false,
            retainOnDelete: true,
            retainOnDeleteDefined: true,
            replaceOnChanges: [],
            version: "",
            importId: "",
            ignoreChanges: ["size"],
            dependencies: [],
            propertyDependencies: {},
            aliases: [],
        });
        const follower = recorder.get("test:index:Thing", "follower").options;
        assert.deepStrictEqual(follower.propertyDependencies, { ref: [r.urn] });
        assert.deepStrictEqual(follower.aliases, [
            {
                name: "old-follower",
                type: "",
                stack: "",
                project: "",
                parentUrn: "",
                noParent: false,
            },
        ]);
    });

    it("runtime/settings waitForRPCs is a function", () => {
        const settings = require("@pulumi/pulumi/runtime/settings") as Record<string, unknown>;
        assert.strictEqual(typeof settings.waitForRPCs, "function");
    });

    it("the closure-serializer swap: the deferred modules exist and the stand-ins load them", () => {
        for (const id of DEFERRED_CLOSURE_MODULES) {
            const file = require.resolve(id);
            const mod = require.cache[file]?.exports as Record<string, unknown> | undefined;
            assert.ok(mod, `${id} is not in the require cache`);
            assert.strictEqual(mod.__esModule, true, id);
        }
        // The real serializer still works through its stand-in.
        const closure = require("@pulumi/pulumi/runtime/closure/serializeClosure.js") as {
            serializeFunction?: unknown;
        };
        assert.strictEqual(typeof closure.serializeFunction, "function");
    });

    // The hosts' entry modules parse the engine's flags and exit when loaded for real: load them
    // the way the bench does, in a child process.
    it("cmd/run/run and cmd/run-policy-pack/run export run(); @pulumi/policy/server exports serve()", () => {
        const script = [
            `const s = require(${JSON.stringify(path.join(__dirname, "..", "sdk", "internals.js"))});`,
            "const program = s.loadProgramHost();",
            "const pack = s.loadPolicyPackHost(() => undefined);",
            'const served = require("@pulumi/policy/server").serve;',
            "process.stdout.write(JSON.stringify([typeof program, typeof pack, typeof served]));",
        ].join("\n");
        const out = execFileSync(process.execPath, ["-e", script], {
            cwd: PROJECT_ROOT,
            encoding: "utf8",
        });
        assert.deepStrictEqual(JSON.parse(out), ["function", "function", "function"]);
    });

    // scripts/tsEntry.cjs (main.js, policies/main.js) runs the bundled program as a module of its
    // own, through Node's CommonJS loader internals; on failure it maps the stack through the
    // public SourceMap class. sdk/stackTraces.cjs recognises the SDK's leak-debugging stacks by
    // the file that creates them.
    it("node:module _compile, _nodeModulePaths and SourceMap, as scripts/tsEntry.cjs uses them", () => {
        const Module = require("module") as {
            new (
                id: string,
                parent?: unknown,
            ): {
                _compile(text: string, file: string): void;
                paths: string[];
                filename: string;
                exports: unknown;
            };
            _nodeModulePaths(dir: string): string[];
            SourceMap: new (payload: unknown) => { findEntry(l: number, c: number): unknown };
        };
        const entry = path.join(PROJECT_ROOT, "canary.ts");
        const m = new Module(entry, module);
        m.filename = entry;
        m.paths = Module._nodeModulePaths(PROJECT_ROOT);
        assert.ok(m.paths.includes(path.join(PROJECT_ROOT, "node_modules")));
        m._compile('module.exports = require("yaml").parse("a: 1");', entry);
        assert.deepStrictEqual(m.exports, { a: 1 });
        assert.strictEqual(typeof Module.SourceMap, "function");
    });

    it("resource.ts: every resource asks Resource.callsites for its source position; withoutSourcePositions turns that off and back", () =>
        withSdkAsShipped(async () => {
            const resource = pulumi.Resource as unknown as { callsites: () => unknown[] };
            const original = resource.callsites;
            assert.strictEqual(typeof original, "function");
            let calls = 0;
            resource.callsites = () => {
                calls++;
                return original.call(resource);
            };
            class Thing extends pulumi.CustomResource {
                constructor(name: string) {
                    super("test:index:Thing", name, {}, {});
                }
            }
            try {
                await freshMocks();
                new Thing("callsites-canary");
                assert.strictEqual(calls, 1, "the constructor did not ask Resource.callsites");
                const restore = withoutSourcePositions();
                new Thing("callsites-off");
                assert.strictEqual(calls, 1, "withoutSourcePositions left the capture on");
                assert.deepStrictEqual(resource.callsites(), []);
                restore();
                new Thing("callsites-back");
                assert.strictEqual(calls, 2, "the capture did not come back");
            } finally {
                resource.callsites = original;
            }
        }));

    it("runtime/debuggable.js: debuggablePromise attaches a stack string, reached through the module object", () =>
        withSdkAsShipped(async () => {
            const { LEAK_DEBUG_FILE } = require(
                path.join(PROJECT_ROOT, "sdk", "stackTraces.cjs"),
            ) as {
                LEAK_DEBUG_FILE: RegExp;
            };
            const file = require.resolve("@pulumi/pulumi/runtime/debuggable");
            assert.match(file, LEAK_DEBUG_FILE);
            const debuggable = require(file) as {
                debuggablePromise<T>(p: Promise<T>, ctx: unknown): Promise<T>;
            };
            const p = Promise.resolve(1);
            await debuggable.debuggablePromise(p, "canary");
            const stack = (p as unknown as { _debugStackTrace?: unknown })._debugStackTrace;
            assert.strictEqual(typeof stack, "string");
            assert.match(stack as string, /^Error\n\s+at /);
            // sdk/stackTraces.cjs replaces the export: the SDK must call it through the module object.
            const original = debuggable.debuggablePromise;
            let calls = 0;
            debuggable.debuggablePromise = (q, ctx) => {
                calls++;
                return original(q, ctx);
            };
            try {
                await freshMocks();
                class Thing extends pulumi.CustomResource {
                    constructor(name: string) {
                        super("test:index:Thing", name, {}, {});
                    }
                }
                await new Promise<void>((resolve) =>
                    new Thing("debuggable-canary").urn.apply(() => resolve()),
                );
            } finally {
                debuggable.debuggablePromise = original;
            }
            assert.ok(calls > 0, "the SDK's registration did not go through debuggablePromise");
        }));
});
