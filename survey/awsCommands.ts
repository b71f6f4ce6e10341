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

function aws(names: SurveyNames, region: string, words: string[]): string {
    const profile = names.profile ? ` --profile ${shellQuote(names.profile)}` : "";
    return `aws ${words.join(" ")}${profile} --region ${region} --output json`;
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
                          `DistributionList.Items[?Aliases.Items && contains(Aliases.Items, '${names.domainName ?? "www.example.jp"}')].Id | [0]`,
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
    ]) {
        add(`cloudsearch-${c}.json`, [], aws(names, r, ["cloudsearch", c, "--domain-name", d]));
    }
    return cmds;
}

/** The shell line that writes one file. */
export function commandLine(c: SurveyCommand, dir = "$OUT"): string {
    return `${c.command} > "${dir}/${c.file}"`;
}

/** The whole survey as a shell script (bash): run it, then `npm run parity -- --from DIR`. */
export function surveyScript(names: SurveyNames, stack: string): string {
    const lines = [
        "#!/usr/bin/env bash",
        `# Production survey for \`npm run parity -- --stack ${stack} --from DIR\`: read-only AWS CLI`,
        "# calls (describe/get/list), one JSON file each. Usage: OUT=DIR bash this-script",
        "set -euo pipefail",
        'OUT="${OUT:-survey-$(date +%Y%m%d)}"',
        'mkdir -p "$OUT"',
    ];
    for (const c of surveyCommands(names)) {
        lines.push("", ...c.setup, commandLine(c));
    }
    lines.push("", 'echo "wrote $OUT"');
    return lines.join("\n") + "\n";
}
