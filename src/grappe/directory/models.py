"""Organisations, people, networks, memberships, offers and needs."""

from __future__ import annotations

import datetime as dt
import secrets
from typing import ClassVar

from django.conf import settings
from django.db import models
from django.db.models import Q, Sum
from django.utils.translation import gettext_lazy as _

from grappe.activities.models import Activity
from grappe.directory.money import Currency, Money

CURRENCY_CHOICES = [(Currency.EUR.value, _("euro")), (Currency.FRF.value, _("French franc"))]


class OrganisationKind(models.TextChoices):
    COMPANY = "company", _("Company")
    RESEARCH_TRAINING = "research_training", _("Research or training centre")
    PUBLIC_BODY = "public_body", _("Institution or public body")
    CHAMBER = "chamber", _("Chamber (commerce, trades, agriculture)")
    SERVICE_PROVIDER = "service_provider", _("Service provider")
    ASSOCIATION = "association", _("Association")


class SizeBand(models.TextChoices):
    MICRO = "0_9", _("0-9 staff")
    SMALL = "10_49", _("10-49 staff")
    MEDIUM = "50_249", _("50-249 staff")
    LARGE = "250_plus", _("250+ staff")


class Organisation(models.Model):
    name = models.CharField(_("name"), max_length=200)
    slug = models.SlugField(_("identifier"), max_length=120, unique=True)
    kind = models.CharField(_("kind"), max_length=20, choices=OrganisationKind.choices)
    legal_form = models.CharField(_("legal form"), max_length=100, blank=True)
    activity = models.ForeignKey(
        Activity,
        verbose_name=_("main activity (NAF/NACE)"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="organisations",
    )
    size_band = models.CharField(
        _("size band"), max_length=10, choices=SizeBand.choices, blank=True
    )
    employees = models.PositiveIntegerField(_("employees"), null=True, blank=True)
    territory = models.ForeignKey(
        "territories.Territory",
        verbose_name=_("territory"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="organisations",
    )
    address = models.CharField(_("address"), max_length=300, blank=True)
    postcode = models.CharField(_("postcode"), max_length=20, blank=True)
    city = models.CharField(_("city"), max_length=120, blank=True)
    country = models.CharField(_("country"), max_length=2, default="FR")
    website = models.URLField(_("website"), blank=True)
    description = models.TextField(_("description"), blank=True)
    source = models.CharField(_("source"), max_length=300, blank=True)
    published = models.BooleanField(_("published"), default=True)
    editors = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("editors"),
        blank=True,
        related_name="edited_organisations",
        help_text=_("Member accounts that keep this organisation's profile, offers and needs."),
    )
    search_text = models.TextField(editable=False, blank=True, default="")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    # What `search_text` is made of (grappe.core.search), in this order.
    search_fields: ClassVar[tuple[str, ...]] = (
        "name",
        "legal_form",
        "postcode",
        "city",
        "description",
    )

    class Meta:
        verbose_name = _("organisation")
        verbose_name_plural = _("organisations")
        ordering = ["name"]
        indexes = [
            models.Index(fields=["kind"]),
            models.Index(fields=["size_band"]),
            models.Index(fields=["name", "id"], name="organisation_name_order"),
        ]

    def __str__(self) -> str:
        return self.name


def _person_ref() -> str:
    return "p-" + secrets.token_hex(6)


class Person(models.Model):
    ref = models.CharField(
        _("reference"),
        max_length=40,
        unique=True,
        default=_person_ref,
        help_text=_("Stable identifier used by imports and exports."),
    )
    first_name = models.CharField(_("first name"), max_length=100, blank=True)
    last_name = models.CharField(_("last name"), max_length=100)
    role = models.CharField(_("role"), max_length=200, blank=True)
    organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("organisation"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="people",
    )
    email = models.EmailField(_("e-mail"), blank=True)
    phone = models.CharField(_("phone"), max_length=40, blank=True)
    contact_consent = models.BooleanField(
        _("consents to show contact details"),
        default=False,
        help_text=_("Without consent, e-mail and phone are shown to nobody but editors."),
    )
    consent_at = models.DateTimeField(_("consent given at"), null=True, blank=True)
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("account"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="person",
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("person")
        verbose_name_plural = _("people")
        ordering = ["last_name", "first_name"]

    def __str__(self) -> str:
        return f"{self.first_name} {self.last_name}".strip()


class NetworkKind(models.TextChoices):
    CLUSTER = "cluster", _("Cluster")
    LOCAL_PRODUCTIVE_SYSTEM = "lps", _("Local productive system (SPL)")
    BUSINESS_CLUB = "business_club", _("Business club")
    COMPETITIVENESS_CLUSTER = "competitiveness_cluster", _("Competitiveness cluster")
    EMPLOYER_GROUP = "employer_group", _("Employer group")
    INDUSTRIAL_GROUPING = "industrial_grouping", _("Industrial grouping")
    INTER_CLUSTER = "inter_cluster", _("Inter-cluster network")
    OTHER = "other", _("Other")


class LegalStatus(models.TextChoices):
    ASSOCIATION = "association", _("Association (law of 1901)")
    INFORMAL = "informal", _("Informal grouping")
    COMPANY = "company", _("Company (SA, SARL, SAS…)")
    COOPERATIVE = "cooperative", _("Cooperative")
    EMPLOYERS_UNION = "employers_union", _("Employers' union")
    PUBLIC_BODY = "public_body", _("Public body or public-interest grouping")
    OTHER = "other", _("Other")
    UNKNOWN = "unknown", _("Not reported")


class BranchScope(models.TextChoices):
    SINGLE = "single", _("Single branch")
    MULTIPLE = "multiple", _("Several branches")
    UNKNOWN = "unknown", _("Not reported")


class Network(models.Model):
    """A cluster, local productive system, business club or any network of firms.

    The fields follow the association sheets of the AIMVER study (DATAR, 1998).
    """

    name = models.CharField(_("name"), max_length=200)
    slug = models.SlugField(_("identifier"), max_length=120, unique=True)
    acronym = models.CharField(_("acronym"), max_length=40, blank=True)
    kind = models.CharField(_("kind"), max_length=30, choices=NetworkKind.choices)
    founded_year = models.PositiveSmallIntegerField(_("founding year"), null=True, blank=True)
    founding_stages = models.TextField(_("founding and stages"), blank=True)
    perimeter = models.ManyToManyField(
        "territories.Territory", verbose_name=_("perimeter"), blank=True, related_name="networks"
    )
    perimeter_description = models.TextField(_("perimeter as described"), blank=True)
    origin = models.TextField(_("origin and initiator"), blank=True)
    legal_status = models.CharField(
        _("legal status"), max_length=20, choices=LegalStatus.choices, default=LegalStatus.UNKNOWN
    )
    legal_status_detail = models.CharField(_("legal status, details"), max_length=200, blank=True)
    branch_scope = models.CharField(
        _("branches"), max_length=10, choices=BranchScope.choices, default=BranchScope.UNKNOWN
    )
    branches = models.ManyToManyField(
        Activity, verbose_name=_("branches (NACE/NAF)"), blank=True, related_name="networks"
    )
    branches_description = models.TextField(_("branches as described"), blank=True)
    composition = models.TextField(_("composition"), blank=True)
    governance = models.TextField(_("steering and governance"), blank=True)
    staff_fte = models.DecimalField(
        _("permanent staff (full-time equivalent)"),
        max_digits=6,
        decimal_places=2,
        null=True,
        blank=True,
    )
    staff_description = models.TextField(_("permanent staff, details"), blank=True)
    budget_amount = models.DecimalField(
        _("annual budget"), max_digits=14, decimal_places=2, null=True, blank=True
    )
    budget_currency = models.CharField(
        _("budget currency"), max_length=3, choices=CURRENCY_CHOICES, default=Currency.EUR.value
    )
    budget_year = models.PositiveSmallIntegerField(_("budget year"), null=True, blank=True)
    budget_description = models.TextField(_("budget, details"), blank=True)
    dues_amount = models.DecimalField(
        _("dues per member and year"), max_digits=12, decimal_places=2, null=True, blank=True
    )
    dues_currency = models.CharField(
        _("dues currency"), max_length=3, choices=CURRENCY_CHOICES, default=Currency.EUR.value
    )
    dues_description = models.CharField(_("dues, details"), max_length=300, blank=True)
    relations_with_institutions = models.TextField(_("relations with institutions"), blank=True)
    objectives = models.TextField(_("objectives"), blank=True)
    achievements = models.TextField(_("achievements"), blank=True)
    evaluation = models.TextField(_("evaluation"), blank=True)
    outlook = models.TextField(_("outlook"), blank=True)
    needs = models.TextField(_("needs"), blank=True)
    reported_members = models.PositiveIntegerField(
        _("member firms as reported by the source"), null=True, blank=True
    )
    reported_employees = models.PositiveIntegerField(
        _("employees of members as reported by the source"), null=True, blank=True
    )
    reported_year = models.PositiveSmallIntegerField(
        _("year of reported figures"), null=True, blank=True
    )
    parents = models.ManyToManyField(
        "self",
        verbose_name=_("parent networks"),
        symmetrical=False,
        blank=True,
        related_name="children",
    )
    managers = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("managers"),
        blank=True,
        related_name="managed_networks",
    )
    source = models.CharField(_("source"), max_length=300, blank=True)
    published = models.BooleanField(_("published"), default=True)
    search_text = models.TextField(editable=False, blank=True, default="")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    # What `search_text` is made of (grappe.core.search), in this order.
    search_fields: ClassVar[tuple[str, ...]] = (
        "name",
        "acronym",
        "perimeter_description",
        "branches_description",
        "composition",
        "objectives",
    )

    class Meta:
        verbose_name = _("network")
        verbose_name_plural = _("networks")
        ordering = ["name"]
        indexes = [
            models.Index(fields=["kind"]),
            models.Index(fields=["name", "id"], name="network_name_order"),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def budget(self) -> Money | None:
        if self.budget_amount is None:
            return None
        return Money(self.budget_amount, Currency(self.budget_currency))

    @property
    def dues(self) -> Money | None:
        if self.dues_amount is None:
            return None
        return Money(self.dues_amount, Currency(self.dues_currency))

    def members_at(self, day: dt.date | None = None) -> models.QuerySet[Membership]:
        """Memberships in force on `day` (today by default)."""
        day = day or dt.date.today()
        return self.memberships.filter(
            Q(since__isnull=True) | Q(since__lte=day), Q(until__isnull=True) | Q(until__gte=day)
        )

    def member_count(self, day: dt.date | None = None) -> int:
        return self.members_at(day).values("organisation").distinct().count()

    def employee_count(self, day: dt.date | None = None) -> int:
        org_ids = self.members_at(day).values("organisation")
        total = Organisation.objects.filter(pk__in=org_ids).aggregate(n=Sum("employees"))["n"]
        return int(total or 0)


class FinancingKind(models.TextChoices):
    DUES = "dues", _("Members' dues")
    SERVICES = "services", _("Services sold")
    PUBLIC = "public", _("Public funder")
    PRIVATE = "private", _("Private funder or sponsor")
    OTHER = "other", _("Other")


class FinancingSource(models.Model):
    """One source of a network's budget and its share."""

    network = models.ForeignKey(Network, on_delete=models.CASCADE, related_name="financing")
    kind = models.CharField(_("kind"), max_length=10, choices=FinancingKind.choices)
    funder = models.CharField(_("funder"), max_length=200, blank=True)
    share_percent = models.DecimalField(
        _("share (%)"), max_digits=5, decimal_places=2, null=True, blank=True
    )
    amount = models.DecimalField(
        _("amount"), max_digits=14, decimal_places=2, null=True, blank=True
    )
    currency = models.CharField(
        _("currency"), max_length=3, choices=CURRENCY_CHOICES, default=Currency.EUR.value
    )
    year = models.PositiveSmallIntegerField(_("year"), null=True, blank=True)
    note = models.CharField(_("note"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("financing source")
        verbose_name_plural = _("financing sources")
        ordering = ["network", "-share_percent", "kind"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.funder}".strip()


class MembershipType(models.TextChoices):
    FULL = "full", _("Full member")
    FOUNDING = "founding", _("Founding member")
    ASSOCIATE = "associate", _("Associate member")
    HONORARY = "honorary", _("Honorary member")
    PARTNER = "partner", _("Institutional partner")


class MembershipRole(models.TextChoices):
    MEMBER = "member", _("Member")
    PRESIDENT = "president", _("President")
    VICE_PRESIDENT = "vice_president", _("Vice-president")
    TREASURER = "treasurer", _("Treasurer")
    SECRETARY = "secretary", _("Secretary")
    BOARD = "board", _("Board member")


class Membership(models.Model):
    """An organisation's membership of a network over time; it covers the organisation's people."""

    organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("organisation"),
        on_delete=models.CASCADE,
        related_name="memberships",
    )
    network = models.ForeignKey(
        Network, verbose_name=_("network"), on_delete=models.CASCADE, related_name="memberships"
    )
    membership_type = models.CharField(
        _("membership type"),
        max_length=10,
        choices=MembershipType.choices,
        default=MembershipType.FULL,
    )
    role = models.CharField(
        _("role"), max_length=20, choices=MembershipRole.choices, default=MembershipRole.MEMBER
    )
    since = models.DateField(_("since"), null=True, blank=True)
    until = models.DateField(_("until"), null=True, blank=True)
    renewal_date = models.DateField(_("renewal date"), null=True, blank=True)
    note = models.CharField(_("note"), max_length=300, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")
        ordering = ["network", "organisation__name"]
        constraints = [
            models.CheckConstraint(
                condition=Q(until__isnull=True)
                | Q(since__isnull=True)
                | Q(until__gte=models.F("since")),
                name="membership_until_after_since",
            ),
        ]
        indexes = [models.Index(fields=["network", "since", "until"])]

    def __str__(self) -> str:
        return f"{self.organisation} → {self.network}"


class MembershipDues(models.Model):
    membership = models.ForeignKey(Membership, on_delete=models.CASCADE, related_name="dues")
    year = models.PositiveSmallIntegerField(_("year"))
    amount = models.DecimalField(_("amount"), max_digits=12, decimal_places=2)
    currency = models.CharField(
        _("currency"), max_length=3, choices=CURRENCY_CHOICES, default=Currency.EUR.value
    )
    paid = models.BooleanField(_("paid"), default=False)

    class Meta:
        verbose_name = _("dues")
        verbose_name_plural = _("dues")
        ordering = ["membership", "-year"]
        constraints = [
            models.UniqueConstraint(
                fields=["membership", "year"], name="one_dues_per_membership_year"
            )
        ]

    def __str__(self) -> str:
        return f"{self.year}: {self.amount} {self.currency}"


class OfferNeedDirection(models.TextChoices):
    OFFER = "offer", _("Offer")
    NEED = "need", _("Need")


class OfferNeedKind(models.TextChoices):
    COMPETENCE = "competence", _("Competence")
    EQUIPMENT = "equipment", _("Equipment")
    PRODUCTION_CAPACITY = "production_capacity", _("Production capacity")
    SUBCONTRACTING = "subcontracting", _("Subcontracting")
    STAFF_SHARING = "staff_sharing", _("Staff sharing")
    PURCHASING = "purchasing", _("Purchasing")
    OTHER = "other", _("Other")


class OfferNeed(models.Model):
    """What an organisation offers to, or needs from, other firms."""

    organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("organisation"),
        on_delete=models.CASCADE,
        related_name="offers_needs",
    )
    direction = models.CharField(
        _("offer or need"), max_length=5, choices=OfferNeedDirection.choices
    )
    kind = models.CharField(_("kind"), max_length=20, choices=OfferNeedKind.choices)
    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    activity = models.ForeignKey(
        Activity,
        verbose_name=_("activity (NAF/NACE)"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
    )
    territory = models.ForeignKey(
        "territories.Territory",
        verbose_name=_("territory"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
    )
    published = models.BooleanField(_("published"), default=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("offer or need")
        verbose_name_plural = _("offers and needs")
        ordering = ["-updated_at"]

    def __str__(self) -> str:
        return self.title
