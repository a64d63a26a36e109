"""The public submission form and the receipt form, with the checks that keep the archive safe from
what the public sends: a honeypot, a signed time stamp, and files checked by their bytes."""

from __future__ import annotations

import time

from django import forms
from django.conf import settings
from django.core import signing
from django.core.exceptions import ValidationError
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from archive.dates import Calendar
from archive.files import ACCEPTED_TYPES, check_upload, read_head, sniff_media_type
from archive.templatetags.archive_tags import digits

from .models import HowKnown, Submission
from .receipts import looks_like_a_code

# What the public may send: photographs and PDF documents, by their bytes. Anything else (SVG, HTML,
# archives, office files) is refused, whatever its name says.
STAMP_SALT = "submissions.form-started"

NOT_ACCEPTED = _(
    "“%(name)s” is not a file the archive takes from the public: send photographs as JPEG, PNG or WebP, "
    "and documents as PDF."
)


def form_stamp() -> str:
    """A signed note of when the form was shown, for the hidden field."""
    return signing.dumps(time.time(), salt=STAMP_SALT)


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    widget = MultipleFileInput

    def clean(self, data, initial=None):
        files = data if isinstance(data, list | tuple) else [data] if data else []
        return [super(MultipleFileField, self).clean(file, initial) for file in files]


class SubmissionForm(forms.Form):
    name_en = forms.CharField(label=_("Name in Latin script"), max_length=200, required=False)
    name_fa = forms.CharField(label=_("Name in Persian script"), max_length=200, required=False)
    birth_text = forms.CharField(
        label=_("Date of birth"),
        max_length=120,
        required=False,
        help_text=_("As you know it: “1340”, “summer 1367”, “12 Mordad 1367”, “1961”."),
    )
    birth_calendar = forms.ChoiceField(
        label=_("calendar"), choices=Calendar.choices, initial=Calendar.SOLAR_HIJRI
    )
    death_text = forms.CharField(label=_("Date of death"), max_length=120, required=False)
    death_calendar = forms.ChoiceField(
        label=_("calendar"), choices=Calendar.choices, initial=Calendar.SOLAR_HIJRI
    )
    places = forms.CharField(
        label=_("Places"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Where they were born, arrested, held, killed or buried."),
    )
    account = forms.CharField(
        label=_("What happened"), required=False, max_length=20000, widget=forms.Textarea(attrs={"rows": 8})
    )
    files = MultipleFileField(
        label=_("Photographs and documents"),
        required=False,
        help_text=_("JPEG, PNG or WebP photographs and PDF documents."),
    )
    how_known = forms.ChoiceField(label=_("How do you know this?"), choices=HowKnown.choices)
    how_known_detail = forms.CharField(
        label=_("In your words"), required=False, max_length=2000, widget=forms.Textarea(attrs={"rows": 3})
    )
    contact = forms.CharField(
        label=_("How to reach you (optional)"),
        required=False,
        max_length=500,
        help_text=_("An email address, a Signal number, anything. Leave it empty to stay unreachable."),
    )
    # Hidden from people by the template; a program filling every field fills this one too.
    website = forms.CharField(label=_("Leave this field empty"), required=False)
    started = forms.CharField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, victim=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.victim = victim
        self.fields["files"].help_text = _(
            "JPEG, PNG or WebP photographs and PDF documents: at most %(count)s files of %(size)s each."
        ) % {
            "count": digits(settings.SUBMISSION_MAX_FILES),
            "size": digits(filesizeformat(settings.SUBMISSION_MAX_FILE_BYTES)),
        }
        if not self.is_bound:
            self.initial["started"] = form_stamp()

    def clean_website(self):
        if self.cleaned_data["website"]:
            raise ValidationError(_("This submission looks automated and was not accepted."), code="honeypot")
        return ""

    def clean_started(self):
        try:
            started = signing.loads(
                self.cleaned_data["started"], salt=STAMP_SALT, max_age=settings.SUBMISSION_FORM_MAX_AGE
            )
        except signing.SignatureExpired:
            raise ValidationError(
                _("This form was opened too long ago. Your text is kept below: please send it again."),
                code="expired",
            ) from None
        except signing.BadSignature:
            raise ValidationError(
                _("This form could not be checked. Please send it again from this page."), code="forged"
            ) from None
        if time.time() - float(started) < settings.SUBMISSION_MIN_SECONDS:
            raise ValidationError(
                _(
                    "This form was sent faster than a person can fill it in. Please check it and send it again."
                ),
                code="too_fast",
            )
        return started

    def clean_files(self):
        files = self.cleaned_data["files"]
        limit = settings.SUBMISSION_MAX_FILES
        if len(files) > limit:
            raise ValidationError(
                ngettext(
                    "At most %(count)d file can be sent at once; you chose %(chosen)d.",
                    "At most %(count)d files can be sent at once; you chose %(chosen)d.",
                    limit,
                )
                % {"count": limit, "chosen": len(files)},
                code="too_many_files",
            )
        errors = []
        for file in files:
            errors.extend(self._problems_with(file))
        if errors:
            raise ValidationError(errors)
        return files

    def _problems_with(self, file) -> list[ValidationError]:
        name = file.name[:80]
        if file.size > settings.SUBMISSION_MAX_FILE_BYTES:
            message = _("“%(name)s” is too large: a file may have at most %(size)s.")
            params = {"name": name, "size": filesizeformat(settings.SUBMISSION_MAX_FILE_BYTES)}
            return [ValidationError(message % params, code="file_too_large")]
        media_type = sniff_media_type(read_head(file), "")
        if media_type not in ACCEPTED_TYPES:
            return [ValidationError(NOT_ACCEPTED % {"name": name}, code="file_type")]
        try:
            check_upload(file, media_type, name)
        except ValidationError as error:
            return [ValidationError(f"“{name}”: {message}", code=error.code) for message in error.messages]
        return []

    def clean(self):
        data = super().clean()
        said = [
            data.get(name) for name in ("name_en", "name_fa", "birth_text", "death_text", "places", "account")
        ]
        if self.victim is None and not (data.get("name_en") or data.get("name_fa")):
            self.add_error(None, _("Give the person's name, in Latin or Persian script."))
        elif not any(said) and not data.get("files"):
            self.add_error(
                None, _("The form is empty: write what you know, or send a photograph or a document.")
            )
        return data

    def to_submission(self, *, receipt_hash: str, language: str) -> Submission:
        data = self.cleaned_data
        submission = Submission(
            victim=self.victim,
            receipt_hash=receipt_hash,
            language=language,
            **{
                name: data[name]
                for name in (
                    "name_en",
                    "name_fa",
                    "birth_text",
                    "birth_calendar",
                    "death_text",
                    "death_calendar",
                    "places",
                    "account",
                    "how_known",
                    "how_known_detail",
                )
            },
        )
        submission.set_contact(data["contact"])
        return submission


class ReceiptForm(forms.Form):
    code = forms.CharField(
        label=_("Receipt code"),
        max_length=40,
        widget=forms.TextInput(attrs={"autocomplete": "off", "spellcheck": "false", "dir": "ltr"}),
        help_text=_("The code shown when you sent the submission, like ABCD-EFGH-JKMN-PQRS."),
    )

    def clean_code(self):
        code = self.cleaned_data["code"]
        if not looks_like_a_code(code):
            raise ValidationError(
                _("This is not a receipt code: it has four groups of four letters and digits.")
            )
        return code
