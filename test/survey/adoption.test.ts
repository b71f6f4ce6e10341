/**
 * The settings the survey's investigations need, in their components: adopted NAT Elastic IPs
 * (network.natEipAllocationIds), CloudSearch source fields, defaults and an adopted domain's custom
 * analysis schemes (search.indexFields), and the CloudFront HTTP version (edge.httpVersion, proven
 * end to end by parity's --write test).
 */
import * as assert from "assert";
import {
    indexFieldProblems,
    toDomainIndexField,
    validateSearchDomainArgs,
} from "../../components/data/searchDomain";
import { Network, NetworkArgs } from "../../components/network/network";
import { record, unwrap } from "../harness";

function networkArgs(over: Partial<NetworkArgs> = {}): NetworkArgs {
    return {
        cidrBlock: "10.30.0.0/16",
        availabilityZones: ["ap-northeast-1a", "ap-northeast-1c", "ap-northeast-1d"],
        natGateways: "perAz",
        interfaceEndpoints: [],
        region: "ap-northeast-1",
        accountId: "123456789012",
        kmsKeyArn: "arn:aws:kms:ap-northeast-1:123456789012:key/k",
        flowLogRetentionDays: 365,
        ...over,
    };
}

describe("network.natEipAllocationIds", () => {
    it("puts the adopted allocations on the NAT gateways in AZ order and creates no Elastic IP", async () => {
        const ids = [
            "eipalloc-0a1b2c3d4e5f60718",
            "eipalloc-0a1b2c3d4e5f60719",
            "eipalloc-0a1b2c3d4e5f6071a",
        ];
        const { recorder } = await record(
            () => new Network("n", networkArgs({ natEipAllocationIds: ids })),
        );
        assert.strictEqual(recorder.ofType("aws:ec2/eip:Eip").length, 0);
        const nats = recorder.ofType("aws:ec2/natGateway:NatGateway");
        assert.deepStrictEqual(
            nats.map((n) => [n.name, n.inputs.allocationId]),
            [
                ["n-nat-a", ids[0]],
                ["n-nat-c", ids[1]],
                ["n-nat-d", ids[2]],
            ],
        );
    });

    it("without it creates one Elastic IP per NAT gateway", async () => {
        const { recorder } = await record(
            () => new Network("n", networkArgs({ natGateways: "single" })),
        );
        assert.strictEqual(recorder.ofType("aws:ec2/eip:Eip").length, 1);
        const eip = recorder.ofType("aws:ec2/eip:Eip")[0];
        assert.deepStrictEqual(eip.inputs.domain, "vpc");
        const nat = recorder.ofType("aws:ec2/natGateway:NatGateway")[0];
        assert.ok(await unwrap(nat.inputs.allocationId));
    });

    it("must give one allocation per NAT gateway", async () => {
        await assert.rejects(
            async () =>
                record(
                    () =>
                        new Network(
                            "n",
                            networkArgs({ natEipAllocationIds: ["eipalloc-0a1b2c3d4e5f60718"] }),
                        ),
                ),
            /^Error: Network `natEipAllocationIds` lists 1 allocation\(s\) but the network has 3 NAT gateway\(s\) \(natGateways perAz\): give one per gateway\.$/,
        );
    });
});

describe("search.indexFields: source fields, defaults, analysis schemes", () => {
    it("passes source fields and default values to the provider", () => {
        assert.deepStrictEqual(
            toDomainIndexField({
                name: "all_text",
                type: "text-array",
                sourceFields: "title,body",
                return: false,
            }),
            { name: "all_text", type: "text-array", sourceFields: "title,body", return: false },
        );
        assert.deepStrictEqual(
            toDomainIndexField({ name: "rank", type: "int", defaultValue: "0" }),
            {
                name: "rank",
                type: "int",
                defaultValue: "0",
            },
        );
    });

    it("checks source fields by the field's type", () => {
        assert.deepStrictEqual(
            indexFieldProblems({ name: "rank", type: "int", sourceFields: "a,b" }),
            ["SearchDomain index field `rank`: a int field takes one source field, not 2."],
        );
        assert.deepStrictEqual(
            indexFieldProblems({ name: "rank", type: "int", sourceFields: "rank" }),
            [
                "SearchDomain index field `rank`: `sourceFields` must list other field names, comma-separated (got `rank`).",
            ],
        );
        assert.deepStrictEqual(
            indexFieldProblems({ name: "all", type: "text-array", sourceFields: "a,b" }),
            [],
        );
    });

    it("takes a custom analysis scheme only on an adopted domain", () => {
        const fields = [{ name: "body", type: "text" as const, analysisScheme: "ja_custom" }];
        assert.throws(
            () =>
                validateSearchDomainArgs("tng-prod-search", {
                    clientRoleArn: "r",
                    clientRoleName: "r",
                    indexFields: fields,
                }),
            /^Error: SearchDomain index field `body` uses custom analysis scheme `ja_custom`, which only an adopted domain \(existingDomainName\) has: the provider cannot create analysis schemes\.$/,
        );
        assert.strictEqual(
            validateSearchDomainArgs("tng-prod-search", {
                clientRoleArn: "r",
                clientRoleName: "r",
                indexFields: fields,
                existingDomainName: "tng-prod",
            }),
            "tng-prod",
        );
        assert.deepStrictEqual(
            indexFieldProblems({ name: "body", type: "text", analysisScheme: "_zh-Hans_default_" }),
            [],
        );
    });
});
