/**
 * The `pulumi stack export` (version 3) document of an offline render, field for field as the
 * engine records a deployment: engine URNs, `parent`, `protect`, `retainOnDelete`,
 * `dependencies`, `propertyDependencies`, `provider`, `importID` and `aliases`.
 *
 * The mock recorder keeps what the SDK sent in each RegisterResourceRequest, aliases and property
 * dependencies included; this module shapes it as the engine would record it.
 */
import type { RecordedResource } from "./mocks";
import { aliasUrn, engineUrn, parseUrn } from "./urn";

/** What a RegisterResourceRequest carried beyond the mock recorder's fields. */
export interface RegistrationDetails {
    /** The resource's aliases as URNs, resolved as the engine resolves alias specs. */
    readonly aliases: string[];
    /** Input property → URNs of the resources its value came from. */
    readonly propertyDependencies: Record<string, string[]>;
}

/** One resource of `deployment.resources` (the fields this project writes and reads). */
export interface ExportResource {
    urn: string;
    custom: boolean;
    id?: string;
    type: string;
    inputs: Record<string, unknown>;
    outputs: Record<string, unknown>;
    parent?: string;
    protect?: boolean;
    retainOnDelete?: boolean;
    dependencies?: string[];
    propertyDependencies?: Record<string, string[]>;
    provider?: string;
    /** The id a resource was adopted with (`import` option). */
    importID?: string;
    aliases?: string[];
}

/** `pulumi stack export` output, version 3. */
export interface ExportDocument {
    version: 3;
    deployment: {
        manifest: { time: string; magic: string; version: string };
        resources: ExportResource[];
    };
}

/**
 * Each resource's aliases as URNs (resolved as the engine resolves alias specs) and its property
 * dependencies, by URN, from what the recorder kept of each registration.
 */
export function registrationDetails(
    resources: readonly RecordedResource[],
    stack: string,
    project: string,
): Map<string, RegistrationDetails> {
    return new Map(
        resources.map((r) => {
            const self = { stack, project, parent: r.parent, type: r.type, name: r.name };
            const aliases = r.options.aliases.map((a) =>
                aliasUrn("urn" in a ? { urn: a.urn } : a, self),
            );
            return [
                r.urn,
                { aliases, propertyDependencies: { ...r.options.propertyDependencies } },
            ];
        }),
    );
}

/** A recorded resource as a `deployment.resources[]` entry (empty and false fields left out). */
export function exportResource(
    r: RecordedResource,
    details: RegistrationDetails | undefined,
): ExportResource {
    const o = r.options;
    const propertyDependencies = details?.propertyDependencies ?? {};
    return {
        urn: r.urn,
        custom: r.custom,
        ...(r.id !== undefined ? { id: r.id } : {}),
        type: r.type,
        inputs: r.inputs,
        outputs: r.outputs,
        ...(r.parent ? { parent: r.parent } : {}),
        ...(o.protect ? { protect: true } : {}),
        ...(o.retainOnDelete ? { retainOnDelete: true } : {}),
        ...(o.dependencies.length > 0 ? { dependencies: [...o.dependencies] } : {}),
        ...(Object.keys(propertyDependencies).length > 0 ? { propertyDependencies } : {}),
        ...(r.provider ? { provider: r.provider } : {}),
        ...(o.importId ? { importID: o.importId } : {}),
        ...(details && details.aliases.length > 0
            ? { aliases: [...new Set(details.aliases)] }
            : {}),
    };
}

/**
 * Adds the aliases a resource inherits from its ancestors' aliases, as the engine does once the
 * SDK sends alias specs (pulumi/pulumi pkg/resource/deploy/step_generator.go `generateAliases`;
 * the SDK's `allAliases` did it before): for each alias of the parent, the
 * child under that alias URN, with the parent's name prefix in the child's name swapped for the
 * alias's name; the same for each of the child's own aliases. Parents register first.
 */
function inheritAliases(
    resources: readonly RecordedResource[],
    details: ReadonlyMap<string, RegistrationDetails>,
): Map<string, string[]> {
    const all = new Map<string, string[]>();
    for (const r of resources) {
        const own = details.get(r.urn)?.aliases ?? [];
        const aliases = [...own];
        const parentAliases = r.parent ? (all.get(r.parent) ?? []) : [];
        if (r.parent && parentAliases.length > 0) {
            const { stack, project, name: parentName } = parseUrn(r.parent);
            const inherited = (childName: string, childType: string, parentAlias: string) => {
                const aliasParentName = parseUrn(parentAlias).name;
                const name = childName.startsWith(parentName)
                    ? aliasParentName + childName.slice(parentName.length)
                    : childName;
                return engineUrn(stack, project, parentAlias, childType, name);
            };
            for (const parentAlias of parentAliases) {
                aliases.push(inherited(r.name, r.type, parentAlias));
                for (const a of own) {
                    const { name, type } = parseUrn(a);
                    aliases.push(inherited(name, type, parentAlias));
                }
            }
        }
        all.set(r.urn, [...new Set(aliases)]);
    }
    return all;
}

/** The whole document; `time` is fixed so that two renders of the same program are equal. */
export function exportDocument(
    resources: readonly RecordedResource[],
    details: ReadonlyMap<string, RegistrationDetails>,
): ExportDocument {
    const aliases = inheritAliases(resources, details);
    return {
        version: 3,
        deployment: {
            manifest: { time: "1970-01-01T00:00:00Z", magic: "offline-synth", version: "offline" },
            resources: resources.map((r) =>
                exportResource(r, {
                    aliases: aliases.get(r.urn) ?? [],
                    propertyDependencies: details.get(r.urn)?.propertyDependencies ?? {},
                }),
            ),
        },
    };
}
