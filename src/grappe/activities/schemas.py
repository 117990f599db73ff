"""How API inputs name NAF/NACE codes."""

from __future__ import annotations

from grappe.activities.models import Activity
from grappe.core.schemas import Ref

ACTIVITY = Ref("NAF/NACE code", "code", lambda actor: Activity.objects.all())
ACTIVITIES = Ref("NAF/NACE code", "code", lambda actor: Activity.objects.all(), many=True)
