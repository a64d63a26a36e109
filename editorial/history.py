"""Recording the history: what changed, who changed it, by which path and why.

Every save and delete of a tracked model is noted by a signal, whatever path made it. Inside
`recording(...)` (the admin, imports, merges, commands) the notes wait until the block ends and each
record gets one entry, as it stands then: a victim saved with its variants, places and photos is one
entry, not five. Outside such a block a change is recorded at once, as made "by code", so that no
change escapes. Bulk writes that skip signals (`QuerySet.update()`, `bulk_create()`) record their
records themselves with `note()`.

Name variants and photos belong to their record: a change to one is a change of the record, and the
record's entry holds them. Citations, positions, estimates and links to perpetrators have entries of
their own, marked with the record they belong to (`parent`), so that a record's history includes them.
"""

from __future__ import annotations

import contextvars
import json
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field

from django.apps import apps
from django.contrib.contenttypes.models import ContentType
from django.db import connection, models, transaction
from django.db.models.signals import m2m_changed, post_delete, post_save, pre_delete
from django.utils import timezone
from django.utils.encoding import is_protected_type

from .models import GENESIS, Action, HistoryEntry, canonical_json

# Records with their own history: (model, what it belongs to, its children by relation name).
TRACKED: dict[str, tuple[str | None, dict[str, str]]] = {
    "victims.Victim": (None, {"variants": "victims.VictimName", "photos": "victims.VictimPhoto"}),
    "perpetrators.Perpetrator": (
        None,
        {"variants": "perpetrators.PerpetratorName", "photos": "perpetrators.PerpetratorPhoto"},
    ),
    "perpetrators.Position": ("perpetrator", {}),
    "archive.Source": (None, {}),
    "archive.Citation": ("record", {}),
    "archive.Event": (None, {}),
    "archive.Estimate": ("event", {}),
    "archive.Place": (None, {"variants": "archive.PlaceName"}),
    "archive.Organization": (None, {}),
    "victims.PerpetratorLink": ("victim", {}),
    "submissions.Submission": (None, {"files": "submissions.SubmissionFile"}),
}

# Worked out from the stored fields, or kept by the system: not part of what an editor changes. A
# document's text is read from its file, whose hash is recorded: keeping it in every entry of the source
# would store a long document again with each correction of its title.
UNRECORDED_FIELDS = {"search_names", "search_text", "created_at", "updated_at", "extracted_text"}

# Taken while the history is appended to, so that two writers never chain onto the same entry.
_LOCK_KEY = 1988_1398


@dataclass
class Recording:
    """Who is changing records, by which path, and why; and what they changed so far."""

    via: str
    user: object = None
    reason: str = ""
    pending: dict = field(default_factory=dict)  # (model label, pk) -> [record, action, data]
    single: bool = False  # everything is one entry, set by as_one()
    signals: bool = True  # False: the block's code notes every change itself, with its data

    def as_one(self, record, action: str, data: dict) -> None:
        """Record everything noted so far in this block as one entry on `record` (a merge and its undoing:
        the entry's data must then say what was moved, so the change can be read and undone from it)."""
        self.pending = {(record._meta.label, str(record.pk)): [record, action, data]}
        self.single = True

    def note(self, record, action: str, data: dict | None = None) -> None:
        if self.single:
            return
        if action == Action.DELETE:  # named now, while what its name is made of still exists
            record._history_repr = _repr(record)
        key = (record._meta.label, str(record.pk))
        if key in self.pending:
            earlier = self.pending[key][1]
            if earlier == Action.DELETE or (earlier == Action.CREATE and action == Action.CHANGE):
                return
            if earlier == Action.CREATE and action == Action.DELETE:
                # Made and unmade in one go: still a deletion on the record, with what it held.
                self.pending[key] = [record, Action.DELETE, data]
                return
            if earlier in (Action.RESTORE, Action.MERGE) and action == Action.CHANGE:
                return
        self.pending[key] = [record, action, data]

    def flush(self) -> list[HistoryEntry]:
        notes, self.pending = list(self.pending.values()), {}
        return append(
            [
                (record, action, data if data is not None else snapshot(record))
                for record, action, data in notes
            ],
            user=self.user,
            via=self.via,
            reason=self.reason,
        )


_current: contextvars.ContextVar[Recording | None] = contextvars.ContextVar("recording", default=None)


@contextmanager
def recording(*, via: str, user=None, reason: str = "", signals: bool = True) -> Iterator[Recording]:
    """Record the changes made in this block, each record once, with this author, path and reason.

    The block is one transaction with its history: if the history cannot be written, nothing is.
    The reason may be set on the yielded object until the block ends (the admin reads it from the form).
    With `signals=False` the saves and deletes in the block are not noted by the signals: the code of a
    bulk write notes each change itself with `note(record, action, data)`, from data it already holds.
    """
    outer = _current.get()
    current = Recording(
        via=via,
        user=user if user is not None else getattr(outer, "user", None),
        reason=reason,
        signals=signals,
    )
    token = _current.set(current)
    try:
        with transaction.atomic():
            yield current
            current.flush()
    finally:
        _current.reset(token)


def current() -> Recording | None:
    return _current.get()


def note(record, action: str = Action.CHANGE, data: dict | None = None) -> None:
    """Record a change made without a signal (a bulk update), now or when the recording block ends."""
    if (recorder := _current.get()) is not None:
        recorder.note(record, action, data)
    else:
        append([(record, action, data if data is not None else snapshot(record))], user=None, via="code")


# What an entry holds ----------------------------------------------------------------------------


def snapshot(record, *, many: dict | None = None, children: dict | None = None) -> dict:
    """The record's own fields, its many-to-many links (as sorted ids) and its children, as plain JSON values.

    A bulk write that holds the links (`many`, ids by field name) and the children (`children`, rows by
    relation name) passes them, saving the few queries a record otherwise costs.
    """
    data = {name: value for name, value in field_values(record).items() if name not in UNRECORDED_FIELDS}
    for many_field in record._meta.many_to_many:
        if many_field.remote_field.through._meta.auto_created:
            ids = (
                many[many_field.name]
                if many is not None
                else getattr(record, many_field.name).values_list("pk", flat=True)
            )
            data[many_field.name] = sorted(ids)
    for relation in TRACKED.get(record._meta.label, (None, {}))[1]:
        manager = getattr(record, relation)
        rows = children[relation] if children is not None else manager.order_by("pk")
        belongs_by = parent_field(record._meta.model, manager.model)
        data[relation] = [
            {name: value for name, value in field_values(row).items() if name != belongs_by}
            for row in sorted(rows, key=lambda row: row.pk)
        ]
    return _plain(data)


def field_values(record) -> dict:
    """A record's own columns as Django's "python" serializer gives them (foreign keys as ids)."""
    values = {}
    for model_field in record._meta.concrete_model._meta.local_fields:
        if not model_field.serialize:
            continue  # the primary key
        value = model_field.value_from_object(record)
        values[model_field.name] = value if is_protected_type(value) else model_field.value_to_string(record)
    return values


def _plain(value):
    """JSON types only (dates, decimals and files as text), so that the stored entry reads back the same."""
    return json.loads(canonical_json(value))


def parent_field(parent_model, child_model) -> str:
    """The name of the field by which a child row (a name variant, a photo) belongs to its record."""
    for model_field in child_model._meta.concrete_fields:
        if model_field.is_relation and model_field.related_model is parent_model:
            return model_field.name
    return ""


def changed_fields(before: dict | None, after: dict) -> list[str]:
    """The names of the fields that differ between two snapshots (all filled-in ones for a new record)."""
    if before is None:
        return sorted(name for name, value in after.items() if value not in ("", None, [], False))
    return sorted(name for name in before.keys() | after.keys() if before.get(name) != after.get(name))


def _parent(record) -> tuple[ContentType | None, str]:
    path = TRACKED.get(record._meta.label, (None, {}))[0]
    if path == "record":  # a citation: the record it supports
        return (ContentType.objects.get_for_id(record.content_type_id), str(record.object_id))
    if path:
        model_field = record._meta.get_field(path)
        parent_id = getattr(record, model_field.attname)
        if parent_id is not None:
            return ContentType.objects.get_for_model(model_field.related_model), str(parent_id)
    return None, ""


# Appending to the chain -------------------------------------------------------------------------


def append(changes: Iterable[tuple[models.Model, str, dict]], *, user=None, via: str, reason: str = ""):
    """Write one entry per (record, action, snapshot), chained after the last entry, in one transaction."""
    changes = list(changes)
    if not changes:
        return []
    author = user if getattr(user, "is_authenticated", False) else None
    with transaction.atomic():
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("SELECT pg_advisory_xact_lock(%s)", [_LOCK_KEY])
        last = HistoryEntry.objects.order_by("-sequence").values_list("sequence", "hash").first()
        sequence, previous = last or (0, GENESIS)
        before = _latest_snapshots(changes)
        now = timezone.now()
        entries = []
        for record, action, data in changes:
            content_type = ContentType.objects.get_for_model(record, for_concrete_model=True)
            parent_type, parent_id = _parent(record)
            key = (content_type.pk, _pk(record))
            sequence += 1
            entry = HistoryEntry(
                sequence=sequence,
                recorded_at=now,
                content_type=content_type,
                object_id=_pk(record),
                object_repr=getattr(record, "_history_repr", None) or _repr(record),
                parent_type=parent_type,
                parent_id=parent_id,
                action=action,
                author=author,
                author_name=author.get_username() if author else "",
                via=via[:300],
                reason=reason,
                data=canonical_json(data),
                changed_fields=changed_fields(before.get(key), data),
                previous_hash=previous,
            )
            entry.hash = previous = entry.compute_hash()
            before[key] = data
            entries.append(entry)
        return HistoryEntry.objects.bulk_create(entries, batch_size=1000)


def _repr(record) -> str:
    try:
        return str(record)[:300]
    except models.ObjectDoesNotExist:  # named after a related record that is gone
        return f"{record._meta.verbose_name} #{_pk(record)}"[:300]


def _pk(record) -> str:
    return str(record.pk if record.pk is not None else getattr(record, "_history_pk", None))


def _latest_snapshots(changes) -> dict[tuple[int, str], dict]:
    """The last recorded state of each record about to get an entry, in one query per record type."""
    wanted: dict[int, set[str]] = {}
    for record, _, _ in changes:
        wanted.setdefault(ContentType.objects.get_for_model(record).pk, set()).add(_pk(record))
    found = {}
    for content_type_id, ids in wanted.items():
        latest = (
            HistoryEntry.objects.filter(content_type_id=content_type_id, object_id__in=ids)
            .order_by("object_id", "-sequence")
            .values_list("object_id", "data")
        )
        for object_id, data in latest:
            found.setdefault((content_type_id, object_id), data)
    return {key: json.loads(data) for key, data in found.items()}


# Signals ------------------------------------------------------------------------------------------


def _record_for(instance):
    """The tracked record a saved or deleted row is a change of: itself, or the record a child belongs to."""
    label = instance._meta.label
    if label in TRACKED:
        return instance
    belongs_by = _CHILD_OF.get(label)
    if belongs_by is None:
        return None
    try:
        return getattr(instance, belongs_by)
    except models.ObjectDoesNotExist:  # the record went first
        return None


def _key(record) -> tuple[str, str]:
    return (record._meta.label, str(record.pk))


# Records being deleted now: their children going with them are not changes of their own.
_deleting: set[tuple[str, str]] = set()


def _noted_by_caller() -> bool:
    recorder = _current.get()
    return recorder is not None and not recorder.signals


def _on_save(sender, instance, created, raw=False, **kwargs):
    if raw or _noted_by_caller():  # loaddata: fixtures are not edits
        return
    record = _record_for(instance)
    if record is not None:
        note(record, Action.CREATE if created and record is instance else Action.CHANGE)


def _on_pre_delete(sender, instance, **kwargs):
    if instance._meta.label in TRACKED and not _noted_by_caller():
        instance._history_pk = instance.pk  # Django forgets the pk once the row is gone
        _deleting.add(_key(instance))
        note(instance, Action.DELETE, snapshot(instance))


def _on_post_delete(sender, instance, **kwargs):
    if _noted_by_caller():
        return
    if instance._meta.label in TRACKED:
        _deleting.discard(_key(instance))
        return
    record = _record_for(instance)
    if record is not None and _key(record) not in _deleting:
        note(record, Action.CHANGE)


def _on_m2m(sender, instance, action, reverse, model, pk_set, **kwargs):
    if not action.startswith("post_") or _noted_by_caller():
        return
    if not reverse:
        if instance._meta.label in TRACKED:
            note(instance, Action.CHANGE)
        return
    # Changed from the other side (place.victims.add(...)): each record on the tracked side changed.
    if model._meta.label in TRACKED and pk_set:
        for record in model._default_manager.filter(pk__in=pk_set):
            note(record, Action.CHANGE)


# Each child model, by label: the field naming its record. Filled when the signals are connected.
_CHILD_OF: dict[str, str] = {}


def connect_signals() -> None:
    for parent_label, (_, children) in TRACKED.items():
        for child_label in children.values():
            _CHILD_OF[child_label] = parent_field(apps.get_model(parent_label), apps.get_model(child_label))
    for label in [*TRACKED, *_CHILD_OF]:
        model = apps.get_model(label)
        post_save.connect(_on_save, sender=model, dispatch_uid=f"history-save-{label}")
        pre_delete.connect(_on_pre_delete, sender=model, dispatch_uid=f"history-pre-delete-{label}")
        post_delete.connect(_on_post_delete, sender=model, dispatch_uid=f"history-post-delete-{label}")
        for many in model._meta.local_many_to_many:
            uid = f"history-m2m-{label}-{many.name}"
            m2m_changed.connect(_on_m2m, sender=many.remote_field.through, dispatch_uid=uid)


# Reading it back --------------------------------------------------------------------------------


def entries_for(record):
    """A record's history, newest first: its own entries, those of its citations, positions and other
    parts, and the history of every record merged into it (a merge entry names it in `merged_from`)."""
    content_type = ContentType.objects.get_for_model(record)
    ids, unread = set(), [str(record.pk)]
    while unread:  # follow merges into merges, but not merges undone since
        ids.update(unread)
        merges_and_undoings = HistoryEntry.objects.filter(
            content_type=content_type, object_id__in=unread, action__in=[Action.MERGE, Action.RESTORE]
        ).values_list("sequence", "action", "data")
        merged, undone = {}, set()
        for sequence, action, data in merges_and_undoings:
            values = json.loads(data)
            if action == Action.MERGE:
                merged[sequence] = str(values.get("merged_from", {}).get("id"))
            elif "unmerged" in values:
                undone.add(values["unmerged"].get("entry"))
        unread = [pk for sequence, pk in merged.items() if sequence not in undone and pk not in ids]
    own = models.Q(content_type=content_type, object_id__in=ids)
    parts = models.Q(parent_type=content_type, parent_id__in=ids)
    return HistoryEntry.objects.filter(own | parts).select_related("content_type").order_by("-sequence")
