// node scripts/run.mjs <tool> [args...]: makes bin/ fresh, then runs bin/scripts/<tool>.js in this
// same process (one node start-up instead of two: the start-up is a tenth of a synth).
import { createRequire } from "module";
import { dirname, join } from "path";
import { fileURLToPath } from "url";
import { ensureBuilt } from "./build.mjs";

const [tool, ...args] = process.argv.slice(2);
if (!tool || !/^[a-z]+$/.test(tool)) {
    console.error("usage: node scripts/run.mjs <tool> [args...]");
    process.exit(2);
}
await ensureBuilt();
const script = join(dirname(fileURLToPath(import.meta.url)), "..", "bin", "scripts", `${tool}.js`);
// The tool reads its arguments from process.argv as if started as `node bin/scripts/<tool>.js`.
process.argv = [process.argv[0], script, ...args];
createRequire(import.meta.url)(script);
