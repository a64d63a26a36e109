"""Source documents: the evidence every claim in the archive rests on."""

from __future__ import annotations

from functools import cached_property
from pathlib import PurePath

from django.contrib.contenttypes.fields import GenericRelation
from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.db.models import F, Q
from django.urls import reverse
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from archive import derivatives
from archive.dates import FuzzyDateAccessor, FuzzyDatesMixin, fuzzy_date_constraints, fuzzy_date_fields
from archive.files import check_upload, content_name, hash_file, read_head, sniff_media_type, store_once
from archive.normalize import normalize

from .publication import Publishable, PublishableQuerySet, SluggedRecord
from .search import Searchable


class SourceKind(models.TextChoices):
    REPORT = "report", _("report")
    TESTIMONY = "testimony", _("testimony")
    NEWS_ARTICLE = "news_article", _("news article")
    INTERVIEW = "interview", _("interview")
    OFFICIAL_STATEMENT = "official_statement", _("official statement")
    SPEECH = "speech", _("speech or public remarks")
    BOOK = "book", _("book")
    COURT_RECORD = "court_record", _("court record")
    IMAGE = "image", _("image")
    VIDEO = "video", _("video")
    AUDIO = "audio", _("audio")
    DATASET = "dataset", _("dataset or list")


class Stance(models.TextChoices):
    INDEPENDENT = "independent", _("independent")
    STATE = "state", _("Iranian state or state-affiliated")
    OPPOSITION = "opposition", _("opposition or opposition-affiliated")
    FOREIGN_GOVERNMENT = "foreign_government", _("foreign government")
    INTERNATIONAL = "international", _("international body")
    UNKNOWN = "unknown", _("not assessed")


def source_file_path(source: Source, filename: str) -> str:
    # Named by content: the same bytes always land at the same place, and no two files collide.
    return content_name("sources", source.sha256, source.media_type, filename)


class TextStatus(models.TextChoices):
    NO_FILE = "", _("no file")
    EXTRACTED = "extracted", _("text extracted")
    OCR = "ocr", _("text recognised by OCR")
    NOT_EXTRACTED = "not_extracted", _("text not extracted")


class SourceQuerySet(PublishableQuerySet):
    """Where every public path decides which sources it may show: pages, search, exports, the bag, the API
    and the public footnotes (Citation.objects.with_public_sources) all start from here."""

    def published(self):
        # A restricted source protects a witness: it is never public, whatever its publication state.
        return super().published().filter(restricted=False)

    def visible_to(self, user):
        if user.is_authenticated and user.is_staff:
            return self if user.has_perm("archive.view_restricted_source") else self.filter(restricted=False)
        return self.published()


class Source(Searchable, FuzzyDatesMixin, Publishable, SluggedRecord):
    title_en = models.CharField(_("title (English)"), max_length=400, blank=True)
    title_fa = models.CharField(_("title (Persian)"), max_length=400, blank=True)
    kind = models.CharField(_("kind"), max_length=20, choices=SourceKind.choices)
    author = models.CharField(_("author"), max_length=300, blank=True)
    publisher = models.CharField(_("publisher"), max_length=300, blank=True)
    published_text, published_calendar, published_precision, published_earliest, published_latest = (
        fuzzy_date_fields(_("publication date"))
    )
    published_date = FuzzyDateAccessor("published")
    language = models.CharField(
        _("language"),
        max_length=20,
        blank=True,
        help_text=_("Language code of the document: en, fa, ar, fr …"),
    )
    url = models.URLField(_("address on the web"), max_length=1000, blank=True)
    archived_url = models.URLField(
        _("archived copy"), max_length=1000, blank=True, help_text=_("A web-archive snapshot of the address.")
    )
    summary_en = models.TextField(_("summary (English)"), blank=True)
    summary_fa = models.TextField(_("summary (Persian)"), blank=True)
    stance = models.CharField(
        _("stance"),
        max_length=20,
        choices=Stance.choices,
        default=Stance.UNKNOWN,
        help_text=_("Partisan sources are allowed, and labelled as such on every page that cites them."),
    )
    reliability_note = models.TextField(
        _("partisanship and reliability note"),
        blank=True,
        help_text=_(
            "Shown to readers next to the source: who stands behind it, what it is careful or careless about."
        ),
    )
    file = models.FileField(_("file"), upload_to=source_file_path, blank=True)
    original_filename = models.CharField(_("original file name"), max_length=255, blank=True, editable=False)
    sha256 = models.CharField(_("SHA-256"), max_length=64, blank=True, editable=False, db_index=True)
    size = models.PositiveBigIntegerField(_("size in bytes"), null=True, blank=True, editable=False)
    media_type = models.CharField(_("media type"), max_length=100, blank=True, editable=False)
    extracted_text = models.TextField(
        _("text of the document"), blank=True, help_text=_("The document's text, for search.")
    )
    text_status = models.CharField(
        _("text extraction"),
        max_length=14,
        choices=TextStatus.choices,
        blank=True,
        editable=False,
        help_text=_("Whether the file's text could be read for search, and how."),
    )
    restricted = models.BooleanField(
        _("restricted"),
        default=False,
        help_text=_(
            "For testimony that could endanger a witness: never shown to the public, in any page, search, "
            "export or the API, even when published. Editors see it only with the permission to."
        ),
    )
    citations = GenericRelation("archive.Citation", related_query_name="source_record")

    objects = SourceQuerySet.as_manager()

    CLAIMS = [
        ("general", _("the record as a whole")),
        ("author", _("author")),
        ("published", _("publication date")),
    ]

    class Meta:
        verbose_name = _("source document")
        verbose_name_plural = _("source documents")
        ordering = ["-published_earliest", "title_en"]
        constraints = [
            models.CheckConstraint(condition=~Q(title_en="", title_fa=""), name="source_has_a_title"),
            models.CheckConstraint(
                condition=Q(file="") | Q(sha256__regex=r"^[0-9a-f]{64}$"), name="source_file_has_hash"
            ),
            *fuzzy_date_constraints("source", "published"),
        ]
        indexes = [
            # The home page's latest sources.
            models.Index(
                F("created_at").desc(),
                F("id").desc(),
                condition=Q(status="published"),
                name="source_recent_idx",
            ),
        ]
        permissions = [("view_restricted_source", _("Can see restricted sources"))]

    def __str__(self) -> str:
        return self.title_en or self.title_fa

    def get_absolute_url(self) -> str:
        return reverse("source_detail", args=[self.slug])

    @property
    def title(self) -> str:
        if (get_language() or "en").startswith("fa"):
            return self.title_fa or self.title_en
        return self.title_en or self.title_fa

    def names_for_search(self) -> list[str]:
        return [self.title_en, self.title_fa, self.author, self.publisher]

    def text_for_search(self) -> list[str]:
        # The document's own text is searched page by page (SourcePage); this is what describes it.
        return [self.summary_en, self.summary_fa, self.reliability_note]

    @property
    def is_partisan(self) -> bool:
        return self.stance in (Stance.STATE, Stance.OPPOSITION, Stance.FOREIGN_GOVERNMENT)

    def save(self, *args, **kwargs):
        attached = bool(self.file) and not self.file._committed
        if attached:
            self.record_file_facts()
            store_once(self, "file", self.sha256)
        super().save(*args, **kwargs)
        if attached:
            # After the commit, as text extraction: a failure is logged and `make_derivatives` retries.
            transaction.on_commit(self.make_derivatives, robust=True)

    def clean(self):
        super().clean()
        if self.file and not self.file._committed:
            # A damaged image or PDF is refused here, before anything is stored or recorded.
            media_type = sniff_media_type(read_head(self.file), self.file.name)
            try:
                check_upload(self.file, media_type, self.file.name)
            except ValidationError as error:
                raise ValidationError({"file": error}) from error

    def record_file_facts(self) -> None:
        """Hash, measure and type a newly attached file, before it is stored anywhere."""
        self.sha256, self.size = hash_file(self.file)
        self.original_filename = PurePath(self.file.name).name[:255]
        self.media_type = sniff_media_type(read_head(self.file), self.original_filename)

    def make_derivatives(self, *, force: bool = False) -> list[str]:
        """The web copies of the file (archive/derivatives.py); the names written."""
        if not self.file:
            return []
        kind = derivatives.kind_of(self.media_type)
        return derivatives.make_derivatives(self.file.storage, self.file.name, self.sha256, kind, force=force)

    @cached_property
    def preview_url(self) -> str:
        """A reduced copy to show on the page: the image at web size, or a PDF's first page; "" if none."""
        preview = {derivatives.IMAGE: derivatives.WEB, derivatives.PDF: derivatives.PREVIEW}.get(
            derivatives.kind_of(self.media_type)
        )
        if not self.file or preview is None:
            return ""
        name = derivatives.derivative_name(self.sha256, preview)
        # A PDF has no preview where pdftoppm is missing, and older files until `make_derivatives` runs.
        return self.file.storage.url(name) if self.file.storage.exists(name) else ""


class SourcePage(models.Model):
    """The text of one page of a source's file, so a match can say on which page it is."""

    source = models.ForeignKey(Source, on_delete=models.CASCADE, related_name="pages")
    number = models.PositiveIntegerField(_("page"))
    text = models.TextField(_("text"), blank=True)
    search_text = models.TextField(_("search text"), blank=True, editable=False)

    class Meta:
        verbose_name = _("page of a source")
        verbose_name_plural = _("pages of sources")
        ordering = ["source", "number"]
        constraints = [
            models.UniqueConstraint(fields=["source", "number"], name="sourcepage_unique_number"),
            models.CheckConstraint(condition=Q(number__gte=1), name="sourcepage_number_from_one"),
        ]

    def __str__(self) -> str:
        return f"{self.source}, p. {self.number}"

    def save(self, *args, **kwargs):
        self.search_text = normalize(self.text)
        super().save(*args, **kwargs)

    def get_absolute_url(self) -> str:
        return self.source.get_absolute_url() + f"#page-{self.number}"
