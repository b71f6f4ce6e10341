/**
 * The `pulumi stack export` (version 3) document of an offline render, field for field as the
 * engine records a deployment: engine URNs, `parent`, `protect`, `retainOnDelete`,
 * `dependencies`, `propertyDependencies`, `provider`, `importID` and `aliases`.
 *
 * The mock recorder keeps what the SDK sent in each RegisterResourceRequest, aliases and property
 * dependencies included; this module shapes it as the engine would record it:
 *  - `retainOnDelete` left unset on a resource is inherited from its parent (engine
 *    pkg/resource/deploy/source_eval.go `inheritFromParent`, "if child.RetainOnDelete == nil";
 *    pulumi 3.158.0, #18956). The Node SDK already inherits `protect` itself (resource.ts).
 *  - `aliases` holds the one alias that matched an old resource, never the candidates
 *    (step_generator.go `getOldResource` / `generateResourceSteps`: `aliasUrns = []URN{alias}`);
 *    a render without a base matched none, so {@link aliasCandidates} keeps the candidates for
 *    the plan.
 *  - Providers: the engine registers a default provider per package and version on first use,
 *    `urn:…::pulumi:providers:<pkg>::default_<major>_<minor>_<patch>` (deployment.go
 *    `defaultProviderURN`, providers/provider.go `DefaultName`), with the stack config of that
 *    package as inputs plus `version`, and writes `provider: "<provider URN>::<id>"` on every
 *    custom resource it serves. Providers the program creates are resources of the render.
 */
import { createHash } from "crypto";
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
    ignoreChanges?: string[];
    replaceOnChanges?: string[];
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
    inherited: { retainOnDelete?: boolean; provider?: string } = {},
): ExportResource {
    const o = r.options;
    const propertyDependencies = details?.propertyDependencies ?? {};
    const retainOnDelete = inherited.retainOnDelete ?? o.retainOnDelete;
    const provider = r.provider || inherited.provider;
    return {
        urn: r.urn,
        custom: r.custom,
        ...(r.id !== undefined ? { id: r.id } : {}),
        type: r.type,
        inputs: r.inputs,
        outputs: r.outputs,
        ...(r.parent ? { parent: r.parent } : {}),
        ...(o.protect ? { protect: true } : {}),
        ...(retainOnDelete ? { retainOnDelete: true } : {}),
        ...(o.dependencies.length > 0 ? { dependencies: [...o.dependencies] } : {}),
        ...(Object.keys(propertyDependencies).length > 0 ? { propertyDependencies } : {}),
        ...(provider ? { provider } : {}),
        ...(o.importId ? { importID: o.importId } : {}),
        ...(details && details.aliases.length > 0
            ? { aliases: [...new Set(details.aliases)] }
            : {}),
        ...(o.ignoreChanges?.length ? { ignoreChanges: [...o.ignoreChanges] } : {}),
        ...(o.replaceOnChanges?.length ? { replaceOnChanges: [...o.replaceOnChanges] } : {}),
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

/** `7.48.0` → `default_7_48_0` (providers/provider.go `DefaultName`: `_%d_%d_%d`, then `_` + each pre-release and build part). */
export function defaultProviderName(version: string): string {
    const m = /^v?(\d+)\.(\d+)\.(\d+)(?:-([0-9A-Za-z.-]+))?(?:\+([0-9A-Za-z.-]+))?$/.exec(version);
    if (!m) {
        return "default";
    }
    const parts = [m[1], m[2], m[3], ...(m[4]?.split(".") ?? []), ...(m[5]?.split(".") ?? [])];
    return `default_${parts.join("_")}`;
}

/** A stable id for a default provider (the engine's is a random UUID; a render's must not change). */
function providerId(urn: string): string {
    const h = createHash("sha256").update(urn).digest("hex");
    return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-8${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

/** The package of a type token: `aws:s3/bucket:Bucket` → `aws`. */
function packageOf(type: string): string {
    return type.split(":")[0];
}

/** Each resource's candidate alias URNs (own and inherited from the parents' aliases), by URN. */
export function aliasCandidates(
    resources: readonly RecordedResource[],
    details: ReadonlyMap<string, RegistrationDetails>,
): Map<string, string[]> {
    return inheritAliases(resources, details);
}

/**
 * The whole document; `time` is fixed so that two renders of the same program are equal.
 * `config` is the stack config (`aws:region`, …): the inputs of the default providers.
 * `matchedAliases` is the alias each resource matched in a base (none for a plain render).
 */
export function exportDocument(
    resources: readonly RecordedResource[],
    details: ReadonlyMap<string, RegistrationDetails>,
    config: Readonly<Record<string, string>> = {},
    matchedAliases: ReadonlyMap<string, string> = new Map(),
): ExportDocument {
    const out: ExportResource[] = [];
    const retain = new Map<string, boolean>();
    const defaults = new Map<string, string>();
    for (const r of resources) {
        // retainOnDelete: the own value when set, else the parent's (source_eval.go inheritFromParent).
        const parentRetain = r.parent ? retain.get(r.parent) : undefined;
        const retainOnDelete =
            r.options.retainOnDeleteDefined || parentRetain === undefined
                ? r.options.retainOnDelete
                : parentRetain;
        retain.set(r.urn, retainOnDelete);
        let provider: string | undefined;
        if (r.custom && !r.provider && !r.type.startsWith("pulumi:providers:")) {
            const { stack, project } = parseUrn(r.urn);
            const pkg = packageOf(r.type);
            const version = r.options.version ?? "";
            const urn = `urn:pulumi:${stack}::${project}::pulumi:providers:${pkg}::${defaultProviderName(version)}`;
            provider = defaults.get(urn);
            if (provider === undefined) {
                const id = providerId(urn);
                const inputs: Record<string, unknown> = {};
                for (const [k, v] of Object.entries(config)) {
                    if (k.startsWith(`${pkg}:`)) {
                        inputs[k.slice(pkg.length + 1)] = v;
                    }
                }
                if (version) {
                    inputs.version = version;
                }
                out.push({
                    urn,
                    custom: true,
                    id,
                    type: `pulumi:providers:${pkg}`,
                    inputs,
                    outputs: { ...inputs },
                });
                provider = `${urn}::${id}`;
                defaults.set(urn, provider);
            }
        }
        const matched = matchedAliases.get(r.urn);
        out.push(
            exportResource(
                r,
                {
                    aliases: matched ? [matched] : [],
                    propertyDependencies: details.get(r.urn)?.propertyDependencies ?? {},
                },
                { retainOnDelete, provider },
            ),
        );
    }
    return {
        version: 3,
        deployment: {
            manifest: { time: "1970-01-01T00:00:00Z", magic: "offline-synth", version: "offline" },
            resources: out,
        },
    };
}
