/**
 * The plan's cost delta on the real prod stack: changing `database.instanceClass` or
 * `cache.nodeType` in the stack's settings shows exactly the hand-computed monthly delta, on the
 * resource that changes and in the total.
 */
import * as assert from "assert";
import { planCost } from "../../cost/planCost";
import { readUsageFile, usageFileOf } from "../../cost/usage";
import { renderedStack, withSetting } from "../harness";
import { synthesize, toExport } from "../../offline/synth";

const DATE = "2026-12-07";

describe("cost: plan deltas on the prod stack", () => {
    let base: ReturnType<typeof toExport>;
    before(async () => {
        base = toExport(await renderedStack("prod"));
    });

    it("database.instanceClass db.t3.xlarge -> db.t3.large: -$654.08 a month", async () => {
        const after = toExport(
            await synthesize("prod", {
                config: withSetting("prod", "database", (v) => (v.instanceClass = "db.t3.large")),
            }),
        );
        const p = planCost(base, after, readUsageFile(usageFileOf("prod")), { date: DATE });
        // Instance 2 × 730 × (0.208 - 0.416) = -303.68; Extended Support (2 - 4) vCPU × 2 × 730 × 0.12 = -350.4.
        assert.deepStrictEqual(
            p.changes.map((c) => [c.type, c.delta]),
            [["aws:rds/instance:Instance", -654.08]],
        );
        assert.strictEqual(p.totalDelta, -654.08);
    });

    it("cache.nodeType cache.r5.large -> cache.t3.medium (2 nodes): -$248.20 a month", async () => {
        const after = toExport(
            await synthesize("prod", {
                config: withSetting("prod", "cache", (v) => (v.nodeType = "cache.t3.medium")),
            }),
        );
        const p = planCost(base, after, readUsageFile(usageFileOf("prod")), { date: DATE });
        const priced = p.changes.filter((c) => !c.notPriced);
        // 2 × 730 × (0.104 - 0.274) = -248.2, whatever the URNs of the old and new cluster.
        assert.strictEqual(p.totalDelta, -248.2);
        assert.ok(
            priced.every((c) => c.type === "aws:elasticache/cluster:Cluster"),
            JSON.stringify(priced),
        );
    });
});
