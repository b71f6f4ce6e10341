/**
 * Settings schema: CloudFront and WAF (`edge`).
 */
import { US_EAST_1_CERTIFICATE_ARN } from "../../../components/edge/edgeDistribution";
import { ONE_YEAR } from "../../../components/patterns";
import { bool, int, list, object, oneOf, optional, text } from "../../schema";

export const edgeSchema = object(
    {
        priceClass: oneOf(["PriceClass_All", "PriceClass_200", "PriceClass_100"], {
            doc: "CloudFront price class; PriceClass_100 has no edge locations in Japan.",
            default: "PriceClass_200",
        }),
        httpVersion: oneOf(["http1.1", "http2", "http2and3", "http3"], {
            doc: "Highest HTTP version viewers may use (npm run parity -- --write copies production's).",
            default: "http2and3",
        }),
        certificateArn: optional(
            text({
                doc: "ACM certificate in us-east-1 for the distribution; else created when hostedZoneId is set.",
                pattern: US_EAST_1_CERTIFICATE_ARN,
                allowed: "an ACM certificate ARN in us-east-1",
            }),
        ),
        rateLimit: int({
            doc: "WAF requests per IP per window before blocking.",
            min: 10,
            max: 2000000000,
            default: 2000,
        }),
        rateLimitWindowSeconds: oneOf([60, 120, 300, 600], {
            doc: "WAF rate evaluation window.",
            default: 300,
        }),
        ttl: object(
            {
                html: int({
                    doc: "Default TTL (s) for pages; 0 = cache only what the origin's Cache-Control allows.",
                    min: 0,
                    max: ONE_YEAR,
                    default: 0,
                }),
                assets: int({
                    doc: "TTL (s) for /assets/* and /packs/*.",
                    min: 0,
                    max: ONE_YEAR,
                    default: ONE_YEAR,
                }),
                images: int({
                    doc: "TTL (s) for images.",
                    min: 0,
                    max: ONE_YEAR,
                    default: 86400,
                }),
                feeds: int({
                    doc: "TTL (s) for feeds.",
                    min: 0,
                    max: ONE_YEAR,
                    default: 3600,
                }),
            },
            { doc: "Cache TTLs." },
        ),
        allowBrowserUploads: bool({
            doc: "Allow PUT/POST from the site's origins in the assets bucket CORS.",
            default: false,
        }),
        uploadPaths: list(
            text({
                doc: "",
                pattern: /^\/[A-Za-z0-9._~\-/]{0,198}\*?$/,
                allowed: "an absolute URL path prefix such as /admin/uploads (a * only at the end)",
            }),
            {
                doc: "Paths whose request bodies may exceed WAF's 8 KB body rule (uploads).",
                min: 0,
                max: 10,
                unique: true,
                default: [],
            },
        ),
        invalidationPaths: list(
            text({
                doc: "",
                pattern: /^\/[A-Za-z0-9._~\-/*]{0,255}$/,
                allowed: "an absolute path pattern such as /*",
            }),
            {
                doc: "Paths invalidated on a deploy that changes service.image or edge.assetVersion.",
                min: 1,
                max: 15,
                unique: true,
                default: ["/*"],
            },
        ),
        assetVersion: text({
            doc: "Bump to invalidate the CDN on the next deploy without a new image.",
            pattern: /^[\w.-]{1,64}$/,
            allowed: "1 to 64 of letters, digits, _ . -",
            default: "1",
        }),
    },
    { doc: "CloudFront and WAF." },
);
