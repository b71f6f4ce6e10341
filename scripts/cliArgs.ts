/** The tools' command-line helper moved to lib/cli.ts (below offline/, survey/ and scripts/). */
export * from "../lib/cli";
