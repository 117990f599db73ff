"""Writes on experiences: the one path for pages, API and commands (imports write in bulk through
grappe.experiences.dataimport, with the same derived fields).

Every service checks the actor's rights (grappe.experiences.rules: platform admins, and the
managers of the experience's network), validates the experience and its themes, partners and
figures with `full_clean`, saves everything in one transaction, computes the derived fields
(grappe.experiences.indexing) and logs the change.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from decimal import Decimal
from typing import Any, TypeVar

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from grappe.audit.models import ChangeAction
from grappe.audit.services import log_change
from grappe.experiences import indexing, rules
from grappe.experiences.enums import Theme
from grappe.experiences.models import (
    Experience,
    ExperienceFigure,
    ExperiencePartner,
    ExperienceTheme,
)

EDITABLE_FIELDS = (
    "ref",
    "network",
    "territory",
    "title_fr",
    "title_en",
    "country",
    "region",
    "period_start",
    "period_end",
    "period_label",
    "context_fr",
    "context_en",
    "objectives_fr",
    "objectives_en",
    "approach_fr",
    "approach_en",
    "strong_points_fr",
    "strong_points_en",
    "obstacles_fr",
    "obstacles_en",
    "keywords",
    "languages",
    "declared_density_class",
    "source",
    "published",
)
PARTNER_FIELDS = ("name", "share_percent", "note")
FIGURE_FIELDS = ("name", "kind", "value", "currency", "year", "source", "note")
BLANK_CHILD_FIELDS = ("note", "source", "currency")
REINDEXED_FIELDS = (*indexing.DERIVED_FIELDS, "updated_at")


def experience_create(
    *,
    actor: Any,
    data: Mapping[str, Any],
    themes: Sequence[str] = (),
    partners: Sequence[Mapping[str, Any]] = (),
    figures: Sequence[Mapping[str, Any]] = (),
) -> Experience:
    rules.require(rules.can_create_experience(actor, data.get("network")))
    return _write(
        actor=actor,
        experience=Experience(),
        data=data,
        themes=themes,
        partners=partners,
        figures=figures,
    )


def experience_update(
    *,
    actor: Any,
    experience: Experience,
    data: Mapping[str, Any],
    themes: Sequence[str] | None = None,
    partners: Sequence[Mapping[str, Any]] | None = None,
    figures: Sequence[Mapping[str, Any]] | None = None,
) -> Experience:
    """Change the fields in `data`; themes, partners and figures are replaced when given."""
    rules.require(rules.can_edit_experience(actor, experience))
    if "network" in data and data["network"] != experience.network:
        # Moving an experience to another network needs the rights on that network too.
        rules.require(rules.can_create_experience(actor, data["network"]))
    return _write(
        actor=actor,
        experience=experience,
        data=data,
        themes=themes,
        partners=partners,
        figures=figures,
    )


def experience_delete(*, actor: Any, experience: Experience) -> None:
    rules.require(rules.can_delete_experience(actor, experience))
    with transaction.atomic():
        log_change(actor=actor, action=ChangeAction.DELETED, instance=experience)
        experience.delete()


def experiences_reindex(*, actor: Any = None) -> int:
    """Recompute the derived fields of every experience (after networks or territories changed).

    `actor` is None for the command line; otherwise it must be a platform admin.
    """
    if actor is not None:
        rules.require(rules.is_admin(actor))
    count = 0
    qs = Experience.objects.select_related("network", "territory").prefetch_related(
        "themes", "partners", "figures"
    )
    classes: dict[int, str] = {}
    now = timezone.now()
    with transaction.atomic():
        batch: list[Experience] = []
        for experience in qs.order_by("pk").iterator(chunk_size=500):
            context = _context(experience, classes)
            indexing.derive(
                experience,
                themes=[t.theme for t in experience.themes.all()],
                partners=[{"name": p.name} for p in experience.partners.all()],
                figures=[_figure_dict(f) for f in experience.figures.all()],
                context=context,
            )
            experience.updated_at = now  # the similar-cases profiles are rebuilt after this
            batch.append(experience)
            if len(batch) >= 500:
                Experience.objects.bulk_update(batch, REINDEXED_FIELDS)
                count += len(batch)
                batch = []
        if batch:
            Experience.objects.bulk_update(batch, REINDEXED_FIELDS)
            count += len(batch)
    return count


# The shared write step ------------------------------------------------------------------------


def _context(experience: Experience, classes: dict[int, str] | None = None) -> indexing.Context:
    territory = experience.territory if experience.territory_id is not None else None
    if territory is None:
        klass = indexing.territory_class(None)
    elif classes is not None and territory.pk in classes:
        klass = classes[territory.pk]
    else:
        klass = indexing.territory_class(territory)
        if classes is not None:
            classes[territory.pk] = klass
    network = experience.network if experience.network_id is not None else None
    return indexing.Context(network=network, territory=territory, territory_class=klass)


def _figure_dict(figure: ExperienceFigure) -> dict[str, Any]:
    return {name: getattr(figure, name) for name in FIGURE_FIELDS}


def _rows(objects: Sequence[Any], fields: Sequence[str]) -> list[tuple[Any, ...]]:
    return [tuple(getattr(o, name) for name in fields) for o in objects]


def _clean_themes(themes: Sequence[str]) -> list[str]:
    allowed = set(Theme.values)
    unknown = [t for t in themes if t not in allowed]
    if unknown:
        raise ValidationError(
            {"themes": _("Unknown theme: %(codes)s.") % {"codes": ", ".join(map(str, unknown))}}
        )
    return list(dict.fromkeys(themes))


Child = TypeVar("Child", ExperiencePartner, ExperienceFigure)


def _children(
    model: type[Child],
    prefix: str,
    rows: Sequence[Mapping[str, Any]],
    allowed: Sequence[str],
) -> list[Child]:
    objects, errors = [], {}
    for index, row in enumerate(rows):
        extra = sorted(set(row) - set(allowed))
        if extra:
            errors[f"{prefix}.{index}"] = [
                _("Unknown field: %(names)s.") % {"names": ", ".join(extra)}
            ]
            continue
        values = {k: ("" if v is None and k in BLANK_CHILD_FIELDS else v) for k, v in row.items()}
        obj = model(position=index, **values)
        try:
            obj.full_clean(exclude=["experience"])
        except ValidationError as error:
            for name, messages in error.message_dict.items():
                errors[f"{prefix}.{index}.{name}"] = messages
        objects.append(obj)
    if errors:
        raise ValidationError(errors)
    return objects


def _check_shares(partners: Sequence[ExperiencePartner]) -> None:
    total = sum((p.share_percent for p in partners if p.share_percent is not None), Decimal(0))
    if total > 100:
        raise ValidationError(
            {
                "partners": _("The funding shares add up to %(total)s %%, more than 100 %%.")
                % {"total": total}
            }
        )


def _write(
    *,
    actor: Any,
    experience: Experience,
    data: Mapping[str, Any],
    themes: Sequence[str] | None,
    partners: Sequence[Mapping[str, Any]] | None,
    figures: Sequence[Mapping[str, Any]] | None,
) -> Experience:
    unknown = sorted(set(data) - set(EDITABLE_FIELDS))
    if unknown:
        raise ValidationError({name: _("This field cannot be set.") for name in unknown})
    creating = experience.pk is None
    changed = [k for k in data if getattr(experience, k, None) != data[k]]
    for name, value in data.items():
        setattr(experience, name, value)
    if not experience.languages:
        experience.languages = experience.held_languages()
    errors: dict[str, Any] = {}
    new_themes = new_partners = new_figures = None
    try:
        new_themes = _clean_themes(themes) if themes is not None else None
    except ValidationError as error:
        errors.update(error.message_dict)
    try:
        if partners is not None:
            new_partners = _children(ExperiencePartner, "partners", partners, PARTNER_FIELDS)
            _check_shares(new_partners)
    except ValidationError as error:
        errors.update(error.message_dict)
    try:
        if figures is not None:
            new_figures = _children(ExperienceFigure, "figures", figures, FIGURE_FIELDS)
    except ValidationError as error:
        errors.update(error.message_dict)
    try:
        experience.full_clean()
    except ValidationError as error:
        errors.update(error.message_dict)
    if errors:
        raise ValidationError(errors)

    current_themes = [] if creating else sorted(t.theme for t in experience.themes.all())
    current_partners = [] if creating else list(experience.partners.all())
    current_figures = [] if creating else list(experience.figures.all())
    themes_now = new_themes if new_themes is not None else current_themes
    partners_now = new_partners if new_partners is not None else current_partners
    figures_now = new_figures if new_figures is not None else current_figures
    indexing.derive(
        experience,
        themes=themes_now,
        partners=[{"name": p.name} for p in partners_now],
        figures=[_figure_dict(f) for f in figures_now],
        context=_context(experience),
    )
    with transaction.atomic():
        experience.save()
        if new_themes is not None and sorted(new_themes) != current_themes:
            experience.themes.all().delete()
            ExperienceTheme.objects.bulk_create(
                ExperienceTheme(experience=experience, theme=t) for t in new_themes
            )
            changed.append("themes")
        for name, rows, old_rows, fields in (
            ("partners", new_partners, current_partners, PARTNER_FIELDS),
            ("figures", new_figures, current_figures, FIGURE_FIELDS),
        ):
            if rows is None or _rows(rows, fields) == _rows(old_rows, fields):
                continue
            getattr(experience, name).all().delete()
            for row in rows:
                row.experience = experience
            if rows:
                # Each list holds rows of one model: partners, or figures.
                type(rows[0]).objects.bulk_create(rows)  # type: ignore[arg-type]
            changed.append(name)
        log_change(
            actor=actor,
            action=ChangeAction.CREATED if creating else ChangeAction.UPDATED,
            instance=experience,
            fields=changed,
            public=experience.published,
        )
    return experience
