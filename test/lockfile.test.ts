/**
 * Issue 22: `npm ci` installs from package-lock.json without asking the registry: every package
 * entry names its tarball (`resolved`) and its checksum (`integrity`), so a tarball in npm's cache
 * is used as is. Without `resolved` (a user config with omit-lockfile-registry-resolved; the
 * project's .npmrc turns it off) npm fetches each package's registry document first.
 */
import * as assert from "assert";
import * as fs from "fs";
import * as path from "path";
import { PROJECT_ROOT } from "../offline/stackFiles";

interface LockEntry {
    version?: string;
    resolved?: string;
    integrity?: string;
    link?: boolean;
}

describe("package-lock.json", () => {
    const lock = JSON.parse(
        fs.readFileSync(path.join(PROJECT_ROOT, "package-lock.json"), "utf8"),
    ) as {
        lockfileVersion: number;
        packages: Record<string, LockEntry>;
    };
    const installed = Object.entries(lock.packages).filter(
        ([key, entry]) => key.includes("node_modules/") && entry.link !== true,
    );

    it("names every installed package's tarball and checksum", () => {
        assert.strictEqual(lock.lockfileVersion, 3);
        assert.ok(installed.length > 100, `only ${installed.length} packages`);
        const missing = installed
            .filter(
                ([, e]) =>
                    !e.resolved?.startsWith("https://") || !e.integrity?.startsWith("sha512-"),
            )
            .map(([key]) => key);
        assert.deepStrictEqual(missing, []);
    });

    it("keeps the tarball URLs when npm rewrites it (.npmrc)", () => {
        const npmrc = fs.readFileSync(path.join(PROJECT_ROOT, ".npmrc"), "utf8");
        assert.match(npmrc, /^omit-lockfile-registry-resolved=false$/m);
    });
});
