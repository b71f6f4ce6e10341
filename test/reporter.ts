/**
 * Mocha's dot reporter plus one plain closing line, "mocha: N passed, N failed[, N skipped]",
 * which CI reads to tell a run that tested something from one that ran no test.
 */
import Mocha from "mocha";

class DotWithSummary extends Mocha.reporters.Dot {
    constructor(runner: Mocha.Runner, options?: Mocha.MochaOptions) {
        super(runner, options);
        runner.once(Mocha.Runner.constants.EVENT_RUN_END, () => {
            const s = runner.stats ?? { passes: 0, failures: 0, pending: 0 };
            // After the dot reporter's own epilogue, which it prints on the same event.
            process.nextTick(() =>
                console.log(
                    `mocha: ${s.passes} passed, ${s.failures} failed${s.pending ? `, ${s.pending} skipped` : ""}`,
                ),
            );
        });
    }
}

export = DotWithSummary;
