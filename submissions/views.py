"""The public side of submissions: the form, the receipt shown once, and the status page."""

from __future__ import annotations

from django.shortcuts import render
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from editorial.history import recording
from victims.models import Victim

from . import limits, receipts
from .forms import ReceiptForm, SubmissionForm, form_stamp
from .models import Submission, SubmissionFile

NO_SUCH_RECEIPT = _("No submission has this receipt code. Check it letter by letter, and try again.")


def _victim_asked_for(request):
    """The published entry named in ?victim=<slug>, or None (unknown, or not public: never said which)."""
    slug = request.GET.get("victim", "")
    if not slug:
        return None
    return Victim.objects.published().filter(slug=slug).first()


def _too_many(request):
    return render(request, "submissions/too_many.html", {}, status=429)


@never_cache
@require_http_methods(["GET", "HEAD", "POST"])
def submit(request):
    victim = _victim_asked_for(request)
    if request.method != "POST":
        return render(
            request, "submissions/submit.html", {"form": SubmissionForm(victim=victim), "victim": victim}
        )
    if not limits.may_submit():
        return _too_many(request)
    form = SubmissionForm(request.POST, request.FILES, victim=victim)
    if not form.is_valid():
        # The form comes back with a new stamp: an expired one would be refused again, forever.
        form.data = form.data.copy()
        form.data["started"] = form_stamp()
        return render(request, "submissions/submit.html", {"form": form, "victim": victim})
    code = receipts.new_code()
    # One history entry for the submission and its files, made by no one: the public has no account.
    with recording(via="public submission form"):
        submission = form.to_submission(receipt_hash=receipts.code_hash(code), language=get_language() or "")
        submission.save()
        for file in form.cleaned_data["files"]:
            SubmissionFile(submission=submission, file=file).save()
    return render(request, "submissions/sent.html", {"code": code, "submission": submission})


@never_cache
@require_http_methods(["GET", "HEAD", "POST"])
def status(request):
    form = ReceiptForm(request.POST or None)
    submission = None
    if form.is_valid():
        receipt_hash = receipts.code_hash(form.cleaned_data["code"])
        if not limits.may_check(receipt_hash):
            return _too_many(request)
        submission = Submission.objects.filter(receipt_hash=receipt_hash).first()
        if submission is None:
            form.add_error("code", NO_SUCH_RECEIPT)
    return render(request, "submissions/status.html", {"form": form, "submission": submission})
