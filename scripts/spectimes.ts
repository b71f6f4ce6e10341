/**
 * `npm run spec-times`: writes test/specTimes.json, the spec files' times that order mocha's
 * files on a clone without records of its own (CI's), from the times this clone's last
 * `npm test` recorded in node_modules/.cache/spec-times. Run it after adding or reshaping specs;
 * a stale file only orders the run less well. Exit 2 on a usage error or when nothing is recorded.
 */
import { EXIT, helpText, readCli, runEntry, UsageError } from "../lib/cli";
import { SPEC_TIMES_DIR, writeSpecTimesBaseline } from "../test/specTimes";

const USAGE = helpText({
    usage: "npm run spec-times",
    options: [],
    notes: ["Writes test/specTimes.json from the times the last npm test recorded."],
    exits: [
        [EXIT.ok, "written"],
        [EXIT.usage, "usage, or no times recorded (run npm test first)"],
    ],
});

function main(argv: readonly string[]): number {
    const cli = readCli(argv, {});
    if (cli.help) {
        console.log(USAGE);
        return EXIT.ok;
    }
    const written = writeSpecTimesBaseline();
    if (written === 0) {
        throw new UsageError(`no spec times recorded in ${SPEC_TIMES_DIR}: run npm test first`);
    }
    console.log(`wrote test/specTimes.json (${written} spec files)`);
    return EXIT.ok;
}

void runEntry("spec-times", USAGE, () => main(process.argv.slice(2)));
