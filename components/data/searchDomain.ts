/**
 * SearchDomain: the CloudSearch domain behind article search, reachable only by the app's role.
 *
 * CloudSearch has public endpoints only (no VPC option), so HTTPS with TLS 1.2, SigV4-signed
 * requests and the access policies are the whole network control: the domain's service access
 * policy admits only the app's task role, and an inline IAM policy on that role grants exactly
 * `cloudsearch:search` and `cloudsearch:document` on this domain's ARN.
 *
 * CloudSearch is closed to new AWS customers. An account that already has a domain (the
 * production one) adopts it through `existingDomainName`: Pulumi imports the live domain instead
 * of creating one, protects it and leaves it in place if the stack is ever destroyed.
 */
import * as aws from "../../sdk/aws";
import * as pulumi from "@pulumi/pulumi";
import { ArgsError } from "../errors";

/** The only TLS policy CloudSearch offers with TLS 1.2 as the minimum. */
export const SEARCH_TLS_POLICY = "Policy-Min-TLS-1-2-2019-07";
/** The domain-service actions the app needs: querying and uploading/deleting documents. */
export const SEARCH_CLIENT_ACTIONS = ["cloudsearch:search", "cloudsearch:document"] as const;
/** CloudSearch instance types for new scaling parameters (older m1/m2/m3 are for old domains). */
export const SEARCH_INSTANCE_TYPES = [
    "search.small",
    "search.medium",
    "search.large",
    "search.xlarge",
    "search.2xlarge",
] as const;
export type SearchInstanceType = (typeof SEARCH_INSTANCE_TYPES)[number];
/** CloudSearch index field types. */
export const SEARCH_FIELD_TYPES = [
    "int",
    "int-array",
    "double",
    "double-array",
    "literal",
    "literal-array",
    "text",
    "text-array",
    "date",
    "date-array",
    "latlon",
] as const;
export type SearchFieldType = (typeof SEARCH_FIELD_TYPES)[number];

/** One index field; the options a type does not have (see {@link indexFieldProblems}) must stay unset. */
export interface SearchIndexField {
    /** Field name: a lower-case letter, then up to 63 of a-z, 0-9, _; `score` is reserved. */
    readonly name: string;
    readonly type: SearchFieldType;
    /** Searchable (not for text types, which are always searchable). */
    readonly search?: boolean;
    /** Facet-enabled (not for text types). */
    readonly facet?: boolean;
    /** Returned in results. */
    readonly return?: boolean;
    /** Sortable (not for array types). */
    readonly sort?: boolean;
    /** Highlights (text types only). */
    readonly highlight?: boolean;
    /**
     * Analysis scheme (text types only): a language default such as `_ja_default_`, or a custom
     * scheme of an adopted domain (the provider does not create schemes, so a new domain has none).
     */
    readonly analysisScheme?: string;
    /**
     * Fields whose data is copied into this one, comma-separated (array types may take several,
     * the others one): https://docs.aws.amazon.com/cloudsearch/latest/developerguide/API_IndexField.html
     */
    readonly sourceFields?: string;
    /** The value used when a document has none (not for text, text-array or latlon... types it lacks). */
    readonly defaultValue?: string;
}

/** Index fields for articles: Japanese full text in title and body, facets on tags and category. */
export const ARTICLE_INDEX_FIELDS: readonly SearchIndexField[] = [
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

/** Defaults for the optional args; the `search` settings take theirs from here. */
export const SEARCH_DEFAULTS = {
    instanceType: "search.small" as SearchInstanceType,
    replicationCount: 1,
    multiAz: false,
    indexFields: ARTICLE_INDEX_FIELDS,
} as const;

export interface SearchDomainArgs {
    /** The app's task role ARN: the only principal of the domain's service access policy. */
    readonly clientRoleArn: pulumi.Input<string>;
    /** The app's task role name: receives the inline policy for search and document upload. */
    readonly clientRoleName: pulumi.Input<string>;
    /** Desired instance type. Defaults to search.small (CloudSearch scales up from it by itself). */
    readonly instanceType?: SearchInstanceType;
    /** Desired replicas per index partition, 1–5. Defaults to 1. */
    readonly replicationCount?: number;
    /** Keep extra instances in a second AZ. Defaults to false. */
    readonly multiAz?: pulumi.Input<boolean>;
    /** Index fields. Defaults to {@link ARTICLE_INDEX_FIELDS}. */
    readonly indexFields?: readonly SearchIndexField[];
    /**
     * Adopt this existing domain instead of creating one (CloudSearch takes no new customers).
     * The domain is imported with `name` = this value, so every input (index fields, scaling,
     * multi-AZ, endpoint options) must already match the live domain or the import fails: check
     * with `aws cloudsearch describe-domains`, `describe-index-fields`, `describe-scaling-parameters`,
     * `describe-availability-options` and `describe-domain-endpoint-options` first. The service
     * access policy then REPLACES the domain's current one. Defaults to creating a domain named
     * after the component.
     */
    readonly existingDomainName?: string;
    /** Protect the domain from deletion. Defaults to true when adopting, else false. */
    readonly protect?: boolean;
}

const DOMAIN_NAME = /^[a-z][a-z0-9-]{2,27}$/;
const DOMAIN_NAME_RULE = "3 to 28 of a-z, 0-9, - starting with a letter";
const FIELD_NAME = /^[a-z][a-z0-9_]{0,63}$/;
/** A language's default analysis scheme (`_ja_default_`, `_zh-Hans_default_`). */
export const DEFAULT_ANALYSIS_SCHEME = /^_[a-z]{2,3}(-[A-Za-z]{2,4})?_default_$/;
/** A custom analysis scheme's name (CloudSearch StandardName: a-z first, then a-z, 0-9, _). */
export const CUSTOM_ANALYSIS_SCHEME = /^[a-z][a-z0-9_]{0,63}$/;
const TEXT_TYPES: readonly SearchFieldType[] = ["text", "text-array"];

/** The domain name derived from the component name (lower-cased), checked against CloudSearch's rules. */
export function searchDomainName(name: string): string {
    const domain = name.toLowerCase();
    if (!DOMAIN_NAME.test(domain)) {
        throw new ArgsError(
            `SearchDomain name \`${name}\` must give a CloudSearch domain name of ${DOMAIN_NAME_RULE}, got \`${domain}\`.`,
        );
    }
    return domain;
}

/**
 * What is wrong with one index field, per CloudSearch's per-type options: text types are always
 * searchable and have no facets; only text types take highlights and analysis schemes; array
 * types cannot sort. An option a type lacks would be dropped and show as a diff forever.
 */
export function indexFieldProblems(field: SearchIndexField): string[] {
    const problems: string[] = [];
    const label = `SearchDomain index field \`${field.name}\``;
    if (!FIELD_NAME.test(field.name)) {
        problems.push(`${label} must be a lower-case letter, then up to 63 of a-z, 0-9, _.`);
    }
    if (field.name === "score") {
        problems.push(`${label} is reserved by CloudSearch.`);
    }
    if (!SEARCH_FIELD_TYPES.includes(field.type)) {
        problems.push(`${label} has unknown type \`${String(field.type)}\`.`);
        return problems;
    }
    const text = TEXT_TYPES.includes(field.type);
    const unsupported: string[] = [];
    if (text && field.search !== undefined) {
        unsupported.push("search");
    }
    if (text && field.facet !== undefined) {
        unsupported.push("facet");
    }
    if (!text && field.highlight !== undefined) {
        unsupported.push("highlight");
    }
    if (!text && field.analysisScheme !== undefined) {
        unsupported.push("analysisScheme");
    }
    if (field.type.endsWith("-array") && field.sort !== undefined) {
        unsupported.push("sort");
    }
    if (field.sourceFields !== undefined) {
        const sources = field.sourceFields.split(",").map((x) => x.trim());
        if (sources.some((x) => !FIELD_NAME.test(x) || x === field.name)) {
            problems.push(
                `${label}: \`sourceFields\` must list other field names, comma-separated (got \`${field.sourceFields}\`).`,
            );
        } else if (!field.type.endsWith("-array") && sources.length > 1) {
            problems.push(
                `${label}: a ${field.type} field takes one source field, not ${sources.length}.`,
            );
        }
    }
    if (
        field.analysisScheme !== undefined &&
        !DEFAULT_ANALYSIS_SCHEME.test(field.analysisScheme) &&
        !CUSTOM_ANALYSIS_SCHEME.test(field.analysisScheme)
    ) {
        problems.push(
            `${label}: \`analysisScheme\` must be a language default such as _ja_default_ or a custom scheme name (got \`${field.analysisScheme}\`).`,
        );
    }
    for (const option of unsupported) {
        problems.push(`${label}: \`${option}\` is not an option of ${field.type} fields.`);
    }
    return problems;
}

/** Checks the plain args and returns the domain name to create or adopt. Throws the first problem. */
export function validateSearchDomainArgs(name: string, args: SearchDomainArgs): string {
    const instanceType = args.instanceType ?? SEARCH_DEFAULTS.instanceType;
    if (!SEARCH_INSTANCE_TYPES.includes(instanceType)) {
        throw new ArgsError(
            `SearchDomain \`instanceType\` must be one of ${SEARCH_INSTANCE_TYPES.join(", ")}, got \`${instanceType}\`.`,
        );
    }
    const replicationCount = args.replicationCount ?? SEARCH_DEFAULTS.replicationCount;
    if (!Number.isInteger(replicationCount) || replicationCount < 1 || replicationCount > 5) {
        throw new ArgsError(
            `SearchDomain \`replicationCount\` must be an integer from 1 to 5, got ${replicationCount}.`,
        );
    }
    const fields = args.indexFields ?? SEARCH_DEFAULTS.indexFields;
    if (fields.length === 0) {
        throw new ArgsError("SearchDomain needs at least one index field.");
    }
    const seen = new Set<string>();
    for (const field of fields) {
        if (seen.has(field.name)) {
            throw new ArgsError(`SearchDomain index field \`${field.name}\` is defined twice.`);
        }
        seen.add(field.name);
        const problems = indexFieldProblems(field);
        if (problems.length > 0) {
            throw new ArgsError(problems[0]);
        }
    }
    const custom = fields.find(
        (f) => f.analysisScheme !== undefined && !DEFAULT_ANALYSIS_SCHEME.test(f.analysisScheme),
    );
    if (custom && args.existingDomainName === undefined) {
        throw new Error(
            `SearchDomain index field \`${custom.name}\` uses custom analysis scheme \`${String(custom.analysisScheme)}\`, which only an adopted domain (existingDomainName) has: the provider cannot create analysis schemes.`,
        );
    }
    if (args.existingDomainName !== undefined) {
        if (!DOMAIN_NAME.test(args.existingDomainName)) {
            throw new ArgsError(
                `SearchDomain \`existingDomainName\` must be ${DOMAIN_NAME_RULE}, got \`${args.existingDomainName}\`.`,
            );
        }
        return args.existingDomainName;
    }
    return searchDomainName(name);
}

/** An index field as the provider takes it: only the options that are set. */
export function toDomainIndexField(
    field: SearchIndexField,
): aws.types.input.cloudsearch.DomainIndexField {
    const out: aws.types.input.cloudsearch.DomainIndexField = {
        name: field.name,
        type: field.type,
    };
    const options = [
        "search",
        "facet",
        "return",
        "sort",
        "highlight",
        "analysisScheme",
        "sourceFields",
        "defaultValue",
    ] as const;
    const set: Record<string, unknown> = {};
    for (const key of options) {
        if (field[key] !== undefined) {
            set[key] = field[key];
        }
    }
    return { ...out, ...set };
}

/**
 * The domain's service access policy (resource-based): only the app's role, only search and
 * document. No `Resource`: AWS's CloudSearch guide says it is not specified in a policy attached
 * to the domain through the configuration service, because the policy already belongs to it.
 */
export function searchAccessPolicy(clientRoleArn: string): string {
    return JSON.stringify({
        Version: "2012-10-17",
        Statement: [
            {
                Sid: "AppSearchAndDocument",
                Effect: "Allow",
                Principal: { AWS: clientRoleArn },
                Action: [...SEARCH_CLIENT_ACTIONS],
            },
        ],
    });
}

/** The app role's IAM policy (identity-based): search and document on this domain only. */
export function searchClientPolicy(domainArn: string): string {
    return JSON.stringify({
        Version: "2012-10-17",
        Statement: [
            {
                Sid: "ArticleSearch",
                Effect: "Allow",
                Action: [...SEARCH_CLIENT_ACTIONS],
                Resource: domainArn,
            },
        ],
    });
}

export class SearchDomain extends pulumi.ComponentResource {
    /** `https://` + the document service endpoint (TNG_CLOUD_SEARCH_ENDPOINT_DOCUMENT). */
    public readonly documentEndpoint: pulumi.Output<string>;
    /** `https://` + the search service endpoint (TNG_CLOUD_SEARCH_ENDPOINT_SEARCH). */
    public readonly searchEndpoint: pulumi.Output<string>;
    /** Domain ARN. */
    public readonly domainArn: pulumi.Output<string>;
    /** Domain name (the adopted one, or the one derived from the component name). */
    public readonly domainName: pulumi.Output<string>;
    /** The IAM policy JSON attached to the app's role. */
    public readonly clientPolicy: pulumi.Output<string>;

    /**
     * @param name The _unique_ name of this component; lower-cased, it names a new domain.
     * @param args The app's role, sizing, index fields and the domain to adopt, if any.
     * @param opts A bag of options that control this component's behavior.
     */
    constructor(name: string, args: SearchDomainArgs, opts?: pulumi.ComponentResourceOptions) {
        super("tng:data:SearchDomain", name, {}, opts);
        const domainName = validateSearchDomainArgs(name, args);
        const adopting = args.existingDomainName !== undefined;
        const parent = { parent: this };

        const domain = new aws.cloudsearch.Domain(
            `${name}-domain`,
            {
                name: domainName,
                multiAz: args.multiAz ?? SEARCH_DEFAULTS.multiAz,
                endpointOptions: { enforceHttps: true, tlsSecurityPolicy: SEARCH_TLS_POLICY },
                scalingParameters: {
                    desiredInstanceType: args.instanceType ?? SEARCH_DEFAULTS.instanceType,
                    desiredReplicationCount:
                        args.replicationCount ?? SEARCH_DEFAULTS.replicationCount,
                },
                indexFields: (args.indexFields ?? SEARCH_DEFAULTS.indexFields).map(
                    toDomainIndexField,
                ),
            },
            {
                parent: this,
                // Import by name: the inputs above must match the live domain exactly.
                import: args.existingDomainName,
                protect: args.protect ?? adopting,
                // An adopted domain predates the stack and holds production's index: never delete it.
                retainOnDelete: adopting,
            },
        );

        new aws.cloudsearch.DomainServiceAccessPolicy(
            `${name}-access`,
            {
                domainName: domain.name,
                accessPolicy: pulumi.output(args.clientRoleArn).apply(searchAccessPolicy),
            },
            parent,
        );

        this.clientPolicy = domain.arn.apply(searchClientPolicy);
        new aws.iam.RolePolicy(
            `${name}-client`,
            { role: args.clientRoleName, policy: this.clientPolicy },
            parent,
        );

        this.documentEndpoint = pulumi.interpolate`https://${domain.documentServiceEndpoint}`;
        this.searchEndpoint = pulumi.interpolate`https://${domain.searchServiceEndpoint}`;
        this.domainArn = domain.arn;
        this.domainName = domain.name;
        this.registerOutputs({
            documentEndpoint: this.documentEndpoint,
            searchEndpoint: this.searchEndpoint,
            domainArn: this.domainArn,
            domainName: this.domainName,
            clientPolicy: this.clientPolicy,
        });
    }
}
