/**
 * Resource URNs exactly as the Pulumi engine builds them, and the alias URNs it derives.
 *
 * `urn:pulumi:<stack>::<project>::<qualified type>::<name>`, where the qualified type is the
 * parent's qualified type, `$`, then the resource's own type; the root stack resource
 * (`pulumi:pulumi:Stack`) contributes nothing, so a direct child of the stack has just its own
 * type. Sources: pulumi/pulumi `sdk/go/common/resource/urn.go` (`NewURN`: the parent type is
 * dropped when it is `RootStackType`) and the Node SDK's `createUrn` (@pulumi/pulumi resource.js,
 * "Don't prefix the stack type as a parent type"). The SDK's mock monitor (runtime/mocks.js
 * `newUrn`) differs: it keeps only the immediate parent's type and prefixes stack children with
 * `pulumi:pulumi:Stack$`; {@link useEngineUrns} replaces it.
 */
import { setMockUrnFactory } from "../sdk/internals";

/** The type of the root stack resource. */
export const ROOT_STACK_TYPE = "pulumi:pulumi:Stack";

/** The parts of a URN. */
export interface UrnParts {
    readonly stack: string;
    readonly project: string;
    /** Ancestors' types (root stack excluded) and the own type, joined by `$`. */
    readonly qualifiedType: string;
    /** The resource's own type: the last `$` segment of the qualified type. */
    readonly type: string;
    /** The logical name; may itself contain `::`. */
    readonly name: string;
}

/** Splits a URN; throws naming it when it is not `urn:pulumi:<stack>::<project>::<type>::<name>`. */
export function parseUrn(urn: string): UrnParts {
    const prefix = "urn:pulumi:";
    const rest = urn.startsWith(prefix) ? urn.slice(prefix.length).split("::") : [];
    if (rest.length < 4) {
        throw new Error(`not a Pulumi URN: ${urn}`);
    }
    const [stack, project, qualifiedType, ...name] = rest;
    return {
        stack,
        project,
        qualifiedType,
        type: qualifiedType.split("$").pop() ?? qualifiedType,
        name: name.join("::"),
    };
}

/** The URN of the root stack resource: `…::pulumi:pulumi:Stack::<project>-<stack>`. */
export function stackUrn(stack: string, project: string): string {
    return `urn:pulumi:${stack}::${project}::${ROOT_STACK_TYPE}::${project}-${stack}`;
}

/** The URN the engine gives a resource registered with `parentUrn` (none or "" for the root). */
export function engineUrn(
    stack: string,
    project: string,
    parentUrn: string | undefined,
    type: string,
    name: string,
): string {
    let qualified = type;
    if (parentUrn) {
        const parentType = parseUrn(parentUrn).qualifiedType;
        if (parentType !== ROOT_STACK_TYPE) {
            qualified = `${parentType}$${type}`;
        }
    }
    return `urn:pulumi:${stack}::${project}::${qualified}::${name}`;
}

/** An alias as the SDK sends it (`RegisterResourceRequest.aliases`, pulumirpc Alias). */
export interface AliasSpec {
    readonly urn?: string;
    readonly name?: string;
    readonly type?: string;
    readonly stack?: string;
    readonly project?: string;
    readonly parentUrn?: string;
    readonly noParent?: boolean;
}

/**
 * The URN an alias stands for, resolved as the engine does: unset fields default to the
 * resource's own name, type, stack and project; the parent is `parentUrn`, none with `noParent`,
 * else the resource's current parent.
 */
export function aliasUrn(
    alias: AliasSpec,
    resource: { stack: string; project: string; parent?: string; type: string; name: string },
): string {
    if (alias.urn) {
        return alias.urn;
    }
    const parent = alias.noParent ? undefined : alias.parentUrn || resource.parent;
    return engineUrn(
        alias.stack || resource.stack,
        alias.project || resource.project,
        parent,
        alias.type || resource.type,
        alias.name || resource.name,
    );
}

/**
 * Makes the SDK's mock monitor (`pulumi.runtime.setMocks`) hand out engine URNs; registered
 * parents are then engine URNs too. Call after `setMocks`.
 */
export function useEngineUrns(stack: string, project: string): void {
    setMockUrnFactory((parent, type, name) => engineUrn(stack, project, parent, type, name));
}
