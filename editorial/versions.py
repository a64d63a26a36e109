"""Past versions of a record: reading one, comparing two, and restoring one.

A version is the `data` of a history entry: the record's own fields, its many-to-many links as ids,
and its children (name variants, photos) as rows.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import FieldDoesNotExist
from django.db import models
from django.utils.text import capfirst

from .history import TRACKED, note, parent_field, recording
from .models import Action, HistoryEntry


@dataclass
class Row:
    name: str
    label: str
    before: str
    after: str

    @property
    def changed(self) -> bool:
        return self.before != self.after


def field_label(model, name: str) -> str:
    """A field's name as editors read it (a relation's: its model's plural), for any name a snapshot holds."""
    try:
        model_field = model._meta.get_field(name)
    except FieldDoesNotExist:
        return capfirst(name.replace("_", " "))
    if model_field.auto_created and not model_field.concrete:  # name variants, photos
        return str(capfirst(model_field.related_model._meta.verbose_name_plural))
    return str(capfirst(model_field.verbose_name))


def _text(value) -> str:
    if value in (None, "", []):
        return ""
    if isinstance(value, list):
        return "\n".join(_text(item) for item in value)
    if isinstance(value, dict):
        return ", ".join(f"{key}: {item}" for key, item in sorted(value.items()) if item not in ("", None))
    return str(value)


def compare(model, before: dict | None, after: dict | None, *, changed_only: bool = False) -> list[Row]:
    """The two versions side by side, field by field, in the model's own field order."""
    before, after = before or {}, after or {}
    order = [f.name for f in model._meta.get_fields() if f.name in before or f.name in after]
    order += sorted((before.keys() | after.keys()) - set(order) - {"merged_from", "unmerged"})
    rows = [
        Row(name, field_label(model, name), _text(before.get(name)), _text(after.get(name))) for name in order
    ]
    return [row for row in rows if row.changed] if changed_only else rows


def previous_version(entry: HistoryEntry) -> HistoryEntry | None:
    return (
        HistoryEntry.objects.filter(
            content_type=entry.content_type_id, object_id=entry.object_id, sequence__lt=entry.sequence
        )
        .order_by("-sequence")
        .first()
    )


def last_published_version(record) -> HistoryEntry | None:
    """The newest entry in which the record was published, if it ever was."""
    entries = HistoryEntry.objects.filter(
        content_type=ContentType.objects.get_for_model(record), object_id=str(record.pk)
    ).order_by("-sequence")
    for entry in entries.iterator(chunk_size=50):
        if entry.values.get("status") == "published":
            return entry
    return None


class RestoreError(ValueError):
    """A version that cannot be put back as it was; the message says why."""


def restore(entry: HistoryEntry, *, user, reason: str):
    """Put the record back as this entry recorded it; the restoring is itself an entry (`restored`)."""
    model = entry.content_type.model_class()
    data = entry.values
    if entry.action == Action.DELETE:
        raise RestoreError("This entry records a deletion: restore the version before it.")
    with recording(via="admin: restore", user=user, reason=reason) as current:
        record = model._default_manager.filter(pk=entry.object_id).first() or model(pk=entry.object_id)
        many, children = {}, TRACKED.get(model._meta.label, (None, {}))[1]
        for name, value in data.items():
            try:
                model_field = model._meta.get_field(name)
            except FieldDoesNotExist:
                continue
            if name in children or not model_field.concrete or model_field.primary_key:
                continue
            if model_field.many_to_many:
                many[name] = value
            elif model_field.is_relation:
                setattr(record, model_field.attname, value)
            else:
                setattr(record, name, model_field.to_python(value))
        try:
            record.save()
        except Exception as error:  # a constraint the old version no longer meets
            raise RestoreError(str(error)) from error
        for name, ids in many.items():
            getattr(record, name).set(ids)
        for relation in children:
            if relation in data:
                manager = getattr(record, relation)
                manager.all().delete()
                child_model = manager.model
                belongs_by = parent_field(model, child_model)
                for row in data[relation]:
                    values = {
                        child_model._meta.get_field(k).attname
                        if child_model._meta.get_field(k).is_relation
                        else k: v
                        for k, v in row.items()
                    }
                    child_model._default_manager.create(**{belongs_by: record}, **values)
        if hasattr(record, "refresh_search"):
            record.refresh_search()
        current.pending.clear()
        note(record, Action.RESTORE)
    return record


def rows_for(record_model: type[models.Model], entry: HistoryEntry) -> list[Row]:
    """What an entry changed, compared with the version before it."""
    before = previous_version(entry)
    return compare(record_model, before.values if before else None, entry.values, changed_only=True)
