"""HTTP API of the diagnosis (mounted at /api/diagnostics).

Each endpoint parses its input, makes one selector or service call and returns an output schema;
rights are checked by the selectors (visible networks) and the services (creation).
"""

from collections.abc import Sequence
from dataclasses import asdict
from typing import Any, overload

from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.http import HttpRequest
from django.urls import reverse
from django.utils.translation import gettext as _
from ninja import Query, Router, Status

from grappe.accounts.auth import SIGNED_IN, actor
from grappe.activities.models import Activity
from grappe.core.schemas import paginated
from grappe.diagnostics import selectors, services
from grappe.diagnostics.presentation import present
from grappe.diagnostics.schemas import (
    DiagnosisOut,
    NetworkDiagnosisOut,
    QuestionnaireIn,
    SavedOut,
    SummaryFilters,
    SummaryOut,
)
from grappe.directory.models import Network
from grappe.territories.models import Territory

router = Router(tags=["diagnostics"])


def _checked(payload: QuestionnaireIn) -> dict[str, Any]:
    """The answers, with their territory keys and NAF/NACE codes known to the platform."""
    errors: dict[str, list[str]] = {}
    known = set(Territory.objects.filter(key__in=payload.perimeter).values_list("key", flat=True))
    if unknown := [k for k in payload.perimeter if k not in known]:
        errors["perimeter"] = [_("Unknown: %(keys)s") % {"keys": ", ".join(unknown)}]
    codes = set(
        Activity.objects.filter(code__in=payload.branch_codes).values_list("code", flat=True)
    )
    if unknown := [c for c in payload.branch_codes if c not in codes]:
        errors["branch_codes"] = [_("Unknown: %(keys)s") % {"keys": ", ".join(unknown)}]
    if errors:
        raise ValidationError(errors)
    return payload.answers()


class _Summaries(Sequence[dict[str, Any]]):
    """Networks' summaries, computed only for the page asked for."""

    def __init__(self, networks: QuerySet[Network]):
        self.networks = networks

    def __len__(self) -> int:
        return self.networks.count()

    @overload
    def __getitem__(self, index: int) -> dict[str, Any]: ...
    @overload
    def __getitem__(self, index: slice) -> list[dict[str, Any]]: ...

    def __getitem__(self, index: int | slice) -> Any:
        if isinstance(index, int):
            return self[index : index + 1][0]
        return [
            {"slug": n.slug, "name": n.name} | asdict(selectors.network_summary(network=n))
            for n in self.networks[index]
        ]


@router.get(
    "/networks",
    response=list[SummaryOut],
    summary="Classes and rule counts of the visible networks (of a territory, if given)",
)
@paginated
def list_summaries(request: HttpRequest, filters: Query[SummaryFilters]) -> Any:
    territory = Territory.objects.get(key=filters.territory) if filters.territory else None
    return _Summaries(selectors.networks_in(user=actor(request), territory=territory))


@router.get("/networks/{slug}", response=NetworkDiagnosisOut, summary="Diagnosis of a network")
def network_diagnosis(request: HttpRequest, slug: str) -> Any:
    user = actor(request)
    network = selectors.networks_for_diagnosis(user=user).get(slug=slug)
    report = selectors.network_report(user=user, network=network)
    similar, experiences = report.similar_networks, report.similar_experiences
    return present(report.diagnosis) | {
        "similar_experiences": [
            {
                "ref": item.experience.ref,
                "title": str(item.experience),
                "score": item.score,
                "explanations": list(item.explanations),
            }
            for item in experiences
        ],
        "slug": network.slug,
        "similar_networks": [
            {
                "slug": s.network.slug,
                "name": s.network.name,
                "score": s.score,
                "reasons": [list(r) for r in s.reasons],
            }
            for s in similar
        ],
    }


@router.post(
    "/questionnaire",
    response=DiagnosisOut,
    summary="Diagnose a network from questionnaire answers (nothing is recorded)",
)
def questionnaire(request: HttpRequest, payload: QuestionnaireIn) -> Any:
    return present(services.questionnaire_diagnosis(answers=_checked(payload)))


@router.post(
    "/questionnaire/save",
    response={201: SavedOut},
    auth=SIGNED_IN,
    summary="Create the network the answers describe, and keep its answers",
)
def questionnaire_save(request: HttpRequest, payload: QuestionnaireIn) -> Any:
    network = services.questionnaire_save(actor=actor(request), answers=_checked(payload))
    url = reverse("network-diagnosis", args=[network.slug])
    return Status(201, {"slug": network.slug, "name": network.name, "url": url})
