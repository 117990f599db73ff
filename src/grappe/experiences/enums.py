"""Enumerations of the knowledge base of cooperation experiences."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class Theme(models.TextChoices):
    """Themes of the OECD/DATAR exchange-fair catalogue (2001); codes as in the data format."""

    EMERGENCE_CRAFT = "emergence.craft", _("Emergence from a craft activity")
    EMERGENCE_CORE = "emergence.core", _("Emergence from a hard core of firms")
    MOBILISATION_MENTALITIES = "mobilisation.mentalities", _("Changing mentalities")
    MOBILISATION_COACHING = "mobilisation.coaching", _("Coaching")
    MOBILISATION_COMMUNICATION = (
        "mobilisation.communication",
        _("Communication within networks"),
    )
    COLLABORATIVE_HUMAN_RESOURCES = (
        "collaborative.human_resources",
        _("Grouping of human resources"),
    )
    COLLABORATIVE_RESEARCH = "collaborative.research", _("Research run by firms")
    COLLABORATIVE_FINANCING = "collaborative.financing", _("Joint financing")
    COLLABORATIVE_TRAINING = "collaborative.training", _("Training")
    COLLABORATIVE_INNOVATION_TOOLS = (
        "collaborative.innovation_tools",
        _("Innovation and shared production tools"),
    )
    COLLABORATIVE_COMMUNICATION = "collaborative.communication", _("Joint communication")
    COLLABORATIVE_INTERNET = "collaborative.internet", _("Internet for business")
    COLLABORATIVE_ENVIRONMENT = "collaborative.environment", _("Environment")
    COLLABORATIVE_CONTRACTOR_SUPPLIER = (
        "collaborative.contractor_supplier",
        _("New contractor-supplier relations"),
    )
    COLLABORATIVE_MARKET_ACCESS = (
        "collaborative.market_access",
        _("Joint market access and export"),
    )
    PARTNERSHIP_PUBLIC = "partnership.public", _("Partnership with public authorities")
    INTERCLUSTERING = "interclustering", _("Interclustering")


THEME_GROUPS = {
    "emergence": _("Emergence"),
    "mobilisation": _("Mobilisation"),
    "collaborative": _("Collaborative initiatives"),
    "partnership": _("Partnership with public authorities"),
    "interclustering": _("Interclustering"),
}


def theme_group(code: str) -> str:
    return code.split(".", 1)[0]


class FigureName(models.TextChoices):
    FIRMS = "firms", _("Firms")
    MEMBERS = "members", _("Members")
    JOBS = "jobs", _("Jobs")
    EMPLOYEES = "employees", _("Employees")
    BUDGET = "budget", _("Budget")
    TRAINEES = "trainees", _("Trainees")
    MODULES = "modules", _("Training modules")
    SESSIONS = "sessions", _("Sessions")
    APPOINTMENTS = "appointments", _("Appointments")
    PROJECTS = "projects", _("Projects")
    INVESTMENT = "investment", _("Investment")
    TURNOVER = "turnover", _("Turnover")
    CLUSTERS = "clusters", _("Clusters")
    OTHER = "other", pgettext_lazy("figure", "Other")


class FigureKind(models.TextChoices):
    COUNT = "count", _("Count")
    MONEY = "money", _("Amount of money")
    PERCENT = "percent", _("Percentage")
    NUMBER = "number", _("Number")


class Language(models.TextChoices):
    FR = "fr", _("French")
    EN = "en", _("English")


class DensityClass(models.TextChoices):
    """Density classes of the AIMVER study (see grappe.territories.density)."""

    T1 = "T1", _("T1 — dense industrial fabric")
    T2 = "T2", _("T2 — diffuse industry")
    T3 = "T3", _("T3 — low density")
    BETWEEN = "between", _("Between classes")
    UNKNOWN = "unknown", pgettext_lazy("density class", "Unknown")


class OriginKind(models.TextChoices):
    """Who started the network an experience comes from (derived from its themes and origin)."""

    CRAFT = "craft", _("A craft activity")
    FIRMS = "firms", _("Business leaders")
    PUBLIC = "public", _("Elected representatives or a public body")
    CHAMBER = "chamber", _("A chamber of commerce or of trades")
    UNKNOWN = "", _("Not known")
