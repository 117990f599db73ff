"""The create/edit/delete page flow shared by every app's pages.

A page shows a form; on a valid POST it calls one service; the service checks rights and
validates again, and its ValidationError messages are shown on the form's fields.
"""

from __future__ import annotations

import copy
from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _


def form_page(
    request: HttpRequest,
    *,
    form_class: type,
    instance: models.Model | None,
    allowed: bool,
    save: Callable[[dict[str, Any]], models.Model],
    success_url: Callable[[models.Model], str],
    title: str,
    cancel_url: str,
    initial: dict[str, Any] | None = None,
) -> HttpResponse:
    if not allowed:
        raise PermissionDenied
    # The form validates a copy: the service compares the stored object with the new values.
    form_instance = copy.copy(instance) if instance is not None else None
    form = form_class(request.POST or None, instance=form_instance, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            saved = save(form.service_data())
        except ValidationError as error:
            _attach_errors(form, error)
        else:
            messages.success(request, _("Saved."))
            return redirect(success_url(saved))
    status = 422 if request.method == "POST" else 200
    return render(
        request,
        "core/form.html",
        {"form": form, "title": title, "cancel_url": cancel_url},
        status=status,
    )


def _attach_errors(form: Any, error: ValidationError) -> None:
    if hasattr(error, "error_dict"):
        for field, errors in error.message_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, error.messages)


def delete_page(
    request: HttpRequest,
    *,
    instance: models.Model,
    allowed: bool,
    delete: Callable[[], None],
    success_url: str,
    cancel_url: str,
) -> HttpResponse:
    if not allowed:
        raise PermissionDenied
    if request.method == "POST":
        delete()
        messages.success(request, _("Deleted."))
        return redirect(success_url)
    return render(
        request, "core/confirm_delete.html", {"object": instance, "cancel_url": cancel_url}
    )
