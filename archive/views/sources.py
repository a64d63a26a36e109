"""Source documents: the list, and a page per document with its file, its hash, and everything that cites it."""

from __future__ import annotations

from django import forms
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_safe

from archive.exports import public_citations
from archive.forms import QueryField, YearRangeForm
from archive.lists import render_filtered_list
from archive.models import (
    Citation,
    Source,
    SourceKind,
    Stance,
    TextStatus,
)
from archive.search import best_first, matching
from editorial.public import keeps_withdrawn_address


class SourceFilterForm(YearRangeForm):
    q = QueryField(label=_("title, author or summary"))
    kind = forms.ChoiceField(label=_("kind"), required=False, choices=[("", _("any")), *SourceKind.choices])
    stance = forms.ChoiceField(label=_("stance"), required=False, choices=[("", _("any")), *Stance.choices])
    language = forms.CharField(label=_("language"), required=False, max_length=20)

    field_order = ["q", "kind", "stance", "language", "year_from", "year_to"]

    query = None  # what filter() searched for, so that each row can say why it matched

    def filter(self, sources):
        data = self.cleaned_data
        if data.get("q"):
            self.query = data["q"]
            sources = best_first(matching(sources, self.query))
        for name in ("kind", "stance", "language"):
            if data.get(name):
                sources = sources.filter(**{name: data[name]})
        return self.overlapping(sources, "published")


@require_safe
def source_list(request):
    form = SourceFilterForm(request.GET)
    sources = Source.objects.visible_to(request.user).order_by("-published_earliest", "title_en", "pk")
    return render_filtered_list(request, "archive/source_list.html", form, sources)


# A source can support thousands of claims (a list of names, one per person): the page shows the first ones
# and says how many there are; the CSV and JSON downloads hold every one.
CITATIONS_SHOWN = 50


def _citations_of(source, user):
    """What the source supports: every citation for staff; for the public, those on public records only."""
    citations = Citation.objects.all() if user.is_staff else public_citations()
    return citations.filter(source=source).order_by("pk")


@require_safe
def source_file(request, slug):
    """The document itself, for anyone who may see its page; downloaded, never rendered in the browser."""
    source = Source.objects.visible_to(request.user).by_slug_or_404(slug)
    if not source.file:
        raise Http404(_("The archive does not hold a copy of this document."))
    return FileResponse(
        source.file.open("rb"),
        as_attachment=True,
        filename=source.original_filename or source.file.name.rsplit("/", 1)[-1],
        content_type=source.media_type or "application/octet-stream",
    )


@require_safe
@keeps_withdrawn_address(Source)
def source_detail(request, slug):
    source = Source.objects.visible_to(request.user).by_slug_or_404(slug)
    if source.slug != slug:
        return redirect(source, permanent=True)
    citations = _citations_of(source, request.user)
    # Only a file whose text was read has pages; the others are spared the query.
    has_pages = source.text_status in (TextStatus.EXTRACTED, TextStatus.OCR)
    return render(
        request,
        "archive/source_detail.html",
        {
            "source": source,
            "citations": [c for c in citations.with_records()[:CITATIONS_SHOWN] if c.record is not None],
            "citation_count": citations.count(),
            "pages": source.pages.only("number", "text").order_by("number") if has_pages else [],
        },
    )
