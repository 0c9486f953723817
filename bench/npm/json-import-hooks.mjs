// Module loader hooks for Node >= 20.6.
//
// @actions/workflow-parser's compiled ESM does `import Schema from "../workflow-v1.0.min.json"`
// without an import attribute (it is built for bundlers). Plain Node refuses that with
// ERR_IMPORT_ASSERTION_TYPE_MISSING. This hook supplies `{ type: "json" }` for .json files,
// which is exactly what a bundler does; the package's code itself is untouched.
export async function load(url, context, nextLoad) {
  if (url.endsWith(".json") && !context.importAttributes?.type) {
    return nextLoad(url, { ...context, importAttributes: { ...context.importAttributes, type: "json" } });
  }
  return nextLoad(url, context);
}
