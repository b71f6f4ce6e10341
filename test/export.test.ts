/**
 * The offline export as `pulumi stack export` (v3) has it: engine URNs (pinned against
 * hand-written ones), and the parent, protect, retainOnDelete, dependencies,
 * propertyDependencies and importID fields the engine records.
 */
import * as assert from "assert";
import * as path from "path";
import { defaultProviderName } from "../offline/export";
import { aliasUrn, engineUrn, parseUrn, stackUrn } from "../offline/urn";
import { ExportResource, PROJECT_ROOT, synthesize, toExport } from "../offline/synth";
import { renderedStack } from "./harness";

describe("engine URNs", () => {
    it("follow the engine's rule: every ancestor type but the root stack, then the own type", () => {
        const stack = stackUrn("prod", "tng");
        assert.strictEqual(stack, "urn:pulumi:prod::tng::pulumi:pulumi:Stack::tng-prod");
        const db = engineUrn("prod", "tng", stack, "tng:data:Database", "tng-prod-db");
        assert.strictEqual(db, "urn:pulumi:prod::tng::tng:data:Database::tng-prod-db");
        const logBucket = engineUrn("prod", "tng", stack, "tng:storage:LogBucket", "tng-prod-logs");
        const inner = engineUrn(
            "prod",
            "tng",
            logBucket,
            "tng:storage:PrivateBucket",
            "tng-prod-logs",
        );
        assert.strictEqual(
            engineUrn("prod", "tng", inner, "aws:s3/bucket:Bucket", "tng-prod-logs"),
            "urn:pulumi:prod::tng::tng:storage:LogBucket$tng:storage:PrivateBucket$aws:s3/bucket:Bucket::tng-prod-logs",
        );
        assert.strictEqual(
            engineUrn("prod", "tng", undefined, "aws:kms/key:Key", "k"),
            "urn:pulumi:prod::tng::aws:kms/key:Key::k",
        );
        assert.deepStrictEqual(parseUrn("urn:pulumi:prod::tng::a:b:C$d:e:F::x::y"), {
            stack: "prod",
            project: "tng",
            qualifiedType: "a:b:C$d:e:F",
            type: "d:e:F",
            name: "x::y",
        });
        assert.throws(() => parseUrn("tng-prod-db"), /^Error: not a Pulumi URN: tng-prod-db$/);
    });

    it("resolve alias specs as the engine does", () => {
        const self = {
            stack: "prod",
            project: "tng",
            parent: "urn:pulumi:prod::tng::tng:data:Vault::v",
            type: "tng:data:Database",
            name: "db",
        };
        assert.strictEqual(
            aliasUrn({ noParent: true }, self),
            "urn:pulumi:prod::tng::tng:data:Database::db",
        );
        assert.strictEqual(
            aliasUrn({ name: "old" }, self),
            "urn:pulumi:prod::tng::tng:data:Vault$tng:data:Database::old",
        );
        assert.strictEqual(
            aliasUrn({ parentUrn: stackUrn("prod", "tng") }, self),
            "urn:pulumi:prod::tng::tng:data:Database::db",
        );
        assert.strictEqual(
            aliasUrn({ urn: "urn:pulumi:prod::tng::x:y:Z::n" }, self),
            "urn:pulumi:prod::tng::x:y:Z::n",
        );
    });
});

describe("offline export of prod", () => {
    let resources: ExportResource[];
    const byUrn = (urn: string) => {
        const r = resources.find((x) => x.urn === urn);
        assert.ok(r, `no ${urn} in the export`);
        return r;
    };
    before(async () => {
        resources = toExport(await renderedStack("prod")).deployment.resources;
    });

    it("has the URNs pulumi up records (hand-written)", () => {
        for (const urn of [
            "urn:pulumi:prod::tng::pulumi:pulumi:Stack::tng-prod",
            "urn:pulumi:prod::tng::tng:data:Database::tng-prod-db",
            "urn:pulumi:prod::tng::tng:data:Database$aws:rds/instance:Instance::tng-prod-db-instance",
            "urn:pulumi:prod::tng::tng:security:StackKey$aws:kms/key:Key::tng-prod-key",
            "urn:pulumi:prod::tng::tng:edge:EdgeDistribution$tng:edge:WebAcl$aws:kms/key:Key::tng-prod-edge-waf-log-key",
            "urn:pulumi:prod::tng::tng:audit:AuditTrail$tng:storage:PrivateBucket$aws:s3/bucket:Bucket::tng-prod-audit-logs",
        ]) {
            byUrn(urn);
        }
        assert.ok(resources.every((r) => !r.urn.includes("pulumi:pulumi:Stack$")));
    });

    it("builds every URN from its parent chain, and every reference names a resource", () => {
        const urns = new Set(resources.map((r) => r.urn));
        for (const r of resources) {
            const { name } = parseUrn(r.urn);
            assert.strictEqual(r.urn, engineUrn("prod", "tng", r.parent, r.type, name));
            for (const ref of [
                r.parent,
                ...(r.dependencies ?? []),
                ...Object.values(r.propertyDependencies ?? {}).flat(),
            ]) {
                assert.ok(ref === undefined || urns.has(ref), `${r.urn} refers to unknown ${ref}`);
            }
        }
    });

    it("records protect, retainOnDelete, importID, dependencies and propertyDependencies", () => {
        const domain = byUrn(
            "urn:pulumi:prod::tng::tng:data:SearchDomain$aws:cloudsearch/domain:Domain::tng-prod-search-domain",
        );
        assert.deepStrictEqual(
            [domain.protect, domain.retainOnDelete, domain.importID],
            [true, true, "tng-prod"],
        );
        const db = byUrn(
            "urn:pulumi:prod::tng::tng:data:Database$aws:rds/instance:Instance::tng-prod-db-instance",
        );
        assert.strictEqual(db.protect, true);
        assert.strictEqual(db.retainOnDelete, undefined);
        assert.deepStrictEqual(db.propertyDependencies?.["masterUserSecretKmsKeyId"], [
            "urn:pulumi:prod::tng::tng:security:StackKey$aws:kms/key:Key::tng-prod-key",
        ]);
        assert.ok(
            db.dependencies?.includes(
                "urn:pulumi:prod::tng::tng:security:StackKey$aws:kms/key:Key::tng-prod-key",
            ),
        );
        const key = byUrn(
            "urn:pulumi:prod::tng::tng:security:StackKey$aws:kms/key:Key::tng-prod-key",
        );
        // prod's protectData: the stack key is protected and retained on delete.
        assert.deepStrictEqual([key.protect, key.retainOnDelete], [true, true]);
    });
});

describe("offline export: engine rules (issue 20)", () => {
    const program = path.join(PROJECT_ROOT, "bin", "test", "fixtures", "engineProgram.js");
    let resources: ExportResource[];
    const byUrn = (urn: string) => {
        const r = resources.find((x) => x.urn === urn);
        assert.ok(r, `no ${urn} in the export`);
        return r;
    };
    before(async () => {
        const render = await synthesize("test", {
            program,
            config: { config: { "aws:region": "ap-northeast-1" }, secretKeys: [] },
        });
        resources = toExport(render).deployment.resources;
    });

    it("inherits retainOnDelete from the parent component unless the child sets it (source_eval.go inheritFromParent, pulumi 3.158.0)", () => {
        const keep = "urn:pulumi:test::tng::tng:test:Keep";
        assert.strictEqual(byUrn(`${keep}::keep`).retainOnDelete, true);
        assert.strictEqual(byUrn(`${keep}$aws:s3/bucket:Bucket::keep-bucket`).retainOnDelete, true);
        assert.strictEqual(
            byUrn(`${keep}$tng:test:Inner$aws:sns/topic:Topic::keep-inner-topic`).retainOnDelete,
            true,
        );
        // An explicit false on the child wins (#18956).
        assert.strictEqual(
            byUrn(`${keep}$aws:cloudwatch/logGroup:LogGroup::keep-logs`).retainOnDelete,
            undefined,
        );
        assert.strictEqual(
            byUrn(`${keep}$aws:s3/bucket:Bucket::plain-bucket`).retainOnDelete,
            undefined,
        );
    });

    it("records the default provider before its first resource and references it as <urn>::<id>", () => {
        const urn = "urn:pulumi:test::tng::pulumi:providers:aws::default_7_48_0";
        const provider = byUrn(urn);
        assert.deepStrictEqual(
            [provider.custom, provider.type, provider.parent, provider.inputs],
            [
                true,
                "pulumi:providers:aws",
                undefined,
                { region: "ap-northeast-1", version: "7.48.0" },
            ],
        );
        assert.match(
            provider.id ?? "",
            /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-8[0-9a-f]{3}-[0-9a-f]{12}$/,
        );
        const first = resources.findIndex((r) => r.type.startsWith("aws:"));
        assert.ok(resources.indexOf(provider) < first);
        const custom = resources.filter((r) => r.custom && r.type.startsWith("aws:"));
        for (const r of custom.filter((x) => !x.urn.endsWith("::edge-topic"))) {
            assert.strictEqual(r.provider, `${urn}::${provider.id}`, r.urn);
        }
        assert.ok(resources.filter((r) => !r.custom).every((r) => r.provider === undefined));
    });

    it("keeps an explicit provider as the program registered it, and its reference", () => {
        const edge = byUrn("urn:pulumi:test::tng::pulumi:providers:aws::edge");
        assert.strictEqual(edge.inputs.region, "us-east-1");
        assert.strictEqual(
            byUrn("urn:pulumi:test::tng::aws:sns/topic:Topic::edge-topic").provider,
            `${edge.urn}::${edge.id}`,
        );
    });

    it("exports ignoreChanges, and no aliases for a render that matched none (step_generator.go aliasUrns)", () => {
        assert.deepStrictEqual(
            byUrn("urn:pulumi:test::tng::aws:cloudwatch/logGroup:LogGroup::ignored").ignoreChanges,
            ["retentionInDays"],
        );
        assert.ok(resources.every((r) => r.aliases === undefined));
    });

    it("names default providers as the engine does (providers/provider.go DefaultName)", () => {
        assert.strictEqual(defaultProviderName("7.48.0"), "default_7_48_0");
        assert.strictEqual(
            defaultProviderName("1.2.3-alpha.1+build.5"),
            "default_1_2_3_alpha_1_build_5",
        );
        assert.strictEqual(defaultProviderName(""), "default");
    });
});
