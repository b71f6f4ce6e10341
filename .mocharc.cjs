// Mocha's configuration. The specs are the built files under bin/test/ and bin/policies/test/,
// listed longest first by the times test/specTimes.ts recorded in earlier runs: in parallel mode
// mocha hands the files to its workers in list order (lib/nodejs/parallel-buffered-runner.js), so
// the longest ones start early and the run does not end on one worker finishing a long file while
// the other idles. A clone without records of its own (CI's) orders by the committed
// test/specTimes.json. Files with neither (a new spec) come first, in folder and name order.
const fs = require("fs");
const path = require("path");

const SPEC_DIRS = ["bin/test", "bin/policies/test"];

function specFiles() {
    return SPEC_DIRS.flatMap((dir) => {
        const full = path.join(__dirname, dir);
        if (!fs.existsSync(full)) {
            return [];
        }
        return fs
            .readdirSync(full, { recursive: true })
            .map((f) => path.join(dir, f).split(path.sep).join("/"))
            .filter((f) => f.endsWith(".test.js"))
            .sort();
    });
}

/** The spec files, longest first when test/specTimes.ts has records (it is built into bin/). */
function orderedSpecFiles() {
    const files = specFiles();
    try {
        const { longestFirst, specTimes } = require("./bin/test/specTimes.js");
        return longestFirst(files, specTimes());
    } catch {
        return files; // not built yet: name order
    }
}

module.exports = {
    require: ["bin/test/setup.js", "bin/test/specTimes.js"],
    spec: orderedSpecFiles(),
    timeout: 30000,
    reporter: "bin/test/reporter.js",
    parallel: true,
    jobs: 2,
};
