/**
 * Settings schema: CloudSearch (`search`) and its index fields.
 */
import {
    SEARCH_DEFAULTS,
    SEARCH_FIELD_TYPES,
    SEARCH_INSTANCE_TYPES,
} from "../../../components/data/searchDomain";
import { bool, int, list, object, oneOf, optional, text } from "../../schema";

const indexField = object(
    {
        name: text({
            doc: "Field name.",
            pattern: /^[a-z][a-z0-9_]{0,63}$/,
            allowed: "a CloudSearch field name: a lower-case letter, then up to 63 of a-z, 0-9, _",
        }),
        type: oneOf(SEARCH_FIELD_TYPES, { doc: "CloudSearch field type." }),
        search: optional(bool({ doc: "Searchable." })),
        facet: optional(bool({ doc: "Facet-enabled." })),
        return: optional(bool({ doc: "Returned in results." })),
        sort: optional(bool({ doc: "Sortable." })),
        highlight: optional(bool({ doc: "Highlights (text fields)." })),
        analysisScheme: optional(
            text({
                doc: "Analysis scheme (text fields): a language default, or a custom scheme of the adopted domain.",
                pattern: /^(_[a-z]{2,3}(-[A-Za-z]{2,4})?_default_|[a-z][a-z0-9_]{0,63})$/,
                allowed:
                    "a language default scheme such as _ja_default_, or a custom scheme name (a-z, then a-z, 0-9, _)",
            }),
        ),
        sourceFields: optional(
            text({
                doc: "Fields copied into this one, comma-separated (one for non-array types).",
                pattern: /^[a-z][a-z0-9_]{0,63}(,[a-z][a-z0-9_]{0,63})*$/,
                allowed: "field names separated by commas, such as title,body",
            }),
        ),
        defaultValue: optional(
            text({
                doc: "Value used when a document has none.",
                pattern: /^[^\n\r]{1,1024}$/,
                allowed: "one line of at most 1,024 characters",
            }),
        ),
    },
    { doc: "A CloudSearch index field." },
);

export const searchSchema = object(
    {
        instanceType: oneOf(SEARCH_INSTANCE_TYPES, {
            doc: "CloudSearch instance type.",
            default: SEARCH_DEFAULTS.instanceType,
        }),
        replicationCount: int({
            doc: "Replicas per index partition.",
            min: 1,
            max: 5,
            default: SEARCH_DEFAULTS.replicationCount,
        }),
        multiAz: bool({
            doc: "Keep instances in a second AZ.",
            default: SEARCH_DEFAULTS.multiAz,
        }),
        existingDomainName: optional(
            text({
                doc: "Adopt (import) this existing domain instead of creating one: CloudSearch is closed to new AWS customers.",
                pattern: /^[a-z][a-z0-9-]{2,27}$/,
                allowed: "a CloudSearch domain name: 3 to 28 of a-z, 0-9, - starting with a letter",
            }),
        ),
        indexFields: list(indexField, {
            doc: "Index fields; defaults suit articles (title, body with Japanese analysis, tags, category, published_at).",
            min: 1,
            max: 200,
            default: SEARCH_DEFAULTS.indexFields as never,
        }),
    },
    { doc: "CloudSearch." },
);
