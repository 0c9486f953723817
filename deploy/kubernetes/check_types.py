"""Checks rendered Kubernetes objects (one YAML stream) against the API's types, as python3-kubernetes models them.

Each object's apiVersion and kind name its model (apps/v1 Deployment: V1Deployment). Every field must be one the type
has, under its exact name, with a value of the right kind; the model's own constructor then checks the required fields
and the allowed values. Prints "Kind/name ok" per object; on errors prints each with its path and exits 1.
"""
import re
import sys

import kubernetes.client as models
import yaml
from kubernetes.client.api_client import ApiClient

SCALARS = {"str": str, "int": int, "bool": bool, "float": (int, float)}
SCALAR_NAMES = {"str": "a string", "int": "an integer", "bool": "a boolean", "float": "a number"}


def model_name(api_version, kind):
    version = api_version.split("/")[-1]
    return version[0].upper() + version[1:] + kind


def walk(value, type_name, path, errors):
    if value is None:
        return
    if type_name in ("object", "datetime", "date"):
        return
    if type_name in SCALARS:
        expected = SCALARS[type_name]
        if isinstance(value, bool) and type_name != "bool":
            errors.append(f"{path}: {value!r} is a boolean; {SCALAR_NAMES[type_name]} is expected")
        elif not isinstance(value, expected):
            errors.append(f"{path}: {value!r} is not {SCALAR_NAMES[type_name]}")
        return
    listed = re.fullmatch(r"list\[(.+)\]", type_name)
    if listed:
        if not isinstance(value, list):
            errors.append(f"{path}: a list is expected")
            return
        for index, item in enumerate(value):
            walk(item, listed.group(1), f"{path}[{index}]", errors)
        return
    mapped = re.fullmatch(r"dict\(str, (.+)\)", type_name)
    if mapped:
        if not isinstance(value, dict):
            errors.append(f"{path}: a map is expected")
            return
        for key, item in value.items():
            walk(item, mapped.group(1), f"{path}.{key}", errors)
        return
    model = getattr(models, type_name)
    if not isinstance(value, dict):
        errors.append(f"{path}: an object ({type_name}) is expected")
        return
    fields = {json_name: attribute for attribute, json_name in model.attribute_map.items()}
    for key, item in value.items():
        if key not in fields:
            close = [name for name in fields if name.lower() == key.lower() or name.lower().startswith(key.lower()[:5])]
            hint = f" (did you mean {', '.join(close)}?)" if close else ""
            errors.append(f"{path}.{key}: {type_name} has no field '{key}'{hint}")
            continue
        walk(item, model.openapi_types[fields[key]], f"{path}.{key}", errors)


def main(stream_path):
    errors = []
    client = ApiClient()
    with open(stream_path, encoding="utf-8") as stream:
        documents = [d for d in yaml.safe_load_all(stream) if d]
    for document in documents:
        name = f"{document.get('kind')}/{document.get('metadata', {}).get('name')}"
        type_name = model_name(document.get("apiVersion", ""), document.get("kind", ""))
        if not hasattr(models, type_name):
            errors.append(f"{name}: no type {type_name} for apiVersion {document.get('apiVersion')!r} and kind {document.get('kind')!r}")
            continue
        found = []
        walk(document, type_name, name, found)
        if not found:
            try:
                # The constructors check required fields and allowed values.
                client._ApiClient__deserialize(document, type_name)
            except (ValueError, TypeError) as error:
                found.append(f"{name}: {error}")
        errors.extend(found)
        if not found:
            print(f"{name} ok")
    for error in errors:
        print(error, file=sys.stderr)
    return 1 if errors else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1]))
