import * as assert from "assert";
import * as aws from "../../sdk/aws";
import { evaluateResources, ExportedResource, resourceValidationArgs } from "../evaluate";
import * as rules from "../rules/protection";
import { tokenOf } from "../rules/helpers";
import { DATA_HOLDING_TYPES } from "../../offline/plan";
import { exported, runResourcePolicy } from "./util";

const key = (extra: Partial<ExportedResource> = {}) =>
    exported(aws.kms.Key, "key", { enableKeyRotation: true }, extra);

describe("protection policies", () => {
    describe("data-resources-protected", () => {
        const cases: [string, ExportedResource][] = [
            [
                "aws:rds/instance:Instance",
                exported(aws.rds.Instance, "db", { instanceClass: "db.t3.micro" }),
            ],
            ["aws:s3/bucket:Bucket", exported(aws.s3.Bucket, "b", {})],
            ["aws:kms/key:Key", key()],
            ["aws:cloudsearch/domain:Domain", exported(aws.cloudsearch.Domain, "d", {})],
            ["aws:secretsmanager/secret:Secret", exported(aws.secretsmanager.Secret, "s", {})],
            ["aws:cloudwatch/logGroup:LogGroup", exported(aws.cloudwatch.LogGroup, "l", {})],
            ["aws:ecr/repository:Repository", exported(aws.ecr.Repository, "r", {})],
        ];
        for (const [type, resource] of cases) {
            it(`fails an unprotected ${type} and passes it protected`, async () => {
                assert.deepStrictEqual(
                    await runResourcePolicy(
                        rules.dataResourcesProtected,
                        resourceValidationArgs(resource),
                    ),
                    [`${type} holds data and must set the protect resource option.`],
                );
                assert.deepStrictEqual(
                    await runResourcePolicy(
                        rules.dataResourcesProtected,
                        resourceValidationArgs({ ...resource, protect: true }),
                    ),
                    [],
                );
            });
        }
        it("does not apply to resources that hold no data", async () => {
            const topic = exported(aws.sns.Topic, "t", {});
            assert.deepStrictEqual(
                await runResourcePolicy(
                    rules.dataResourcesProtected,
                    resourceValidationArgs(topic),
                ),
                [],
            );
        });
        it("covers the same types as npm run plan's data-holding list", () => {
            assert.deepStrictEqual(
                rules.DATA_HOLDING_CLASSES.map(tokenOf).sort(),
                [...DATA_HOLDING_TYPES].sort(),
            );
        });
    });

    describe("kms-key-retain-on-delete", () => {
        it("fails a key without retainOnDelete and passes one with it", async () => {
            assert.deepStrictEqual(
                await runResourcePolicy(rules.kmsKeyRetainOnDelete, resourceValidationArgs(key())),
                ["KMS key must set the retainOnDelete resource option."],
            );
            assert.deepStrictEqual(
                await runResourcePolicy(
                    rules.kmsKeyRetainOnDelete,
                    resourceValidationArgs(key({ retainOnDelete: true })),
                ),
                [],
            );
        });
        it("reports nothing when the option is not known (the CLI does not pass it)", async () => {
            const args = resourceValidationArgs(key());
            delete (args.opts as { retainOnDelete?: boolean }).retainOnDelete;
            assert.deepStrictEqual(await runResourcePolicy(rules.kmsKeyRetainOnDelete, args), []);
        });
        it("does not apply to other types", async () => {
            const bucket = exported(aws.s3.Bucket, "b", {});
            assert.deepStrictEqual(
                await runResourcePolicy(rules.kmsKeyRetainOnDelete, resourceValidationArgs(bucket)),
                [],
            );
        });
    });

    it("the evaluator reads protect and retainOnDelete from the export, at the configured level", async () => {
        const violations = await evaluateResources(
            [
                key({ protect: true, retainOnDelete: true }),
                key({ urn: "urn:pulumi:test::tng::aws:kms/key:Key::bare" }),
            ],
            { "data-resources-protected": "mandatory", "kms-key-retain-on-delete": "mandatory" },
            rules.protectionPolicies,
        );
        assert.deepStrictEqual(violations, [
            {
                policyName: "data-resources-protected",
                enforcementLevel: "mandatory",
                urn: "urn:pulumi:test::tng::aws:kms/key:Key::bare",
                message: "aws:kms/key:Key holds data and must set the protect resource option.",
            },
            {
                policyName: "kms-key-retain-on-delete",
                enforcementLevel: "mandatory",
                urn: "urn:pulumi:test::tng::aws:kms/key:Key::bare",
                message: "KMS key must set the retainOnDelete resource option.",
            },
        ]);
    });
});
