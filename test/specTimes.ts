/**
 * Mocha root hooks that record how long each spec file's tests took, one small JSON file per spec
 * in node_modules/.cache/spec-times/. The mocha configuration (.mocharc.cjs) reads them to list
 * the longest files first: in parallel mode mocha hands files to its workers in list order, so a
 * long file started last would leave the other worker idle at the end of the run.
 *
 * A record is a hint for the next run's order, nothing more: a missing or unreadable one only
 * puts that file first (unknown files are assumed long).
 */
import * as fs from "fs";
import * as path from "path";
import { createHash } from "crypto";
import { writeFileAtomic } from "../lib/files";
import { PROJECT_ROOT } from "../offline/stackFiles";

/** Where the records live (node_modules/.cache: `npm ci` starts a clone without them). */
export const SPEC_TIMES_DIR = path.join(PROJECT_ROOT, "node_modules", ".cache", "spec-times");

/** The spec file a suite tree was loaded from (its first suite that names one). */
function fileOf(suite: Mocha.Suite | undefined): string | undefined {
    if (suite === undefined) {
        return undefined;
    }
    if (suite.file !== undefined) {
        return suite.file;
    }
    for (const child of suite.suites) {
        const found = fileOf(child);
        if (found !== undefined) {
            return found;
        }
    }
    return undefined;
}

/** The recorded milliseconds by spec file (relative path); unreadable records are skipped. */
export function readSpecTimes(dir: string = SPEC_TIMES_DIR): Map<string, number> {
    const times = new Map<string, number>();
    let names: string[];
    try {
        names = fs.readdirSync(dir).filter((n) => n.endsWith(".json"));
    } catch {
        return times; // nothing recorded yet
    }
    for (const name of names) {
        try {
            const record = JSON.parse(fs.readFileSync(path.join(dir, name), "utf8")) as {
                file?: unknown;
                ms?: unknown;
            };
            if (
                typeof record.file === "string" &&
                typeof record.ms === "number" &&
                record.ms >= 0
            ) {
                times.set(record.file, record.ms);
            }
        } catch {
            // A foreign or damaged file: its spec just counts as unrecorded.
        }
    }
    return times;
}

/**
 * `files` longest first by `times`; files without a record first of all (assumed long), and
 * files of equal rank in their given order.
 */
export function longestFirst(
    files: readonly string[],
    times: ReadonlyMap<string, number>,
): string[] {
    const rank = (f: string) => times.get(f) ?? Infinity;
    return [...files].sort((a, b) => (rank(a) === rank(b) ? 0 : rank(b) - rank(a)));
}

/** Records that the spec file `rel` (relative to the project root) took `ms`. */
export function recordSpecTime(dir: string, rel: string, ms: number): void {
    fs.mkdirSync(dir, { recursive: true });
    const name = `${createHash("sha1").update(rel).digest("hex")}.json`;
    writeFileAtomic(path.join(dir, name), JSON.stringify({ file: rel, ms: Math.round(ms) }) + "\n");
}

let started = 0;

export const mochaHooks = {
    beforeAll(): void {
        started = performance.now();
    },
    afterAll(this: Mocha.Context): void {
        // In parallel mode each spec file runs as its own root suite, so the root hooks bracket
        // exactly one file's tests. (In a serial run they bracket all files: nothing is kept.)
        const root = this.test?.parent;
        const files = new Set<string>();
        for (const s of root?.suites ?? []) {
            const f = fileOf(s);
            if (f !== undefined) {
                files.add(f);
            }
        }
        if (files.size !== 1) {
            return;
        }
        const [file] = files;
        const rel = path.relative(PROJECT_ROOT, file).split(path.sep).join("/");
        try {
            recordSpecTime(SPEC_TIMES_DIR, rel, performance.now() - started);
        } catch {
            // A hint only: a read-only tree or a full disk must not fail the run.
        }
    },
};
