"""A check of a JSON value against the map player's message schema (``ui/map_player/schema.json``).

It reads the part of JSON Schema (2020-12) that file uses: ``type``, ``const``, ``properties``,
``required``, ``additionalProperties: false``, ``items``, ``prefixItems``, ``minItems``, ``maxItems``,
``anyOf``, ``$ref`` to ``#/$defs/...``, ``minimum``, ``exclusiveMinimum`` and ``pattern``; a schema with any
other keyword is refused when it is loaded, so nothing in it goes unchecked. Why not the ``jsonschema``
package: it spends 10-20 ms on one header (it builds a validator object for each node it descends into),
more than building the message itself; this walk takes well under a millisecond, and
``tests/viz/test_message_schema.py`` checks that it agrees with ``jsonschema``.
"""

from __future__ import annotations

import re

KEYWORDS = {
    "type", "const", "properties", "required", "additionalProperties", "items", "prefixItems", "minItems",
    "maxItems", "anyOf", "$ref", "minimum", "exclusiveMinimum", "pattern",
    "$schema", "$comment", "$defs", "title", "magic",  # notes, not rules
}  # fmt: skip
TYPES = {
    "object": lambda v: isinstance(v, dict),
    "array": lambda v: isinstance(v, list),
    "string": lambda v: isinstance(v, str),
    "boolean": lambda v: isinstance(v, bool),
    "null": lambda v: v is None,
    "integer": lambda v: (
        (isinstance(v, int) and not isinstance(v, bool)) or (isinstance(v, float) and v.is_integer())
    ),
    "number": lambda v: isinstance(v, int | float) and not isinstance(v, bool),
}


class SchemaError(ValueError):
    """A value that the schema does not allow; the message names where (``$.lanes[0].xy``)."""


def check_schema(schema: dict) -> None:
    """Refuse a schema with a keyword this module does not read (it would go unchecked)."""

    def walk(node, where):
        if isinstance(node, dict):
            unknown = set(node) - KEYWORDS
            if unknown and not where.endswith(("properties", "$defs")):
                raise SchemaError(f"{where}: keywords {sorted(unknown)} are not read by viz.message_schema")
            for key, value in node.items():
                if key not in ("const", "required", "magic", "$comment", "title"):
                    walk(value, f"{where}.{key}")
        elif isinstance(node, list):
            for k, value in enumerate(node):
                walk(value, f"{where}[{k}]")

    walk(schema, "$")


def validate(value, schema: dict, root: dict | None = None, where: str = "$") -> None:
    """Raise :class:`SchemaError` where ``value`` breaks ``schema`` (``root``: the schema its ``$ref`` s
    point into, by default ``schema`` itself)."""
    root = root or schema
    if "$ref" in schema:
        validate(value, root["$defs"][schema["$ref"].removeprefix("#/$defs/")], root, where)
    if "anyOf" in schema and not any(_passes(value, option, root, where) for option in schema["anyOf"]):
        raise SchemaError(f"{where}: matches none of its options")
    kinds = schema.get("type")
    if kinds is not None:
        kinds = [kinds] if isinstance(kinds, str) else kinds
        if not any(TYPES[kind](value) for kind in kinds):
            raise SchemaError(f"{where}: {value!r:.60} is not of type {' or '.join(kinds)}")
    const = schema.get("const", value)
    if value != const or isinstance(value, bool) != isinstance(const, bool):
        raise SchemaError(f"{where}: {value!r} is not {schema['const']!r}")
    if isinstance(value, dict):
        _object(value, schema, root, where)
    elif isinstance(value, list):
        _array(value, schema, root, where)
    elif isinstance(value, str) and "pattern" in schema and not re.search(schema["pattern"], value):
        raise SchemaError(f"{where}: {value!r} does not match {schema['pattern']}")
    elif TYPES["number"](value):
        if "minimum" in schema and value < schema["minimum"]:
            raise SchemaError(f"{where}: {value} is below {schema['minimum']}")
        if "exclusiveMinimum" in schema and value <= schema["exclusiveMinimum"]:
            raise SchemaError(f"{where}: {value} is not above {schema['exclusiveMinimum']}")


def _passes(value, schema, root, where) -> bool:
    try:
        validate(value, schema, root, where)
    except SchemaError:
        return False
    return True


def _object(value: dict, schema: dict, root: dict, where: str) -> None:
    missing = [name for name in schema.get("required", ()) if name not in value]
    if missing:
        raise SchemaError(f"{where}: lacks {', '.join(missing)}")
    properties = schema.get("properties", {})
    if schema.get("additionalProperties") is False and set(value) - set(properties):
        raise SchemaError(f"{where}: undeclared {', '.join(sorted(set(value) - set(properties)))}")
    for name, sub in properties.items():
        if name in value:
            validate(value[name], sub, root, f"{where}.{name}")


def _array(value: list, schema: dict, root: dict, where: str) -> None:
    if len(value) < schema.get("minItems", 0) or len(value) > schema.get("maxItems", len(value)):
        raise SchemaError(f"{where}: {len(value)} items")
    prefix = schema.get("prefixItems", [])
    for k, item in enumerate(value):
        sub = prefix[k] if k < len(prefix) else schema.get("items")
        if sub is not None:
            validate(item, sub, root, f"{where}[{k}]")
