// Transpiles the TypeScript sources to CommonJS under bin/ with esbuild (no type check: `tsc` does
// that), with source maps for the tests' stack traces. Synth, the tools and the tests run the build with plain node: loading .ts through a
// require hook with source maps costs more than the whole synth. `ensureBuilt()` skips the build
// when bin/ is newer than every source. Run directly (`node scripts/build.mjs [--force]`) it builds.
import {
    existsSync,
    mkdirSync,
    readdirSync,
    renameSync,
    rmSync,
    statSync,
    writeFileSync,
} from "fs";
import { dirname, join, relative } from "path";
import { fileURLToPath } from "url";
import { parseArgs } from "util";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const outdir = join(root, "bin");
const stamp = join(outdir, ".stamp");
const folders = [
    "lib",
    "sdk",
    "components",
    "stacks",
    "offline",
    "survey",
    "cost",
    "scripts",
    "policies",
    "test",
    "bootstrap",
];

function walk(dir) {
    if (!existsSync(dir)) {
        return [];
    }
    return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
        const p = join(dir, e.name);
        if (e.isDirectory()) {
            return e.name === "node_modules" ? [] : walk(p);
        }
        return e.name.endsWith(".ts") && !e.name.endsWith(".d.ts") ? [p] : [];
    });
}

/** Builds bin/ unless it is newer than every source (or `force`). */
export async function ensureBuilt(force = false) {
    const sources = [join(root, "index.ts"), ...folders.flatMap((f) => walk(join(root, f)))];
    const newest = Math.max(...sources.map((s) => statSync(s).mtimeMs));
    if (!force && existsSync(stamp) && statSync(stamp).mtimeMs >= newest) {
        return;
    }
    // A clean rebuild into a fresh folder, swapped in at the end: a deleted source (or test) leaves
    // nothing behind, and a run in progress never sees a half-written bin/. esbuild loads only now.
    const fresh = `${outdir}.${process.pid}`;
    const { buildSync } = await import("esbuild");
    buildSync({
        entryPoints: sources.map((s) => relative(root, s)),
        absWorkingDir: root,
        outdir: fresh,
        outbase: ".",
        platform: "node",
        format: "cjs",
        target: "node20",
        // Linked maps (.js.map beside each file): failing tests report .ts lines (test/setup.ts
        // turns them on); the synth and the tools never read them, so they cost nothing there.
        sourcemap: "linked",
        sourcesContent: false,
        logLevel: "warning",
    });
    mkdirSync(fresh, { recursive: true });
    writeFileSync(join(fresh, ".stamp"), new Date().toISOString() + "\n");
    rmSync(outdir, { recursive: true, force: true });
    renameSync(fresh, outdir);
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
    const usage =
        "usage: node scripts/build.mjs [--force]\n  --force   rebuild even when bin/ is fresh";
    let values;
    try {
        ({ values } = parseArgs({
            options: { force: { type: "boolean" }, help: { type: "boolean", short: "h" } },
        }));
    } catch (e) {
        console.error(`build: ${e.message}\n${usage}`);
        process.exit(2);
    }
    if (values.help) {
        console.log(usage);
    } else {
        await ensureBuilt(values.force === true);
    }
}
