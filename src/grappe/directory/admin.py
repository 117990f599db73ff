from django.contrib import admin

from grappe.directory.models import (
    FinancingSource,
    Membership,
    MembershipDues,
    Network,
    OfferNeed,
    Organisation,
    Person,
)


class FinancingInline(admin.TabularInline):
    model = FinancingSource
    extra = 0


class DuesInline(admin.TabularInline):
    model = MembershipDues
    extra = 0


@admin.register(Network)
class NetworkAdmin(admin.ModelAdmin):
    list_display = ["name", "kind", "founded_year", "published"]
    list_filter = ["kind", "legal_status", "branch_scope", "published"]
    search_fields = ["name", "acronym", "slug"]
    prepopulated_fields = {"slug": ["name"]}
    autocomplete_fields = ["perimeter", "branches", "parents", "managers"]
    inlines = [FinancingInline]


@admin.register(Organisation)
class OrganisationAdmin(admin.ModelAdmin):
    list_display = ["name", "kind", "size_band", "territory", "published"]
    list_filter = ["kind", "size_band", "published"]
    search_fields = ["name", "slug", "city"]
    autocomplete_fields = ["territory", "activity", "editors"]


@admin.register(Person)
class PersonAdmin(admin.ModelAdmin):
    list_display = ["last_name", "first_name", "organisation", "contact_consent"]
    search_fields = ["last_name", "first_name", "ref"]
    autocomplete_fields = ["organisation", "user"]


@admin.register(Membership)
class MembershipAdmin(admin.ModelAdmin):
    list_display = ["organisation", "network", "membership_type", "role", "since", "until"]
    list_filter = ["membership_type", "role"]
    autocomplete_fields = ["organisation", "network"]
    inlines = [DuesInline]


@admin.register(OfferNeed)
class OfferNeedAdmin(admin.ModelAdmin):
    list_display = ["title", "organisation", "direction", "kind", "published"]
    list_filter = ["direction", "kind", "published"]
    search_fields = ["title"]
    autocomplete_fields = ["organisation", "activity", "territory"]
