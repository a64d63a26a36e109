"""The history of every record: one entry per change, each chained to the one before by its hash.

An entry keeps the record as it was after the change (before it, for a deletion) as canonical JSON,
who made the change, by which path and why. Its hash covers all of that and the previous entry's
hash, so altering or deleting any row breaks the chain from there on (`manage.py verify_history`).
"""

from __future__ import annotations

import datetime
import hashlib
import json

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.serializers.json import DjangoJSONEncoder
from django.db import models
from django.utils.translation import gettext_lazy as _

# The previous hash of the first entry.
GENESIS = "0" * 64


def canonical_json(value) -> str:
    """One spelling of a value as JSON: sorted keys, no spaces, Unicode as is."""
    return json.dumps(value, cls=DjangoJSONEncoder, ensure_ascii=False, sort_keys=True, separators=(",", ":"))


class Action(models.TextChoices):
    CREATE = "create", _("created")
    CHANGE = "change", _("changed")
    DELETE = "delete", _("deleted")
    RESTORE = "restore", _("restored")
    MERGE = "merge", _("merged")


class HistoryEntry(models.Model):
    sequence = models.PositiveBigIntegerField(_("number"), unique=True, editable=False)
    recorded_at = models.DateTimeField(_("time"), editable=False)
    content_type = models.ForeignKey(
        ContentType, verbose_name=_("record type"), on_delete=models.PROTECT, related_name="+"
    )
    object_id = models.CharField(_("record number"), max_length=64)
    object_repr = models.CharField(_("record"), max_length=300)
    # The record this one belongs to (a citation's record, a position's perpetrator), for its history.
    parent_type = models.ForeignKey(
        ContentType, on_delete=models.PROTECT, null=True, blank=True, related_name="+", editable=False
    )
    parent_id = models.CharField(max_length=64, blank=True, editable=False)
    action = models.CharField(_("change"), max_length=10, choices=Action.choices)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("author"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    # The name is what the hash covers: deleting the account empties `author`, not this.
    author_name = models.CharField(_("author"), max_length=150, blank=True)
    via = models.CharField(_("made by"), max_length=300, help_text=_("The admin, an import, a command …"))
    reason = models.TextField(_("reason"), blank=True)
    data = models.TextField(_("the record as it was"))
    changed_fields = models.JSONField(_("fields changed"), default=list)
    previous_hash = models.CharField(_("previous hash"), max_length=64)
    hash = models.CharField(_("hash"), max_length=64, unique=True)

    class Meta:
        verbose_name = _("history entry")
        verbose_name_plural = _("history")
        ordering = ["-sequence"]
        indexes = [
            models.Index(fields=["content_type", "object_id", "sequence"], name="history_of_record"),
            models.Index(fields=["parent_type", "parent_id", "sequence"], name="history_of_parent"),
        ]
        permissions = [("publish_records", "Can publish, withdraw and restore records")]

    def __str__(self) -> str:
        return f"#{self.sequence} {self.get_action_display()} {self.object_repr}"

    @property
    def values(self) -> dict:
        return json.loads(self.data)

    def compute_hash(self) -> str:
        """SHA-256 of everything the entry says, and of the entry before it."""
        content_type = ContentType.objects.get_for_id(self.content_type_id)
        parent_type = ContentType.objects.get_for_id(self.parent_type_id) if self.parent_type_id else None
        recorded_at = self.recorded_at.astimezone(datetime.UTC).isoformat()
        payload = canonical_json(
            [
                self.sequence,
                recorded_at,
                content_type.natural_key(),
                self.object_id,
                self.object_repr,
                parent_type.natural_key() if parent_type else None,
                self.parent_id,
                self.action,
                self.author_name,
                self.via,
                self.reason,
                self.data,
                self.changed_fields,
                self.previous_hash,
            ]
        )
        return hashlib.sha256(payload.encode()).hexdigest()
