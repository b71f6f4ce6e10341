/**
 * What a change adds to the monthly bill: per-URN deltas and the total, for the plan's cost
 * column and PR comment. The instance class and node type changes are computed by hand.
 */
import * as assert from "assert";
import type { CostResource } from "../../cost/estimate";
import { costCell, formatPlanCost, monthlyDeltaOf, planCost, signedUsd } from "../../cost/planCost";
import { defaultUsage } from "../../cost/usage";

const DATE = "2026-12-07";
const DB =
    "urn:pulumi:prod::tng::tng:data:Database$aws:rds/instance:Instance::tng-prod-db-instance";
const CACHE =
    "urn:pulumi:prod::tng::tng:data:CacheCluster$aws:elasticache/cluster:Cluster::tng-prod-cache-cluster";
const EIP = "urn:pulumi:prod::tng::tng:network:Network$aws:ec2/eip:Eip::tng-prod-nat-d";
const TABLE = "urn:pulumi:prod::tng::aws:dynamodb/table:Table::t";

function db(instanceClass: string): CostResource {
    return {
        urn: DB,
        type: "aws:rds/instance:Instance",
        custom: true,
        inputs: {
            engine: "postgres",
            engineVersion: "13.20",
            instanceClass,
            multiAz: true,
            allocatedStorage: 40,
            storageType: "gp3",
        },
    };
}
function cache(nodeType: string): CostResource {
    return {
        urn: CACHE,
        type: "aws:elasticache/cluster:Cluster",
        custom: true,
        inputs: { nodeType, numCacheNodes: 2 },
    };
}
const eip: CostResource = { urn: EIP, type: "aws:ec2/eip:Eip", custom: true, inputs: {} };
const doc = (resources: CostResource[]) => ({ version: 3, deployment: { resources } });

describe("cost: plan deltas", () => {
    it("database.instanceClass db.t3.xlarge -> db.t3.large: instance and Extended Support, exactly", () => {
        const p = planCost(doc([db("db.t3.xlarge")]), doc([db("db.t3.large")]), defaultUsage(), {
            date: DATE,
        });
        // Instance: 2 × 730 × (0.208 - 0.416) = -303.68; Extended Support: (2 - 4) vCPU × 2 × 730 × 0.12 = -350.4.
        assert.deepStrictEqual(p.changes, [
            {
                urn: DB,
                type: "aws:rds/instance:Instance",
                before: 1319.2,
                after: 665.12,
                delta: -654.08,
                notPriced: false,
            },
        ]);
        assert.strictEqual(p.totalDelta, -654.08);
        assert.strictEqual(monthlyDeltaOf(p, DB), -654.08);
        assert.strictEqual(costCell(p, DB), "-$654.08/mo");
    });

    it("cache.nodeType cache.r5.large -> cache.t3.medium (2 nodes): exactly", () => {
        const p = planCost(
            [cache("cache.r5.large"), eip],
            [cache("cache.t3.medium"), eip],
            defaultUsage(),
            { date: DATE },
        );
        // 2 × 730 × (0.104 - 0.274) = -248.2
        assert.deepStrictEqual(
            p.changes.map((c) => [c.urn, c.delta]),
            [[CACHE, -248.2]],
        );
        assert.strictEqual(p.totalBefore, 403.69);
        assert.strictEqual(p.totalAfter, 155.49);
        assert.strictEqual(p.totalDelta, -248.2);
        // An unchanged resource has a zero delta and is not listed.
        assert.strictEqual(monthlyDeltaOf(p, EIP), 0);
        assert.strictEqual(costCell(p, EIP), "$0.00/mo");
    });

    it("a created resource adds its cost, a deleted one removes it; unpriced ones have no delta", () => {
        const p = planCost(
            [eip, { urn: TABLE, type: "aws:dynamodb/table:Table", custom: true }],
            [cache("cache.t3.micro")],
            defaultUsage(),
            { date: DATE },
        );
        assert.deepStrictEqual(p.changes, [
            {
                urn: CACHE,
                type: "aws:elasticache/cluster:Cluster",
                after: 37.96,
                delta: 37.96,
                notPriced: false,
            },
            { urn: EIP, type: "aws:ec2/eip:Eip", before: 3.65, delta: -3.65, notPriced: false },
            { urn: TABLE, type: "aws:dynamodb/table:Table", notPriced: true },
        ]);
        assert.strictEqual(p.totalDelta, 34.31);
        assert.strictEqual(monthlyDeltaOf(p, TABLE), undefined);
        assert.strictEqual(costCell(p, TABLE), "cost not priced");
    });

    it("an unchanged not-priced resource is counted, a changed one listed with an unknown delta", () => {
        const table = (billing: string): CostResource => ({
            urn: TABLE,
            type: "aws:dynamodb/table:Table",
            custom: true,
            inputs: { billingMode: billing },
        });
        const same = planCost(
            [table("PAY_PER_REQUEST")],
            [table("PAY_PER_REQUEST")],
            defaultUsage(),
            { date: DATE },
        );
        assert.deepStrictEqual([same.changes, same.unchangedNotPriced], [[], 1]);
        assert.strictEqual(
            formatPlanCost(same),
            "monthly cost: $0.00 -> $0.00 ($0.00/mo, USD on-demand)\n  1 unchanged resource(s) not priced, in neither total",
        );
        const changed = planCost(
            [table("PAY_PER_REQUEST")],
            [table("PROVISIONED")],
            defaultUsage(),
            { date: DATE },
        );
        assert.deepStrictEqual(changed.changes, [
            { urn: TABLE, type: "aws:dynamodb/table:Table", notPriced: true },
        ]);
        assert.strictEqual(changed.unchangedNotPriced, 0);
        assert.ok(
            formatPlanCost(changed, "markdown").endsWith(
                "_1 changed resource(s) not priced: their delta is unknown._",
            ),
        );
    });

    it("formats text and Markdown", () => {
        const p = planCost([cache("cache.r5.large")], [cache("cache.t3.medium")], defaultUsage(), {
            date: DATE,
        });
        assert.strictEqual(
            formatPlanCost(p),
            [
                "monthly cost: $400.04 -> $151.84 (-$248.20/mo, USD on-demand)",
                "      -$248.20  tng-prod-cache-cluster  aws:elasticache/cluster:Cluster",
            ].join("\n"),
        );
        assert.strictEqual(
            formatPlanCost(p, "markdown"),
            [
                "**Monthly cost:** $400.04 → $151.84 (**-$248.20/mo**, USD on-demand)",
                "",
                "| resource | type | before | after | delta/mo |",
                "|---|---|---:|---:|---:|",
                "| `tng-prod-cache-cluster` | `aws:elasticache/cluster:Cluster` | $400.04 | $151.84 | -$248.20 |",
            ].join("\n"),
        );
        const same = planCost([eip], [eip], defaultUsage(), { date: DATE });
        assert.strictEqual(
            formatPlanCost(same, "markdown").split("\n")[2],
            "No resource changes its monthly cost.",
        );
        assert.deepStrictEqual(
            [signedUsd(1), signedUsd(-1.006), signedUsd(0)],
            ["+$1.00", "-$1.01", "$0.00"],
        );
    });
});
