/**
 * Issue 22: the spec files go to mocha's parallel workers longest first, by the times recorded
 * in earlier runs (test/specTimes.ts, read by .mocharc.cjs).
 */
import * as assert from "assert";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { longestFirst, readSpecTimes, recordSpecTime } from "./specTimes";

describe("spec times (mocha's file order)", () => {
    let dir: string;
    beforeEach(() => {
        dir = fs.mkdtempSync(path.join(os.tmpdir(), "tng-spec-times-"));
    });
    afterEach(() => {
        fs.rmSync(dir, { recursive: true, force: true });
    });

    it("orders longest first, unrecorded files first of all, ties in their given order", () => {
        const times = new Map([
            ["bin/test/a.test.js", 100],
            ["bin/test/b.test.js", 5000],
            ["bin/test/c.test.js", 100],
        ]);
        assert.deepStrictEqual(
            longestFirst(
                [
                    "bin/test/a.test.js",
                    "bin/test/b.test.js",
                    "bin/test/new.test.js",
                    "bin/test/c.test.js",
                    "bin/policies/test/new.test.js",
                ],
                times,
            ),
            [
                "bin/test/new.test.js",
                "bin/policies/test/new.test.js",
                "bin/test/b.test.js",
                "bin/test/a.test.js",
                "bin/test/c.test.js",
            ],
        );
    });

    it("keeps the given order when nothing is recorded (a fresh clone)", () => {
        const files = ["bin/test/z.test.js", "bin/test/a.test.js", "bin/policies/test/m.test.js"];
        assert.deepStrictEqual(longestFirst(files, new Map()), files);
    });

    it("records one file per spec, the last run's time replacing the earlier one", () => {
        recordSpecTime(dir, "bin/test/a.test.js", 1234.4);
        recordSpecTime(dir, "bin/test/b.test.js", 10);
        recordSpecTime(dir, "bin/test/a.test.js", 99.6);
        assert.strictEqual(fs.readdirSync(dir).length, 2);
        assert.deepStrictEqual([...readSpecTimes(dir).entries()].sort(), [
            ["bin/test/a.test.js", 100],
            ["bin/test/b.test.js", 10],
        ]);
    });

    it("reads no times from a missing folder, and skips damaged or foreign records", () => {
        assert.deepStrictEqual(readSpecTimes(path.join(dir, "nosuchdir")), new Map());
        recordSpecTime(dir, "bin/test/ok.test.js", 7);
        fs.writeFileSync(path.join(dir, "half.json"), '{"file": "bin/test/x.test.js", "ms"');
        fs.writeFileSync(path.join(dir, "neg.json"), '{"file": "bin/test/y.test.js", "ms": -1}');
        fs.writeFileSync(path.join(dir, "str.json"), '{"file": "bin/test/z.test.js", "ms": "5"}');
        fs.writeFileSync(path.join(dir, "notes.txt"), "not a record");
        assert.deepStrictEqual(readSpecTimes(dir), new Map([["bin/test/ok.test.js", 7]]));
    });
});
