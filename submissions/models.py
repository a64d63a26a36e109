"""A submission from the public, and the files sent with it.

Nothing here identifies the sender beyond what they chose to write: no IP address, no browser, and only
the day it arrived. Contact details are encrypted at rest (submissions/encryption.py); files are kept in
a private store (submissions/storage.py), named by their hash, and shown to editors only.
"""

from __future__ import annotations

from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from archive import derivatives
from archive.dates import Calendar
from archive.files import content_name, hash_file, read_head, sniff_media_type, store_once

from . import encryption
from .storage import get_private_storage


class SubmissionStatus(models.TextChoices):
    NEW = "new", _("received, not read yet")
    IN_REVIEW = "reviewing", _("being reviewed")
    ACCEPTED = "accepted", _("accepted: a new entry is being prepared")
    ATTACHED = "attached", _("accepted: added to an existing entry")
    REJECTED = "rejected", _("not taken in")


class HowKnown(models.TextChoices):
    FAMILY = "family", _("I am family")
    FRIEND = "friend", _("a friend or neighbour")
    PRISONER = "prisoner", _("I was held with them")
    WITNESS = "witness", _("I witnessed what happened")
    DOCUMENT = "document", _("from a document or publication")
    RESEARCH = "research", _("from my research or reporting")
    OTHER = "other", _("another way")


class Submission(models.Model):
    victim = models.ForeignKey(
        "victims.Victim",
        verbose_name=_("entry it is about"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        help_text=_(
            "The published entry the submitter asked to correct or complete, or the one it was added to."
        ),
    )
    name_en = models.CharField(_("name (Latin script)"), max_length=200, blank=True)
    name_fa = models.CharField(_("name (Persian script)"), max_length=200, blank=True)
    birth_text = models.CharField(_("birth (as written)"), max_length=120, blank=True)
    birth_calendar = models.CharField(
        _("birth: calendar"), max_length=12, choices=Calendar.choices, default=Calendar.SOLAR_HIJRI
    )
    death_text = models.CharField(_("death (as written)"), max_length=120, blank=True)
    death_calendar = models.CharField(
        _("death: calendar"), max_length=12, choices=Calendar.choices, default=Calendar.SOLAR_HIJRI
    )
    places = models.TextField(_("places"), blank=True)
    account = models.TextField(_("what happened"), blank=True)
    how_known = models.CharField(_("how the submitter knows"), max_length=10, choices=HowKnown.choices)
    how_known_detail = models.TextField(_("how the submitter knows, in their words"), blank=True)
    contact_encrypted = models.TextField(
        _("contact details (encrypted)"),
        blank=True,
        editable=False,
        help_text=_("Readable only with the permission to see submitters' contact details."),
    )
    language = models.CharField(_("language of the form"), max_length=10, blank=True, editable=False)
    # Not "status": editorial/ reads that name as the publication state of the archive's records.
    state = models.CharField(
        _("state"),
        max_length=10,
        choices=SubmissionStatus.choices,
        default=SubmissionStatus.NEW,
        db_index=True,
    )
    public_reason = models.TextField(
        _("reason shown to the submitter"),
        blank=True,
        help_text=_(
            "Shown on the status page to whoever holds the receipt code: name no one, reveal nothing."
        ),
    )
    receipt_hash = models.CharField(_("receipt (SHA-256)"), max_length=64, unique=True, editable=False)
    received_on = models.DateField(_("received on"), default=timezone.localdate, editable=False)
    new_victim = models.ForeignKey(
        "victims.Victim",
        verbose_name=_("draft made from it"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        editable=False,
        related_name="+",
    )
    source = models.ForeignKey(
        "archive.Source",
        verbose_name=_("testimony source"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        editable=False,
        related_name="+",
        help_text=_("The restricted source made from it."),
    )

    class Meta:
        verbose_name = _("submission")
        verbose_name_plural = _("submissions")
        ordering = ["-received_on", "-pk"]
        permissions = [("view_contact", _("Can read the contact details of submitters"))]

    def __str__(self) -> str:
        name = self.name_en or self.name_fa or (str(self.victim) if self.victim_id else "")
        return f"#{self.pk} {name}".strip()

    def get_absolute_url(self) -> str:
        return reverse("admin:submissions_submission_change", args=[self.pk])

    def set_contact(self, text: str) -> None:
        self.contact_encrypted = encryption.encrypt(text.strip())

    def contact(self) -> str:
        return encryption.decrypt(self.contact_encrypted)

    @property
    def is_open(self) -> bool:
        return self.state in (SubmissionStatus.NEW, SubmissionStatus.IN_REVIEW)


def submission_file_path(record: SubmissionFile, filename: str) -> str:
    # Named by content, as the archive's evidence files are (archive/files.py); never by the sent name.
    return content_name("submissions", record.sha256, record.media_type, filename)


class SubmissionFile(models.Model):
    submission = models.ForeignKey(Submission, on_delete=models.CASCADE, related_name="files")
    file = models.FileField(_("file"), storage=get_private_storage, upload_to=submission_file_path)
    sha256 = models.CharField(_("SHA-256"), max_length=64, editable=False)
    size = models.PositiveBigIntegerField(_("size in bytes"), editable=False)
    media_type = models.CharField(_("media type"), max_length=100, editable=False)

    class Meta:
        verbose_name = _("file sent")
        verbose_name_plural = _("files sent")
        ordering = ["pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(sha256__regex=r"^[0-9a-f]{64}$"), name="submissionfile_hash"
            )
        ]

    def __str__(self) -> str:
        return f"{self.media_type}, {self.size} B, {self.sha256[:12]}"

    def save(self, *args, **kwargs):
        if self.file and not self.file._committed:
            # Hashed before it is stored; the name sent by the browser is not kept.
            self.sha256, self.size = hash_file(self.file)
            self.media_type = sniff_media_type(read_head(self.file), self.file.name)
            store_once(self, "file", self.sha256)
        super().save(*args, **kwargs)

    @property
    def is_image(self) -> bool:
        return self.media_type.startswith("image/")

    def public_copy(self) -> bytes:
        """The image fit to be shown: re-encoded from its pixels by archive/derivatives.py (upright, at
        most 1600 px), with no EXIF, XMP, comment or colour profile, and nothing after the image data.
        The original, exactly as sent, stays in the private store."""
        storage = self.file.storage
        derivatives.make_derivatives(storage, self.file.name, self.sha256, derivatives.IMAGE)
        with storage.open(derivatives.derivative_name(self.sha256, derivatives.WEB), "rb") as copy:
            return copy.read()
