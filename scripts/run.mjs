// node scripts/run.mjs <tool> [args...]: makes bin/ fresh, then runs bin/scripts/<tool>.js in this
// same process (one node start-up instead of two: the start-up is a tenth of a synth).
import { existsSync, readdirSync } from "fs";
import Module, { createRequire } from "module";
import { dirname, join } from "path";
import { fileURLToPath } from "url";
import { ensureBuilt } from "./build.mjs";

// The arguments after <tool> are the tool's own (each parses them with node:util parseArgs).
const usage = "usage: node scripts/run.mjs <tool> [args...]   (each tool takes --help)";
const [tool, ...args] = process.argv.slice(2);
if (tool === "--help" || tool === "-h") {
    console.log(usage);
    process.exit(0);
}
if (!tool || !/^[a-z]+$/.test(tool)) {
    console.error(usage);
    process.exit(2);
}
await ensureBuilt();
// V8's compile cache (Node.js 22.1+), shared with the program's entry (scripts/tsEntry.cjs): the
// Pulumi SDK and provider modules a tool loads are compiled once, not on every run
// (https://nodejs.org/api/module.html#module-compile-cache; NODE_COMPILE_CACHE overrides the folder,
// NODE_DISABLE_COMPILE_CACHE=1 turns it off). TypeScript's tsc does the same.
Module.enableCompileCache?.(
    process.env.NODE_COMPILE_CACHE ||
        join(
            dirname(fileURLToPath(import.meta.url)),
            "..",
            "node_modules",
            ".cache",
            "tng-entry",
            "v8",
        ),
);
const scripts = join(dirname(fileURLToPath(import.meta.url)), "..", "bin", "scripts");
const script = join(scripts, `${tool}.js`);
if (!existsSync(script)) {
    const tools = readdirSync(scripts)
        .filter((f) => /^[a-z]+\.js$/.test(f))
        .map((f) => f.slice(0, -3));
    console.error(`unknown tool ${tool} (tools: ${tools.join(", ")})\n${usage}`);
    process.exit(2);
}
// The tool reads its arguments from process.argv as if started as `node bin/scripts/<tool>.js`.
process.argv = [process.argv[0], script, ...args];
createRequire(import.meta.url)(script);
