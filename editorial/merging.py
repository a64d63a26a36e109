"""Merging two records of one victim into one, and undoing a merge.

A merge keeps one record and moves everything of the other onto it: citations, photographs, name
variants (the other's own names become variants where they differ), perpetrator links, events,
prisons, and whatever else points at records by type and number (an import's external ids). It fills the kept record's empty fields from the other, never overwriting a filled one. The
other's address, and every old address it had, then lead to the kept record, and the other is deleted.
All of it is one history entry on the kept record (action "merge") whose `merged_from` holds the other
as it was and what was moved, filled and redirected: enough to read the merge and to undo it.

Undoing recreates the other record with its number, address and fields, moves back exactly what was
moved, empties what was filled and removes the redirects the merge made, as one "restore" entry. It is
refused, changing nothing, when the kept record changed since in a way that would lose or garble
something (a moved citation deleted or moved on, a filled field edited, the address taken).
"""

from __future__ import annotations

from django.apps import apps
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.core import serializers
from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from archive.models import Citation, Event, Place, Script, SlugRedirect
from editorial.history import recording, snapshot
from editorial.models import Action, HistoryEntry
from editorial.rules import can_publish
from victims.models import PerpetratorLink, Victim, VictimName, VictimPhoto

# Fields a merge may fill on the kept record when they are empty there, in groups filled together
# (a fuzzy date's five columns are one value).
_DATE_COLUMNS = ("text", "calendar", "precision", "earliest", "latest")
FILLABLE = [
    ("name_en",),
    ("name_fa",),
    ("gender",),
    tuple(f"birth_{column}" for column in _DATE_COLUMNS),
    ("birth_place",),
    ("age_at_death",),
    ("occupation",),
    ("affiliation",),
    tuple(f"arrest_{column}" for column in _DATE_COLUMNS),
    ("arrest_place",),
    tuple(f"death_{column}" for column in _DATE_COLUMNS),
    ("death_place",),
    ("manner_of_death",),
    ("charges",),
    ("burial",),
    ("burial_place",),
    ("biography_en",),
    ("biography_fa",),
]
# What hangs from a victim and is moved by hand; anything else referring to the other record stops a merge.
_MOVED_RELATIONS = {"variants", "photos", "perpetrator_links"}


def _children() -> list[tuple[str, type, str, dict]]:
    """What a merge moves and its undoing moves back, by id: (its key in "moved", the model, the column
    naming the victim, what else tells its rows apart)."""
    victim_type = _victim_type()
    children = [
        ("variants", VictimName, "victim_id", {}),
        ("photos", VictimPhoto, "victim_id", {}),
        ("links", PerpetratorLink, "victim_id", {}),
        ("citations", Citation, "object_id", {"content_type": victim_type}),
    ]
    # Anything else pointing at records by type and number (an import's external ids) follows the victim.
    for model in apps.get_models():
        if model in (Citation, SlugRedirect):
            continue
        for pointer in model._meta.private_fields:
            if isinstance(pointer, GenericForeignKey):
                children.append(
                    (model._meta.label_lower, model, pointer.fk_field, {pointer.ct_field: victim_type})
                )
    return children


class MergeRefused(Exception):
    """A merge, or the undoing of one, that cannot be done; the message says why, for the reviewer."""


def _check_request(user, reason: str) -> None:
    if not can_publish(user):
        raise PermissionDenied(_("Only reviewers can merge records or undo a merge."))
    if not reason.strip():
        raise MergeRefused(_("Give the reason: it is kept in the history."))


def _is_empty(victim: Victim, group: tuple[str, ...]) -> bool:
    if len(group) > 1:  # a fuzzy date: empty when it says nothing at all
        return not getattr(victim, f"{group[0].rsplit('_', 1)[0]}_date")
    return getattr(victim, Victim._meta.get_field(group[0]).attname) in ("", None)


def _copy(source: Victim, target: Victim, name: str) -> None:
    attname = Victim._meta.get_field(name).attname
    setattr(target, attname, getattr(source, attname))


def _victim_type() -> ContentType:
    return ContentType.objects.get_for_model(Victim)


# Merging -----------------------------------------------------------------------------------------


def merge(kept: Victim, other: Victim, *, user, reason: str, via: str = "merge") -> HistoryEntry:
    """Merge `other` into `kept` as one history entry, which this returns."""
    _check_request(user, reason)
    if not isinstance(kept, Victim) or not isinstance(other, Victim):
        raise MergeRefused(_("Only two victims can be merged."))
    if kept.pk == other.pk:
        raise MergeRefused(_("A record cannot be merged with itself: choose two different records."))
    if kept.is_sample != other.is_sample:
        raise MergeRefused(_("A sample record cannot be merged with a real one."))
    with recording(via=via, user=user, reason=reason) as rec:
        locked = Victim.objects.select_for_update().in_bulk([kept.pk, other.pk])
        if len(locked) != 2:
            raise MergeRefused(_("One of the two records no longer exists."))
        kept, other = locked[kept.pk], locked[other.pk]
        _refuse_other_references(other)
        before, kept_before = snapshot(other), snapshot(kept)
        moved = _move_children(kept, other)
        filled = [
            name
            for group in FILLABLE
            if _is_empty(kept, group) and not _is_empty(other, group)
            for name in group
        ]
        for name in filled:
            _copy(other, kept, name)
        moved["names_added"] = _add_names_as_variants(kept, other)
        moved["redirects"] = _redirect(other, kept)
        other_pk, other_slug = other.pk, other.slug
        other.delete()
        kept.save()  # its search names now hold the moved variants
        merged_from = {
            "id": str(other_pk),
            "slug": other_slug,
            "snapshot": before,
            "moved": moved,
            "filled": {name: kept_before[name] for name in filled},
        }
        rec.as_one(kept, Action.MERGE, {**snapshot(kept), "merged_from": merged_from})
    return _last_entry(kept)


def _refuse_other_references(other: Victim) -> None:
    """Deleting the other record must not take anything with it that the merge does not move."""
    for relation in Victim._meta.related_objects:
        if relation.name in _MOVED_RELATIONS:
            continue
        related = relation.related_model._base_manager.filter(**{relation.field.name: other.pk})
        if related.exists():
            raise MergeRefused(
                _("%(things)s refer to “%(record)s”: move them to the other record first.")
                % {"things": relation.related_model._meta.verbose_name_plural, "record": other}
            )


def _move_children(kept: Victim, other: Victim) -> dict:
    moved = {}
    for key, model, column, kind in _children():
        moved[key] = sorted(model.objects.filter(**{column: other.pk}, **kind).values_list("pk", flat=True))
        model.objects.filter(pk__in=moved[key]).update(**{column: kept.pk})
    for relation in ("events", "prisons"):
        added = set(getattr(other, relation).values_list("pk", flat=True))
        added -= set(getattr(kept, relation).values_list("pk", flat=True))
        getattr(kept, relation).add(*added)
        moved[relation] = sorted(added)
    return moved


def _add_names_as_variants(kept: Victim, other: Victim) -> list[int]:
    """The other's own names, where the kept record does not already carry them, become its variants."""
    known = {kept.name_en, kept.name_fa, *kept.variants.values_list("name", flat=True)}
    added = []
    for name, script in ((other.name_en, Script.LATIN), (other.name_fa, Script.PERSIAN)):
        if name and name not in known:
            note = _("name of the merged record “%(slug)s”") % {"slug": other.slug}
            added.append(VictimName.objects.create(victim=kept, name=name, script=script, note=note[:300]).pk)
            known.add(name)
    return added


def _redirect(other: Victim, kept: Victim) -> list[dict]:
    """The other's address and its old addresses now lead to the kept record; what each led to before."""
    victim_type = _victim_type()
    changed = []
    old = SlugRedirect.objects.filter(content_type=victim_type, object_id=other.pk).exclude(
        old_slug=other.slug
    )
    for redirect in old:
        changed.append({"id": redirect.pk, "was": redirect.object_id})
    old.update(object_id=kept.pk)
    # An address is unique per record type: one left by some earlier rename is taken over.
    redirect, created = SlugRedirect.objects.get_or_create(
        content_type=victim_type, old_slug=other.slug, defaults={"object_id": kept.pk}
    )
    changed.append({"id": redirect.pk, "was": None if created else redirect.object_id})
    if not created:
        SlugRedirect.objects.filter(pk=redirect.pk).update(object_id=kept.pk)
    return changed


def _last_entry(record) -> HistoryEntry:
    return (
        HistoryEntry.objects.filter(content_type=_victim_type(), object_id=str(record.pk))
        .order_by("-sequence")
        .first()
    )


# Undoing -----------------------------------------------------------------------------------------


def merge_entries():
    """The merges of victims, newest first."""
    return HistoryEntry.objects.filter(content_type=_victim_type(), action=Action.MERGE).order_by("-sequence")


def undo_merge(entry: HistoryEntry, *, user, reason: str, via: str = "undo merge") -> HistoryEntry:
    """Undo the merge recorded in `entry`, as one history entry on the kept record, which this returns."""
    _check_request(user, reason)
    if entry.action != Action.MERGE or entry.content_type_id != _victim_type().pk:
        raise MergeRefused(_("This history entry is not a merge of victims."))
    merged = entry.values["merged_from"]
    with recording(via=via, user=user, reason=reason) as rec:
        kept = Victim.objects.select_for_update().filter(pk=entry.object_id).first()
        problems = undo_problems(entry, kept)
        if problems:
            raise MergeRefused(" ".join(problems))
        other = _recreate(merged)
        moved = merged["moved"]
        for relation in ("events", "prisons"):
            getattr(kept, relation).remove(*moved[relation])
            getattr(other, relation).set(merged["snapshot"][relation])
        for key, model, column, _kind in _children():
            model.objects.filter(pk__in=moved.get(key, [])).update(**{column: other.pk})
        VictimName.objects.filter(pk__in=moved["names_added"], victim=kept).delete()
        for name, value in merged["filled"].items():
            model_field = Victim._meta.get_field(name)
            setattr(kept, model_field.attname, model_field.to_python(value))
        for redirect in moved["redirects"]:
            if redirect["was"] is None:
                SlugRedirect.objects.filter(pk=redirect["id"]).delete()
            else:
                SlugRedirect.objects.filter(pk=redirect["id"]).update(object_id=redirect["was"])
        kept.save()
        other.refresh_search()
        unmerged = {"id": str(other.pk), "slug": other.slug, "entry": entry.sequence}
        rec.as_one(kept, Action.RESTORE, {**snapshot(kept), "unmerged": unmerged})
    return _last_entry(kept)


def undo_problems(entry: HistoryEntry, kept: Victim | None) -> list[str]:
    """Why this merge cannot be undone now, in words for the reviewer; empty when it can."""
    merged = entry.values["merged_from"]
    if _was_undone(entry):
        return [_("This merge was undone already.")]
    if kept is None:
        return [_("The kept record no longer exists: it was deleted or merged into another since.")]
    problems = []
    if Victim.objects.filter(pk=merged["id"]).exists():
        problems.append(_("A victim with the merged record’s number exists again."))
    if Victim.objects.filter(slug=merged["slug"]).exists():
        problems.append(_("The address “%(slug)s” is now used by another victim.") % {"slug": merged["slug"]})
    labels = {
        "variants": _("name variants"),
        "photos": _("photographs"),
        "links": _("perpetrators named in the case"),
        "citations": _("citations"),
    }
    for key, model, column, kind in _children():
        ids = merged["moved"].get(key, [])
        missing = len(ids) - model.objects.filter(pk__in=ids, **{column: kept.pk}, **kind).count()
        if missing:
            problems.append(
                ngettext(
                    "%(count)d of the %(things)s moved by the merge was deleted or moved since.",
                    "%(count)d of the %(things)s moved by the merge were deleted or moved since.",
                    missing,
                )
                % {"count": missing, "things": labels.get(key, model._meta.verbose_name_plural)}
            )
    now, then = snapshot(kept), merged["snapshot"]
    edited = sorted(name for name in merged["filled"] if now.get(name) != then.get(name))
    if edited:
        names = ", ".join(str(Victim._meta.get_field(name).verbose_name) for name in edited)
        problems.append(
            _("Fields filled in by the merge were edited since: %(fields)s. Empty them first.")
            % {"fields": names}
        )
    places = {
        then[name] for name in ("birth_place", "arrest_place", "death_place", "burial_place") if then[name]
    }
    places |= set(then["prisons"])
    if Place.objects.filter(pk__in=places).count() != len(places) or Event.objects.filter(
        pk__in=then["events"]
    ).count() != len(set(then["events"])):
        problems.append(_("A place or event of the merged record was deleted since."))
    return problems


def _was_undone(entry: HistoryEntry) -> bool:
    restores = HistoryEntry.objects.filter(
        content_type_id=entry.content_type_id,
        object_id=entry.object_id,
        action=Action.RESTORE,
        sequence__gt=entry.sequence,
    )
    return any(restore.values.get("unmerged", {}).get("entry") == entry.sequence for restore in restores)


def _recreate(merged: dict) -> Victim:
    """The merged record again, with its number, address and fields as the merge found them."""
    concrete = {model_field.name for model_field in Victim._meta.concrete_fields}
    fields = {name: value for name, value in merged["snapshot"].items() if name in concrete}
    row = {"model": Victim._meta.label_lower, "pk": merged["id"], "fields": fields}
    other = next(serializers.deserialize("python", [row])).object
    other.save(force_insert=True)
    return other
