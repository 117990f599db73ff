"""The rules of vitality and the reasons of every result, worded (see texts.py for labels)."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

# Each rule: its title, and why it matters according to the study.
RULES = {
    "motor_individual": (
        _("A motor individual, and a head of firm who carries it"),
        _(
            "The study found a driving person at the start of every association. A crisis alone "
            "rarely suffices; in weaker areas an elected official or a development officer may "
            "start things, but a head of firm has to take them up."
        ),
    ),
    "presidents": (
        _("Vigorous successive presidents"),
        _(
            "The drive of successive presidents is one of the lasting factors of success; where "
            "the president fails, activity stops."
        ),
    ),
    "core_team": (
        _("A small committed team of heads of firms"),
        _(
            "The complicity of a small team of owners attached to their area keeps the "
            "association going between projects."
        ),
    ),
    "business_heads": (
        _("Members are mostly heads of firms and establishments"),
        _(
            "Clubs made only, or mostly, of heads of firms and of establishment managers are the "
            "most dynamic; other members change the club's agenda."
        ),
    ),
    "homogeneous_sizes": (
        _("Members of neighbouring sizes"),
        _(
            "Clubs of firms of similar size are the most enterprising. Opening to much smaller "
            "firms improves the club's image but lowers its ambition and is hard to manage."
        ),
    ),
    "non_participants": (
        _("Non-participants below 30 % of the area's firms of 10+ staff"),
        _(
            "Beyond that share, the club no longer speaks for the area's firms and stays a "
            "minority."
        ),
    ),
    "perimeter_size": (
        _("One to five cantons, 30 to 60 firms"),
        _(
            "The most active associations have a small perimeter: one to five cantons and 30 to "
            "60 firms; above 60 members, heterogeneity grows and the team cannot follow."
        ),
    ),
    "large_firms": (
        _("The largest firms and the outside groups' plants take part"),
        _(
            "When large firms and the managers of plants belonging to outside groups stay out, "
            "the association is stunted; their engagement legitimises it."
        ),
    ),
    "political_distance": (
        _("Away from party politics, cooperating with local authorities"),
        _(
            "Associations of heads of firms keep their distance from elected politicians, or "
            "lose their independence or clash with the authorities; yet their common interests "
            "meet the authorities' general interest, so they must cooperate without subservience."
        ),
    ),
    "light_means": (
        _("Light but real means"),
        _(
            "Most clubs live on dues of 500 to 1,500 francs (76 to 229 euros) a year per member "
            "and no regular subsidy; members paying their share is a sign of commitment, while "
            "clubs mostly paid for by public bodies lose their drive."
        ),
    ),
    "logistics_support": (
        _("Logistics from a well-equipped institution"),
        _(
            "A secretariat and meeting rooms provided by a town hall, a firm or a chamber of "
            "commerce are one of the lasting factors of success."
        ),
    ),
    "concrete_projects": (
        _("One or two concrete projects"),
        _(
            "An association without giant ambitions lasts when it has, each year, one or two "
            "concrete projects that keep a core of volunteers at work."
        ),
    ),
    "yearly_theme": (
        _("A progress theme for the year"),
        _(
            "A theme of progress each year (quality, for example) gives the members a common "
            "thread and keeps the whole group in."
        ),
    ),
    "employment_focus": (
        _("A place for the fight for jobs"),
        _(
            "In the Vendée, giving employment an important place legitimised the associations: "
            "the sub-prefect and the councillors consult them first on economic matters."
        ),
    ),
    "development_bodies_support": (
        _("Support of the development bodies (chamber of commerce, expansion committee…)"),
        _(
            "Without the support of the bodies in charge of development, associations are "
            "stunted: it is the first factor of stunting the study lists."
        ),
    ),
    "clear_position": (
        _("A clear place beside the local institutions"),
        _(
            "An association whose position towards the existing institutions is ill-defined is "
            "stunted: it duplicates them or disappears behind them."
        ),
    ),
    "means_for_proposals": (
        _("Means to work out proposals"),
        _(
            "Lack of means often prevents associations from working out real projects and "
            "getting heard: some staff or money for studies is needed."
        ),
    ),
}

CALL_RULES = {
    "call.ten_firms": _("The project concerns at least about ten firms"),
    "call.natural_perimeter": _("A natural perimeter: a canton, a living area or a 'pays'"),
    "call.public_share": _("Public money no larger than the firms' own contribution"),
    "call.lasting_progress": _("A lasting gain in competitiveness (certification, new firm…)"),
    "call.firms_commit": _("The firms commit their own means (skills, equipment, money)"),
}

# The reasons behind classes and verdicts: code → sentence with %(params)s.
REASONS = {
    "branches.single": _("The record says the members belong to a single branch."),
    "branches.multiple": _("The record says the members belong to several branches."),
    "branches.codes_one_family": _("All its branch codes (%(codes)s) are of one branch."),
    "branches.codes_several_families": _("Its branch codes (%(codes)s) span several branches."),
    "family.no_branches": _("Whether it covers one branch or several is not known."),
    "family.public_links": _("Tied to a public body: %(kinds)s (%(bodies)s)."),
    "family.mode_autonomous": _("The heads of firms remain an autonomous group."),
    "family.mode_incorporated": _("The firms are part of a body steered by the public side."),
    "family.no_public_link": _("No tie with a public body appears in its record."),
    "family.ties_unknown": _("Its origin and relations with institutions are not described."),
    "family.t3_grouping": _(
        "In low-density (T3) territories the study files every multi-branch grouping with "
        "those connected to a public body."
    ),
    "family.t3_possible": _(
        "Without a tie it would be B2, unless its territory is T3, where the study files every "
        "multi-branch grouping with the B3 class; the territory class is not known."
    ),
    "extent.cantons": _("The perimeter covers %(cantons)s canton(s)."),
    "extent.perimeter": _("The perimeter is %(extent)s."),
    "extent.unknown": _("The size of the perimeter is not known."),
    "territory.all_thresholds": _("Every threshold of the class is met (%(measures)s)."),
    "territory.between": _("The figures fall between the classes' thresholds (%(measures)s)."),
    "territory.only_candidate": _(
        "Only %(klass)s remains possible with the known figures (%(measures)s)."
    ),
    "territory.unknown": _("Not enough figures to decide (%(measures)s)."),
    "territory.no_figures": _("Not enough figures to decide."),
    "territory.members_rule_out_t3": _(
        "Its members alone make %(per_canton)s firms of 10+ staff per canton, more than a T3 "
        "territory has."
    ),
    "fabric.firms_per_canton": _("%(firms_per_canton)s firms per canton."),
    "fabric.few_firms_10_plus": _("%(firms_10_plus_per_canton)s firms of 10+ staff per canton."),
    "fabric.territory_class": _("Following the territory class %(klass)s."),
    "fabric.jobs_per_km2": _("%(jobs_per_km2)s jobs per km² are stated."),
    "fabric.unknown": _("The firm counts of the area are not known."),
    "weight.single": _("A single branch."),
    "weight.share_dominant": _("The main branch holds %(percent)s %% of the members."),
    "weight.share_none": _("The main branch holds only %(percent)s %% of the members."),
    "weight.stated_dominant": _("The record says one branch dominates."),
    "weight.stated_none": _("The record names varied branches without a dominant one."),
    "weight.unknown": _("The weight of the branches is not known."),
    "origin.initiator": _("Started by %(initiator)s."),
    "origin.link": _("Tie: %(kind)s %(body)s."),
    "origin.independence": _("The record stresses its independence."),
    "ambition.done": _("Done: %(aspect)s (%(level)s)."),
    "ambition.aimed": _("Aimed at: %(aspect)s (%(level)s)."),
    "ambition.aims_higher": _("It aims higher, at %(level)s."),
    "ambition.only_aimed": _("Only aims are described, no achievement yet: %(level)s."),
    "ambition.no_activity": _("Neither objectives nor achievements can be read."),
    "motor.found": _("A driving person is named."),
    "motor.none": _("The record says there was no driving figure."),
    "motor.no_business_leader": _("No head of firm leads it."),
    "motor.public_start_no_leader": _(
        "A public body or an elected official started and steers it; no head of firm leads it."
    ),
    "president_active.yes": _("A president leads it."),
    "president_active.no": _("It has no president, or its president dropped out."),
    "core_team.yes": _("A team of heads of firms runs it."),
    "core_team.no": _("No core team is described."),
    "business_heads.share_met": _(
        "%(firms)s of its %(members)s members (%(percent)s %%) are firms."
    ),
    "business_heads.share_not_met": _(
        "Only %(firms)s of its %(members)s members (%(percent)s %%) are firms."
    ),
    "business_heads.minority": _("Firms are a minority of its members or board."),
    "business_heads.majority": _("Firms are the majority of its members."),
    "homogeneous.disparate": _("The record says the members' sizes are too different."),
    "homogeneous.similar": _("The members are firms of similar size."),
    "homogeneous.range_met": _("Members have %(low)s to %(high)s staff (%(bands)s size bands)."),
    "homogeneous.range_not_met": _(
        "Members have %(low)s to %(high)s staff, over %(bands)s size bands."
    ),
    "non_participants.met": _("%(percent)s %% of the area's firms stay out (limit %(limit)s %%)."),
    "non_participants.not_met": _(
        "%(percent)s %% of the area's firms stay out (limit %(limit)s %%)."
    ),
    "perimeter.cantons_in": _("%(cantons)s canton(s)."),
    "perimeter.cantons_out": _("%(cantons)s cantons, outside one to five."),
    "perimeter.large": _("A département-wide or larger perimeter."),
    "perimeter.firms_in": _("%(firms)s member firms."),
    "perimeter.firms_out": _("%(firms)s member firms, outside 30 to 60."),
    "large_firms_engaged.yes": _("The largest firms take part."),
    "large_firms_engaged.no": _("The largest firms stay out or withdrew."),
    "outside_groups_engaged.yes": _("Plants of outside groups take part."),
    "outside_groups_engaged.no": _("Plants of outside groups show little involvement."),
    "political_entanglement.yes": _("It is led by, or strays into, party politics."),
    "political_entanglement.no": _("It keeps out of party politics."),
    "political_distance.yes": _("It keeps its distance from party politics."),
    "political_distance.no": _("It does not keep away from party politics."),
    "local_cooperation.yes": _("It cooperates with the local authorities."),
    "local_cooperation.no": _("Its relations with the local authorities are poor or absent."),
    "means.dues_within": _("Dues of %(dues)s euros, within the usual %(low)s-%(high)s euros."),
    "means.dues_below": _("Dues of %(dues)s euros, below the usual %(low)s-%(high)s euros."),
    "means.dues_above": _("Dues of %(dues)s euros, above the usual %(low)s-%(high)s euros."),
    "means.budget": _("A budget of %(budget)s euros a year."),
    "means.mostly_public": _("%(percent)s %% of its money is public."),
    "means.none": _("No budget and no dues."),
    "logistics_support.yes": _("An institution provides its secretariat or logistics."),
    "logistics_support.no": _("No institution provides its logistics."),
    "proposals.staff": _("%(fte)s permanent staff (full-time equivalent)."),
    "proposals.no_staff": _("No permanent staff and no money for studies."),
    "projects.some": _("%(n)s concrete achievement(s) beyond meetings."),
    "projects.none": _("No concrete achievement yet."),
    "yearly_theme.yes": _("It works on themes."),
    "yearly_theme.no": _("It has no theme of the year."),
    "employment_focus.yes": _("Jobs, training or integration are among its subjects."),
    "employment_focus.no": _("Employment is not among its subjects."),
    "development_bodies_support.yes": _("A development body supports it."),
    "development_bodies_support.no": _("The development bodies do not support it."),
    "position_clear.yes": _("It has a recognised place beside the institutions."),
    "position_clear.no": _("Its place beside the local institutions is unclear."),
    "call.firms": _("%(firms)s member firms."),
    "call.perimeter": _("The perimeter is %(extent)s."),
    "call.public": _("%(percent)s %% of its money is public."),
    "call.progress": _("Its activities aim at professional development (level N3)."),
    "call.commit": _("The members pay dues or fund the budget."),
    "call.no_commit": _("No budget and no dues."),
    "finding.applies": _("Applies to this network: %(classes)s."),
    "finding.age": _("A %(family)s network founded %(years)s years before the figures."),
    "finding.industrial_ambition": _("A B2 network aiming at professional development (N3)."),
    "step.founding": _("The club is being founded."),
    "step.rule_not_met": _("Rule not met: %(rule)s."),
    "step.incorporated": _("The public side steers it; the heads of firms need room."),
    "step.level": _("Its ambition level is %(level)s."),
    "step.territory": _("Its territory is %(klass)s."),
    "step.t2_n1": _("A T2 territory and an N1 club: the risk of staying a friendly society."),
    "step.call_eligible": _(
        "As %(addressee)s it meets every eligibility rule of a call for projects."
    ),
    "step.call_partly": _(
        "As %(addressee)s. Rules met: %(met)s. Not met: %(not_met)s. Unknown: %(unknown)s."
    ),
    "step.exchange": _("Networks in a situation like this one are listed below."),
}
