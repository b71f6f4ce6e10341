/**
 * Importing this module first keeps Pulumi's closure serializer unloaded until something calls it.
 *
 * `@pulumi/pulumi` loads it eagerly, and it pulls in the TypeScript compiler and npm's arborist:
 * about half a second, a quarter of an offline synth, for code that only serializes functions
 * (dynamic providers, callback functions), which this program does not use. Each deferred module
 * is replaced in the require cache by a stand-in whose functions load the real module on first
 * call, so behaviour is unchanged when something does serialize. Used by the synth and the tests
 * only; `pulumi up` loads the SDK as it is.
 */
const DEFERRED = [
    "@pulumi/pulumi/runtime/closure/serializeClosure.js",
    "@pulumi/pulumi/runtime/closure/codePaths.js",
];

type Exports = Record<string | symbol, unknown>;

for (const id of DEFERRED) {
    let file: string;
    try {
        file = require.resolve(id);
    } catch {
        continue; // the SDK moved it: nothing to defer, nothing breaks
    }
    if (require.cache[file]) {
        continue; // already loaded
    }
    let real: Exports | undefined;
    const load = (): Exports => {
        if (real === undefined) {
            delete require.cache[file];
            // eslint-disable-next-line @typescript-eslint/no-require-imports -- the deferred module itself
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
            return (...args: unknown[]) => (load()[prop] as (...a: unknown[]) => unknown)(...args);
        },
    });
    require.cache[file] = {
        id: file,
        filename: file,
        loaded: true,
        exports: stub,
    } as unknown as NodeJS.Module;
}

export {};
