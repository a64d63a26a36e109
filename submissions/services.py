"""Taking a submission into the archive: writes that span the submission, a victim, a restricted
testimony source and its citations. Each is one entry per record in the history, with who and why."""

from __future__ import annotations

import logging

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.utils.translation import gettext_lazy as _

from archive.dates import FuzzyDate, Precision, parse
from archive.derivatives import DerivativeError
from archive.models import Citation, Source, SourceKind, Status
from editorial.history import recording
from victims.models import Victim, VictimPhoto

from .models import Submission, SubmissionStatus

logger = logging.getLogger(__name__)


def _via(submission: Submission) -> str:
    return f"admin: submission #{submission.pk}"


def _fuzzy(text: str, calendar: str) -> FuzzyDate:
    """The date as the submitter wrote it; wording no rule can read is kept, with precision "unknown"."""
    if not text.strip():
        return FuzzyDate(calendar=calendar)
    try:
        return parse(text, calendar)
    except ValueError:
        return FuzzyDate(text=text, calendar=calendar, precision=Precision.UNKNOWN)


def _testimony_source(submission: Submission) -> Source:
    """A restricted source holding the submission's words; its files stay in the private store."""
    number = submission.pk
    account = "\n\n".join(part for part in (submission.account, submission.places) if part)
    persian = submission.language.startswith("fa")
    return Source.objects.create(
        title_en=f"Testimony sent through the public form (submission #{number})",
        title_fa=f"گواهی فرستاده‌شده با فرم همگانی (شمارهٔ {number})",
        kind=SourceKind.TESTIMONY,
        restricted=True,
        status=Status.DRAFT,
        language="fa" if persian else "en",
        published_text=submission.received_on.isoformat(),
        summary_fa=account if persian else "",
        summary_en="" if persian else account,
        reliability_note=f"{submission.get_how_known_display()}. {submission.how_known_detail}".strip(),
    )


def _cite(victim: Victim, source: Source, submission: Submission) -> None:
    locator = f"submission #{submission.pk}"
    claims = [("general", "")]
    if submission.name_en or submission.name_fa:
        claims.append(("name", " / ".join(n for n in (submission.name_en, submission.name_fa) if n)))
    if submission.birth_text:
        claims.append(("birth", submission.birth_text))
    if submission.death_text:
        claims.append(("death", submission.death_text))
    for claim, quote in claims:
        Citation.objects.create(record=victim, source=source, claim=claim, locator=locator, quote=quote)


def _photos(victim: Victim, submission: Submission) -> None:
    """The submission's images on the draft, as clean copies: the sent bytes never become public."""
    for sent in submission.files.all():
        if not sent.is_image:
            continue
        try:
            copy = sent.public_copy()
        except DerivativeError:
            logger.warning("Submission #%s: file %s could not be copied.", submission.pk, sent.pk)
            continue
        photo = VictimPhoto(victim=victim, credit=str(_("sent by a member of the public")))
        photo.image = ContentFile(copy, name="photo.jpg")
        photo.save()


def submission_make_victim(*, submission: Submission, user, reason: str = "") -> Victim:
    """A draft victim from the submission, cited to a new restricted testimony source."""
    if not (submission.name_en or submission.name_fa):
        raise ValidationError(_("This submission gives no name: attach it to an existing record instead."))
    with recording(via=_via(submission), user=user, reason=reason):
        source = _testimony_source(submission)
        victim = Victim(name_en=submission.name_en, name_fa=submission.name_fa, status=Status.DRAFT)
        victim.birth_date = _fuzzy(submission.birth_text, submission.birth_calendar)
        victim.death_date = _fuzzy(submission.death_text, submission.death_calendar)
        victim.save()
        _cite(victim, source, submission)
        _photos(victim, submission)
        submission.state = SubmissionStatus.ACCEPTED
        submission.new_victim, submission.source = victim, source
        submission.save()
    return victim


def submission_attach(*, submission: Submission, victim: Victim, user, reason: str = "") -> Source:
    """The submission as a restricted testimony source of an existing victim, with its citations."""
    with recording(via=_via(submission), user=user, reason=reason):
        source = _testimony_source(submission)
        _cite(victim, source, submission)
        submission.state = SubmissionStatus.ATTACHED
        submission.victim, submission.source = victim, source
        submission.save()
    return source


def submission_reject(*, submission: Submission, user, public_reason: str, reason: str = "") -> None:
    with recording(via=_via(submission), user=user, reason=reason or public_reason):
        submission.state = SubmissionStatus.REJECTED
        submission.public_reason = public_reason
        submission.save()


def submission_review(*, submission: Submission, user, reason: str = "") -> None:
    with recording(via=_via(submission), user=user, reason=reason):
        submission.state = SubmissionStatus.IN_REVIEW
        submission.save()
