/**
 * The site's DNS names and where their TLS certificates come from: one rule for the settings,
 * the internal load balancer and the CloudFront distribution.
 */

/**
 * A lower-case DNS name of 4 to 245 characters: labels of a-z, 0-9 and inner hyphens (at most
 * 63 each), a letters-only top-level label. 245 leaves room for `origin.` within DNS's 253
 * (https://www.rfc-editor.org/rfc/rfc1035#section-2.3.4).
 */
export const SITE_DOMAIN_NAME = /^(?=.{4,245}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/;

/** The name CloudFront reaches the internal ALB by (its VPC origin): origin.<domain>. */
export function originDomainName(domainName: string): string {
    return `origin.${domainName}`;
}

/** How a certificate is obtained: the configured ARN wins, else one is created (DNS-validated). */
export type CertificateSource = "configured" | "created";

/** The certificate source from the two optional settings; undefined when neither is set. */
export function certificateSourceOf(
    certificateArn: string | undefined,
    hostedZoneId: string | undefined,
): CertificateSource | undefined {
    if (certificateArn) {
        return "configured";
    }
    return hostedZoneId ? "created" : undefined;
}
