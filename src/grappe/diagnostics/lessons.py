"""The study's lessons per class and its programme, summarised in our own words.

Findings (FINDINGS: id → title, text) come from chapters III-A, III-C, III-E and III-F of the
AIMVER study; next steps (STEPS) from its programme, chapter IV, and from the remedies it gives
where a rule is not met.
"""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

FINDINGS = {
    "t1_multi": (
        _("Multi-branch associations in dense territories (T1)"),
        _(
            "Owners who are close neighbours quickly become ambitious together. With an "
            "enterprising president backed by a team, members accept high dues and pay a "
            "permanent officer who carries projects through. The perimeter stays small (about "
            "a canton), relations with elected officials are good because everyone lives with "
            "industry, and the association becomes a partner schools, the employment agency or "
            "the railways cannot ignore. It remains exposed to personal quarrels, but the "
            "area's resources make restarts easier."
        ),
    ),
    "t1_mono": (
        _("Branch associations in dense territories (T1)"),
        _(
            "In areas whose old industry has held up, a long-standing trade union managed the "
            "slow changes. For fast, radical ones it needs someone standing back from daily "
            "business to watch and guide — a higher level of the union, or a local authority "
            "able to bring skills and money to a conversion; otherwise hard decisions are not "
            "taken. Branch associations cover wider areas than multi-branch ones, except in "
            "highly specialised valleys; a multi-branch association may grow out of a branch "
            "one that needs to diversify."
        ),
    ),
    "t2_multi": (
        _("Multi-branch associations in medium-density territories (T2)"),
        _(
            "They start in the canton's main town, where an influential owner close to the "
            "local councillor easily gathers twenty peers; fifty are reached within two years. "
            "The risk is to remain a friendly society (N1) for lack of industrial drive, the "
            "more so if the doors open too widely. Nearer to industrial areas, they take up "
            "common interests (N2) — provided relations with elected officials and the "
            "administration are good, or disappointment brings apathy back."
        ),
    ),
    "t2_mono": (
        _("Branch groupings in medium-density territories (T2)"),
        _(
            "Where a once denser fabric remains, or a successful branch has grown fast, firms "
            "come together through their managers' business and personal ties more than "
            "through proximity. Deals at the core of the business (export groupings, a common "
            "catalogue) are short-lived and give way to mergers, take-overs or joint "
            "subsidiaries, usually with a third party (expansion committee, investor); "
            "peripheral ones (training, technical centre) last longer, helped by an organiser "
            "such as the chamber of commerce."
        ),
    ),
    "t3": (
        _("Associations in low-density territories (T3)"),
        _(
            "Small associations of ten to fifteen members, started by owners with the help of "
            "development officers, wake up elected officials and give their peers hope. They "
            "defend common interests (N2) and ask public bodies to back professional projects "
            "(N3). They feel less heard than the administrations that pile up studies, yet they "
            "turned elected officials towards saving viable existing firms and helped firms of "
            "one branch to group rather than die one by one. The right level is the employment "
            "area."
        ),
    ),
    "mono_branch": (
        _("What branch groupings bring, and their limits"),
        _(
            "Talking between peers brings useful information and progress on subjects where "
            "members do not compete: bad payers, training skilled staff, sharing costly "
            "equipment. On the core of the business (products, technologies, markets) the "
            "friendly relation is not enough: at best a consortium for a big contract or a "
            "grouping to launch a product. A third party is needed to raise awareness — the "
            "network's staff, the town, the chamber of commerce. Two problems remain: the "
            "largest firms feel they give more than they get, and plants of outside groups "
            "lose interest. A true local productive system is the most productive form, but "
            "takes more than ten years to build."
        ),
    ),
    "autonomous_multi": (
        _("Independent multi-branch associations (B2)"),
        _(
            "Without giant ambitions, centred on good relations between firms and with their "
            "surroundings, they are clearly useful to owners and can last. A big collective "
            "project is not needed and may divide: one or two one-off projects and a progress "
            "theme each year keep a core of volunteers busy and the rest following. The four "
            "conditions seen in the Vendée: presidents who are motivators; the largest firms "
            "and group plants joining in; projects and themes that matter to all; a real place "
            "for the fight for jobs. The association must become part of the local landscape."
        ),
    ),
    "industrial_ambition": (
        _("For sharper industrial ambitions"),
        _(
            "The cases of Wissembourg, the Vimeu and the Cher show what is needed together: an "
            "industrial tradition; about fifty firms at most, in fairly close branches; owners "
            "who fraternise and are rooted in the area; a real financial commitment of the "
            "members; a qualified permanent team that carries out the operations the members "
            "decide; and independence from institutions that lack drive, without hostility."
        ),
    ),
    "connected_dense": (
        _("Groupings connected to a public body, in the denser territories"),
        _(
            "An official impulse is the spark; the association then gains a fair autonomy. "
            "Except where one political leader is undisputed, it keeps away from politicians "
            "and focuses on its members' prosperity. Close work with a salaried development "
            "officer helps it take root and persevere. Admitting small firms because of the "
            "local-development origin, and the reluctance of outside groups' plants, cause "
            "difficulties; members pay little since the initiator bears the logistics, so "
            "motivation is uneven and the fraternal bond between owners must make up for it."
        ),
    ),
    "connected_sparse": (
        _("Cooperation in very low-density territories"),
        _(
            "Firms there usually need an outside impulse to work together. Their cooperation "
            "bears fruit when they share a professional ground (wood or aromatic plants in the "
            "Diois); otherwise the public development body has to lead, bringing means, with "
            "the owners invited to take part. Industrialisation should not be expected without "
            "an exceptional event from outside."
        ),
    ),
    "multi_renewal": (
        _("The five-to-six-year mark"),
        _(
            "Multi-branch cooperations are quick to set up (two to three years) and soon "
            "useful, but their effects are modest and hard to measure. If after five or six "
            "years they renew themselves and show concrete achievements, they can become, even "
            "with small means, the driving and representative institution of the local economy."
        ),
    ),
    "level_n1": (
        _("Level N1: conviviality"),
        _(
            "Getting to know each other is an important step, though not enough. Friendly "
            "relations breed bilateral deals between members and almost always lead to "
            "collective projects of the next level; the friendly association is the lasting "
            "base on which project teams form when a common problem or an opportunity arises."
        ),
    ),
    "level_n2": (
        _("Level N2: common interests"),
        _(
            "Solving common problems (physical, human and administrative environment, the "
            "area's image) is the main visible output of multi-branch associations and binds "
            "members. Except in very small areas few problems concern all firms equally: the "
            "art is to run several projects, each for a sub-group. Cooperate with the local "
            "authorities without becoming subservient or encroaching on their role."
        ),
    ),
    "level_n3": (
        _("Level N3: professional development"),
        _(
            "Shared management progress (computerisation, certification, standards) needs a "
            "leader — the association's staff or an outside development officer. Business "
            "cooperation (joint bids, groupings, common subsidiaries) happens within one branch "
            "and needs a federating pilot: the dominant firm, or a strong figure of the trade "
            "union or the chamber of commerce. In France such ventures have often ended in "
            "quarrels or take-overs, but foreign examples show it need not be so."
        ),
    ),
}

STEPS = {
    "assess_feasibility": (
        _("Assess the feasibility"),
        _(
            "Meet the people who know the area's firms best; list the visible problems that "
            "cooperation between firms could improve; note the favourable and unfavourable "
            "factors, including the leading personalities and their relations, and past "
            "cooperations remembered well or badly; plan contacts with owners in the most "
            "promising employment areas, with the local development actors."
        ),
    ),
    "listen_to_leaders": (
        _("Listen to the leading heads of firms"),
        _(
            "See the most prominent owners one by one about their relations with their "
            "surroundings and the progress they want; show them, with cases they can check, "
            "what cooperation could bring on those problems; arrange meetings with owners "
            "already engaged in a club of a neighbouring area."
        ),
    ),
    "prepare_welcome": (
        _("Prepare the welcome"),
        _(
            "Settle what the club's relations will be with the chamber of commerce (possibly "
            "as its local relay) and with the development bodies of the local authorities; "
            "plan logistics (secretariat, meeting room) for the first year."
        ),
    ),
    "free_motor_core": (
        _("A motor core of owners, left free"),
        _(
            "Bring together a driving core of heads of firms and leave them entirely free; "
            "serve them: put them in touch with clubs in a similar situation, tell them about "
            "the forms of clubs, how they work and their dues, and study the professional "
            "problems several firms share."
        ),
    ),
    "renew_presidency": (
        _("Renew the presidency"),
        _("Look for a president among the heads of firms who is a motivator, backed by a team."),
    ),
    "size_groups": (
        _("Work in groups of similar firms"),
        _(
            "Set up committees or sub-groups by size or by problem, so that large firms and "
            "small ones each find subjects that matter to them; keep the club mostly made of "
            "heads of firms."
        ),
    ),
    "refocus_perimeter": (
        _("Refocus the perimeter"),
        _(
            "Aim at one to five cantons and 30 to 60 firms; on a wider area, form sub-groups by "
            "type of problem or by employment area."
        ),
    ),
    "recruit": (
        _("Bring in the firms that stay out"),
        _(
            "Visit the area's firms of 10+ staff that are not members, starting with the "
            "largest, until those staying out are fewer than 30 %."
        ),
    ),
    "involve_large_firms": (
        _("Involve the largest firms and the groups' plants"),
        _(
            "Meet the heads of the largest firms and the managers of plants belonging to "
            "outside groups; common-interest subjects (level N2) are those that interest them."
        ),
    ),
    "keep_politics_away": (
        _("Keep party politics at a distance"),
        _(
            "Stay on the firms' own ground, cooperate with the local authorities on shared "
            "interests, and avoid both subservience and conflict."
        ),
    ),
    "real_means": (
        _("Secure light but real means"),
        _(
            "Ask members for real dues, and seek a host institution for the logistics; for a "
            "project, temporary means for expertise and preparing the file can come from the "
            "institutions or a call for projects, without public money outweighing the firms'."
        ),
    ),
    "projects_and_theme": (
        _("One or two projects and a theme each year"),
        _(
            "Choose each year one or two concrete projects that matter to all, and a progress "
            "theme such as quality."
        ),
    ),
    "employment": (
        _("Give employment its place"),
        _(
            "Taking up the fight for jobs (training, integration of young people, keeping "
            "jobs) legitimises the association with the public authorities."
        ),
    ),
    "n1_to_n2": (
        _("From conviviality (N1) to common interests (N2)"),
        _(
            "Take up a problem of common interest — transport, training, relations with the "
            "administration, the image of the area — or several at once, each for the firms it "
            "concerns, and show that together one obtains more than alone."
        ),
    ),
    "n2_to_n3": (
        _("From common interests (N2) to professional development (N3)"),
        _(
            "Pool means for a management progress several firms need (certification, "
            "computerisation) with a leader — a permanent officer or an outside development "
            "officer; within one branch, business cooperation needs a federating pilot."
        ),
    ),
    "n3_pilot": (
        _("Keep a pilot for professional development (N3)"),
        _(
            "Secure the leader and the third party that carry the joint operations, and share "
            "profits and risks fairly: that is where such groupings break up."
        ),
    ),
    "t2_connection": (
        _("Avoid stalling as a friendly society"),
        _(
            "In a T2 territory, take up common interests with good relations with the elected "
            "officials and the administration; do not open the doors too widely."
        ),
    ),
    "t3_public_lead": (
        _("In a low-density territory, let the public development body lead"),
        _(
            "Look for a shared professional ground between firms; where there is none, the "
            "local development body should lead, with means, and invite the owners; work at "
            "the level of the employment area."
        ),
    ),
    "call_for_projects": (
        _("Answer a call for projects"),
        _(
            "The study's call for projects asks for one achievement between firms that brings "
            "all participants a lasting gain in competitiveness: at least about ten firms on a "
            "natural perimeter, public money no larger than the firms' contribution, an "
            "irreversible progress, and firms committing their own means."
        ),
    ),
    "exchange_experience": (
        _("Exchange with similar networks"),
        _(
            "Compare notes with networks in a similar situation, to choose the best model and "
            "starting point."
        ),
    ),
}
