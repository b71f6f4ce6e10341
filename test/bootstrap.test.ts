/**
 * bootstrap/: the CI identities, rendered offline under the same mocks as the main program. The
 * trust conditions are asserted exactly (audience, repository, environment per role); the preview
 * role reads metadata and is denied data; the deploy role covers every AWS service the stacks
 * render and manages IAM only under the stack's names; the whole bootstrap program passes the pack
 * with bootstrap/policy-config.json.
 *
 * What a mock render cannot prove: that AWS authorizes every call a real deploy makes with these
 * statements, and what GitHub puts in its tokens (docs/delivery.md).
 */
import * as assert from "assert";
import * as path from "path";
import {
    ciIdentitiesProblems,
    CiIdentities,
    CiIdentitiesArgs,
    DATA_READ_ACTIONS,
    deployPolicy,
    previewPolicy,
    SERVICES,
} from "../bootstrap/ciIdentities";
import { evaluateResources, loadPolicyConfig, readExport } from "../policies/evaluate";
import { PROJECT_ROOT } from "../offline/stackFiles";
import { synthesize, toExport } from "../offline/synth";
import { policyStatements, record, unwrap } from "./harness";
import { ResourceRecorder } from "../offline/mocks";

const ACCOUNT = "123456789012";
const PROVIDER_ARN = `arn:aws:iam::${ACCOUNT}:oidc-provider/token.actions.githubusercontent.com`;
/** How the mocks name IAM ARNs (offline/mocks.ts). */
const MOCK_IAM = `arn:aws:iam:ap-northeast-1:${ACCOUNT}:iam/`;
const ROLE = "aws:iam/role:Role";
const POLICY = "aws:iam/policy:Policy";
const ATTACHMENT = "aws:iam/rolePolicyAttachment:RolePolicyAttachment";
const OIDC = "aws:iam/openIdConnectProvider:OpenIdConnectProvider";

function args(overrides: Partial<CiIdentitiesArgs> = {}): CiIdentitiesArgs {
    return {
        repository: "tng-media/tng-infra",
        accountId: ACCOUNT,
        region: "ap-northeast-1",
        stacks: ["dev", "prod"],
        ...overrides,
    };
}

/** The exact trust policy of a role trusted by these environments. */
function trust(providerArn: string, environments: string[]) {
    return [
        {
            Sid: "GitHubEnvironments",
            Effect: "Allow",
            Principal: { Federated: providerArn },
            Action: "sts:AssumeRoleWithWebIdentity",
            Condition: {
                StringEquals: {
                    "token.actions.githubusercontent.com:aud": "sts.amazonaws.com",
                    "token.actions.githubusercontent.com:sub": environments.map(
                        (e) => `repo:tng-media/tng-infra:environment:${e}`,
                    ),
                },
            },
        },
    ];
}

describe("bootstrap: CiIdentities", () => {
    let recorder: ResourceRecorder;
    let value: CiIdentities;
    before(async () => {
        ({ recorder, value } = await record(() => new CiIdentities("tng-ci", args())));
    });

    it("creates the OIDC provider (protected) and a preview and a deploy role per stack", () => {
        assert.deepStrictEqual(recorder.countsByType(), {
            "tng:bootstrap:CiIdentities": 1,
            [OIDC]: 1,
            [ROLE]: 4,
            [POLICY]: 4,
            [ATTACHMENT]: 4,
        });
        assert.deepStrictEqual(recorder.get(OIDC, "tng-ci-github").inputs, {
            url: "https://token.actions.githubusercontent.com",
            clientIdLists: ["sts.amazonaws.com"],
        });
        assert.deepStrictEqual(
            recorder.ofType(ROLE).map((r) => [r.name, r.inputs.name, r.inputs.maxSessionDuration]),
            [
                ["tng-ci-dev-preview", "tng-ci-dev-preview", 3600],
                ["tng-ci-dev-deploy", "tng-ci-dev-deploy", 3600],
                ["tng-ci-prod-preview", "tng-ci-prod-preview", 3600],
                ["tng-ci-prod-deploy", "tng-ci-prod-deploy", 3600],
            ],
        );
    });

    it("trusts exactly: aud sts.amazonaws.com, sub repo:<owner>/<repo>:environment:<env> of the role's environments", () => {
        const providerArn = PROVIDER_ARN; // the mock names the provider as IAM does
        const expected: Record<string, string[]> = {
            "tng-ci-dev-preview": ["preview-dev"],
            "tng-ci-dev-deploy": ["dev"],
            "tng-ci-prod-preview": ["preview-prod", "plan-prod"],
            "tng-ci-prod-deploy": ["prod"],
        };
        for (const [name, environments] of Object.entries(expected)) {
            const role = recorder.get(ROLE, name).inputs;
            assert.deepStrictEqual(
                policyStatements(role.assumeRolePolicy),
                trust(providerArn, environments),
                name,
            );
        }
    });

    it("attaches each role its own customer-managed policy", () => {
        for (const stack of ["dev", "prod"]) {
            for (const kind of ["preview", "deploy"]) {
                const name = `tng-ci-${stack}-${kind}`;
                assert.deepStrictEqual(recorder.get(ATTACHMENT, `${name}-policy`).inputs, {
                    role: name,
                    policyArn: `${MOCK_IAM}${name}-policy`,
                });
                const policy = recorder.get(POLICY, `${name}-policy`).inputs;
                assert.strictEqual(policy.name, name);
                const place = { accountId: ACCOUNT, region: "ap-northeast-1", stack };
                assert.strictEqual(
                    policy.policy,
                    kind === "preview" ? previewPolicy(place) : deployPolicy(place),
                );
            }
        }
    });

    it("exports the provider and the role ARNs by stack", async () => {
        assert.strictEqual(await unwrap(value.providerArn), PROVIDER_ARN);
        assert.deepStrictEqual(await unwrap(value.deployRoleArns), {
            dev: `${MOCK_IAM}tng-ci-dev-deploy`,
            prod: `${MOCK_IAM}tng-ci-prod-deploy`,
        });
        assert.deepStrictEqual(await unwrap(value.previewRoleArns), {
            dev: `${MOCK_IAM}tng-ci-dev-preview`,
            prod: `${MOCK_IAM}tng-ci-prod-preview`,
        });
    });

    it("adopts an existing provider instead of creating one", async () => {
        const { recorder: rec } = await record(
            () => new CiIdentities("tng-ci", args({ existingProviderArn: PROVIDER_ARN })),
        );
        assert.strictEqual(rec.ofType(OIDC).length, 0);
        assert.deepStrictEqual(
            policyStatements(rec.get(ROLE, "tng-ci-prod-deploy").inputs.assumeRolePolicy),
            trust(PROVIDER_ARN, ["prod"]),
        );
    });

    it("refuses bad arguments, naming each", () => {
        assert.deepStrictEqual(ciIdentitiesProblems(args()), []);
        assert.deepStrictEqual(
            ciIdentitiesProblems(
                args({
                    repository: "tng-infra",
                    accountId: "1234",
                    region: "tokyo",
                    stacks: ["prod", "prod", "Bad"],
                    existingProviderArn: "arn:aws:iam::999999999999:oidc-provider/x",
                }),
            ),
            [
                'repository must be owner/repo (got "tng-infra")',
                'accountId must be 12 digits (got "1234")',
                'region must be an AWS region (got "tokyo")',
                "stacks must list at least one stack, each once",
                'stacks: "Bad" is not a stack name',
                "existingProviderArn must be arn:aws:iam::1234:oidc-provider/token.actions.githubusercontent.com",
            ],
        );
        assert.throws(
            () => new CiIdentities("x", args({ stacks: [] })),
            /CiIdentities x: stacks must list at least one stack, each once\./,
        );
    });
});

describe("bootstrap: the role policies", () => {
    const place = { accountId: ACCOUNT, region: "ap-northeast-1", stack: "prod" };

    it("preview: only Describe/Get/List, scoped to this account (Describe/List also on *), every data read denied", () => {
        const statements = policyStatements(previewPolicy(place));
        for (const s of statements.filter((st) => st.Effect === "Allow")) {
            for (const action of [s.Action].flat()) {
                assert.match(action, /^[a-z0-9-]+:(Describe|Get|List)\*$/, action);
                if (s.Resource === "*") {
                    assert.match(action, /:(Describe|List)\*$/, action);
                }
            }
            for (const resource of [s.Resource ?? ""].flat()) {
                assert.ok(
                    resource === "*" ||
                        resource.includes(`:${ACCOUNT}:`) ||
                        resource.startsWith("arn:aws:s3:::tng-prod-") ||
                        resource.startsWith("arn:aws:route53:::"),
                    resource,
                );
            }
        }
        const deny = statements.filter((s) => s.Effect === "Deny");
        assert.deepStrictEqual(deny, [
            { Sid: "NeverData", Effect: "Deny", Action: [...DATA_READ_ACTIONS], Resource: "*" },
        ]);
    });

    it("deploy: IAM only on the stack's names and never on the CI roles; Resource * only for unscopable and read-only calls", () => {
        const statements = policyStatements(deployPolicy(place));
        for (const s of statements.filter((st) => st.Effect === "Allow")) {
            const actions = [s.Action].flat();
            // Service-linked roles: created and read only, under aws-service-role/.
            if (s.Sid === "ServiceLinkedRoles") {
                assert.deepStrictEqual(
                    [actions, s.Resource],
                    [
                        ["iam:CreateServiceLinkedRole", "iam:GetRole"],
                        `arn:aws:iam::${ACCOUNT}:role/aws-service-role/*`,
                    ],
                );
                continue;
            }
            const managesIam = actions.some(
                (a) => a.startsWith("iam:") && !/^iam:(Describe|List)\*$/.test(a),
            );
            if (managesIam) {
                assert.ok(
                    [s.Resource ?? ""]
                        .flat()
                        .every((r) =>
                            [
                                `arn:aws:iam::${ACCOUNT}:role/tng-prod-*`,
                                `arn:aws:iam::${ACCOUNT}:policy/tng-prod-*`,
                            ].includes(r),
                        ),
                    JSON.stringify(s),
                );
            }
            assert.ok(!actions.some((a) => a === "*" || /^[a-z0-9-]+:\*$/.test(a)), s.Sid);
            if (s.Resource === "*") {
                assert.strictEqual(s.Sid, "Unscopable");
            }
        }
        assert.deepStrictEqual(statements.find((s) => s.Sid === "AttachKnownPolicies")?.Condition, {
            ArnLike: {
                "iam:PolicyARN": [
                    `arn:aws:iam::${ACCOUNT}:policy/tng-prod-*`,
                    "arn:aws:iam::aws:policy/service-role/AmazonRDSEnhancedMonitoringRole",
                ],
            },
        });
        assert.deepStrictEqual(statements[statements.length - 1], {
            Sid: "NotTheCiRoles",
            Effect: "Deny",
            Action: "iam:*",
            Resource: `arn:aws:iam::${ACCOUNT}:role/tng-ci-*`,
        });
    });

    it("covers every AWS service module the dev and prod stacks render", async () => {
        const covered = new Set(SERVICES.flatMap((s) => s.modules));
        for (const stack of ["dev", "prod"]) {
            const result = await synthesize(stack);
            const modules = new Set(
                result.resources
                    .map((r) => r.type)
                    .filter((t) => t.startsWith("aws:"))
                    .map((t) => t.split(":")[1].split("/")[0]),
            );
            const missing = [...modules].filter((m) => !covered.has(m));
            assert.deepStrictEqual(missing, [], `${stack}: ${missing.join(", ")}`);
        }
    });
});

describe("bootstrap: the program (bootstrap/Pulumi.ci.yaml), rendered offline", () => {
    // The account-wide detectors (CloudTrail, GuardDuty, Security Hub) are prod's stack's: the
    // bootstrap config turns off the three stack policies that require them in every stack.
    it("renders the identities of dev and prod and passes the pack with bootstrap/policy-config.json", async () => {
        const root = path.join(PROJECT_ROOT, "bootstrap");
        const result = await synthesize("ci", {
            root,
            program: path.join(PROJECT_ROOT, "bin", "bootstrap", "index.js"),
        });
        assert.strictEqual(result.project, "tng-bootstrap");
        assert.deepStrictEqual(
            result.resources
                .filter((r) => r.type === ROLE)
                .map((r) => r.name)
                .sort(),
            [
                "tng-ci-dev-deploy",
                "tng-ci-dev-preview",
                "tng-ci-prod-deploy",
                "tng-ci-prod-preview",
            ],
        );
        const violations = await evaluateResources(
            readExport(toExport(result)),
            loadPolicyConfig(path.join(root, "policy-config.json")),
        );
        assert.deepStrictEqual(
            violations
                .filter((v) => v.enforcementLevel === "mandatory" || v.couldNotCheck)
                .map((v) => `${v.policyName}: ${v.message}`),
            [],
        );
    });
});
