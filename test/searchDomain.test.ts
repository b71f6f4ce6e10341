/**
 * SearchDomain: the domain's inputs (HTTPS, TLS 1.2, scaling, multi-AZ, index fields), the two
 * access policies exactly, the https endpoint outputs, adopting an existing domain by import, the
 * pure helpers, and every validation message.
 *
 * The mocks prove what the program asks CloudSearch and IAM for, not that AWS accepts it (for
 * example that an import's inputs match the live domain). Import ids and resource options are
 * read from the registration requests, which the shared recorder does not keep.
 */
import * as assert from "assert";
import {
    ARTICLE_INDEX_FIELDS,
    indexFieldProblems,
    SearchDomain,
    SearchDomainArgs,
    SearchIndexField,
    SearchInstanceType,
    searchAccessPolicy,
    searchClientPolicy,
    searchDomainName,
    toDomainIndexField,
    validateSearchDomainArgs,
} from "../components/data/searchDomain";
import { RecordedOptions, ResourceRecorder } from "../offline/mocks";
import { freshMocks, recordWithOptions, policyStatements, settle, unwrap } from "./harness";

const COMPONENT = "tng:data:SearchDomain";
const DOMAIN = "aws:cloudsearch/domain:Domain";
const ACCESS = "aws:cloudsearch/domainServiceAccessPolicy:DomainServiceAccessPolicy";
const ROLE_POLICY = "aws:iam/rolePolicy:RolePolicy";

const ROLE_ARN = "arn:aws:iam::123456789012:role/tng-test-app-task-role";
const ROLE_NAME = "tng-test-app-task-role";
const REGION = "ap-northeast-1";
const ACCOUNT = "123456789012";

function args(overrides: Partial<SearchDomainArgs> = {}): SearchDomainArgs {
    return { clientRoleArn: ROLE_ARN, clientRoleName: ROLE_NAME, ...overrides };
}

/** The article defaults as the provider must receive them, written out independently. */
const EXPECTED_ARTICLE_FIELDS = [
    {
        name: "title",
        type: "text",
        analysisScheme: "_ja_default_",
        return: true,
        highlight: true,
        sort: true,
    },
    { name: "body", type: "text", analysisScheme: "_ja_default_", return: false, highlight: true },
    { name: "tags", type: "literal-array", search: true, facet: true, return: true },
    { name: "category", type: "literal", search: true, facet: true, return: true, sort: true },
    { name: "published_at", type: "date", search: true, facet: false, return: true, sort: true },
];

describe("SearchDomain", () => {
    describe("a new domain with the defaults (dev)", () => {
        let recorder: ResourceRecorder;
        let search: SearchDomain;
        let options: Map<string, RecordedOptions>;
        before(async () => {
            ({
                recorder,
                value: search,
                options,
            } = await recordWithOptions(() => new SearchDomain("tng-dev-search", args())));
        });

        it("creates exactly a domain, its service access policy and the role's policy", () => {
            assert.deepStrictEqual(recorder.countsByType(), {
                [DOMAIN]: 1,
                [ACCESS]: 1,
                [ROLE_POLICY]: 1,
                [COMPONENT]: 1,
            });
            assert.deepStrictEqual(recorder.resources.map((r) => r.name).sort(), [
                "tng-dev-search",
                "tng-dev-search-access",
                "tng-dev-search-client",
                "tng-dev-search-domain",
            ]);
        });

        it("creates the domain named after the component, HTTPS-only with TLS 1.2, sized by default", () => {
            assert.deepStrictEqual(recorder.get(DOMAIN, "tng-dev-search-domain").inputs, {
                name: "tng-dev-search",
                multiAz: false,
                endpointOptions: {
                    enforceHttps: true,
                    tlsSecurityPolicy: "Policy-Min-TLS-1-2-2019-07",
                },
                scalingParameters: {
                    desiredInstanceType: "search.small",
                    desiredReplicationCount: 1,
                },
                indexFields: EXPECTED_ARTICLE_FIELDS,
            });
        });

        it("creates rather than imports, unprotected", () => {
            const domain = recorder.get(DOMAIN, "tng-dev-search-domain");
            assert.strictEqual(domain.id, "tng-dev-search-domain-id");
            const o = options.get("tng-dev-search-domain");
            assert.deepStrictEqual(
                [o?.importId, o?.protect, o?.retainOnDelete],
                ["", false, false],
            );
        });

        it("admits only the app's role, only to search and document", () => {
            const access = recorder.get(ACCESS, "tng-dev-search-access");
            assert.deepStrictEqual(Object.keys(access.inputs).sort(), [
                "accessPolicy",
                "domainName",
            ]);
            assert.strictEqual(access.inputs["domainName"], "tng-dev-search");
            const policy = JSON.parse(access.inputs["accessPolicy"] as string) as Record<
                string,
                unknown
            >;
            assert.strictEqual(policy["Version"], "2012-10-17");
            assert.deepStrictEqual(policyStatements(access.inputs["accessPolicy"]), [
                {
                    Sid: "AppSearchAndDocument",
                    Effect: "Allow",
                    Principal: { AWS: ROLE_ARN },
                    Action: ["cloudsearch:search", "cloudsearch:document"],
                },
            ]);
        });

        it("grants the app's role exactly search and document on this domain's ARN", () => {
            const rolePolicy = recorder.get(ROLE_POLICY, "tng-dev-search-client");
            assert.deepStrictEqual(Object.keys(rolePolicy.inputs).sort(), ["policy", "role"]);
            assert.strictEqual(rolePolicy.inputs["role"], ROLE_NAME);
            assert.deepStrictEqual(policyStatements(rolePolicy.inputs["policy"]), [
                {
                    Sid: "ArticleSearch",
                    Effect: "Allow",
                    Action: ["cloudsearch:search", "cloudsearch:document"],
                    Resource: `arn:aws:cloudsearch:${REGION}:${ACCOUNT}:domain/tng-dev-search`,
                },
            ]);
        });

        it("outputs https endpoints, the ARN, the name and the IAM policy", async () => {
            assert.strictEqual(
                await unwrap(search.documentEndpoint),
                `https://doc-tng-dev-search-abc123.${REGION}.cloudsearch.amazonaws.com`,
            );
            assert.strictEqual(
                await unwrap(search.searchEndpoint),
                `https://search-tng-dev-search-abc123.${REGION}.cloudsearch.amazonaws.com`,
            );
            assert.strictEqual(
                await unwrap(search.domainArn),
                `arn:aws:cloudsearch:${REGION}:${ACCOUNT}:domain/tng-dev-search`,
            );
            assert.strictEqual(await unwrap(search.domainName), "tng-dev-search");
            assert.strictEqual(
                await unwrap(search.clientPolicy),
                recorder.get(ROLE_POLICY, "tng-dev-search-client").inputs["policy"],
            );
        });

        it("registers exactly its public outputs", () => {
            assert.deepStrictEqual(
                Object.keys(recorder.get(COMPONENT, "tng-dev-search").outputs).sort(),
                ["clientPolicy", "documentEndpoint", "domainArn", "domainName", "searchEndpoint"],
            );
        });
    });

    describe("adopting the existing production domain (prod)", () => {
        let recorder: ResourceRecorder;
        let search: SearchDomain;
        let options: Map<string, RecordedOptions>;
        const fields: SearchIndexField[] = [
            { name: "title", type: "text", analysisScheme: "_ja_default_", return: true },
            { name: "author_ids", type: "int-array", search: true, facet: true },
        ];
        before(async () => {
            ({
                recorder,
                value: search,
                options,
            } = await recordWithOptions(
                () =>
                    new SearchDomain(
                        "tng-prod-search",
                        args({
                            existingDomainName: "tng-prod",
                            multiAz: true,
                            instanceType: "search.medium",
                            replicationCount: 2,
                            indexFields: fields,
                        }),
                    ),
            ));
        });

        it("imports the domain by its name instead of creating one", () => {
            const domain = recorder.get(DOMAIN, "tng-prod-search-domain");
            // The mock monitor passes the import id as the resource id: this is the import.
            assert.strictEqual(domain.id, "tng-prod");
            assert.strictEqual(options.get("tng-prod-search-domain")?.importId, "tng-prod");
        });

        it("protects the adopted domain and keeps it if the stack is destroyed", () => {
            assert.strictEqual(options.get("tng-prod-search-domain")?.protect, true);
            assert.strictEqual(options.get("tng-prod-search-domain")?.retainOnDelete, true);
        });

        it("declares the adopted domain with multi-AZ, the given scaling and fields, HTTPS and TLS 1.2", () => {
            assert.deepStrictEqual(recorder.get(DOMAIN, "tng-prod-search-domain").inputs, {
                name: "tng-prod",
                multiAz: true,
                endpointOptions: {
                    enforceHttps: true,
                    tlsSecurityPolicy: "Policy-Min-TLS-1-2-2019-07",
                },
                scalingParameters: {
                    desiredInstanceType: "search.medium",
                    desiredReplicationCount: 2,
                },
                indexFields: [
                    { name: "title", type: "text", analysisScheme: "_ja_default_", return: true },
                    { name: "author_ids", type: "int-array", search: true, facet: true },
                ],
            });
        });

        it("attaches both policies to the adopted domain", () => {
            assert.strictEqual(
                recorder.get(ACCESS, "tng-prod-search-access").inputs["domainName"],
                "tng-prod",
            );
            assert.deepStrictEqual(
                policyStatements(
                    recorder.get(ROLE_POLICY, "tng-prod-search-client").inputs["policy"],
                ),
                [
                    {
                        Sid: "ArticleSearch",
                        Effect: "Allow",
                        Action: ["cloudsearch:search", "cloudsearch:document"],
                        Resource: `arn:aws:cloudsearch:${REGION}:${ACCOUNT}:domain/tng-prod`,
                    },
                ],
            );
            // Import options belong to the domain only.
            assert.strictEqual(options.get("tng-prod-search-access")?.importId, "");
            assert.strictEqual(options.get("tng-prod-search-client")?.importId, "");
        });

        it("outputs the adopted domain's https endpoints", async () => {
            assert.strictEqual(
                await unwrap(search.documentEndpoint),
                `https://doc-tng-prod-abc123.${REGION}.cloudsearch.amazonaws.com`,
            );
            assert.strictEqual(
                await unwrap(search.searchEndpoint),
                `https://search-tng-prod-abc123.${REGION}.cloudsearch.amazonaws.com`,
            );
            assert.strictEqual(await unwrap(search.domainName), "tng-prod");
        });
    });

    describe("protect overrides", () => {
        let options: Map<string, RecordedOptions>;
        before(async () => {
            ({ options } = await recordWithOptions(() => [
                new SearchDomain("tng-a-search", args({ protect: true })),
                new SearchDomain(
                    "tng-b-search",
                    args({ existingDomainName: "tng-b", protect: false }),
                ),
            ]));
        });

        it("protects a created domain on request", () => {
            assert.strictEqual(options.get("tng-a-search-domain")?.protect, true);
            assert.strictEqual(options.get("tng-a-search-domain")?.retainOnDelete, false);
        });

        it("lets an adopted domain be unprotected but still retains it on delete", () => {
            assert.strictEqual(options.get("tng-b-search-domain")?.protect, false);
            assert.strictEqual(options.get("tng-b-search-domain")?.retainOnDelete, true);
        });
    });

    describe("helpers", () => {
        it("builds the service access policy without a Resource (the policy is attached to the domain)", () => {
            assert.deepStrictEqual(JSON.parse(searchAccessPolicy(ROLE_ARN)), {
                Version: "2012-10-17",
                Statement: [
                    {
                        Sid: "AppSearchAndDocument",
                        Effect: "Allow",
                        Principal: { AWS: ROLE_ARN },
                        Action: ["cloudsearch:search", "cloudsearch:document"],
                    },
                ],
            });
        });

        it("builds the IAM policy on the domain ARN", () => {
            const arn = `arn:aws:cloudsearch:${REGION}:${ACCOUNT}:domain/x`;
            assert.deepStrictEqual(JSON.parse(searchClientPolicy(arn)), {
                Version: "2012-10-17",
                Statement: [
                    {
                        Sid: "ArticleSearch",
                        Effect: "Allow",
                        Action: ["cloudsearch:search", "cloudsearch:document"],
                        Resource: arn,
                    },
                ],
            });
        });

        it("maps index fields, keeping only the options that are set and `return: false`", () => {
            assert.deepStrictEqual(toDomainIndexField({ name: "t", type: "text" }), {
                name: "t",
                type: "text",
            });
            assert.deepStrictEqual(
                ARTICLE_INDEX_FIELDS.map(toDomainIndexField),
                EXPECTED_ARTICLE_FIELDS,
            );
        });

        it("derives the domain name from the component name, lower-cased", () => {
            assert.strictEqual(searchDomainName("tng-prod-search"), "tng-prod-search");
            assert.strictEqual(searchDomainName("TNG-Search"), "tng-search");
            assert.strictEqual(searchDomainName("a".repeat(28)), "a".repeat(28));
        });

        it("accepts the article defaults and every option a type has", () => {
            for (const field of ARTICLE_INDEX_FIELDS) {
                assert.deepStrictEqual(indexFieldProblems(field), [], field.name);
            }
            assert.deepStrictEqual(
                indexFieldProblems({
                    name: "n",
                    type: "int",
                    search: true,
                    facet: true,
                    return: true,
                    sort: true,
                }),
                [],
            );
            assert.deepStrictEqual(
                indexFieldProblems({
                    name: "ta",
                    type: "text-array",
                    return: true,
                    highlight: true,
                    analysisScheme: "_en_default_",
                }),
                [],
            );
        });

        it("reports every problem of one field", () => {
            assert.deepStrictEqual(
                indexFieldProblems({
                    name: "x",
                    type: "text-array",
                    search: true,
                    facet: true,
                    sort: true,
                }),
                [
                    "SearchDomain index field `x`: `search` is not an option of text-array fields.",
                    "SearchDomain index field `x`: `facet` is not an option of text-array fields.",
                    "SearchDomain index field `x`: `sort` is not an option of text-array fields.",
                ],
            );
        });
    });

    describe("validation", () => {
        const field = (f: Partial<SearchIndexField> & { name: string }): SearchIndexField => ({
            type: "literal",
            ...f,
        });
        const cases: { title: string; name?: string; args: SearchDomainArgs; message: string }[] = [
            {
                title: "an unknown instance type",
                args: args({ instanceType: "search.m1.small" as SearchInstanceType }),
                message:
                    "SearchDomain `instanceType` must be one of search.small, search.medium, search.large, search.xlarge, search.2xlarge, got `search.m1.small`.",
            },
            {
                title: "no replicas",
                args: args({ replicationCount: 0 }),
                message: "SearchDomain `replicationCount` must be an integer from 1 to 5, got 0.",
            },
            {
                title: "six replicas",
                args: args({ replicationCount: 6 }),
                message: "SearchDomain `replicationCount` must be an integer from 1 to 5, got 6.",
            },
            {
                title: "a fractional replica count",
                args: args({ replicationCount: 1.5 }),
                message: "SearchDomain `replicationCount` must be an integer from 1 to 5, got 1.5.",
            },
            {
                title: "no index fields",
                args: args({ indexFields: [] }),
                message: "SearchDomain needs at least one index field.",
            },
            {
                title: "a field defined twice",
                args: args({ indexFields: [field({ name: "tags" }), field({ name: "tags" })] }),
                message: "SearchDomain index field `tags` is defined twice.",
            },
            {
                title: "an upper-case field name",
                args: args({ indexFields: [field({ name: "Title" })] }),
                message:
                    "SearchDomain index field `Title` must be a lower-case letter, then up to 63 of a-z, 0-9, _.",
            },
            {
                title: "a 65-character field name",
                args: args({ indexFields: [field({ name: "f".repeat(65) })] }),
                message: `SearchDomain index field \`${"f".repeat(65)}\` must be a lower-case letter, then up to 63 of a-z, 0-9, _.`,
            },
            {
                title: "the reserved field name score",
                args: args({ indexFields: [field({ name: "score" })] }),
                message: "SearchDomain index field `score` is reserved by CloudSearch.",
            },
            {
                title: "an unknown field type",
                args: args({
                    indexFields: [{ name: "geo", type: "geo" as SearchIndexField["type"] }],
                }),
                message: "SearchDomain index field `geo` has unknown type `geo`.",
            },
            {
                title: "search on a text field",
                args: args({ indexFields: [{ name: "body", type: "text", search: true }] }),
                message:
                    "SearchDomain index field `body`: `search` is not an option of text fields.",
            },
            {
                title: "facet on a text field",
                args: args({ indexFields: [{ name: "body", type: "text", facet: false }] }),
                message:
                    "SearchDomain index field `body`: `facet` is not an option of text fields.",
            },
            {
                title: "highlight on a literal field",
                args: args({ indexFields: [field({ name: "category", highlight: true })] }),
                message:
                    "SearchDomain index field `category`: `highlight` is not an option of literal fields.",
            },
            {
                title: "an analysis scheme on a date field",
                args: args({
                    indexFields: [
                        { name: "published_at", type: "date", analysisScheme: "_ja_default_" },
                    ],
                }),
                message:
                    "SearchDomain index field `published_at`: `analysisScheme` is not an option of date fields.",
            },
            {
                title: "sort on a literal-array field",
                args: args({ indexFields: [{ name: "tags", type: "literal-array", sort: true }] }),
                message:
                    "SearchDomain index field `tags`: `sort` is not an option of literal-array fields.",
            },
            {
                title: "an invalid existing domain name",
                args: args({ existingDomainName: "TNG_prod" }),
                message:
                    "SearchDomain `existingDomainName` must be 3 to 28 of a-z, 0-9, - starting with a letter, got `TNG_prod`.",
            },
            {
                title: "a component name too short for a domain name",
                name: "ts",
                args: args(),
                message:
                    "SearchDomain name `ts` must give a CloudSearch domain name of 3 to 28 of a-z, 0-9, - starting with a letter, got `ts`.",
            },
            {
                title: "a component name too long for a domain name",
                name: "s".repeat(29),
                args: args(),
                message: `SearchDomain name \`${"s".repeat(29)}\` must give a CloudSearch domain name of 3 to 28 of a-z, 0-9, - starting with a letter, got \`${"s".repeat(29)}\`.`,
            },
            {
                title: "a component name starting with a digit",
                name: "1search",
                args: args(),
                message:
                    "SearchDomain name `1search` must give a CloudSearch domain name of 3 to 28 of a-z, 0-9, - starting with a letter, got `1search`.",
            },
        ];

        let recorder: ResourceRecorder;
        before(async () => {
            recorder = await freshMocks();
        });
        after(settle);

        cases.forEach((c, i) => {
            it(`rejects ${c.title}`, () => {
                const name = c.name ?? `invalid-${i}-search`;
                assert.throws(() => new SearchDomain(name, c.args), { message: c.message });
                assert.throws(() => validateSearchDomainArgs(name, c.args), { message: c.message });
            });
        });

        it("creates no child for a rejected domain", async () => {
            await settle();
            assert.deepStrictEqual(
                recorder.resources.filter((r) => r.type !== COMPONENT),
                [],
            );
        });

        it("accepts any component name when adopting a domain", () => {
            assert.strictEqual(
                validateSearchDomainArgs("x", args({ existingDomainName: "tng-prod" })),
                "tng-prod",
            );
        });
    });
});
