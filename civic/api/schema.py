"""The OpenAPI schema says every status an endpoint can answer (drf-spectacular hook).

Whatever the endpoint, a request may be refused before its view runs: a malformed value or a
NUL byte (400), a bad token (401), a missing permission or CSRF token (403), the throttles
(429); an id, a filter's value or a page that is nobody's, or not the caller's to see (404);
a body too large, too deep or not JSON (413, 415). ``document_errors`` adds those responses,
with the shape ``civic.api.exceptions`` gives them, to every operation that does not say them
already, so that the schema matches the responses (schemathesis checks it in CI,
``tests/integration/test_api_schema.py``).
"""

from __future__ import annotations

ERROR = {
    "type": "object",
    "description": "What went wrong: `detail`, a sentence in the caller's language.",
    "properties": {"detail": {"type": "string"}},
    "additionalProperties": True,
}
INVALID = {
    "type": "object",
    "description": "Each field (or `detail`, or `non_field_errors`) with its messages.",
    "additionalProperties": True,
}

_ALWAYS = {
    "400": ("Invalid input: the field or parameter is named.", "Invalid"),
    "401": ("Not signed in, or the token is invalid (`WWW-Authenticate: Token`).", "Error"),
    "403": ("Not allowed.", "Error"),
    "404": ("Not found, or not yours to see (an id, a filter's value, a page).", "Error"),
    "429": ("Too many requests: wait and try again (`Retry-After`).", "Error"),
}
_WITH_BODY = {
    "413": ("The body is too large or nested too deep.", "Error"),
    "415": ("The body is not JSON (or a form).", "Error"),
}


def document_errors(result, generator, request, public):
    components = result.setdefault("components", {}).setdefault("schemas", {})
    components.setdefault("Error", ERROR)
    components.setdefault("Invalid", INVALID)
    for operations in result.get("paths", {}).values():
        for operation in operations.values():
            if not isinstance(operation, dict) or "responses" not in operation:
                continue
            wanted = dict(_ALWAYS)
            if "requestBody" in operation:
                wanted.update(_WITH_BODY)
            responses = operation["responses"]
            for status, (description, schema) in wanted.items():
                responses.setdefault(
                    status,
                    {
                        "description": description,
                        "content": {
                            "application/json": {
                                "schema": {"$ref": f"#/components/schemas/{schema}"}
                            }
                        },
                    },
                )
    return result
