"""What a record needs before it can be published, and who may publish it.

A victim, perpetrator or position is published only with at least one citation, and with a citation for
every fact its page would show: a claim of its CLAIMS with a value needs a citation naming that claim.
"""

from __future__ import annotations

from django.contrib.contenttypes.models import ContentType
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from archive.models import Citation, Status

CITED_TO_PUBLISH = {"victims.Victim", "perpetrators.Perpetrator", "perpetrators.Position"}
PUBLISH_PERMISSION = "editorial.publish_records"

# Claims about the record as a whole, which its one required citation answers.
WHOLE_RECORD_CLAIMS = {"general", "name"}


def can_publish(user) -> bool:
    return user.has_perm(PUBLISH_PERMISSION)


def _public_citations(record):
    """The record's citations a reader could follow: a restricted source (a family's testimony) is kept
    for editors, never shown, so it cannot be what makes a record publishable."""
    return Citation.objects.filter(
        content_type=ContentType.objects.get_for_model(record), object_id=record.pk, source__restricted=False
    )


def has_value(record, claim: str) -> bool:
    """Whether the record states something for this claim, so its page would show it."""
    names = [f.name for f in record._meta.get_fields()]
    if claim in names:
        model_field = record._meta.get_field(claim)
        if model_field.many_to_many:
            return record.pk is not None and getattr(record, claim).exists()
        value = getattr(record, model_field.attname)
        return value not in (None, "", False)
    for part in (f"{claim}_text", f"{claim}_earliest", f"{claim}_en", f"{claim}_fa"):
        if part in names and getattr(record, part) not in (None, ""):
            return True
    return False


def uncited_claims(record) -> list[str]:
    """The labels of the facts the record states with no citation for them."""
    if record.pk is None:
        return []
    cited = set(_public_citations(record).values_list("claim", flat=True))
    return [
        str(label)
        for claim, label in getattr(record, "CLAIMS", [])
        if claim not in WHOLE_RECORD_CLAIMS and claim not in cited and has_value(record, claim)
    ]


def publication_problems(record) -> list[str]:
    """Why the record cannot be published yet; empty when it can."""
    if record._meta.label not in CITED_TO_PUBLISH:
        return []
    problems = []
    cited = record.pk is not None and _public_citations(record).exists()
    if not cited:
        problems.append(str(_("it cites no source: add at least one citation")))
    if missing := uncited_claims(record):
        problems.append(str(format_lazy(_("these facts have no citation: {}"), ", ".join(missing))))
    return problems


def is_public_state(status: str) -> bool:
    return status in (Status.PUBLISHED, Status.WITHDRAWN)
