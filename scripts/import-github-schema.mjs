#!/usr/bin/env node
// Takes GitHub's published schemas of the workflow language and of action.yml into Sluice, as data:
//
//   node scripts/import-github-schema.mjs [SCHEMA_DIR]      default SCHEMA_DIR: ../shared/conformance/schema
//
// Writes src/Sluice.Workflows/Schema/Data/{workflow,action}-v1.0.json: every definition, property, allowed value,
// one-of alternative, required key, string setting and context list of the published files, in their order, and
// nothing else (the descriptions, which are GitHub's documentation prose, are left out). Sluice's reader interprets
// these files; tests/Sluice.Workflows.Tests/Schema/PublishedSchemaTests.cs compares them with the published ones.
import {readFileSync, writeFileSync} from "node:fs";
import {dirname, join, resolve} from "node:path";
import {fileURLToPath} from "node:url";

const root = resolve(dirname(fileURLToPath(import.meta.url)), "..");
const source = resolve(process.argv[2] ?? join(root, "..", "shared", "conformance", "schema"));
const target = join(root, "src", "Sluice.Workflows", "Schema", "Data");

// A property is "type" or {type, required?, description?}; without its description, a bare type is written as a string.
function property(value) {
  if (typeof value === "string") return value;
  const {description, ...rest} = value;
  return Object.keys(rest).length === 1 && "type" in rest ? rest.type : rest;
}

function definition(value) {
  const {description, ...rest} = value;
  if (rest.mapping?.properties) {
    const properties = {};
    for (const [name, value] of Object.entries(rest.mapping.properties)) properties[name] = property(value);
    rest.mapping = {...rest.mapping, properties};
  }
  return rest;
}

for (const name of ["workflow-v1.0.json", "action-v1.0.json"]) {
  const published = JSON.parse(readFileSync(join(source, name), "utf8"));
  const {definitions, ...header} = published;
  const out = {...header, definitions: {}};
  for (const [key, value] of Object.entries(definitions)) out.definitions[key] = definition(value);
  writeFileSync(join(target, name), JSON.stringify(out, null, 2) + "\n");
  console.log(`${name}: ${Object.keys(definitions).length} definitions from ${join(source, name)}`);
}
