import * as aws from "../../sdk/aws";
import { PropsOf } from "../rules/helpers";
import * as rules from "../rules/search";
import { describeResourcePolicy, unknown } from "./util";

function domain(): PropsOf<aws.cloudsearch.DomainArgs> {
    return {
        name: "tng-search",
        multiAz: true,
        endpointOptions: { enforceHttps: true, tlsSecurityPolicy: "Policy-Min-TLS-1-2-2019-07" },
    };
}

const accessPolicy = (statement: object) =>
    JSON.stringify({ Version: "2012-10-17", Statement: [statement] });

describe("search policies", () => {
    describeResourcePolicy(rules.cloudsearchEnforceHttps, aws.cloudsearch.Domain, domain, [
        {
            title: "enforceHttps is false",
            mutate: (p) =>
                (p.endpointOptions = {
                    enforceHttps: false,
                    tlsSecurityPolicy: "Policy-Min-TLS-1-2-2019-07",
                }),
            messages: ["CloudSearch domain must set endpointOptions.enforceHttps to true."],
        },
        {
            title: "endpointOptions is missing",
            mutate: (p) => delete p.endpointOptions,
            messages: ["CloudSearch domain must set endpointOptions.enforceHttps to true."],
        },
        {
            title: "endpointOptions is unknown",
            mutate: (p) => (p.endpointOptions = unknown()),
            messages: [],
        },
    ]);
    describeResourcePolicy(rules.cloudsearchTls12, aws.cloudsearch.Domain, domain, [
        {
            title: "tlsSecurityPolicy is TLS 1.0",
            mutate: (p) =>
                (p.endpointOptions = {
                    enforceHttps: true,
                    tlsSecurityPolicy: "Policy-Min-TLS-1-0-2019-07",
                }),
            messages: [
                "CloudSearch domain must set endpointOptions.tlsSecurityPolicy to Policy-Min-TLS-1-2-2019-07.",
            ],
        },
        {
            title: "tlsSecurityPolicy is unknown",
            mutate: (p) =>
                (p.endpointOptions = { enforceHttps: true, tlsSecurityPolicy: unknown() }),
            messages: [],
        },
    ]);
    describeResourcePolicy(rules.cloudsearchMultiAz, aws.cloudsearch.Domain, domain, [
        {
            title: "multiAz is missing",
            mutate: (p) => delete p.multiAz,
            messages: ["CloudSearch domain must set multiAz to true."],
        },
    ]);
    describeResourcePolicy(
        rules.cloudsearchAccessPolicyNotPublic,
        aws.cloudsearch.DomainServiceAccessPolicy,
        () => ({
            domainName: "tng-search",
            accessPolicy: accessPolicy({
                Effect: "Allow",
                Principal: { AWS: "arn:aws:iam::123456789012:role/task" },
                Action: ["cloudsearch:search", "cloudsearch:document"],
            }),
        }),
        [
            {
                title: "Principal * without a condition",
                mutate: (p) =>
                    (p.accessPolicy = accessPolicy({
                        Effect: "Allow",
                        Principal: "*",
                        Action: "cloudsearch:*",
                    })),
                messages: [
                    "CloudSearch access policy must not allow Principal * without a condition that restricts the caller (accessPolicy Statement[0]).",
                ],
            },
            {
                title: "Principal * limited to 0.0.0.0/0",
                mutate: (p) =>
                    (p.accessPolicy = accessPolicy({
                        Effect: "Allow",
                        Principal: "*",
                        Action: "cloudsearch:search",
                        Condition: { IpAddress: { "aws:SourceIp": ["0.0.0.0/0"] } },
                    })),
                messages: [
                    "CloudSearch access policy must not allow Principal * without a condition that restricts the caller (accessPolicy Statement[0]).",
                ],
            },
            {
                title: "Principal * limited to the NAT addresses",
                mutate: (p) =>
                    (p.accessPolicy = accessPolicy({
                        Effect: "Allow",
                        Principal: "*",
                        Action: "cloudsearch:search",
                        Condition: { IpAddress: { "aws:SourceIp": ["203.0.113.10/32"] } },
                    })),
                messages: [],
            },
            {
                title: "the access policy is unknown",
                mutate: (p) => (p.accessPolicy = unknown()),
                messages: [],
            },
        ],
    );
});
