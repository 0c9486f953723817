// Loads the npm packages under test, with the JSON import hook registered first.
import { register } from "node:module";
import { readFileSync } from "node:fs";

register("./json-import-hooks.mjs", import.meta.url);


/** Version of an installed package, read from its own package.json in node_modules. */
export function installedVersion(name) {
  // package.json is not in the packages' "exports", so resolve the folder through node_modules
  const url = new URL(`./node_modules/${name}/package.json`, import.meta.url);
  return JSON.parse(readFileSync(url, "utf8")).version;
}

export async function loadWorkflowParser() {
  return import("@actions/workflow-parser");
}

export async function loadExpressions() {
  return import("@actions/expressions");
}

