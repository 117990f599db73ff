from django.db.models import QuerySet

from grappe.audit.models import ChangeLogEntry


def recent_changes(*, limit: int = 10, public_only: bool = True) -> QuerySet[ChangeLogEntry]:
    """The latest changes, newest first; anonymous visitors see only public ones."""
    qs = ChangeLogEntry.objects.all()
    if public_only:
        qs = qs.filter(public=True)
    return qs.select_related("actor")[:limit]
