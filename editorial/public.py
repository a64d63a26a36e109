"""What the public sees of the history: when a page last changed and what changed (never who, never
the editors' reasons), and, at the address of a withdrawn record, when and why it was withdrawn."""

from __future__ import annotations

import datetime
import functools
from dataclasses import dataclass

from django.contrib.contenttypes.models import ContentType
from django.db.models import Q
from django.http import Http404
from django.shortcuts import render
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from archive.models import Citation, SlugRedirect, Source, Status

from .history import entries_for
from .models import Action, HistoryEntry
from .versions import field_label

# How many changes a page lists, of how many of the newest entries; the full history is for editors.
SHOWN_CHANGES = 20
LOOKED_AT = 200


@dataclass
class PublicChange:
    when: datetime.datetime
    what: str


def _describe(entry: HistoryEntry, record_type) -> str:
    model = entry.content_type.model_class()
    if model is not record_type:  # a citation, a position …: a part of the page
        part = capfirst(model._meta.verbose_name) if model else _("part")
        verbs = {Action.CREATE: _("added"), Action.DELETE: _("removed")}
        return f"{part}: {verbs.get(entry.action, _('corrected'))}"
    if entry.action == Action.MERGE:
        return str(_("merged with a duplicate record"))
    if entry.action == Action.RESTORE:
        return str(_("an earlier version restored"))
    status = entry.values.get("status")
    if "status" in entry.changed_fields and status == Status.PUBLISHED:
        return str(_("published"))
    fields = [name for name in entry.changed_fields if name != "status"]
    labels = ", ".join(str(field_label(model, name)).lower() for name in fields)
    return str(_("corrected: %(fields)s") % {"fields": labels}) if labels else str(_("checked"))


def public_changes(record) -> list[PublicChange]:
    """The changes to a public page since it was first published, newest first."""
    if record is None or record.pk is None:
        return []
    own = ContentType.objects.get_for_model(record)
    fields = ("sequence", "recorded_at", "content_type", "object_id", "action", "data", "changed_fields")
    # Most records were never merged: read their own entries and their parts' in one query, and follow
    # merges (entries_for, a query more per merge) only when a merge is among them. A merge older than
    # these entries brought only older entries, which would not be among them either.
    only_its_own = Q(content_type=own, object_id=str(record.pk)) | Q(
        parent_type=own, parent_id=str(record.pk)
    )
    entries = list(
        HistoryEntry.objects.filter(only_its_own)
        .select_related("content_type")
        .order_by("-sequence")
        .only(*fields)[:LOOKED_AT]
    )
    if any(entry.content_type_id == own.pk and entry.action == Action.MERGE for entry in entries):
        entries = list(entries_for(record).only(*fields)[:LOOKED_AT])
    first_published = next(
        (
            entry.sequence
            for entry in reversed(entries)
            if entry.content_type_id == own.pk and entry.values.get("status") == Status.PUBLISHED
        ),
        None,
    )
    if first_published is None:
        return []
    shown = [entry for entry in entries if entry.sequence >= first_published]
    # A citation of a restricted source (a family's testimony) is not even mentioned.
    citation = ContentType.objects.get_for_model(Citation)
    cited = {entry.values.get("source") for entry in shown if entry.content_type_id == citation.pk}
    if cited:
        restricted = set(Source.objects.filter(pk__in=cited, restricted=True).values_list("pk", flat=True))
        shown = [
            entry
            for entry in shown
            if not (entry.content_type_id == citation.pk and entry.values.get("source") in restricted)
        ]
    shown = shown[:SHOWN_CHANGES]
    return [PublicChange(entry.recorded_at, _describe(entry, type(record))) for entry in shown]


def withdrawal(record) -> tuple[datetime.datetime, str] | None:
    """When the record was withdrawn and the reason given, from its history."""
    own = entries_for(record).filter(content_type=ContentType.objects.get_for_model(record))
    became = None
    for entry in own.iterator(chunk_size=50):  # newest first: back to where it became withdrawn
        if entry.values.get("status") != Status.WITHDRAWN:
            break
        became = entry
    return (became.recorded_at, became.reason) if became else None


def _withdrawn_at(model, slug: str):
    records = model._default_manager.all()
    if any(f.name == "restricted" for f in model._meta.fields):
        records = records.filter(restricted=False)  # a restricted source is not there at all
    record = records.filter(slug=slug).first()
    if record is None:
        content_type = ContentType.objects.get_for_model(model)
        old = SlugRedirect.objects.filter(content_type=content_type, old_slug=slug).first()
        record = records.filter(pk=old.object_id).first() if old else None
    return record if record is not None and record.status == Status.WITHDRAWN else None


def keeps_withdrawn_address(model):
    """A detail view's decorator: where the view finds nothing because the record was withdrawn, the
    address answers 410 Gone with a notice saying when and why, instead of vanishing."""

    def decorator(view):
        @functools.wraps(view)
        def wrapped(request, slug, *args, **kwargs):
            try:
                return view(request, slug, *args, **kwargs)
            except Http404:
                record = _withdrawn_at(model, slug)
                if record is None:
                    raise
                when, reason = withdrawal(record) or (record.updated_at, "")
                context = {"kind": model._meta.verbose_name, "when": when, "reason": reason}
                return render(request, "archive/withdrawn.html", context, status=410)

        return wrapped

    return decorator
