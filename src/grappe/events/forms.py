"""Forms of the event pages; they validate input, the services write."""

from __future__ import annotations

from typing import Any

from django import forms
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from grappe.core.forms import ServiceForm
from grappe.directory.models import Network, Organisation, Person
from grappe.events.models import Event, EventStatus, Outcome, Participant, Priority, Slot

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
TIME = forms.TimeInput(attrs={"type": "time"}, format="%H:%M")


class SlotChoiceField(forms.ModelMultipleChoiceField):
    widget = forms.CheckboxSelectMultiple

    def label_from_instance(self, obj: Slot) -> str:
        start, end = timezone.localtime(obj.start), timezone.localtime(obj.end)
        return f"{start:%d/%m %H:%M}–{end:%H:%M}"


class EventForm(ServiceForm):
    class Meta:
        model = Event
        fields = [
            "name",
            "slug",
            "network",
            "status",
            "description",
            "venue",
            "address",
            "start_date",
            "end_date",
            "day_start",
            "day_end",
            "meeting_minutes",
            "breaks",
            "tables",
            "auto_accept",
        ]
        widgets = {
            "start_date": DATE,
            "end_date": DATE,
            "day_start": TIME,
            "day_end": TIME,
            "description": forms.Textarea(attrs={"rows": 4}),
        }

    networks: QuerySet[Network] = Network.objects.none()

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["network"].queryset = self.networks
        # Scheduled and published come from running the scheduling and publishing it.
        current = self.instance.status if self.instance.pk else EventStatus.DRAFT
        allowed = {EventStatus.DRAFT, EventStatus.OPEN, current}
        self.fields["status"].choices = [c for c in EventStatus.choices if c[0] in allowed]


def event_form_for(networks: QuerySet[Network]) -> type[EventForm]:
    """The event form offering the networks the user may organise for."""
    return type("EventForm", (EventForm,), {"networks": networks})


class RegistrationForm(ServiceForm):
    organisation = forms.ModelChoiceField(
        queryset=Organisation.objects.none(), label=_("Organisation")
    )

    class Meta:
        model = Participant
        fields = ["organisation", "stand", "location", "capacity", "profile", "looking_for"]
        widgets = {
            "profile": forms.Textarea(attrs={"rows": 4}),
            "looking_for": forms.Textarea(attrs={"rows": 3}),
        }

    organisations: QuerySet[Organisation] = Organisation.objects.none()

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = self.organisations


def registration_form_for(organisations: QuerySet[Organisation]) -> type[RegistrationForm]:
    return type("RegistrationForm", (RegistrationForm,), {"organisations": organisations})


class ParticipantForm(ServiceForm):
    """A registration: stand, capacity, profile, representatives and availability."""

    representatives = forms.ModelMultipleChoiceField(
        queryset=Person.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        label=_("Representatives"),
        help_text=_("People of the organisation who come (add them on its page)."),
    )
    absent_slots = SlotChoiceField(
        queryset=Slot.objects.none(),
        required=False,
        label=_("Slots when absent"),
        help_text=_("Tick the slots in which nobody of the organisation can meet."),
    )

    class Meta:
        model = Participant
        fields = [
            "stand",
            "location",
            "capacity",
            "profile",
            "looking_for",
            "representatives",
            "absent_slots",
        ]
        widgets = {
            "profile": forms.Textarea(attrs={"rows": 4}),
            "looking_for": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        participant = self.instance
        self.fields["representatives"].queryset = Person.objects.filter(
            organisation_id=participant.organisation_id
        )
        self.fields["absent_slots"].queryset = Slot.objects.filter(
            event_id=participant.event_id
        ).order_by("start")


class RequestForm(forms.Form):
    priority = forms.TypedChoiceField(
        label=_("Priority"), choices=Priority.choices, coerce=int, initial=Priority.NORMAL
    )
    message = forms.CharField(
        label=_("Message"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("What you would like to talk about."),
    )

    def __init__(self, *args: Any, instance: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)

    def service_data(self) -> dict[str, Any]:
        return dict(self.cleaned_data)


class ScheduleForm(forms.Form):
    time_limit = forms.FloatField(
        label=_("Time limit (seconds)"),
        min_value=0.5,
        max_value=600,
        initial=10,
        help_text=_("The engine stops at this limit with the best schedule found."),
    )


class OutcomeForm(forms.Form):
    outcome = forms.ChoiceField(label=_("Outcome"), choices=Outcome.choices)


class BookingForm(forms.Form):
    slot = forms.ModelChoiceField(queryset=Slot.objects.none(), label=_("Slot"))
    message = forms.CharField(label=_("Message"), required=False, max_length=2000)

    def __init__(self, *args: Any, slots: list[Slot], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["slot"].queryset = Slot.objects.filter(pk__in=[s.pk for s in slots]).order_by(
            "start"
        )
