// Imported first by test/setup.ts: stack traces of failing tests point at the .ts lines, through
// the maps scripts/build.mjs writes beside bin/. Node reads the maps of files loaded after this.
process.setSourceMapsEnabled(true);

export {};
