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

/**
 * The committed times (`npm run spec-times` writes them from a run's records): the order of a
 * clone that has no records of its own yet, such as CI's. A clone's own records replace them.
 */
export const SPEC_TIMES_BASELINE = path.join(PROJECT_ROOT, "test", "specTimes.json");

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

/** The baseline's milliseconds by spec file; a missing or damaged baseline gives none. */
export function readSpecTimesBaseline(file: string = SPEC_TIMES_BASELINE): Map<string, number> {
    let doc: unknown;
    try {
        doc = JSON.parse(fs.readFileSync(file, "utf8"));
    } catch {
        return new Map();
    }
    const ms = (doc as { ms?: unknown } | null)?.ms;
    if (typeof ms !== "object" || ms === null || Array.isArray(ms)) {
        return new Map();
    }
    return new Map(
        Object.entries(ms).filter(
            (e): e is [string, number] => typeof e[1] === "number" && e[1] >= 0,
        ),
    );
}

/** What .mocharc.cjs orders by: this clone's records over the committed baseline. */
export function specTimes(
    dir: string = SPEC_TIMES_DIR,
    baseline: string = SPEC_TIMES_BASELINE,
): Map<string, number> {
    return new Map([...readSpecTimesBaseline(baseline), ...readSpecTimes(dir)]);
}

/**
 * Writes the baseline from the records of `dir`, for the spec files that still exist (relative
 * to `root`), in name order. Returns how many it wrote; 0 writes nothing.
 */
export function writeSpecTimesBaseline(
    dir: string = SPEC_TIMES_DIR,
    file: string = SPEC_TIMES_BASELINE,
    root: string = PROJECT_ROOT,
): number {
    const records = [...readSpecTimes(dir)]
        .filter(([rel]) => fs.existsSync(path.join(root, rel)))
        .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    if (records.length === 0) {
        return 0;
    }
    const doc = {
        about: "mocha's file order on a clone without its own records (test/specTimes.ts); npm run spec-times rewrites it",
        ms: Object.fromEntries(records),
    };
    writeFileAtomic(file, JSON.stringify(doc, null, 2) + "\n");
    return records.length;
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
