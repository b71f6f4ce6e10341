// `npm test`: the type check, the lint (ESLint) and the format check (Prettier) run at the same time, then the
// build, then mocha. Each step's output is buffered and printed whole, in this order, so a run
// reads as if the steps ran one after another; the run fails with the first failing step's exit
// code (in this order), after printing every step that ran. On two cores the three checks take
// about the time of the longest (ESLint), not their sum.
import { spawn } from "child_process";
import { dirname, join } from "path";
import { fileURLToPath } from "url";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const bin = (name) => join(root, "node_modules", ".bin", name);

if (process.argv.length > 2) {
    console.error("usage: node scripts/test.mjs   (npm test; takes no arguments)");
    process.exit(2);
}

/** Runs commands one after another; resolves to the first non-zero exit code (0 when all pass). */
function step(name, commands, { live = false } = {}) {
    const chunks = [];
    const started = Date.now();
    const run = async () => {
        for (const [cmd, ...args] of commands) {
            chunks.push(Buffer.from(`> ${[cmd.replace(/.*[\\/]/, ""), ...args].join(" ")}\n`));
            if (live) {
                process.stdout.write(chunks.pop());
            }
            const code = await new Promise((resolve) => {
                const child = spawn(cmd, args, {
                    cwd: root,
                    stdio: live ? "inherit" : ["ignore", "pipe", "pipe"],
                });
                if (!live) {
                    child.stdout.on("data", (d) => chunks.push(d));
                    child.stderr.on("data", (d) => chunks.push(d));
                }
                child.on("error", (e) => {
                    chunks.push(Buffer.from(`${name}: cannot start ${cmd}: ${e.message}\n`));
                    resolve(127);
                });
                child.on("close", (c, signal) => resolve(c ?? (signal ? 128 : 1)));
            });
            if (code !== 0) {
                return code;
            }
        }
        return 0;
    };
    return run().then((code) => ({
        name,
        code,
        output: Buffer.concat(chunks),
        seconds: (Date.now() - started) / 1000,
    }));
}

function report(result) {
    process.stdout.write(result.output);
    const status = result.code === 0 ? "ok" : `failed (exit ${result.code})`;
    console.log(`[test] ${result.name}: ${status} in ${result.seconds.toFixed(1)} s\n`);
}

const started = Date.now();
const checks = await Promise.all([
    step("typecheck", [[bin("tsc"), "--noEmit", "-p", "."]]),
    step("lint", [[bin("eslint"), "."]]),
    step("format", [[bin("prettier"), "--check", "."]]),
]);
checks.forEach(report);
let failed = checks.find((r) => r.code !== 0);
if (!failed) {
    const build = await step("build", [[process.execPath, join(root, "scripts", "build.mjs")]]);
    report(build);
    if (build.code !== 0) {
        failed = build;
    } else {
        // Mocha prints live (a long run shows progress). Its reporter's closing line, "mocha: N
        // passed, N failed", stays the last line on stdout: the timings after it go to stderr.
        const mocha = await step("mocha", [[bin("mocha")]], { live: true });
        console.error(
            `[test] mocha: ${mocha.code === 0 ? "ok" : `failed (exit ${mocha.code})`} in ${mocha.seconds.toFixed(1)} s`,
        );
        failed = mocha.code !== 0 ? mocha : undefined;
    }
}
console.error(`[test] total ${((Date.now() - started) / 1000).toFixed(1)} s`);
process.exit(failed ? failed.code : 0);
