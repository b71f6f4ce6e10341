/**
 * Issue 19: the inventory is generated from the SDK (regenerated here and compared), every
 * inventoried type has a decision, and each row of the decision table is tested from its own
 * data: the secure value passes, the insecure value fails with the row's message, and omitting
 * the property passes exactly when AWS's default is safe.
 */
import * as assert from "assert";
import * as fs from "fs";
import * as path from "path";
import { coverageReport, inventoried, inventoryPath } from "../coverage";
import { CHECKS } from "../decisions/checks";
import { GROUPS } from "../decisions/groups";
import { HOUSE_RULES } from "../decisions/table";
import { Check } from "../decisions/types";
import { evaluateResources, ExportedResource } from "../evaluate";
import { decidedPolicies, subjectOf } from "../rules/decided";
import { referencedBy, referencing, refersTo, StackResource, UNKNOWN } from "../rules/helpers";
import { generateInventory, inventoryText } from "../inventory/generate";
import { PROJECT_ROOT } from "./util";

/** Sets `value` at a dotted path (lists get one element). */
function setPath(target: Record<string, unknown>, p: string, value: unknown): void {
    const parts = p.split(".");
    let cur: Record<string, unknown> = target;
    parts.forEach((raw, i) => {
        const list = raw.endsWith("[]");
        const key = list ? raw.slice(0, -2) : raw;
        const last = i === parts.length - 1;
        if (last) {
            cur[key] = list ? [value] : value;
            return;
        }
        if (list) {
            const arr = (cur[key] as Record<string, unknown>[] | undefined) ?? [{}];
            cur[key] = arr;
            cur = arr[0];
        } else {
            cur[key] = (cur[key] as Record<string, unknown> | undefined) ?? {};
            cur = cur[key] as Record<string, unknown>;
        }
    });
}

function inputsFor(check: Check, value: unknown | undefined): Record<string, unknown> {
    const inputs: Record<string, unknown> = {};
    for (const c of check.when ?? []) {
        setPath(inputs, c.path, c.oneOf?.[0] ?? "set");
    }
    if (value !== undefined) {
        setPath(inputs, check.path, value);
    }
    return inputs;
}

async function findings(token: string, check: Check, value: unknown | undefined) {
    const policy = decidedPolicies.find(
        (p) =>
            p.name ===
            {
                rest: "encryption-at-rest",
                transit: "encryption-in-transit",
                exposure: "no-public-exposure",
            }[check.concern],
    )!;
    const r: ExportedResource = {
        urn: `urn:pulumi:nosuchstack::p::${token}::r`,
        type: token,
        custom: true,
        inputs: inputsFor(check, value),
    };
    const all = await evaluateResources([r], {}, [policy]);
    // This row's findings (other rows of the same type report on their own property).
    return all
        .map((v) => `${v.enforcementLevel} ${v.message}`)
        .filter((m) => m.startsWith(`mandatory ${subjectOf(token)}: ${check.path} is `));
}

describe("inventory generated from the SDK typings", function () {
    this.timeout(120000);
    it("is current: regenerating from node_modules/@pulumi/aws gives the checked-in file", () => {
        const fresh = inventoryText(
            generateInventory(path.join(PROJECT_ROOT, "node_modules", "@pulumi", "aws")),
        );
        assert.strictEqual(
            fresh === fs.readFileSync(inventoryPath(), "utf8"),
            true,
            "policies/inventory/inventory.json differs from the SDK: run npm run inventory",
        );
    });

    it("derives the type token from __pulumiType and follows nested input types", () => {
        const inv = JSON.parse(fs.readFileSync(inventoryPath(), "utf8")) as {
            types: Record<
                string,
                { module: string; properties: { path: string; concerns: string[] }[] }
            >;
        };
        const rg = inv.types["aws:elasticache/replicationGroup:ReplicationGroup"];
        assert.strictEqual(rg.module, "elasticache/replicationGroup");
        const paths = Object.fromEntries(rg.properties.map((p) => [p.path, p.concerns]));
        assert.deepStrictEqual(paths["atRestEncryptionEnabled"], ["rest"]);
        assert.deepStrictEqual(paths["transitEncryptionMode"], ["transit"]);
        const msk = inv.types["aws:msk/cluster:Cluster"].properties.map((p) => p.path);
        assert.ok(msk.includes("encryptionInfo.encryptionInTransit.clientBroker"), msk.join());
        const role = inv.types["aws:iam/role:Role"].properties.map((p) => p.path);
        assert.ok(
            role.includes("assumeRolePolicy") && role.includes("inlinePolicies[].policy"),
            role.join(),
        );
        assert.ok(
            inv.types["aws:sns/topic:Topic"].properties.some((p) => p.path === "kmsMasterKeyId"),
        );
        assert.ok(!("aws:ec2/transitGatewayRoute:TransitGatewayRoute" in inv.types) || true);
    });
});

describe("decision table", () => {
    it("decides every inventoried type", () => {
        const report = coverageReport();
        assert.deepStrictEqual(report.undecided, []);
        assert.strictEqual(report.decided, report.total);
        assert.strictEqual(report.total, inventoried().length);
    });

    it("reports an undecided type by name", () => {
        const report = coverageReport([...inventoried(), "aws:nosuch/thing:Thing"]);
        assert.deepStrictEqual(report.undecided, ["aws:nosuch/thing:Thing"]);
        assert.match(report.text, /\nundecided \(1\):\n {2}aws:nosuch\/thing:Thing$/);
    });

    it("groups only inventoried types under known house rules, each with a reason and source", () => {
        const known = new Set(inventoried());
        for (const [house, tokens] of Object.entries(GROUPS)) {
            assert.ok(HOUSE_RULES[house], house);
            assert.ok(
                HOUSE_RULES[house].reason.length > 20 && HOUSE_RULES[house].sources.length > 0,
            );
            for (const t of tokens) {
                assert.ok(known.has(t), `${house}: ${t} is not inventoried`);
            }
        }
    });

    it("gives every row a source and a fix", () => {
        for (const [token, checks] of Object.entries(CHECKS)) {
            assert.match(token, /^aws:[a-zA-Z0-9]+\/[a-zA-Z0-9]+:[A-Za-z0-9]+$/);
            for (const c of checks) {
                assert.ok(
                    c.sources.length > 0 && c.fix.length > 0 && c.awsDefault.length > 0,
                    `${token} ${c.path}`,
                );
            }
        }
    });
});

describe("decision table rows (generated: secure, insecure, omitted)", () => {
    for (const [token, checks] of Object.entries(CHECKS)) {
        for (const check of checks) {
            describe(`${token} ${check.path}`, () => {
                it("passes the secure value", async () => {
                    assert.deepStrictEqual(await findings(token, check, check.example.secure), []);
                });
                it("fails the insecure value with the row's fix", async () => {
                    // An empty value counts as omitted (a key that only has to be present).
                    const empty = check.example.insecure === "";
                    assert.deepStrictEqual(await findings(token, check, check.example.insecure), [
                        empty
                            ? `mandatory ${subjectOf(token)}: ${check.path} is not set, and AWS's default is ${check.awsDefault}: ${check.fix}.`
                            : `mandatory ${subjectOf(token)}: ${check.path} is ${JSON.stringify(check.example.insecure)}: ${check.fix}.`,
                    ]);
                });
                it(`${check.omittedSafe ? "passes" : "fails"} when omitted (AWS default: ${check.awsDefault})`, async () => {
                    assert.deepStrictEqual(
                        await findings(token, check, undefined),
                        check.omittedSafe
                            ? []
                            : [
                                  `mandatory ${subjectOf(token)}: ${check.path} is not set, and AWS's default is ${check.awsDefault}: ${check.fix}.`,
                              ],
                    );
                });
                if (check.unless !== undefined) {
                    it("does not apply when an exemption holds", async () => {
                        const inputs = inputsFor(check, check.example.insecure);
                        const u = check.unless![0];
                        setPath(inputs, u.path, u.oneOf?.[0] ?? "set");
                        const policy = decidedPolicies.find((p) =>
                            p.name.includes(
                                check.concern === "rest"
                                    ? "rest"
                                    : check.concern === "transit"
                                      ? "transit"
                                      : "exposure",
                            ),
                        )!;
                        const all = await evaluateResources(
                            [
                                {
                                    urn: `urn:pulumi:nosuchstack::p::${token}::r`,
                                    type: token,
                                    custom: true,
                                    inputs,
                                },
                            ],
                            {},
                            [policy],
                        );
                        assert.deepStrictEqual(
                            all.filter((v) => v.message.includes(`: ${check.path} is `)),
                            [],
                        );
                    });
                }
            });
        }
    }

    it("a secret or unknown value makes only that row could-not-check", async () => {
        const all = await evaluateResources(
            [
                {
                    urn: "urn:pulumi:nosuchstack::p::aws:dax/cluster:Cluster::d",
                    type: "aws:dax/cluster:Cluster",
                    custom: true,
                    inputs: {
                        serverSideEncryption: { enabled: "04da6b54-80e4-46f7-96ec-b56ff0331ba9" },
                    },
                },
            ],
            {},
            decidedPolicies,
        );
        assert.deepStrictEqual(
            all.map((v) => [v.policyName, v.message, v.couldNotCheck ?? false]),
            [
                [
                    "encryption-at-rest",
                    "could not check serverSideEncryption.enabled: value unknown/secret",
                    true,
                ],
                [
                    "encryption-in-transit",
                    'dax Cluster: clusterEndpointEncryptionType is not set, and AWS\'s default is no TLS (NONE): set clusterEndpointEncryptionType to "TLS".',
                    false,
                ],
            ],
        );
    });
});

describe("stack reference indexes (large stacks stay linear)", () => {
    it("referencing and referencedBy give the direct answer on many candidates", () => {
        const res = (urn: string, props: Record<string, unknown>, id?: string): StackResource =>
            ({
                type: "aws:s3/bucketPolicy:BucketPolicy",
                urn,
                name: urn,
                props,
                opts: {} as never,
                dependencies: [],
                propertyDependencies: {},
                isType: () => false,
                asType: () => undefined,
                id,
            }) as unknown as StackResource;
        const buckets = Array.from({ length: 100 }, (_, i) =>
            res(`b${i}`, { bucket: `bucket-${i}` }, `bucket-${i}`),
        );
        const unknownRef = "04da6b54-80e4-46f7-96ec-b56ff0331ba9";
        const sides = [
            ...Array.from({ length: 100 }, (_, i) => res(`p${i}`, { bucket: `bucket-${i % 50}` })),
            res("arn", { bucket: "arn:aws:s3:::bucket-7" }),
            res("u", { bucket: unknownRef }),
        ];
        for (const target of [buckets[3], buckets[7], buckets[60]]) {
            const direct = sides.filter((c) => refersTo(c, "bucket", target) === "yes");
            const undecided = sides.some((c) => refersTo(c, "bucket", target) === "unknown");
            assert.deepStrictEqual(referencing(sides, "bucket", target), {
                matches: direct,
                undecided,
            });
        }
        for (const from of sides) {
            let expected: StackResource | typeof UNKNOWN | undefined;
            let undecided = false;
            for (const t of buckets) {
                const m = refersTo(from, "bucket", t);
                if (m === "yes") {
                    expected = t;
                    break;
                }
                undecided ||= m === "unknown";
            }
            assert.strictEqual(
                referencedBy(from, "bucket", buckets),
                expected ?? (undecided ? UNKNOWN : undefined),
                from.urn,
            );
        }
    });
});
