"""Diagnosis pages: the report of a network (page and PDF), the list, the questionnaire."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from grappe.diagnostics import selectors, services
from grappe.diagnostics.engine import diagnose
from grappe.diagnostics.forms import QuestionnaireForm
from grappe.diagnostics.pdf import diagnosis_pdf
from grappe.diagnostics.presentation import present
from grappe.directory import rules
from grappe.directory.models import Network

PAGE_SIZE = 25


def _network(request: HttpRequest, slug: str) -> Network:
    try:
        return selectors.networks_for_diagnosis(user=request.user).get(slug=slug)
    except Network.DoesNotExist:
        raise Http404 from None


def _report_context(request: HttpRequest, network: Network) -> dict[str, Any]:
    report = selectors.network_report(user=request.user, network=network)
    return {
        "network": network,
        "d": present(report.diagnosis),
        "similar": report.similar_networks,
        "experiences": report.similar_experiences,
    }


def network_report(request: HttpRequest, slug: str) -> HttpResponse:
    network = _network(request, slug)
    return render(request, "diagnostics/report.html", _report_context(request, network))


def network_report_pdf(request: HttpRequest, slug: str) -> HttpResponse:
    network = _network(request, slug)
    presented = present(selectors.network_diagnosis(network=network))
    title = _("Diagnosis: %(name)s") % {"name": network.name}
    response = HttpResponse(diagnosis_pdf(presented, title=title), content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="diagnosis-{network.slug}.pdf"'
    return response


def diagnosis_index(request: HttpRequest) -> HttpResponse:
    networks = selectors.networks_for_diagnosis(user=request.user)
    page = Paginator(networks, PAGE_SIZE).get_page(request.GET.get("page"))
    rows = [(n, selectors.network_summary(network=n)) for n in page.object_list]
    return render(request, "diagnostics/index.html", {"page": page, "rows": rows})


def questionnaire(request: HttpRequest) -> HttpResponse:
    """Answer the questionnaire, see the diagnosis; nothing is written unless one saves."""
    form = QuestionnaireForm(request.POST or None)
    context: dict[str, Any] = {
        "form": form,
        "can_save": rules.can_create_network(request.user),
    }
    status = 200
    if request.method == "POST":
        if not form.is_valid():
            status = 422
        elif "save" in request.POST:
            if not rules.can_create_network(request.user):
                raise PermissionDenied
            network = services.questionnaire_save(actor=request.user, answers=form.answers())
            messages.success(request, _("Saved."))
            return redirect(reverse("network-diagnosis", args=[network.slug]))
        else:
            answers = form.answers()
            facts = services.questionnaire_facts(answers=answers)
            diagnosis = diagnose(facts)
            context["d"] = present(diagnosis)
            context["similar"] = selectors.similar_networks(
                user=request.user, diagnosis=diagnosis, firms=facts.member_firms
            )
            context["experiences"] = selectors.similar_experiences(
                user=request.user,
                diagnosis=diagnosis,
                firms=facts.member_firms,
                territory=next(iter(form.cleaned_data.get("perimeter") or []), None),
                branches=answers["branch_codes"],
                text=answers["name"],
            )
    return render(request, "diagnostics/questionnaire.html", context, status=status)
