/**
 * Settings schema: VPC layout (`network`).
 */
import { AVAILABILITY_ZONE_PATTERN } from "../../../components/patterns";
import { list, object, oneOf, optional, text } from "../../schema";

export const networkSchema = object(
    {
        cidrBlock: text({
            doc: "VPC IPv4 range; split into /20-or-smaller subnets per tier and AZ.",
            pattern: /^10\.(25[0-5]|2[0-4]\d|1?\d?\d)\.0\.0\/16$/,
            allowed: "a private /16 of the form 10.N.0.0/16",
            default: "10.20.0.0/16",
        }),
        availabilityZones: list(
            text({
                doc: "AZ name.",
                pattern: AVAILABILITY_ZONE_PATTERN,
                allowed: "an availability zone name such as ap-northeast-1a",
            }),
            {
                doc: "Availability zones to spread subnets over (at least two, for RDS and the ALB).",
                min: 2,
                max: 3,
                unique: true,
                default: ["ap-northeast-1a", "ap-northeast-1c"],
            },
        ),
        natGateways: oneOf(["single", "perAz"], {
            doc: "NAT gateways for private-subnet egress: one shared, or one per AZ (no cross-AZ dependency).",
            default: "single",
        }),
        natEipAllocationIds: optional(
            list(
                text({
                    doc: "Elastic IP allocation id.",
                    pattern: /^eipalloc-[0-9a-f]{8,17}$/,
                    allowed: "an Elastic IP allocation id such as eipalloc-0123456789abcdef0",
                }),
                {
                    doc: "Adopt these existing Elastic IPs for the NAT gateways, one per gateway in AZ order, so outbound addresses allow-listed elsewhere stay; unset creates new ones.",
                    min: 1,
                    max: 3,
                    unique: true,
                },
            ),
        ),
        interfaceEndpoints: list(
            oneOf(["ecr.api", "ecr.dkr", "logs", "secretsmanager"], {
                doc: "Endpoint service.",
            }),
            {
                doc: "Interface VPC endpoints in the private subnets (the S3 gateway endpoint is always created).",
                min: 0,
                max: 4,
                unique: true,
                default: [],
            },
        ),
    },
    { doc: "VPC layout." },
);
