/**
 * Issue 19: one policy-document check for every input of every type that parses as an IAM policy
 * (JSON text or an object with a Statement), at any depth, on types the pack has no rule for.
 */
import * as assert from "assert";
import { evaluateResources } from "../evaluate";
import {
    documentFindings,
    issuerOf,
    policyDocumentNotOverPermissive,
    wildcardOnlySubject,
} from "../rules/policyDocuments";
import { parsePolicyDocument, Statement } from "../rules/helpers";

const ACCOUNT = "123456789012";
const GITHUB = `arn:aws:iam::${ACCOUNT}:oidc-provider/token.actions.githubusercontent.com`;

const doc = (...statements: object[]) =>
    JSON.stringify({ Version: "2012-10-17", Statement: statements });

async function run(type: string, inputs: Record<string, unknown>) {
    const all = await evaluateResources(
        [{ urn: `urn:pulumi:nosuchstack::p::${type}::r`, type, custom: true, inputs }],
        {},
        [policyDocumentNotOverPermissive],
    );
    return all.map((v) => (v.couldNotCheck ? `could-not-check ${v.message}` : v.message));
}

function findings(...statements: object[]): string[] {
    return documentFindings(parsePolicyDocument(doc(...statements)) as Statement[], "policy");
}

describe("policy-document-not-over-permissive", () => {
    it("judges a policy on a type without any rule, in text and object form, at any depth", async () => {
        const open = { Effect: "Allow", Principal: "*", Action: "glacier:*", Resource: "*" };
        assert.deepStrictEqual(await run("aws:glacier/vault:Vault", { accessPolicy: doc(open) }), [
            "Vault policy document must not allow Principal * without a condition that restricts the caller (accessPolicy Statement[0]).",
        ]);
        assert.deepStrictEqual(
            await run("aws:nosuch/thing:Thing", {
                nested: [{ document: { Version: "2012-10-17", Statement: [open] } }],
            }),
            [
                "Thing policy document must not allow Principal * without a condition that restricts the caller (nested[0].document Statement[0]).",
            ],
        );
    });

    it("passes scoped documents and ignores strings that are not documents", async () => {
        assert.deepStrictEqual(
            await run("aws:s3/bucketPolicy:BucketPolicy", {
                bucket: "b",
                policy: doc({
                    Effect: "Allow",
                    Principal: { Service: "cloudfront.amazonaws.com" },
                    Action: "s3:GetObject",
                    Resource: "arn:aws:s3:::b/*",
                    Condition: {
                        StringEquals: {
                            "AWS:SourceArn": `arn:aws:cloudfront::${ACCOUNT}:distribution/E1`,
                        },
                    },
                }),
                description: '{"Statement": not json',
            }),
            [],
        );
    });

    it("reports NotAction and NotPrincipal in an Allow, not in a Deny", () => {
        assert.deepStrictEqual(
            findings(
                { Effect: "Allow", NotAction: "iam:*", Resource: "arn:aws:s3:::b" },
                {
                    Effect: "Allow",
                    NotPrincipal: { AWS: `arn:aws:iam::${ACCOUNT}:root` },
                    Action: "s3:GetObject",
                    Resource: "*",
                },
                { Effect: "Deny", NotAction: "s3:GetObject", Resource: "*" },
            ),
            [
                "must not Allow with NotAction: it grants every other action (policy Statement[0]).",
                "must not Allow with NotPrincipal: it grants every other principal (policy Statement[1]).",
            ],
        );
    });

    it("reports * and service:* on Resource * in identity policies only", () => {
        assert.deepStrictEqual(
            findings(
                { Effect: "Allow", Action: "*", Resource: "*" },
                { Effect: "Allow", Action: ["s3:*", "sqs:SendMessage"], Resource: "*" },
                { Effect: "Allow", Action: "s3:*", Resource: "arn:aws:s3:::b/*" },
                { Effect: "Allow", Action: "s3:Get*", Resource: "*" },
                // The key policy's account statement: a resource policy, judged by its principal.
                {
                    Effect: "Allow",
                    Principal: { AWS: `arn:aws:iam::${ACCOUNT}:root` },
                    Action: "kms:*",
                    Resource: "*",
                },
            ),
            [
                "must not allow * on Resource * (policy Statement[0]); name the actions and the resources.",
                "must not allow s3:* on Resource * (policy Statement[1]); name the actions and the resources.",
            ],
        );
    });

    it("asks for a source condition on service principals of resource policies, not of role trusts", () => {
        const service = {
            Effect: "Allow",
            Principal: { Service: "sns.amazonaws.com" },
            Action: "sqs:SendMessage",
            Resource: "*",
        };
        assert.deepStrictEqual(findings(service), [
            "must limit service principal sns.amazonaws.com with aws:SourceArn, aws:SourceAccount or aws:SourceOrgID (policy Statement[0]): without it any account's resource can use this grant through the service (confused deputy).",
        ]);
        for (const condition of [
            { ArnEquals: { "aws:SourceArn": `arn:aws:sns:ap-northeast-1:${ACCOUNT}:t` } },
            { StringEquals: { "aws:SourceAccount": ACCOUNT } },
            { StringEquals: { "aws:SourceOrgID": "o-a1b2c3d4e5" } },
        ]) {
            assert.deepStrictEqual(
                findings({ ...service, Condition: condition }),
                [],
                JSON.stringify(condition),
            );
        }
        // A condition in any account is no narrowing.
        assert.strictEqual(
            findings({
                ...service,
                Condition: { ArnLike: { "aws:SourceArn": "arn:aws:sns:*:*:*" } },
            }).length,
            1,
        );
        // Role trust of a service: the documented standard pattern (iam-role-trust-scoped advises).
        assert.deepStrictEqual(
            findings({
                Effect: "Allow",
                Principal: { Service: "ecs-tasks.amazonaws.com" },
                Action: "sts:AssumeRole",
            }),
            [],
        );
        // The CloudWatch Logs key statement, scoped to this account's log groups by encryption context.
        assert.deepStrictEqual(
            findings({
                Effect: "Allow",
                Principal: { Service: "logs.ap-northeast-1.amazonaws.com" },
                Action: ["kms:Encrypt*", "kms:Decrypt*"],
                Resource: "*",
                Condition: {
                    ArnLike: {
                        "kms:EncryptionContext:aws:logs:arn": `arn:aws:logs:ap-northeast-1:${ACCOUNT}:log-group:*`,
                    },
                },
            }),
            [],
        );
        // EventBridge to SNS: AWS documents the grant without a condition (none is supported).
        assert.deepStrictEqual(
            findings({
                Effect: "Allow",
                Principal: { Service: "events.amazonaws.com" },
                Action: "sns:Publish",
                Resource: "*",
            }),
            [],
        );
    });

    it("asks web-identity trusts for a concrete sub (GitHub and other issuers)", () => {
        const trust = (condition?: object, principal = GITHUB) => ({
            Effect: "Allow",
            Principal: { Federated: principal },
            Action: "sts:AssumeRoleWithWebIdentity",
            ...(condition ? { Condition: condition } : {}),
        });
        const aud = { "token.actions.githubusercontent.com:aud": "sts.amazonaws.com" };
        const missing =
            "web-identity trust of token.actions.githubusercontent.com must pin token.actions.githubusercontent.com:sub to concrete subjects with StringEquals or StringLike (policy Statement[0]); without it any GitHub repository can assume the role.";
        assert.deepStrictEqual(findings(trust({ StringEquals: aud })), [missing]);
        assert.deepStrictEqual(
            findings(
                trust({
                    StringEquals: aud,
                    StringLike: { "token.actions.githubusercontent.com:sub": "repo:*" },
                }),
            ),
            [missing],
        );
        assert.deepStrictEqual(
            findings(trust({ StringLike: { "token.actions.githubusercontent.com:sub": "*" } })),
            [missing],
        );
        assert.deepStrictEqual(
            findings(
                trust({
                    StringEquals: aud,
                    StringLike: { "token.actions.githubusercontent.com:sub": "repo:tng/infra:*" },
                }),
            ),
            [],
        );
        const eks = `arn:aws:iam::${ACCOUNT}:oidc-provider/oidc.eks.ap-northeast-1.amazonaws.com/id/ABC`;
        assert.deepStrictEqual(findings(trust(undefined, eks)), [
            "web-identity trust of oidc.eks.ap-northeast-1.amazonaws.com/id/ABC must pin oidc.eks.ap-northeast-1.amazonaws.com/id/ABC:sub to concrete subjects with StringEquals or StringLike (policy Statement[0]); without it any identity of that issuer can assume the role.",
        ]);
        assert.deepStrictEqual(
            findings(
                trust(
                    {
                        StringEquals: {
                            "oidc.eks.ap-northeast-1.amazonaws.com/id/ABC:sub":
                                "system:serviceaccount:app:web",
                        },
                    },
                    eks,
                ),
            ),
            [],
        );
        assert.strictEqual(issuerOf(GITHUB), "token.actions.githubusercontent.com");
        assert.strictEqual(wildcardOnlySubject("repo:tng/*"), false);
        assert.strictEqual(wildcardOnlySubject("repo:*/infra:*"), true);
    });

    it("makes only an unknown document could-not-check, and ignores unknown non-policy inputs", async () => {
        const unknown = "04da6b54-80e4-46f7-96ec-b56ff0331ba9";
        assert.deepStrictEqual(
            await run("aws:sqs/queuePolicy:QueuePolicy", { queueUrl: unknown, policy: unknown }),
            ["could-not-check could not check policy: value unknown/secret"],
        );
    });
});
