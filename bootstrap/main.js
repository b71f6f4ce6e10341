// The bootstrap program as the Pulumi CLI loads it (Pulumi.yaml `main`): index.ts bundled in
// memory by esbuild, like the main program (see scripts/tsEntry.cjs).
"use strict";
require("../scripts/tsEntry.cjs").runTypeScript(require.resolve("./index.ts"), module);
