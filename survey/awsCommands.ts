/**
 * The production survey: the read-only AWS CLI commands whose JSON `npm run parity` compares with a
 * stack. Each command writes one file, `<service>-<command>.json`, with `--output json`. Only
 * describe/get/list calls: nothing here changes production.
 *
 * Command references (AWS CLI v2):
 * https://awscli.amazonaws.com/v2/documentation/api/latest/reference/index.html
 */

/** The names of production's resources; defaults come from the team's notes and the stack file. */
export interface SurveyNames {
    /** AWS CLI profile for the production account (`--profile`); the default chain when absent. */
    readonly profile?: string;
    /** Region of the regional services (RDS, ElastiCache, ECS, ELB, CloudSearch). */
    readonly region: string;
    /** RDS instance identifier; absent: every instance, the parity picks the one using the group. */
    readonly rdsInstance?: string;
    /** Parameter group when no instance is named (notes: `custom-postgres13`). */
    readonly parameterGroup: string;
    readonly cacheCluster: string;
    readonly ecsCluster: string;
    /** Absent: every service of the cluster (list-services). */
    readonly ecsService?: string;
    readonly albName?: string;
    /** Absent: found by the site's domain among the distributions' aliases. */
    readonly distributionId?: string;
    /** The site's domain (`tng:domainName`), to find the distribution. */
    readonly domainName?: string;
    /** Absent: taken from the distribution's WebACLId. */
    readonly webAclName?: string;
    readonly webAclId?: string;
    readonly searchDomain: string;
}

/** Production names written in the team's notes 「本番移行課題・改善事項」. */
export const NOTES_DEFAULTS = {
    parameterGroup: "custom-postgres13",
    cacheCluster: "tng-prod",
    ecsCluster: "production-cluster",
    searchDomain: "tng-prod",
} as const;

/** The s3api commands whose output s3api-get-bucket-details.json holds for each bucket. */
export const BUCKET_SETTINGS = [
    "get-bucket-encryption",
    "get-bucket-lifecycle-configuration",
    "get-bucket-cors",
    "get-bucket-policy",
] as const;

/** One survey command: the file it writes and the shell line(s) that write it. */
export interface SurveyCommand {
    /** `<service>-<command>.json`. */
    readonly file: string;
    /** Shell lines setting variables the command needs (read-only lookups). */
    readonly setup: readonly string[];
    /** The `aws ...` line, without the redirection. */
    readonly command: string;
}

/** Single-quotes a shell word unless it is plainly safe. */
export function shellQuote(word: string): string {
    return /^[A-Za-z0-9_./:=@%+-]+$/.test(word) ? word : `'${word.replace(/'/g, `'\\''`)}'`;
}

/** An AWS region name such as ap-northeast-1 (also us-gov-west-1, cn-north-1). */
export const REGION_PATTERN = /^[a-z]{2}(-[a-z]+)+-\d{1,2}$/;

/** A host name such as tng.example.jp: what a CloudFront alias can be. */
export const HOST_NAME_PATTERN =
    /^(?=.{1,253}$)([a-z0-9*]([a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/;

/** A JMESPath raw string literal ('...') holding `value`: backslash and quote escaped. */
export function jmesString(value: string): string {
    return `'${value.replace(/\\/g, "\\\\").replace(/'/g, "\\'")}'`;
}

function aws(names: SurveyNames, region: string, words: string[]): string {
    if (!REGION_PATTERN.test(region)) {
        // Never interpolated unchecked: a region such as `$(...)` would run in the script.
        throw new Error(`region ${JSON.stringify(region)} is not an AWS region name`);
    }
    const profile = names.profile ? ` --profile ${shellQuote(names.profile)}` : "";
    return `aws ${words.join(" ")}${profile} --region ${shellQuote(region)} --output json`;
}

/** Every survey command, in the order they can run (later ones use earlier variables). */
export function surveyCommands(names: SurveyNames): SurveyCommand[] {
    const r = names.region;
    const q = shellQuote;
    // CloudFront is global with its API in us-east-1; a CloudFront web ACL (scope CLOUDFRONT)
    // is read in us-east-1 too: https://docs.aws.amazon.com/waf/latest/developerguide/how-aws-waf-works-resources.html
    const global = "us-east-1";
    const lookup = (variable: string, region: string, words: string[]) =>
        `${variable}=$(${aws(names, region, words).replace("--output json", "--output text")})`;
    const cmds: SurveyCommand[] = [];
    const add = (file: string, setup: string[], command: string) =>
        cmds.push({ file, setup, command });

    add(
        "rds-describe-db-instances.json",
        [],
        aws(names, r, [
            "rds",
            "describe-db-instances",
            ...(names.rdsInstance ? ["--db-instance-identifier", q(names.rdsInstance)] : []),
        ]),
    );
    add(
        "rds-describe-db-parameters.json",
        names.rdsInstance
            ? [
                  lookup("PARAMETER_GROUP", r, [
                      "rds",
                      "describe-db-instances",
                      "--db-instance-identifier",
                      q(names.rdsInstance),
                      "--query",
                      q("DBInstances[0].DBParameterGroups[0].DBParameterGroupName"),
                  ]),
              ]
            : [`PARAMETER_GROUP=${q(names.parameterGroup)}`],
        aws(names, r, [
            "rds",
            "describe-db-parameters",
            "--db-parameter-group-name",
            '"$PARAMETER_GROUP"',
        ]),
    );
    add(
        "elasticache-describe-cache-clusters.json",
        [],
        aws(names, r, [
            "elasticache",
            "describe-cache-clusters",
            "--cache-cluster-id",
            q(names.cacheCluster),
            "--show-cache-node-info",
        ]),
    );
    // The cluster's parameter group, then its parameters (Source user/system/engine-default):
    // https://awscli.amazonaws.com/v2/documentation/api/latest/reference/elasticache/describe-cache-parameters.html
    add(
        "elasticache-describe-cache-parameters.json",
        [
            lookup("CACHE_PARAMETER_GROUP", r, [
                "elasticache",
                "describe-cache-clusters",
                "--cache-cluster-id",
                q(names.cacheCluster),
                "--query",
                q("CacheClusters[0].CacheParameterGroup.CacheParameterGroupName"),
            ]),
        ],
        aws(names, r, [
            "elasticache",
            "describe-cache-parameters",
            "--cache-parameter-group-name",
            '"$CACHE_PARAMETER_GROUP"',
        ]),
    );
    add(
        "ecs-describe-services.json",
        names.ecsService
            ? [`ECS_SERVICES=${q(names.ecsService)}`]
            : [
                  lookup("ECS_SERVICES", r, [
                      "ecs",
                      "list-services",
                      "--cluster",
                      q(names.ecsCluster),
                      "--query",
                      "serviceArns",
                  ]),
              ],
        aws(names, r, [
            "ecs",
            "describe-services",
            "--cluster",
            q(names.ecsCluster),
            "--services",
            "$ECS_SERVICES",
        ]),
    );
    add(
        "ecs-describe-task-definition.json",
        [
            lookup("TASK_DEFINITION", r, [
                "ecs",
                "describe-services",
                "--cluster",
                q(names.ecsCluster),
                "--services",
                "$ECS_SERVICES",
                "--query",
                q("services[0].taskDefinition"),
            ]),
        ],
        aws(names, r, [
            "ecs",
            "describe-task-definition",
            "--task-definition",
            '"$TASK_DEFINITION"',
        ]),
    );
    add(
        "elbv2-describe-load-balancers.json",
        [],
        aws(names, r, [
            "elbv2",
            "describe-load-balancers",
            ...(names.albName ? ["--names", q(names.albName)] : []),
        ]),
    );
    add(
        "elbv2-describe-listeners.json",
        [
            lookup("ALB_ARN", r, [
                "elbv2",
                "describe-load-balancers",
                ...(names.albName ? ["--names", q(names.albName)] : []),
                "--query",
                q("LoadBalancers[?Type=='application'].LoadBalancerArn | [0]"),
            ]),
        ],
        aws(names, r, ["elbv2", "describe-listeners", "--load-balancer-arn", '"$ALB_ARN"']),
    );
    add(
        "cloudfront-get-distribution-config.json",
        names.distributionId
            ? [`DISTRIBUTION_ID=${q(names.distributionId)}`]
            : [
                  lookup("DISTRIBUTION_ID", global, [
                      "cloudfront",
                      "list-distributions",
                      "--query",
                      q(
                          `DistributionList.Items[?Aliases.Items && contains(Aliases.Items, ${jmesString(names.domainName ?? "www.example.jp")})].Id | [0]`,
                      ),
                  ]),
              ],
        aws(names, global, ["cloudfront", "get-distribution-config", "--id", '"$DISTRIBUTION_ID"']),
    );
    add(
        "cloudfront-list-cache-policies.json",
        [],
        aws(names, global, ["cloudfront", "list-cache-policies"]),
    );
    add(
        "wafv2-get-web-acl.json",
        names.webAclName && names.webAclId
            ? [`WEB_ACL_NAME=${q(names.webAclName)}`, `WEB_ACL_ID=${q(names.webAclId)}`]
            : [
                  // A CloudFront web ACL ARN: arn:aws:wafv2:us-east-1:ACCOUNT:global/webacl/NAME/ID
                  lookup("WEB_ACL_ARN", global, [
                      "cloudfront",
                      "get-distribution-config",
                      "--id",
                      '"$DISTRIBUTION_ID"',
                      "--query",
                      "DistributionConfig.WebACLId",
                  ]),
                  `WEB_ACL_NAME=${names.webAclName ? q(names.webAclName) : '$(echo "$WEB_ACL_ARN" | cut -d/ -f3)'}`,
                  `WEB_ACL_ID=${names.webAclId ? q(names.webAclId) : '$(echo "$WEB_ACL_ARN" | cut -d/ -f4)'}`,
              ],
        aws(names, global, [
            "wafv2",
            "get-web-acl",
            "--scope",
            "CLOUDFRONT",
            "--name",
            '"$WEB_ACL_NAME"',
            "--id",
            '"$WEB_ACL_ID"',
        ]),
    );
    const d = q(names.searchDomain);
    add(
        "cloudsearch-describe-domains.json",
        [],
        aws(names, r, ["cloudsearch", "describe-domains", "--domain-names", d]),
    );
    for (const c of [
        "describe-index-fields",
        "describe-scaling-parameters",
        "describe-availability-options",
        "describe-domain-endpoint-options",
    ]) {
        add(`cloudsearch-${c}.json`, [], aws(names, r, ["cloudsearch", c, "--domain-name", d]));
    }
    add(
        "cloudsearch-describe-analysis-schemes.json",
        [],
        aws(names, r, ["cloudsearch", "describe-analysis-schemes", "--domain-name", d]),
    );
    // Outbound addresses: the NAT gateways' Elastic IPs, which partners and relays allow-list.
    add(
        "ec2-describe-nat-gateways.json",
        [],
        aws(names, r, [
            "ec2",
            "describe-nat-gateways",
            "--filter",
            q("Name=state,Values=available"),
        ]),
    );
    // Roles and customer managed policies (documents decoded by the CLI), to find those that
    // reference the CloudSearch domain; IAM is global.
    add(
        "iam-get-account-authorization-details.json",
        [],
        aws(names, global, [
            "iam",
            "get-account-authorization-details",
            "--filter",
            "Role",
            "LocalManagedPolicy",
        ]),
    );
    add("s3api-list-buckets.json", [], aws(names, global, ["s3api", "list-buckets"]));
    // Each bucket's encryption, lifecycle, CORS and policy, as one JSON document; a setting the
    // bucket does not have (NoSuchLifecycleConfiguration and friends) is null. Bucket names are
    // [a-z0-9.-] (https://docs.aws.amazon.com/AmazonS3/latest/userguide/bucketnamingrules.html),
    // so they are JSON-safe as printed.
    const perBucket = BUCKET_SETTINGS.map(
        (c) =>
            `printf ',"%s":' ${c}; ${aws(names, r, ["s3api", c, "--bucket", '"$b"'])} 2>/dev/null || printf null;`,
    ).join(" ");
    add(
        "s3api-get-bucket-details.json",
        [lookup("S3_BUCKETS", global, ["s3api", "list-buckets", "--query", q("Buckets[].Name")])],
        `{ printf '{"Buckets":['; sep=''; for b in $S3_BUCKETS; do printf '%s{"Name":"%s"' "$sep" "$b"; ${perBucket} printf '}'; sep=','; done; printf ']}\\n'; }`,
    );
    return cmds;
}

/** The shell line that writes one file. */
export function commandLine(c: SurveyCommand, dir = "$OUT"): string {
    return `${c.command} > "${dir}/${c.file}"`;
}

/**
 * The whole survey as a shell script (bash): run it, then `npm run parity -- --from DIR`. Each
 * file is written to `FILE.part` and renamed when its command succeeds; a failed command leaves
 * no file (its rows show "not surveyed"), the script goes on with the next one, and ends with
 * exit 1 listing the failures.
 */
export function surveyScript(names: SurveyNames, stack: string): string {
    const lines = [
        "#!/usr/bin/env bash",
        `# Production survey for \`npm run parity -- --stack ${stack} --from DIR\`: read-only AWS CLI`,
        "# calls (describe/get/list), one JSON file each. Usage: OUT=DIR bash this-script",
        "set -uo pipefail",
        'OUT="${OUT:-survey-$(date +%Y%m%d)}"',
        'mkdir -p "$OUT"',
        'FAILED=""',
    ];
    for (const c of surveyCommands(names)) {
        lines.push(
            "",
            ...c.setup,
            `if ${c.command} > "$OUT/${c.file}.part"; then mv -f "$OUT/${c.file}.part" "$OUT/${c.file}"; else rm -f "$OUT/${c.file}.part"; FAILED="$FAILED ${c.file}"; fi`,
        );
    }
    lines.push(
        "",
        'if [ -n "$FAILED" ]; then echo "failed (their rows show not surveyed; fix and run again):$FAILED" >&2; exit 1; fi',
        'echo "wrote $OUT"',
    );
    return lines.join("\n") + "\n";
}
