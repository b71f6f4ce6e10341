// How the Pulumi CLI runs this project's TypeScript: the entry file and everything it imports,
// bundled by esbuild and compiled as one module. Used by main.js (the program, Pulumi.yaml `main`)
// and policies/main.js (the policy pack, its package.json `main`).
//
// Why: the CLI's hosts otherwise register ts-node, which type-checks the whole program on every
// preview (about 20x the time Node needs to load the Pulumi SDK; the policy host even forces
// `typeCheck: true`). Types are checked once, by `npm test` (tsc); esbuild only strips them.
// Packages stay external (node_modules, as usual). The bundle keeps an inline source map: when
// the program fails, the error's stack is mapped through it to the .ts files and lines (the
// host's source-map-support reads the entry's .ts file from disk, which has no map). The bundle is cached under
// node_modules/.cache/tng-entry and rebuilt when any of its source files changes.
"use strict";
const crypto = require("crypto");
const fs = require("fs");
const Module = require("module");
const path = require("path");
const { quietSdkStackTraces } = require("../sdk/stackTraces.cjs");

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

/**
 * `e` with each stack frame in the bundle (reported at `entry` with the bundle's line numbers)
 * moved to its .ts file and line, through the bundle's inline source map. Only on failure: the
 * host's source-map-support reads `entry` from disk (the .ts source, no map) and cannot map them.
 */
function atSourceLines(e, text, entry) {
    if (!(e instanceof Error) || typeof e.stack !== "string") {
        return e;
    }
    const marker = "//# sourceMappingURL=data:application/json;base64,";
    const at = text.lastIndexOf(marker);
    if (at < 0) {
        return e;
    }
    let map;
    try {
        const payload = Buffer.from(text.slice(at + marker.length).trim(), "base64").toString();
        map = new Module.SourceMap(JSON.parse(payload));
    } catch {
        return e;
    }
    const escaped = entry.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
    const frame = new RegExp(`${escaped}:(\\d+):(\\d+)`);
    e.stack = e.stack
        .split("\n")
        .map((line) => {
            const m = /^\s+at /.test(line) ? frame.exec(line) : null;
            const found = m && map.findEntry(Number(m[1]) - 1, Number(m[2]) - 1);
            if (!found || found.originalSource === undefined) {
                return line;
            }
            const source = found.originalSource.startsWith("file:")
                ? require("url").fileURLToPath(found.originalSource)
                : path.resolve(path.dirname(entry), found.originalSource);
            return line.replace(
                m[0],
                `${source}:${found.originalLine + 1}:${found.originalColumn + 1}`,
            );
        })
        .join("\n");
    return e;
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
    // Errors keep their stacks (mapped to the .ts lines below); only the SDK's leak-debugging
    // stack strings are recorded without frames while the program declares its resources
    // (sdk/stackTraces.cjs; TNG_STACK_TRACES=1 keeps them too).
    const restore = quietSdkStackTraces();
    try {
        program._compile(text, entry);
    } catch (e) {
        throw atSourceLines(e, text, entry);
    } finally {
        restore();
    }
    return program.exports;
};
