"""Writing planned rows to the database: one batch at a time, each batch one transaction with its history.

A batch is written in bulk (bulk_create and bulk_update skip save() and the signals, so what save()
does is done here: slugs and fuzzy dates were settled by the planner, the search columns are filled
below), in a fixed number of queries whatever its size. Each record created or changed gets one
history entry through `note()`, in the `recording()` block that makes the batch one transaction: if
any of it fails, none of the batch is written. Rows that change nothing write nothing, not even
history.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable

from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils import timezone

from archive.models import Citation, NameWord, SlugRedirect
from archive.models.search import Searchable
from editorial.history import note, parent_field, recording, snapshot
from editorial.models import Action

from .kinds import POSITIONS
from .models import ImportedRecord
from .planning import Plan, search_fields


def write_batch(plans: list[Plan], *, via: str, user=None, reason: str = "") -> Counter:
    """Write the plans that change something, in one transaction; what was done, counted."""
    tally: Counter = Counter()
    changing = [plan for plan in plans if plan.changed]
    if not changing:
        return tally
    with recording(via=via, user=user, reason=reason):
        for kind in dict.fromkeys(plan.kind for plan in changing):
            tally += _write([plan for plan in changing if plan.kind is kind])
        positions = [position for plan in changing for position in plan.positions if position.changed]
        if positions:
            tally += _write(positions)
    return tally


def _write(plans: list[Plan]) -> Counter:
    kind = plans[0].kind
    model = kind.model
    content_type = ContentType.objects.get_for_model(model)
    now = timezone.now()
    created = [plan for plan in plans if plan.created]
    updated = [plan for plan in plans if not plan.created and plan.record_changed]

    for plan in created + updated:
        if kind is POSITIONS and plan.parent is not None:
            plan.record.perpetrator = plan.parent.record  # saved by now: this sets its id
        search_fields(plan)
    model.objects.bulk_create([plan.record for plan in created])
    if updated:
        fields = {name for plan in updated for name in plan.changed_fields} | {"updated_at"}
        if issubclass(model, Searchable):
            fields |= {"search_names", "search_text"}
        for plan in updated:
            plan.record.updated_at = now
        model.objects.bulk_update([plan.record for plan in updated], sorted(fields), batch_size=500)
    if issubclass(model, Searchable):
        NameWord.remember(plan.record.search_names for plan in created + updated)

    _write_variants(plans)
    _write_many(plans)
    new_citations, changed_citations = _write_citations(plans)
    relink = any(plan.relink for plan in created)
    ImportedRecord.objects.bulk_create(
        [
            ImportedRecord(
                content_type=content_type,
                object_id=plan.record.pk,
                external_id=plan.external_id,
                first_imported_at=now,
                last_imported_at=now,
            )
            for plan in created
        ],
        # An external id whose record was deleted since is linked to the record made again.
        update_conflicts=relink,
        unique_fields=["content_type", "external_id"] if relink else None,
        update_fields=["object_id", "last_imported_at"] if relink else None,
    )
    ImportedRecord.objects.filter(
        content_type=content_type,
        external_id__in=[plan.external_id for plan in plans if not plan.created and plan.changed],
    ).update(last_imported_at=now)
    SlugRedirect.objects.bulk_create(
        [
            SlugRedirect(content_type=content_type, object_id=plan.record.pk, old_slug=plan.old_slug)
            for plan in updated
            if plan.old_slug
        ],
        ignore_conflicts=True,  # as SluggedRecord.save(): an old address already redirecting stays as it is
    )

    for plan in plans:
        if plan.record_changed:
            action = Action.CREATE if plan.created else Action.CHANGE
            note(plan.record, action, history_data(plan.record, plan))
    for citation in new_citations:
        note(citation, Action.CREATE, history_data(citation))
    for citation in changed_citations:
        note(citation, Action.CHANGE, history_data(citation))
    return Counter(
        {
            "name variants added": sum(len(plan.new_variants) for plan in plans),
            "citations added": len(new_citations),
            "citations updated": len(changed_citations),
        }
    )


def _write_variants(plans: list[Plan]) -> None:
    variant_model = plans[0].kind.variants
    if variant_model is None:
        return
    belongs_by = parent_field(plans[0].kind.model, variant_model)
    new = []
    for plan in plans:
        for variant in plan.new_variants:
            setattr(variant, belongs_by, plan.record)
            new.append(variant)
    variant_model.objects.bulk_create(new)
    changed = [variant for plan in plans for variant in plan.changed_variants]
    if changed:
        variant_model.objects.bulk_update(changed, ["script", "kind", "note"])


def _write_many(plans: list[Plan]) -> None:
    """Set each changed many-to-many to its new list: the old links go, the new ones are made."""
    model = plans[0].kind.model
    for name in plans[0].kind.many:
        many_field = model._meta.get_field(name)
        through = many_field.remote_field.through
        own, other = f"{many_field.m2m_field_name()}_id", f"{many_field.m2m_reverse_field_name()}_id"
        changed = [plan for plan in plans if name in plan.many_changed]
        through.objects.filter(
            **{f"{own}__in": [plan.record.pk for plan in changed if not plan.created]}
        ).delete()
        through.objects.bulk_create(
            [
                through(**{own: plan.record.pk, other: target})
                for plan in changed
                for target in sorted(plan.many[name])
            ]
        )


def _write_citations(plans: list[Plan]) -> tuple[list[Citation], list[Citation]]:
    new = []
    for plan in plans:
        for citation in plan.new_citations:
            citation.object_id = plan.record.pk
            new.append(citation)
    Citation.objects.bulk_create(new)
    changed = [citation for plan in plans for citation in plan.changed_citations]
    if changed:
        Citation.objects.bulk_update(changed, ["note", "confidence"])
    return new, changed


# History entries.


def history_data(record: models.Model, plan: Plan | None = None) -> dict:
    """The record as its history entry keeps it, from what this import holds instead of a few queries per
    record, which at thousands of records a minute is most of the time an import takes."""
    if plan is None:
        return snapshot(record, many={}, children={})
    children = {"variants": plan.variants, "photos": plan.photos}
    return snapshot(
        record,
        many=plan.many,
        children={relation: children[relation] for relation in plan.kind.history_children},
    )


def batches(plans: list[Plan], size: int) -> Iterable[list[Plan]]:
    for start in range(0, len(plans), size):
        yield plans[start : start + size]
