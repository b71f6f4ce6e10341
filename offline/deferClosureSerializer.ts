/**
 * Importing this module first keeps Pulumi's closure serializer unloaded until something calls it
 * (see deferClosureSerializer in sdk/internals.ts). Used by the synth and the tests only;
 * `pulumi up` loads the SDK as it is.
 */
import { deferClosureSerializer } from "../sdk/internals";

deferClosureSerializer();
