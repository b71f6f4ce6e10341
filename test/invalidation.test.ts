import * as assert from "assert";
import { Invalidation, invalidateCommand } from "../components/edge/invalidation";
import { ResourceRecorder } from "../offline/mocks";
import { record, unwrap } from "./harness";

describe("Invalidation", () => {
    let rec: ResourceRecorder;
    let inv: Invalidation;
    before(async () => {
        ({ recorder: rec, value: inv } = await record(
            () =>
                new Invalidation("inv", {
                    distributionId: "E123",
                    paths: ["/*", "/assets/app.css"],
                    trigger: "release-7|2",
                }),
        ));
    });

    it("runs the repo's invalidate script on create and update, re-run by the trigger and the distribution", async () => {
        assert.deepStrictEqual(rec.countsByType(), {
            "command:local:Command": 1,
            "tng:edge:Invalidation": 1,
        });
        const cmd = rec.get("command:local:Command", "inv-run").inputs;
        const line =
            "npm run --silent invalidate -- --distribution-id 'E123' --paths '/*' '/assets/app.css'";
        assert.strictEqual(cmd.create, line);
        assert.strictEqual(cmd.update, line);
        assert.strictEqual(cmd.delete, undefined);
        assert.deepStrictEqual(cmd.triggers, ["release-7|2", "E123"]);
        assert.strictEqual(await unwrap(inv.command), line);
    });

    it("quotes every path", () => {
        assert.strictEqual(
            invalidateCommand("E1", ["/a*"]),
            "npm run --silent invalidate -- --distribution-id 'E1' --paths '/a*'",
        );
    });

    it("refuses no paths and paths that are not safe on a command line", () => {
        assert.throws(
            () => new Invalidation("none", { distributionId: "E1", paths: [], trigger: "t" }),
            {
                message: "Invalidation none: `paths` must name at least one path.",
            },
        );
        assert.throws(
            () =>
                new Invalidation("bad", {
                    distributionId: "E1",
                    paths: ["/ok", "/x';rm -rf /'"],
                    trigger: "t",
                }),
            {
                message:
                    "Invalidation bad: `paths` must be absolute paths of letters, digits and . _ ~ - / * (got [\"/x';rm -rf /'\"]).",
            },
        );
    });
});
