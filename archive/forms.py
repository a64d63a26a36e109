"""Form pieces shared by the public list filters."""

from __future__ import annotations

import datetime

from django import forms
from django.utils.translation import gettext_lazy as _

from archive.search import MAX_QUERY_LENGTH, Query, QueryError, without_control_characters


class RecordChoiceField(forms.ModelChoiceField):
    """Choose a record by its slug (stable in URLs), labelled in the page's script."""

    def __init__(self, queryset, **kwargs):
        kwargs.setdefault("to_field_name", "slug")
        kwargs.setdefault("required", False)
        kwargs.setdefault("empty_label", _("any"))
        super().__init__(queryset, **kwargs)

    def label_from_instance(self, obj):
        return obj.name


class QueryField(forms.CharField):
    """A search box. Its clean value is an archive.search.Query, or None when it is left blank."""

    def __init__(self, **kwargs):
        kwargs.setdefault("required", False)
        kwargs.setdefault("max_length", MAX_QUERY_LENGTH)
        kwargs.setdefault("widget", forms.SearchInput)
        super().__init__(**kwargs)

    def prepare_value(self, value):
        # Shown back in the box: a NUL or a broken character has no business in the page.
        return without_control_characters(value) if isinstance(value, str) else value

    def clean(self, value):
        text = super().clean(value)
        if not text:
            return None
        try:
            return Query.parse(text)
        except QueryError as error:
            raise forms.ValidationError(str(error), code="query") from error


class YearRangeForm(forms.Form):
    """A from/to year pair; a record matches when its fuzzy date range overlaps the years."""

    year_from = forms.IntegerField(label=_("from year"), required=False, min_value=1900, max_value=2100)
    year_to = forms.IntegerField(label=_("to year"), required=False, min_value=1900, max_value=2100)

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("year_from"), cleaned.get("year_to")
        if start and end and start > end:
            raise forms.ValidationError(_("The first year is after the last year."))
        return cleaned

    def overlapping(self, queryset, prefix: str):
        start, end = self.cleaned_data.get("year_from"), self.cleaned_data.get("year_to")
        if start:
            queryset = queryset.filter(**{f"{prefix}_latest__gte": datetime.date(start, 1, 1)})
        if end:
            queryset = queryset.filter(**{f"{prefix}_earliest__lte": datetime.date(end, 12, 31)})
        return queryset
