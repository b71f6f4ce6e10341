// The config-key check of the pull-request gate, run from the BASE branch's checkout on this
// branch's stack files (read as data): a namespace other than tng:, aws:, pulumi:, an aws: key
// outside the documented ones, or a secure: value inside a non-secret setting is refused with the
// key's name (stacks/settings.ts configKeyProblems, the same check as every synth and preview).
//   usage: node .github/scripts/check-stack-keys.mjs DIR STACK...   (DIR holds Pulumi.<STACK>.yaml)
// Exit: 0 every file passes; 1 a key is refused; 2 usage or an unreadable file.
// The work is in stackKeys.mjs.
import { ensureBuilt } from "../../scripts/build.mjs";
import { checkStackKeys } from "./stackKeys.mjs";

await ensureBuilt();
process.exitCode = checkStackKeys(process.argv.slice(2), {
    out: (line) => console.log(line),
    err: (line) => console.error(line),
});
