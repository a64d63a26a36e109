"""Records to ask the API about, and a check of its answers against its own OpenAPI document."""

from __future__ import annotations

from openapi_schema_validator import OAS31Validator, oas31_format_checker

from api.openapi import document
from archive.models import Status
from perpetrators.models import Perpetrator
from victims.models import Victim

UNPUBLISHED = (Status.DRAFT, Status.IN_REVIEW, Status.WITHDRAWN)
COMPONENTS = document("http://testserver")["components"]


def assert_documented(data, schema: str) -> None:
    """Fails unless `data` is what the OpenAPI document's schema `schema` says, no more and no less."""
    root = {"$ref": f"#/components/schemas/{schema}", "components": COMPONENTS}
    OAS31Validator(root, format_checker=oas31_format_checker).validate(data)


def make_victim(name_en, name_fa="", status=Status.PUBLISHED, **fields) -> Victim:
    return Victim.objects.create(name_en=name_en, name_fa=name_fa, status=status, **fields)


def make_perpetrator(name_en, name_fa="", status=Status.PUBLISHED, **fields) -> Perpetrator:
    return Perpetrator.objects.create(name_en=name_en, name_fa=name_fa, status=status, **fields)
