"""The OpenAPI 3.1 document of the API, built as a Python dict.

The query parameters of each list are read from the forms that filter it (api/forms.py LIST_FILTERS),
and the enumerations from the models' choices, so the document cannot drift from what the views
accept. Response schemas are written out here and forbid properties they do not name; the tests
check real responses against them.
"""

from __future__ import annotations

from typing import Any, NamedTuple

from django import forms
from django.utils import translation

from archive.dates import Calendar, Precision
from archive.forms import QueryField
from archive.models import Confidence, NameKind, OrganizationKind, PlaceKind, Script, SourceKind, Stance
from archive.models.sources import TextStatus
from archive.search import MAX_QUERY_LENGTH
from perpetrators.models import CommissionRole
from victims.models import Burial, Gender, LinkRole, MannerOfDeath, Verification

from .forms import CITED_TYPES, LIST_FILTERS, MAX_PAGE_SIZE, PageForm


class Endpoint(NamedTuple):
    name: str  # the path under /api/v1/ and the key of LIST_FILTERS: "victims"
    url_name: str  # "victim": the URL names are api:victim_list and api:victim_detail
    schema: str  # "Victim": the schema of a record in the list
    detail: str  # "VictimDetail": the schema of one record at its own address
    key: str  # "slug" or "id": how one record is addressed
    summary: str


ENDPOINTS = [
    Endpoint("victims", "victim", "Victim", "VictimDetail", "slug", "Victims, remembered by name"),
    Endpoint(
        "perpetrators",
        "perpetrator",
        "Perpetrator",
        "PerpetratorDetail",
        "slug",
        "Perpetrators, with their positions",
    ),
    Endpoint(
        "positions", "position", "Position", "PositionDetail", "id", "1988 commission seats and later posts"
    ),
    Endpoint(
        "organizations",
        "organization",
        "Organization",
        "OrganizationDetail",
        "slug",
        "Commissions, ministries, courts",
    ),
    Endpoint("sources", "source", "Source", "SourceDetail", "slug", "Source documents"),
    Endpoint(
        "citations",
        "citation",
        "CitedClaim",
        "CitedClaim",
        "id",
        "Citations: the claim, the record, the source, where in it",
    ),
    Endpoint("events", "event", "Event", "EventDetail", "slug", "Events, with their competing estimates"),
    Endpoint(
        "places",
        "place",
        "Place",
        "PlaceDetail",
        "slug",
        "Provinces, cities, prisons, cemeteries, mass graves",
    ),
]

DESCRIPTION = f"""\
Read-only JSON of every published record of the memorial archive. Nothing unpublished appears: not in
lists, counts, related records or citations.

Lists are paged (`page` from 1, `page_size` from 1 to 100, 50 by default), in a stable order (name or
date, then id), with `count` and absolute `next` / `previous` links. The victims, perpetrators and
sources lists take the filters of their public pages and `q`, the archive's search (names in any
spelling or script; at most {MAX_QUERY_LENGTH} characters), which orders results best match first.

Errors are JSON: `{{"error": {{"code", "message", "fields"}}}}`. An unknown parameter, a value a
filter cannot use or a page past the last is a 400 naming each parameter at fault in `fields`; an
unknown record is a 404; any method but GET and HEAD is a 405. A record addressed by an old slug
redirects (301) to its address. Responses may be cached for five minutes (`Cache-Control`).

Dates are as the sources give them: the words, the calendar, the precision (day, month, season, year
or unknown) and the earliest and latest Gregorian day they can mean; null when nothing is known.
Related records are `{{slug, name, api_url}}`, or left out (null) when they are not public.
"""


# Schema pieces.


def ref(name: str) -> dict[str, str]:
    return {"$ref": f"#/components/schemas/{name}"}


def nullable(schema: dict[str, Any]) -> dict[str, Any]:
    if "$ref" in schema:
        return {"oneOf": [schema, {"type": "null"}]}
    return {**schema, "type": [schema["type"], "null"]}


def array(items: dict[str, Any]) -> dict[str, Any]:
    return {"type": "array", "items": items}


def enum(values, description: str = "") -> dict[str, Any]:
    schema = {"type": "string", "enum": list(values)}
    return {**schema, "description": description} if description else schema


def obj(properties: dict[str, Any], description: str = "") -> dict[str, Any]:
    schema = {
        "type": "object",
        "properties": properties,
        "required": list(properties),
        "additionalProperties": False,
    }
    return {**schema, "description": description} if description else schema


STRING = {"type": "string"}
INTEGER = {"type": "integer"}
BOOLEAN = {"type": "boolean"}
URI = {"type": "string", "format": "uri"}
EMPTY_OR_URI = {"type": "string", "description": "An address, or empty."}
DATE = nullable(ref("FuzzyDate"))
RELATED = nullable(ref("RecordRef"))
RELATED_LIST = array(ref("RecordRef"))
CITATIONS = array(ref("Citation"))


def addressed(**properties) -> dict[str, Any]:
    """The properties every record starts with: its id, and its page's and the API's absolute addresses."""
    return {
        "id": INTEGER,
        **properties,
        "url": {**URI, "description": "The record's public page."},
        "api_url": {**URI, "description": "The record in this API."},
    }


def named(**properties) -> dict[str, Any]:
    return {
        **addressed(slug=STRING),
        "name_en": {**STRING, "description": "Name in Latin script, or empty."},
        "name_fa": {**STRING, "description": "Name in Persian script, or empty."},
        **properties,
    }


VICTIM = named(
    variants=array(ref("NameVariant")),
    gender=enum(Gender.values, "Empty when not known."),
    birth=DATE,
    birth_place=RELATED,
    age_at_death=nullable(INTEGER),
    occupation=STRING,
    affiliation={**STRING, "description": "As the source states it."},
    events=RELATED_LIST,
    arrest=DATE,
    arrest_place=RELATED,
    prisons=RELATED_LIST,
    death=DATE,
    death_place=RELATED,
    manner_of_death=enum(MannerOfDeath.values, "Empty when not known."),
    charges=STRING,
    burial=enum(Burial.values, "Empty when not known."),
    burial_place=RELATED,
    verification=enum(Verification.values),
    biography_en=STRING,
    biography_fa=STRING,
    is_sample={**BOOLEAN, "description": "Fictional demonstration record, not a real person."},
)

POSITION = addressed(
    perpetrator=RELATED,
    organization=RELATED,
    title_en=STRING,
    title_fa=STRING,
    commission_role=enum([*CommissionRole.values, ""], "Only for a seat on a death commission."),
    place=RELATED,
    event=RELATED,
    start=DATE,
    end=DATE,
    during={**DATE, "description": "When the source says the post was held, without its start or end."},
    note_en=STRING,
    note_fa=STRING,
    is_sample=BOOLEAN,
)

PERPETRATOR = named(
    variants=array(ref("NameVariant")),
    birth=DATE,
    birth_place=RELATED,
    death=DATE,
    biography_en=STRING,
    biography_fa=STRING,
    positions={**array(ref("Position")), "description": "Commission seats first, then by date."},
    is_sample=BOOLEAN,
)

ORGANIZATION = named(
    kind=enum(OrganizationKind.values),
    parent=RELATED,
    place=RELATED,
    description_en=STRING,
    description_fa=STRING,
    positions_api_url={**URI, "description": "The positions in this organization."},
    is_sample=BOOLEAN,
)

SOURCE = addressed(
    slug=STRING,
    title_en=STRING,
    title_fa=STRING,
    kind=enum(SourceKind.values),
    author=STRING,
    publisher=STRING,
    published=DATE,
    language={**STRING, "description": "Language code of the document: en, fa, ar …, or empty."},
    web_url=EMPTY_OR_URI,
    archived_url=EMPTY_OR_URI,
    stance=enum(Stance.values, "Partisan sources are allowed, and labelled."),
    summary_en=STRING,
    summary_fa=STRING,
    reliability_note=STRING,
    file=nullable(ref("SourceFile")),
    text_status=enum(TextStatus.values, "Whether the file's text was read for search; empty without a file."),
    cited_by_api_url={**URI, "description": "The citations that rest on this source."},
    is_sample=BOOLEAN,
)

EVENT = named(
    start=DATE,
    end=DATE,
    description_en=STRING,
    description_fa=STRING,
    places=RELATED_LIST,
    victims_api_url=URI,
    positions_api_url=URI,
    is_sample=BOOLEAN,
)

PLACE = named(
    variants=array(ref("NameVariant")),
    kind=enum(PlaceKind.values),
    parent={**RELATED, "description": "The place it lies within."},
    latitude=nullable({"type": "number", "minimum": -90, "maximum": 90}),
    longitude=nullable({"type": "number", "minimum": -180, "maximum": 180}),
    description_en=STRING,
    description_fa=STRING,
    victims_api_url={**URI, "description": "Victims held, killed or buried here or in a place within it."},
    is_sample=BOOLEAN,
)

CITATION = {
    "id": INTEGER,
    "api_url": {**URI, "description": "The citation in this API; readers see it on the record's page."},
    "claim": {**STRING, "description": "Which claim of the record it supports: a field, or “general”."},
    "locator": {**STRING, "description": "Page, paragraph or timestamp in the source."},
    "quote": STRING,
    "note": STRING,
    "confidence": enum(Confidence.values),
    "source": ref("SourceRef"),
}


def schemas() -> dict[str, Any]:
    records = {
        "Victim": VICTIM,
        "VictimDetail": {
            **VICTIM,
            "perpetrator_links": array(ref("PerpetratorLink")),
            "citations": CITATIONS,
        },
        "Perpetrator": PERPETRATOR,
        "PerpetratorDetail": {
            **PERPETRATOR,
            "positions": array(ref("PositionDetail")),
            "victim_links": array(ref("PerpetratorLink")),
            "citations": CITATIONS,
        },
        "Position": POSITION,
        "PositionDetail": {**POSITION, "citations": CITATIONS},
        "Organization": ORGANIZATION,
        "OrganizationDetail": {**ORGANIZATION, "citations": CITATIONS},
        "Source": SOURCE,
        "SourceDetail": {**SOURCE, "citations": CITATIONS},
        "CitedClaim": {**CITATION, "record": ref("CitedRecord")},
        "Event": EVENT,
        "EventDetail": {**EVENT, "estimates": array(ref("Estimate")), "citations": CITATIONS},
        "Place": PLACE,
        "PlaceDetail": {**PLACE, "citations": CITATIONS},
    }
    pages = {
        f"{endpoint.name.capitalize()}Page": obj(
            {
                "count": {**INTEGER, "description": "Records in the whole list, not only this page."},
                "count_is_estimate": {
                    **BOOLEAN,
                    "description": "True when the list is too long to count quickly (over 10,000 records):"
                    " the count is then the database's estimate, rounded to two significant figures.",
                },
                "page": INTEGER,
                "page_size": INTEGER,
                "next": nullable(URI),
                "previous": nullable(URI),
                "results": array(ref(endpoint.schema)),
            }
        )
        for endpoint in ENDPOINTS
    }
    return {
        **{name: obj(properties) for name, properties in records.items()},
        **pages,
        "Citation": obj(CITATION, "A citation, as it sits under the record it supports."),
        "FuzzyDate": obj(
            {
                "text": {**STRING, "description": "The date as the source gives it."},
                "calendar": enum(Calendar.values, "The calendar of the text."),
                "precision": enum(Precision.values),
                "earliest": nullable({**STRING, "format": "date"}),
                "latest": nullable({**STRING, "format": "date"}),
            },
            "A date as a source gives it; earliest and latest are Gregorian days.",
        ),
        "RecordRef": obj({"slug": STRING, "name": STRING, "api_url": URI}, "A related public record."),
        "SourceRef": obj({"slug": STRING, "title": STRING, "api_url": URI}),
        "NameVariant": obj({"name": STRING, "script": enum(Script.values), "kind": enum(NameKind.values)}),
        "SourceFile": obj(
            {
                "url": URI,
                "sha256": {**STRING, "pattern": "^[0-9a-f]{64}$"},
                "size": nullable(INTEGER),
                "media_type": STRING,
            },
            "The document's file as the archive holds it; its SHA-256 was recorded at upload.",
        ),
        "PerpetratorLink": obj(
            {
                "role": enum(LinkRole.values),
                "note": STRING,
                "victim": RELATED,
                "perpetrator": RELATED,
                "organization": RELATED,
                "citations": CITATIONS,
            },
            "A source names a perpetrator, or a commission, in a victim's case.",
        ),
        "Estimate": obj(
            {
                "id": INTEGER,
                "counted_en": {**STRING, "description": "What is counted."},
                "counted_fa": STRING,
                "count_text": {**STRING, "description": "The count as the source words it."},
                "count_low": nullable(INTEGER),
                "count_high": nullable(INTEGER),
                "estimated_by": STRING,
                "note": STRING,
                "citations": CITATIONS,
            },
            "One source's count; competing estimates sit side by side.",
        ),
        "CitedRecord": obj(
            {
                "type": enum(CITED_TYPES),
                "id": INTEGER,
                "name": STRING,
                "url": URI,
                "api_url": {
                    **URI,
                    "description": "The record, or the event or victim an estimate or link is on.",
                },
            },
            "The record a citation supports.",
        ),
        "Index": obj(
            {
                "name": STRING,
                "openapi_url": URI,
                "endpoints": obj({endpoint.name: URI for endpoint in ENDPOINTS}),
            }
        ),
        "Error": obj(
            {
                "error": obj(
                    {
                        "code": enum(
                            ["invalid_parameters", "not_found", "method_not_allowed", "unavailable"]
                        ),
                        "message": STRING,
                        "fields": {
                            "type": "object",
                            "description": "Each parameter at fault (`__all__` for several together), "
                            "with its messages.",
                            "additionalProperties": array(STRING),
                        },
                    }
                )
            }
        ),
    }


# Parameters, from the forms.


def field_schema(field: forms.Field) -> dict[str, Any]:
    if isinstance(field, forms.ModelChoiceField):
        return {"type": "string"}
    if isinstance(field, forms.ChoiceField):
        return enum(value for value, _label in field.choices if value != "")
    if isinstance(field, forms.BooleanField):
        return {"type": "boolean"}
    if isinstance(field, forms.IntegerField):
        schema: dict[str, Any] = {"type": "integer"}
        if field.min_value is not None:
            schema["minimum"] = field.min_value
        if field.max_value is not None:
            schema["maximum"] = field.max_value
        if field.initial is not None:
            schema["default"] = field.initial
        return schema
    if isinstance(field, forms.CharField):
        return {"type": "string", "maxLength": field.max_length} if field.max_length else {"type": "string"}
    raise TypeError(f"The API document does not know how to describe a {type(field).__name__}.")


# What a field's label leaves unsaid, by parameter name.
MORE_ABOUT = {
    "year_from": "A record matches when the range of its date (of death for a victim, of publication for "
    "a source) reaches this year or later.",
    "year_to": "A record matches when the range of its date starts in this year or earlier.",
    "commission": "true: only those who sat on a death commission.",
    "language": "A language code such as en, fa or ar",
    "page_size": f"At most {MAX_PAGE_SIZE}.",
}


def field_description(name: str, field: forms.Field) -> str:
    if isinstance(field, QueryField):
        return (
            f"Search ({field.label}): in any spelling or script, best match first. "
            f"At most {MAX_QUERY_LENGTH} characters."
        )
    parts = [str(field.label).capitalize()]
    if isinstance(field, forms.ModelChoiceField):
        parts[0] += f": the slug of a published {field.queryset.model._meta.verbose_name}"
    parts += [str(field.help_text)] if field.help_text else []
    parts += [MORE_ABOUT[name]] if name in MORE_ABOUT else []
    return ". ".join(part.rstrip(".") for part in parts) + "."


def parameters(form_class) -> list[dict[str, Any]]:
    # An unbound form, for its fields in their order; it reads nothing from the database.
    fields = {**form_class().fields, **PageForm().fields}
    return [
        {
            "name": name,
            "in": "query",
            "required": False,
            "description": field_description(name, field),
            "schema": field_schema(field),
        }
        for name, field in fields.items()
    ]


# Paths.


def json_response(description: str, schema: str) -> dict[str, Any]:
    return {
        "description": description,
        "content": {"application/json": {"schema": ref(schema)}},
        "headers": {"Cache-Control": {"$ref": "#/components/headers/Cache-Control"}},
    }


def error_response(description: str) -> dict[str, Any]:
    return json_response(description, "Error")


def paths() -> dict[str, Any]:
    result = {
        "/api/v1/": {
            "get": {
                "operationId": "index",
                "summary": "The endpoints of this API",
                "responses": {"200": json_response("The endpoints", "Index")},
            }
        },
        "/api/v1/openapi.json": {
            "get": {
                "operationId": "openapi",
                "summary": "This document",
                "responses": {
                    "200": {
                        "description": "The OpenAPI document",
                        "content": {"application/json": {"schema": {"type": "object"}}},
                    }
                },
            }
        },
    }
    unavailable = error_response(
        "The database is not answering (code `unavailable`); `Retry-After` says when to try again"
    )
    for endpoint in ENDPOINTS:
        singular = endpoint.url_name.capitalize()
        result[f"/api/v1/{endpoint.name}/"] = {
            "get": {
                "operationId": f"list{endpoint.name.capitalize()}",
                "summary": endpoint.summary,
                "parameters": parameters(LIST_FILTERS[endpoint.name]),
                "responses": {
                    "200": json_response("A page of the list", f"{endpoint.name.capitalize()}Page"),
                    "400": error_response("A parameter is unknown or its value cannot be used"),
                    "503": unavailable,
                },
            }
        }
        key_schema = {"type": "string"} if endpoint.key == "slug" else {"type": "integer", "minimum": 1}
        responses = {"200": json_response(f"The {endpoint.url_name}", endpoint.detail)}
        if endpoint.key == "slug":
            responses["301"] = {"description": "An old slug: the record's address is in `Location`."}
        responses["404"] = error_response("No public record at this address")
        responses["503"] = unavailable
        result[f"/api/v1/{endpoint.name}/{{{endpoint.key}}}/"] = {
            "get": {
                "operationId": f"get{singular}",
                "summary": f"One {endpoint.url_name}",
                "parameters": [{"name": endpoint.key, "in": "path", "required": True, "schema": key_schema}],
                "responses": responses,
            }
        }
    return result


def document(server: str) -> dict[str, Any]:
    """The document, for the API served at `server` ("https://example.org")."""
    with translation.override("en"):  # labels of the forms and models, in the language of the document
        return {
            "openapi": "3.1.0",
            "info": {
                "title": "1988 and Aban 1398 memorial archive API",
                "version": "1",
                "description": DESCRIPTION,
                "license": {"name": "CC BY 4.0", "identifier": "CC-BY-4.0"},
            },
            "servers": [{"url": server}],
            "paths": paths(),
            "components": {
                "schemas": schemas(),
                "headers": {
                    "Cache-Control": {
                        "description": "public, max-age=300",
                        "schema": {"type": "string"},
                    }
                },
            },
        }
