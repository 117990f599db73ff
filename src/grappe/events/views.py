"""Event pages: events, registrations, profiles, requests, scheduling, timetables, bookings."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from grappe.core.editing import delete_page, form_page
from grappe.core.listing import list_page, object_or_404
from grappe.directory.models import Network
from grappe.events import documents, rules, scheduler, selectors, services
from grappe.events.forms import (
    BookingForm,
    OutcomeForm,
    ParticipantForm,
    RequestForm,
    ScheduleForm,
    event_form_for,
    registration_form_for,
)
from grappe.events.models import EventStatus, Participant, RequestStatus

GRID_PAGE = 100


def _event(request: HttpRequest, slug: str) -> Any:
    return object_or_404(selectors.event_detail, user=request.user, slug=slug)


def _participant(request: HttpRequest, event: Any, pk: int) -> Participant:
    """A registration of the event the user may see (the profile list, or their own)."""
    found = event.participants.select_related("organisation", "event").filter(pk=pk).first()
    if found is None:
        raise Http404
    if not (
        rules.can_see_participants(request.user, event)
        or rules.can_edit_participant(request.user, found)
    ):
        raise PermissionDenied
    return found


def _back(request: HttpRequest, default: str) -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    if target and url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
        return target
    return default


def _action(request: HttpRequest, do: Callable[[], Any], done: str, back: str) -> HttpResponse:
    """Run a POST action's service; its refusal or validation error becomes a message."""
    try:
        do()
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
    else:
        messages.success(request, done)
    return redirect(back)


def _networks_for(user: Any) -> Any:
    if rules.is_admin(user):
        return Network.objects.order_by("name")
    return Network.objects.filter(managers=user).order_by("name")


# Events --------------------------------------------------------------------------------------


def event_list(request: HttpRequest) -> HttpResponse:
    events = selectors.event_list(
        user=request.user, query=request.GET.get("q", ""), status=request.GET.get("status", "")
    )
    return list_page(
        request,
        events,
        "events/event_list.html",
        {"statuses": EventStatus.choices, "can_create": rules.can_create_event(request.user)},
    )


def event_detail(request: HttpRequest, slug: str) -> HttpResponse:
    event = _event(request, slug)
    mine = selectors.my_participants(user=request.user, event=event)
    return render(
        request,
        "events/event_detail.html",
        {
            "event": event,
            "mine": mine,
            "counts": selectors.event_counts(event=event),
            "slots": list(event.slots.order_by("start")),
            "can_organise": rules.can_organise_event(request.user, event),
            "can_see_participants": rules.can_see_participants(request.user, event),
            "can_register": selectors.registrable_organisations(
                user=request.user, event=event
            ).exists(),
        },
    )


@login_required
def event_create(request: HttpRequest) -> HttpResponse:
    return form_page(
        request,
        form_class=event_form_for(_networks_for(request.user)),
        instance=None,
        allowed=rules.can_create_event(request.user),
        save=lambda data: services.event_create(actor=request.user, data=data),
        success_url=lambda e: reverse("event-detail", args=[e.slug]),
        title=_("New event"),
        cancel_url=reverse("event-list"),
    )


@login_required
def event_edit(request: HttpRequest, slug: str) -> HttpResponse:
    event = _event(request, slug)
    return form_page(
        request,
        form_class=event_form_for(
            _networks_for(request.user) | Network.objects.filter(pk=event.network_id)
        ),
        instance=event,
        allowed=rules.can_organise_event(request.user, event),
        save=lambda data: services.event_update(actor=request.user, event=event, data=data),
        success_url=lambda e: reverse("event-detail", args=[e.slug]),
        title=_("Edit %(name)s") % {"name": event.name},
        cancel_url=reverse("event-detail", args=[event.slug]),
    )


@login_required
def event_delete(request: HttpRequest, slug: str) -> HttpResponse:
    event = _event(request, slug)
    return delete_page(
        request,
        instance=event,
        allowed=rules.can_organise_event(request.user, event),
        delete=lambda: services.event_delete(actor=request.user, event=event),
        success_url=reverse("event-list"),
        cancel_url=reverse("event-detail", args=[event.slug]),
    )


# Registrations and profiles ------------------------------------------------------------------


@login_required
def event_register(request: HttpRequest, slug: str) -> HttpResponse:
    event = _event(request, slug)
    organisations = selectors.registrable_organisations(user=request.user, event=event)
    return form_page(
        request,
        form_class=registration_form_for(organisations),
        instance=None,
        allowed=event.status != EventStatus.DRAFT or rules.can_organise_event(request.user, event),
        save=lambda data: services.participant_register(actor=request.user, event=event, data=data),
        success_url=lambda p: reverse("participant-edit", args=[event.slug, p.pk]),
        title=_("Register to %(name)s") % {"name": event.name},
        cancel_url=reverse("event-detail", args=[event.slug]),
    )


@login_required
def participant_list(request: HttpRequest, slug: str) -> HttpResponse:
    event = _event(request, slug)
    if not rules.can_see_participants(request.user, event):
        raise PermissionDenied
    participants = selectors.participant_list(
        user=request.user, event=event, query=request.GET.get("q", "")
    )
    acting = selectors.acting_participant(user=request.user, event=event, pk=request.GET.get("as"))
    return list_page(
        request,
        participants,
        "events/participant_list.html",
        {
            "event": event,
            "acting": acting,
            "free": selectors.free_places(event=event) if event.is_published else {},
            "can_organise": rules.can_organise_event(request.user, event),
        },
    )


@login_required
def participant_detail(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    event = _event(request, slug)
    participant = _participant(request, event, pk)
    acting = selectors.acting_participant(user=request.user, event=event, pk=request.GET.get("as"))
    return render(
        request,
        "events/participant_detail.html",
        {
            "event": event,
            "participant": participant,
            "people": list(participant.representatives.all()),
            "acting": acting,
            "can_edit": rules.can_edit_participant(request.user, participant),
            "can_organise": rules.can_organise_event(request.user, event),
        },
    )


@login_required
def participant_edit(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    event = _event(request, slug)
    participant = _participant(request, event, pk)

    def save(data: dict[str, Any]) -> Participant:
        absent = data.pop("absent_slots", None)
        return services.participant_update(
            actor=request.user, participant=participant, data=data, absent_slots=absent
        )

    return form_page(
        request,
        form_class=ParticipantForm,
        instance=participant,
        allowed=rules.can_edit_participant(request.user, participant),
        save=save,
        success_url=lambda p: reverse("participant-detail", args=[event.slug, p.pk]),
        title=_("Registration of %(name)s") % {"name": participant.organisation.name},
        cancel_url=reverse("participant-detail", args=[event.slug, participant.pk]),
    )


@login_required
def participant_withdraw(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    event = _event(request, slug)
    participant = _participant(request, event, pk)
    return delete_page(
        request,
        instance=participant,
        allowed=rules.can_edit_participant(request.user, participant),
        delete=lambda: services.participant_withdraw(actor=request.user, participant=participant),
        success_url=reverse("event-detail", args=[event.slug]),
        cancel_url=reverse("participant-detail", args=[event.slug, participant.pk]),
    )


# Requests ------------------------------------------------------------------------------------


@login_required
def request_create(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    event = _event(request, slug)
    target = _participant(request, event, pk)
    source = selectors.acting_participant(
        user=request.user, event=event, pk=request.GET.get("as") or request.POST.get("as")
    )
    return form_page(
        request,
        form_class=RequestForm,
        instance=None,
        allowed=source is not None and rules.can_request_meeting(request.user, source),
        save=lambda data: services.request_create(
            actor=request.user, source=source, target=target, data=data
        ),
        success_url=lambda r: reverse("event-requests", args=[event.slug]),
        title=_("Ask to meet %(name)s") % {"name": target.organisation.name},
        cancel_url=reverse("participant-detail", args=[event.slug, target.pk]),
    )


@login_required
def request_list(request: HttpRequest, slug: str) -> HttpResponse:
    event = _event(request, slug)
    mine = {p.pk for p in selectors.my_participants(user=request.user, event=event)}
    can_organise = rules.can_organise_event(request.user, event)
    if not mine and not can_organise:
        raise PermissionDenied
    requests = selectors.requests_of(user=request.user, event=event).filter(
        **({"status": request.GET["status"]} if request.GET.get("status") else {})
    )
    return list_page(
        request,
        requests,
        "events/request_list.html",
        {
            "event": event,
            "mine": mine,
            "can_organise": can_organise,
            "statuses": RequestStatus.choices,
        },
    )


def _request_action(request: HttpRequest, pk: int, do: str) -> HttpResponse:
    meeting_request = object_or_404(selectors.request_for, user=request.user, pk=pk)
    back = _back(request, reverse("event-requests", args=[meeting_request.event.slug]))
    actions = {
        "accept": (
            lambda: services.request_answer(
                actor=request.user, meeting_request=meeting_request, accept=True
            ),
            _("Request accepted."),
        ),
        "decline": (
            lambda: services.request_answer(
                actor=request.user, meeting_request=meeting_request, accept=False
            ),
            _("Request declined."),
        ),
        "cancel": (
            lambda: services.request_cancel(actor=request.user, meeting_request=meeting_request),
            _("Request cancelled."),
        ),
    }
    service, done = actions[do]
    return _action(request, service, done, back)


@login_required
@require_POST
def request_accept(request: HttpRequest, pk: int) -> HttpResponse:
    return _request_action(request, pk, "accept")


@login_required
@require_POST
def request_decline(request: HttpRequest, pk: int) -> HttpResponse:
    return _request_action(request, pk, "decline")


@login_required
@require_POST
def request_cancel(request: HttpRequest, pk: int) -> HttpResponse:
    return _request_action(request, pk, "cancel")


# Scheduling ----------------------------------------------------------------------------------


@login_required
def schedule_page(request: HttpRequest, slug: str) -> HttpResponse:
    event = _event(request, slug)
    if not rules.can_schedule_event(request.user, event):
        raise PermissionDenied
    run = selectors.latest_run(event=event)
    done = selectors.latest_done_run(event=event)
    return render(
        request,
        "events/schedule.html",
        {
            "event": event,
            "run": run,
            "done": done,
            "quality": selectors.schedule_quality(event=event),
            "fill": selectors.slot_fill(event=event),
            "outcomes": selectors.outcome_figures(event=event),
            "counts": selectors.event_counts(event=event),
            "runs": event.runs.order_by("-created_at", "-pk")[:10],
            "form": ScheduleForm(),
        },
    )


@login_required
@require_POST
def schedule_run(request: HttpRequest, slug: str) -> HttpResponse:
    event = _event(request, slug)
    if not rules.can_schedule_event(request.user, event):
        raise PermissionDenied
    form = ScheduleForm(request.POST)
    back = reverse("event-schedule", args=[event.slug])
    if not form.is_valid():
        for errors in form.errors.values():
            for message in errors:
                messages.error(request, message)
        return redirect(back)
    return _action(
        request,
        lambda: scheduler.schedule_start(
            actor=request.user, event=event, time_limit=form.cleaned_data["time_limit"]
        ),
        _("Scheduling started."),
        back,
    )


@login_required
def schedule_progress(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    """The run's progress, polled by the schedule page while it is under way."""
    event = _event(request, slug)
    run = object_or_404(selectors.run_detail, user=request.user, event=event, pk=pk)
    response = render(request, "events/_run.html", {"event": event, "run": run})
    if not run.active and request.GET.get("polling"):
        response["HX-Refresh"] = "true"  # the run ended: show its result on the whole page
    return response


@login_required
@require_POST
def schedule_publish(request: HttpRequest, slug: str) -> HttpResponse:
    event = _event(request, slug)
    if not rules.can_schedule_event(request.user, event):
        raise PermissionDenied
    return _action(
        request,
        lambda: services.schedule_publish(actor=request.user, event=event),
        _("The schedule is published."),
        reverse("event-schedule", args=[event.slug]),
    )


@login_required
def event_grid(request: HttpRequest, slug: str) -> HttpResponse:
    event = _event(request, slug)
    if not rules.can_organise_event(request.user, event):
        raise PermissionDenied
    participants = event.participants.select_related("organisation").order_by(
        "-stand", "organisation__name", "pk"
    )
    page = Paginator(participants, GRID_PAGE).get_page(request.GET.get("page"))
    return render(
        request,
        "events/grid.html",
        {
            "event": event,
            "page": page,
            "querystring": "",
            "slots": list(event.slots.order_by("start")),
            "rows": selectors.grid(user=request.user, event=event, participants=list(page)),
            "fill": selectors.slot_fill(event=event),
            "sheet_pages": range(
                1, 1 + -(-len(selectors.stands_or_all(event)) // selectors.SHEETS_PER_PDF)
            ),
        },
    )


@login_required
def event_sheets_pdf(request: HttpRequest, slug: str) -> HttpResponse:
    event = _event(request, slug)
    try:
        page = int(request.GET.get("page", 1))
    except ValueError:
        raise Http404 from None
    sheets = selectors.stand_timetables(user=request.user, event=event, page=page)
    if not sheets and page > 1:
        raise Http404
    response = HttpResponse(documents.timetables_pdf(sheets), content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="{event.slug}-stands.pdf"'
    return response


# Timetables and bookings ---------------------------------------------------------------------


def _timetable(request: HttpRequest, slug: str, pk: int) -> Any:
    event = _event(request, slug)
    participant = _participant(request, event, pk)
    return selectors.timetable(user=request.user, participant=participant)


@login_required
def participant_timetable(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    sheet = _timetable(request, slug, pk)
    return render(
        request,
        "events/timetable.html",
        {
            "event": sheet.event,
            "sheet": sheet,
            "outcome_form": OutcomeForm(),
            "can_book": sheet.event.is_published
            and rules.can_book_meeting(request.user, sheet.participant),
        },
    )


@login_required
def participant_timetable_pdf(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    sheet = _timetable(request, slug, pk)
    response = HttpResponse(documents.timetables_pdf([sheet]), content_type="application/pdf")
    response["Content-Disposition"] = (
        f'inline; filename="{sheet.event.slug}-{sheet.participant.pk}.pdf"'
    )
    return response


@login_required
def participant_timetable_ics(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    sheet = _timetable(request, slug, pk)
    body = documents.timetable_ics(sheet, domain=request.get_host().split(":")[0] or "grappe")
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = (
        f'attachment; filename="{sheet.event.slug}-{sheet.participant.pk}.ics"'
    )
    return response


@login_required
def meeting_book(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    """Book a free slot with a participant (after publication), as on the paper sheets."""
    event = _event(request, slug)
    target = _participant(request, event, pk)
    source = selectors.acting_participant(
        user=request.user, event=event, pk=request.GET.get("as") or request.POST.get("as")
    )
    if source is None or not rules.can_book_meeting(request.user, source):
        raise PermissionDenied
    slots = selectors.bookable_slots(source=source, target=target)
    form = BookingForm(request.POST or None, slots=slots)
    if request.method == "POST" and form.is_valid():
        try:
            services.meeting_book(
                actor=request.user,
                source=source,
                target=target,
                slot=form.cleaned_data["slot"],
                message=form.cleaned_data["message"],
            )
        except ValidationError as error:
            form.add_error(None, error.messages)
        else:
            messages.success(request, _("Meeting booked."))
            return redirect(reverse("participant-timetable", args=[event.slug, source.pk]))
    return render(
        request,
        "events/book.html",
        {"event": event, "source": source, "target": target, "form": form, "slots": slots},
        status=422 if request.method == "POST" else 200,
    )


def _meeting(request: HttpRequest, pk: int) -> Any:
    return object_or_404(selectors.meeting_for, user=request.user, pk=pk)


@login_required
@require_POST
def meeting_outcome(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = _meeting(request, pk)
    side = selectors.acting_participant(
        user=request.user, event=meeting.event, pk=request.POST.get("as")
    )
    form = OutcomeForm(request.POST)
    back = _back(request, reverse("event-detail", args=[meeting.event.slug]))
    if side is None or not form.is_valid():
        messages.error(request, _("Choose an outcome."))
        return redirect(back)
    return _action(
        request,
        lambda: services.meeting_record_outcome(
            actor=request.user,
            meeting=meeting,
            participant=side,
            outcome=form.cleaned_data["outcome"],
        ),
        _("Outcome recorded."),
        back,
    )


@login_required
@require_POST
def meeting_lock(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = _meeting(request, pk)
    locked = request.POST.get("locked") == "1"
    return _action(
        request,
        lambda: services.meeting_set_locked(actor=request.user, meeting=meeting, locked=locked),
        _("Meeting locked.") if locked else _("Meeting unlocked."),
        _back(request, reverse("event-grid", args=[meeting.event.slug])),
    )


@login_required
@require_POST
def meeting_cancel(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = _meeting(request, pk)
    return _action(
        request,
        lambda: services.meeting_cancel(actor=request.user, meeting=meeting),
        _("Meeting cancelled."),
        _back(request, reverse("event-grid", args=[meeting.event.slug])),
    )
