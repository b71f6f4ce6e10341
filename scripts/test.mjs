// `npm test`: the build, then the checks and mocha side by side:
//   typecheck + lint  scripts/checks.mjs: TypeScript 7's tsc, and ESLint beside it
//   format            prettier --check (its cache in node_modules/.cache/prettier: unchanged files
//                     are not formatted again; the cache key holds Prettier's version and options)
//   mocha             .mocharc.cjs (parallel, 2 jobs, the longest spec files first)
// On two cores the floor is the total CPU time over two: the checks fill the cores that mocha's
// workers leave idle (module loading, the last files), instead of running first.
//
// Output reads as if the steps ran one after another, in this order: each step's output is
// buffered and printed whole once the steps before it are printed; mocha's is then streamed live
// (a long run shows progress), so its reporter's closing line, "mocha: N passed, N failed", stays
// the last line on stdout (the timings go to stderr). Every step runs to its end; the run fails
// with the first failing step's exit code, in this order.
//
// NODE_COMPILE_CACHE (Node 22: https://nodejs.org/api/module.html#module-compile-cache) keeps V8's
// compiled code of the modules on disk, in node_modules/.cache/tng-entry/v8: the many processes
// of a run (mocha's workers, the tools the specs start) load the same big modules (the Pulumi
// SDK, TypeScript, ESLint) and compile them once instead of once per process.
import { spawn } from "child_process";
import { dirname, join } from "path";
import { fileURLToPath } from "url";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const bin = (name) => join(root, "node_modules", ".bin", name);

if (process.argv.length > 2) {
    console.error("usage: node scripts/test.mjs   (npm test; takes no arguments)");
    process.exit(2);
}

// The folder scripts/run.mjs and scripts/tsEntry.cjs use, so a synth after a test run finds the
// SDK compiled (NODE_DISABLE_COMPILE_CACHE=1 still turns it off).
const env = {
    ...process.env,
    NODE_COMPILE_CACHE:
        process.env.NODE_COMPILE_CACHE || join(root, "node_modules", ".cache", "tng-entry", "v8"),
};

/**
 * Runs one command. Its output is buffered until `release()` is called, then written through.
 * A check's stderr goes to stdout with its stdout (one block per step); mocha's (`keepStderr`)
 * stays on stderr, as when it printed to the terminal directly. Resolves to { name, code, seconds }.
 */
function step(name, [cmd, ...args], { keepStderr = false } = {}) {
    let chunks = [
        [process.stdout, Buffer.from(`> ${[cmd.replace(/.*[\\/]/, ""), ...args].join(" ")}\n`)],
    ];
    let released = false;
    const started = Date.now();
    const writer = (stream) => (d) => (released ? stream.write(d) : chunks.push([stream, d]));
    const done = new Promise((resolve) => {
        const child = spawn(cmd, args, { cwd: root, env, stdio: ["ignore", "pipe", "pipe"] });
        child.stdout.on("data", writer(process.stdout));
        child.stderr.on("data", writer(keepStderr ? process.stderr : process.stdout));
        child.on("error", (e) => {
            writer(process.stdout)(Buffer.from(`${name}: cannot start ${cmd}: ${e.message}\n`));
            resolve(127);
        });
        child.on("close", (c, signal) => resolve(c ?? (signal ? 128 : 1)));
    }).then((code) => ({ name, code, seconds: (Date.now() - started) / 1000 }));
    return {
        done,
        /** Prints what is buffered and everything that follows. */
        release() {
            released = true;
            chunks.forEach(([stream, d]) => stream.write(d));
            chunks = [];
        },
    };
}

function status(result) {
    return `${result.code === 0 ? "ok" : `failed (exit ${result.code})`} in ${result.seconds.toFixed(1)} s`;
}

const started = Date.now();
const results = [];
const build = step("build", [process.execPath, join(root, "scripts", "build.mjs")]);
build.release();
results.push(await build.done);
console.log(`[test] build: ${status(results[0])}\n`);
if (results[0].code === 0) {
    // A larger young generation (as synth's, package.json): the program's ~1.3 GB of parse and
    // lint objects cost fewer scavenges (about 3 s of CPU less, measured).
    const checks = [
        step("typecheck + lint", [
            process.execPath,
            "--max-semi-space-size=64",
            join(root, "scripts", "checks.mjs"),
        ]),
        step("format", [bin("prettier"), "--check", "--cache", "--cache-strategy", "content", "."]),
    ];
    // Colours as mocha gives a terminal: its output now passes through a pipe. A larger young
    // generation for mocha and its workers (they inherit its node flags, mocha's
    // buffered-worker-pool.js): the renders allocate many short-lived outputs and promises, and
    // fewer scavenges cost about a tenth less CPU (serial runs, 38.6 -> 34.0 s, three each).
    const mocha = step(
        "mocha",
        [
            process.execPath,
            "--max-semi-space-size=64",
            join(root, "node_modules", "mocha", "bin", "mocha.js"),
            ...(process.stdout.isTTY ? ["--color"] : []),
        ],
        { keepStderr: true },
    );
    for (const s of checks) {
        s.release();
        const result = await s.done;
        results.push(result);
        console.log(`[test] ${result.name}: ${status(result)}\n`);
    }
    mocha.release();
    const result = await mocha.done;
    results.push(result);
    console.error(`[test] mocha: ${status(result)}`);
}
const failed = results.find((r) => r.code !== 0);
console.error(`[test] total ${((Date.now() - started) / 1000).toFixed(1)} s`);
process.exit(failed ? failed.code : 0);
