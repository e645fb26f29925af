#!/usr/bin/env python3
"""Lints each service's OpenAPI document as it is served: the service's openapi.yaml merged with
Shared/ServiceKit/OpenAPI/openapi-common.yaml (the service's entries first, mappings merged key by
key, as OpenAPIDocument does), checked by openapi-spec-validator against OpenAPI 3.1."""
import glob
import os
import sys

import yaml
from openapi_spec_validator.validation import OpenAPIV31SpecValidator

root = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..")


def merged(base, extra):
    if isinstance(base, dict) and isinstance(extra, dict):
        out = dict(base)
        for key, value in extra.items():
            out[key] = merged(base[key], value) if key in base else value
        return out
    return base


with open(os.path.join(root, "Shared/ServiceKit/OpenAPI/openapi-common.yaml")) as file:
    common = yaml.safe_load(file)
failures = 0
for path in sorted(glob.glob(os.path.join(root, "Services/*/Sources/Service/openapi.yaml"))):
    with open(path) as file:
        document = merged(yaml.safe_load(file), common)
    errors = list(OpenAPIV31SpecValidator(document).iter_errors())
    name = os.path.relpath(path, root)
    for error in errors:
        print(f"{name}: {'/'.join(map(str, error.absolute_path))}: {error.message}")
    print(f"{name}: {'valid' if not errors else f'{len(errors)} errors'}")
    failures += len(errors)
sys.exit(1 if failures else 0)
