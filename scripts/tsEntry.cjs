// How the Pulumi CLI runs this project's TypeScript: the entry file and everything it imports,
// bundled by esbuild and compiled as one module. Used by main.js (the program, Pulumi.yaml `main`)
// and policies/main.js (the policy pack, its package.json `main`).
//
// Why: the CLI's hosts otherwise register ts-node, which type-checks the whole program on every
// preview (about 20x the time Node needs to load the Pulumi SDK; the policy host even forces
// `typeCheck: true`). Types are checked once, by `npm test` (tsc); esbuild only strips them.
// Packages stay external (node_modules, as usual); the inline source map lets the host's
// source-map-support report errors at their .ts lines. The bundle is cached under
// node_modules/.cache/tng-entry and rebuilt when any of its source files changes.
"use strict";
const crypto = require("crypto");
const fs = require("fs");
const Module = require("module");
const path = require("path");

/** node_modules/.cache/tng-entry: the bundle and V8's compile cache live here. */
const CACHE_DIR = path.join(
    path.dirname(require.resolve("esbuild/package.json")),
    "..",
    ".cache",
    "tng-entry",
);

/** The bundle of `entry`: from the cache while every input file is unchanged, else built. */
function bundle(entry) {
    const dir = CACHE_DIR;
    const base = path.join(dir, crypto.createHash("sha1").update(entry).digest("hex").slice(0, 12));
    const stamp = (f) => {
        const s = fs.statSync(f, { throwIfNoEntry: false });
        return s ? `${s.mtimeMs}:${s.size}` : "missing";
    };
    try {
        const inputs = JSON.parse(fs.readFileSync(`${base}.json`, "utf8"));
        if (Object.entries(inputs).every(([f, s]) => stamp(f) === s)) {
            return fs.readFileSync(`${base}.js`, "utf8");
        }
    } catch {
        // no cache yet, or an unreadable one: build
    }
    const { outputFiles, metafile } = require("esbuild").buildSync({
        entryPoints: [entry],
        bundle: true,
        packages: "external",
        platform: "node",
        format: "cjs",
        target: `node${process.versions.node.split(".")[0]}`,
        sourcemap: "inline",
        sourcesContent: false,
        metafile: true,
        write: false,
        logLevel: "error",
        absWorkingDir: path.dirname(entry),
    });
    const text = outputFiles[0].text;
    const inputs = Object.fromEntries(
        Object.keys(metafile.inputs).map((f) => {
            const abs = path.resolve(path.dirname(entry), f);
            return [abs, stamp(abs)];
        }),
    );
    try {
        fs.mkdirSync(dir, { recursive: true });
        fs.writeFileSync(`${base}.js`, text);
        fs.writeFileSync(`${base}.json`, JSON.stringify(inputs));
    } catch {
        // a read-only checkout still runs, only without the cache
    }
    return text;
}

/** Runs `entry` (a .ts file) as a module whose parent is `parent`; returns its exports. */
exports.runTypeScript = function runTypeScript(entry, parent) {
    // V8's compile cache (Node.js 22.1+) for every module loaded from here on: the provider's
    // modules the program uses (@pulumi/aws/ec2, rds, ...) are compiled once, not on every preview
    // (https://nodejs.org/api/module.html#moduleenablecompilecachecachedir).
    Module.enableCompileCache?.(path.join(CACHE_DIR, "v8"));
    const program = new Module(entry, parent);
    program.filename = entry;
    program.paths = Module._nodeModulePaths(path.dirname(entry));
    const text = bundle(entry);
    // The SDK records a JS stack trace for every resource and output it creates (leak-debugging
    // aids), each formatted through the host's source-map-support: two thirds of the time the
    // program takes to declare its resources. They are off while the program's top-level code
    // runs; each resource's source position is still recorded (the SDK raises the limit for it).
    // TNG_STACK_TRACES=1 keeps them, for debugging the program.
    const limit = Error.stackTraceLimit;
    if (!process.env.TNG_STACK_TRACES) {
        Error.stackTraceLimit = 0;
    }
    try {
        program._compile(text, entry);
    } finally {
        Error.stackTraceLimit = limit;
    }
    return program.exports;
};
