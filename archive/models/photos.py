"""Photographs of people, each credited and, where possible, sourced.

A photograph's file is stored as uploaded, named by the SHA-256 of its bytes (`photos/ab/<sha256>.jpg`):
photos have no hash column, so the name is where verify_fixity finds the hash to check. Pages show
derivatives made from it (archive/derivatives.py), never the original.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.utils.translation import gettext_lazy as _

from archive import derivatives
from archive.files import (
    IMAGE_TYPES,
    check_upload,
    content_name,
    hash_file,
    read_head,
    sha256_in_name,
    sniff_media_type,
    store_once,
)


def photo_file_path(photo: Photo, filename: str) -> str:
    # Named by content, as source files are. Photo.save() hashes the upload before it is stored.
    if photo.upload_sha256 is None:
        raise ValueError("A photograph is named by its hash: attach the file to the photo and save() it.")
    return content_name("photos", photo.upload_sha256, photo.upload_media_type, filename)


class Photo(models.Model):
    """Abstract: victims and perpetrators each keep their own photographs."""

    image = models.ImageField(_("image"), upload_to=photo_file_path)
    caption_en = models.CharField(_("caption (English)"), max_length=300, blank=True)
    caption_fa = models.CharField(_("caption (Persian)"), max_length=300, blank=True)
    credit = models.CharField(_("credit"), max_length=300, blank=True)
    source = models.ForeignKey(
        "archive.Source",
        verbose_name=_("source"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        help_text=_("The document this photograph comes from, if any."),
    )
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    # The hash and type of a file being attached, between save() and the storage naming it.
    upload_sha256: str | None = None
    upload_media_type = ""

    class Meta:
        abstract = True
        ordering = ["order", "pk"]

    def __str__(self) -> str:
        return self.caption_en or self.caption_fa or self.image.name

    def save(self, *args, **kwargs):
        attached = bool(self.image) and not self.image._committed
        if attached:
            self.upload_sha256, _size = hash_file(self.image)
            self.upload_media_type = sniff_media_type(read_head(self.image), self.image.name)
            store_once(self, "image", self.upload_sha256)
        super().save(*args, **kwargs)
        if attached:
            transaction.on_commit(self.make_derivatives, robust=True)

    def clean(self):
        super().clean()
        if self.image and not self.image._committed:
            # Django's image check reads only the header: a truncated file, or a decompression bomb
            # under Pillow's hard limit, would pass it.
            media_type = sniff_media_type(read_head(self.image), self.image.name)
            try:
                check_upload(self.image, media_type, self.image.name, accepted=IMAGE_TYPES)
            except ValidationError as error:
                raise ValidationError({"image": error}) from error

    @property
    def sha256(self) -> str | None:
        """The hash of the stored original, as its name carries it; None for a file named otherwise."""
        return sha256_in_name(self.image.name) if self.image else None

    def make_derivatives(self, *, force: bool = False) -> list[str]:
        """The web copy and thumbnail (archive/derivatives.py); the names written."""
        if self.sha256 is None:
            return []
        return derivatives.make_derivatives(
            self.image.storage, self.image.name, self.sha256, derivatives.IMAGE, force=force
        )

    def derivative_url(self, derivative: str) -> str:
        # Never the original: it may carry GPS coordinates and other metadata the derivatives drop.
        if self.sha256 is None:
            return ""
        return self.image.storage.url(derivatives.derivative_name(self.sha256, derivative))

    @property
    def web_url(self) -> str:
        return self.derivative_url(derivatives.WEB)

    @property
    def thumbnail_url(self) -> str:
        return self.derivative_url(derivatives.THUMBNAIL)
