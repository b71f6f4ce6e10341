/**
 * Issue 22: the spec files go to mocha's parallel workers longest first, by the times recorded
 * in earlier runs (test/specTimes.ts, read by .mocharc.cjs).
 */
import * as assert from "assert";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import {
    longestFirst,
    readSpecTimes,
    readSpecTimesBaseline,
    recordSpecTime,
    SPEC_TIMES_BASELINE,
    specTimes,
    writeSpecTimesBaseline,
} from "./specTimes";
import { PROJECT_ROOT } from "../offline/stackFiles";

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

    it("a clone without records orders by the committed baseline; its own records replace it", () => {
        const baseline = path.join(dir, "baseline.json");
        const records = path.join(dir, "records");
        fs.writeFileSync(
            baseline,
            JSON.stringify({ ms: { "bin/test/a.test.js": 10, "bin/test/b.test.js": 500 } }),
        );
        assert.deepStrictEqual(
            specTimes(records, baseline),
            new Map([
                ["bin/test/a.test.js", 10],
                ["bin/test/b.test.js", 500],
            ]),
        );
        recordSpecTime(records, "bin/test/a.test.js", 900);
        assert.deepStrictEqual(
            specTimes(records, baseline),
            new Map([
                ["bin/test/a.test.js", 900],
                ["bin/test/b.test.js", 500],
            ]),
        );
    });

    it("writes the baseline from the records of spec files that still exist, in name order", () => {
        const records = path.join(dir, "records");
        const baseline = path.join(dir, "baseline.json");
        const root = path.join(dir, "root");
        fs.mkdirSync(path.join(root, "bin", "test"), { recursive: true });
        for (const f of ["b.test.js", "a.test.js"]) {
            fs.writeFileSync(path.join(root, "bin", "test", f), "");
        }
        assert.strictEqual(writeSpecTimesBaseline(records, baseline, root), 0);
        assert.ok(!fs.existsSync(baseline), "nothing recorded: nothing written");
        recordSpecTime(records, "bin/test/b.test.js", 20);
        recordSpecTime(records, "bin/test/gone.test.js", 30);
        recordSpecTime(records, "bin/test/a.test.js", 10);
        assert.strictEqual(writeSpecTimesBaseline(records, baseline, root), 2);
        const text = fs.readFileSync(baseline, "utf8");
        assert.deepStrictEqual(Object.keys(JSON.parse(text).ms), [
            "bin/test/a.test.js",
            "bin/test/b.test.js",
        ]);
        assert.deepStrictEqual(
            readSpecTimesBaseline(baseline),
            new Map([
                ["bin/test/a.test.js", 10],
                ["bin/test/b.test.js", 20],
            ]),
        );
    });

    it("reads no baseline from a missing or damaged file, and skips entries that are not times", () => {
        assert.deepStrictEqual(readSpecTimesBaseline(path.join(dir, "none.json")), new Map());
        const file = path.join(dir, "b.json");
        for (const text of ['{"ms"', "null", '{"ms": [1]}', '{"ms": null}']) {
            fs.writeFileSync(file, text);
            assert.deepStrictEqual(readSpecTimesBaseline(file), new Map(), text);
        }
        fs.writeFileSync(file, '{"ms": {"bin/test/a.test.js": 5, "x": -1, "y": "5"}}');
        assert.deepStrictEqual(readSpecTimesBaseline(file), new Map([["bin/test/a.test.js", 5]]));
    });

    it("the committed baseline names spec files that exist", () => {
        const names = [...readSpecTimesBaseline(SPEC_TIMES_BASELINE).keys()];
        assert.ok(names.length > 0, "test/specTimes.json holds no times");
        const gone = names.filter(
            (n) =>
                !fs.existsSync(
                    path.join(PROJECT_ROOT, n.replace(/^bin\//, "").replace(/\.js$/, ".ts")),
                ),
        );
        assert.deepStrictEqual(gone, [], "run npm test, then npm run spec-times");
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
