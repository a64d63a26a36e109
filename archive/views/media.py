"""The media store's files by address: originals for the editors who may see them, derivatives for all.

archive/storage.py decides which file has which address; these views are what the addresses lead to.
"""

from __future__ import annotations

from pathlib import PurePosixPath

from django.apps import apps
from django.core.files.storage import default_storage
from django.http import FileResponse, Http404
from django.shortcuts import redirect
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

from archive.models import Source
from archive.models.photos import Photo
from archive.storage import DERIVATIVE_NAME, derivative_headers, is_derivative, original_type


def _original_for(user, name: str) -> tuple[str, str] | None:
    """The download name and type of the original stored as `name`, if `user` may read it; else None.

    An original is readable by staff who may view the record holding it: a source they can see
    (a restricted one only with the permission to), or a photograph of a kind they may view.
    """
    if not (user.is_active and user.is_staff):
        return None
    if user.has_perm("archive.view_source"):
        source = Source.objects.visible_to(user).filter(file=name).first()
        if source is not None:
            filename = source.original_filename or PurePosixPath(name).name
            return filename, source.media_type or original_type(name)
    photo_models = [model for model in apps.get_models() if issubclass(model, Photo)]
    for model in photo_models:
        may_view = user.has_perm(f"{model._meta.app_label}.view_{model._meta.model_name}")
        if may_view and model.objects.filter(image=name).exists():
            return PurePosixPath(name).name, original_type(name)
    return None


@require_safe
@never_cache
def original_file(request, name):
    """An original, for an editor: a short-lived signed link on S3, the file itself on local disk (or from a
    store editors cannot reach).

    Anyone else gets 404, as for a file that does not exist: an address tells nothing about what it holds.
    """
    found = _original_for(request.user, name)
    if found is None:
        raise Http404
    filename, content_type = found
    if getattr(default_storage, "signs_links_for_editors", False):
        return redirect(default_storage.signed_url(name, filename=filename, content_type=content_type))
    try:
        stored = default_storage.open(name, "rb")
    except FileNotFoundError as error:
        raise Http404 from error
    response = FileResponse(stored, as_attachment=True, filename=filename, content_type=content_type)
    response["X-Content-Type-Options"] = "nosniff"
    return response


@require_safe
def derivative_file(request, name):
    """A public derivative, with its type, inline under its short name, nosniff, cacheable for a day."""
    name = f"derivatives/{name}"
    if not is_derivative(name):
        raise Http404
    # The address holds the original's SHA-256: anyone with a copy of a document could ask whether the
    # archive holds it. A preview of a source the visitor may not see (a draft, a family's restricted
    # testimony) is therefore not there for them, as the source's own page is not.
    sha256 = DERIVATIVE_NAME.fullmatch(name)["sha256"]
    visible = Source.objects.visible_to(request.user).filter(sha256=sha256)
    if not visible.exists() and Source.objects.filter(sha256=sha256).exists():
        raise Http404
    try:
        stored = default_storage.open(name, "rb")
    except FileNotFoundError as error:
        raise Http404 from error
    headers = derivative_headers(name)
    response = FileResponse(stored, content_type=headers.pop("Content-Type"))
    for header, value in headers.items():
        response[header] = value
    return response
