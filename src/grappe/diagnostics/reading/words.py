"""The words the reader looks for, English and French, grouped by what they tell.

Each pattern is meant to be read in one clause of a sheet's text. Keep them narrow: a fact read
wrongly is worse than a fact left unknown.
"""

from __future__ import annotations

import re

from grappe.diagnostics.engine.facts import Aspect, Initiator


def _re(pattern: str) -> re.Pattern[str]:
    return re.compile(pattern, re.IGNORECASE)


# Actors ---------------------------------------------------------------------------------------

CHAMBER = r"chambers? of (?:commerce|trades)|\bCCIs?\b|chambres? (?:de commerce|des métiers)"
DEVELOPMENT_AGENCY = (
    r"(?:development|expansion) (?:agency|committee)|comité d'expansion|agence de développement"
)
ELECTED = (
    r"\bmayors?\b|deputy-mayor|member of parliament|\bpoliticians?\b|elected (?:members|officials?)"
    r"|councillors?|vice-president of the (?:community|district|CCSL)|\bmaires?\b|\bdéputé|\bélus\b"
)
PUBLIC_BODY = (
    r"municipalit(?:y|ies)|town hall|\btown of\b|\bthe town\b|\btown's\b|city of|\bcommunes?\b"
    r"|community of communes|intercommunal|joint syndicate|\bsyndicate\b|\bSIVOM\b|\bdistrict\b"
    r"|departmental council|regional council|(?:regional|departmental|local|public) authorities"
    r"|\bthe State\b|\bState-|\bDRIRE\b|prefect|ministry|public bod(?:y|ies)|public establishment"
    r"|economic (?:affairs )?mission|basin contract|mairie|municipalité|communauté de communes"
    r"|syndicat (?:intercommunal|mixte)|conseil (?:général|régional)|collectivités?"
)
ENTREPRENEUR = (
    r"business owners?|\bowners?\b|industrialists?|heads? of (?:a |the )?(?:[a-z]+ ){0,2}"
    r"(?:firms?|SMEs?|compan(?:y|ies)|plant)|employer-led|\bemployers\b|firms' managers"
    r"|managers themselves|business leaders?|business clubs|branch clubs|chief executive"
    r"|managing director|(?:plant )?director of (?:a|the) (?:[a-z]+ ){0,3}(?:firm|plant|SME"
    r"|company)"
    r"|entrepreneurs?|patrons?|chefs? d'entreprises?|industriels?"
)
PROFESSIONAL_BODY = (
    r"trade union|employers' union|professional (?:body|union|association)|Ingénieurs et "
    r"Scientifiques|engineers' association|bar-turning union|syndicat (?:professionnel|national)"
)
OTHER_ACTOR = r"\btrainee\b|\bstudent\b|sales representative|investment company|consultant"

ACTORS: tuple[tuple[Initiator, re.Pattern[str]], ...] = (
    (Initiator.CHAMBER, _re(CHAMBER)),
    (Initiator.DEVELOPMENT_AGENCY, _re(DEVELOPMENT_AGENCY)),
    (Initiator.ELECTED_OFFICIAL, _re(ELECTED)),
    (Initiator.PUBLIC_BODY, re.compile(PUBLIC_BODY)),  # case matters: "the State", "DRIRE"
    (Initiator.PROFESSIONAL_BODY, _re(PROFESSIONAL_BODY)),
    (Initiator.ENTREPRENEUR, _re(ENTREPRENEUR)),
    (Initiator.OTHER, _re(OTHER_ACTOR)),
)
PUBLIC_ACTOR = _re(rf"{CHAMBER}|{DEVELOPMENT_AGENCY}|{ELECTED}|{PUBLIC_BODY}")

# Verbs -----------------------------------------------------------------------------------------

INITIATION = _re(
    r"\b(?:launched|initiated|started|set up|created|founded|proposed|prompted|driven|built|formed"
    r"|grew out of|initiative|impulse|impulsion|lancée?|créée?|fondée?|à l'initiative)\b"
)
NEGATION = _re(
    r"\b(?:no|not|none|never|without|nothing|little|did not|didn't|gave no|lack of|as little"
    r"|aucune?|pas|sans|ni)\b"
)
SUPPORT_RECEIVED = _re(
    r"(?:\b(?:support|backing|help|aid|appui|soutiens?)\b (?:of|from|by|de|du|des)\b[^,;.]{0,60}?"
    rf"(?:{CHAMBER}|{DEVELOPMENT_AGENCY}|{ELECTED}|{PUBLIC_BODY}))"
    rf"|(?:\b(?:supported|backed|helped|relies on)\b (?:by )?[^,;.]{{0,40}}?"
    rf"(?:{CHAMBER}|{DEVELOPMENT_AGENCY}|{ELECTED}|{PUBLIC_BODY}))"
    rf"|(?:(?:{CHAMBER}|{DEVELOPMENT_AGENCY}|{PUBLIC_BODY})[^,;.]{{0,60}}? "
    r"(?:supported|backed|helped|supports|backs) (?:it|the club|the association)\b)"
)
HOSTING = _re(
    r"\b(?:secretariat|logistics|premises|intendance|hosted|housed|offices|secrétariat|hébergée?)\b"
)
VENUE = _re(r"\bhost\w* (?:the )?[\w' ]{0,30}meetings\b")
STEERING = _re(
    r"\b(?:steered|run|controlled|chaired|led|managed|directed|presided|supervised|piloté"
    r"|présidée?)"
    r" (?:jointly |practically |mainly )?(?:by|from|par)\b|under the (?:tutelage|supervision"
    r"|control)"
    r" of|sous (?:la )?tutelle"
)
STEERING_HEAD = _re(
    r"^(?:the |an? )?(?:president|officer|director|head|chair\w*|mayor"
    r"|vice-president)s? of (?:the )?"
)
KEY_ROLE = _re(r"plays? (?:a |an )?(?:key|essential|leading|decisive) role")
INDEPENDENT_OF_PUBLIC = _re(
    r"independen\w* (?:of|from) (?:any |all )?(?:public bod|institution)|no public body (?:was"
    r"|took)"
    r"|freed itself|emancipat|indépendan\w* (?:de tout|à l'égard des) (?:organisme|institution)"
)
INDEPENDENCE = _re(
    r"\bindependen\w*|unsubsidi[sz]ed|no subsid|employer-led|indépendan\w*|jaloux de son"
)

# Steering and members -------------------------------------------------------------------------

PERSON_START = _re(
    r"\b(?:a|an|the|its) (?:young |dynamic |local |retired |former )?(?:[A-Za-zé-]+ ){0,3}"
    r"(?:head|owner|business owner|industrialist|director|trainee|mayor|notable|politician"
    r"|president|founder|woman|man|chief executive|manager|deputy-mayor|vice-president)\b"
    r"|\bfounded by\b|\bfounding president\b|\bun (?:patron|industriel|chef d'entreprise)\b"
)
NO_DRIVER = _re(r"without a driving figure|no driving figure|sans (?:le )?moteur")
BUSINESS_PERSON = _re(
    r"industrialists?|business owners?|heads? (?:of )?(?:a |an |the )?[^.;]{0,40}?\b(?:firm|SME"
    r"|company|SARL|plant)s?\b|chief executive|managing director|plant director|business leaders?"
    r"|chef d'entreprise|\bindustriel"
)
PRESIDENT_FAILED = _re(
    r"no president|president (?:dropped out|failed|withdrew|left)|no strong leader|"
    r"défaillance du président|pas de président"
)
PRESIDENT_ACTIVE = _re(
    r"\b(?:chaired|presided) by\b|(?<!vice-)\bpresident\b|(?<!vice-)\bprésident|\bchairs\b"
)
CORE_TEAM = _re(
    r"team of (?:[a-z]+ ){0,2}(?:business owners|heads|patrons|leaders|owners)|a few (?:business "
    r"owners|peers|patrons)|active core|board of \d+ (?:business owners|patrons|owners)"
    r"|assisted by "
    r"a few|committee of \d+|with a few peers|\bnoyau\b|équipe de patrons"
)
DISPARATE = _re(
    r"very different sizes|disparate|too varied|members' diversity|heterogene|of all sizes|"
    r"large and small|large firms and SMEs|hétérogén"
)
SIMILAR = _re(r"\b(?:very )?small (?:firms|SMEs|businesses)\b|mostly craft businesses")
FIRMS_MINORITY = _re(
    r"firms (?:hold|have) only (\d+) ?%|firms, a (?:small )?minority|very minority"
)

# Relations ------------------------------------------------------------------------------------

LOCAL_AUTHORITY = _re(
    r"municipalit|town hall|\btown\b|district|community of communes|elected (?:officials|members)"
    r"|politic|mayor|local authorit|sub-prefect|departmental (?:council|councillor)|\bCCSL\b|mairie"
    r"|élus"
)
GOOD_RELATION = _re(
    r"\b(?:good|excellent|close|closely|cooperative|positive|consult\w*|linked|liaison|bonnes?|"
    r"excellentes?|étroites?)\b"
)
BAD_RELATION = _re(
    r"\bno (?:ties|links?|contacts?)\b|none at first|not very attentive|nothing positive"
    r"|did not help"
    r"|little substance|no initial support|tried to (?:annex|take)|rivalry"
)
POLITICAL_DISTANCE = _re(
    r"wary of politic|wariness of politic|keep\w* (?:its|their) distance"
    r"|independence from (?:elected )?"
    r"politic|away from political|without political|méfian\w* (?:vis-à-vis|envers) (?:du"
    r"|le) politique"
)
POLITICAL_ENTANGLEMENT = _re(
    r"into the field of political|tried to (?:annex|take (?:it )?over)|take seats on municipal"
    r"|elected officials' projects|politician of national standing|political leader who started"
)
DEVELOPMENT_BODY = _re(rf"{CHAMBER}|{DEVELOPMENT_AGENCY}|\bDRIRE\b|institutions")
DEVELOPMENT_BODY_NEGATIVE = _re(
    r"not very effective|judged ineffective|as little contact|did not help|no help"
    r"|distant relations"
    r"|poorly served|jugée? (?:peu )?(?:inefficace|efficace)"
)
POSITION_UNCLEAR = _re(r"hard to tell apart|ill-defined|no clear (?:place|position)|unclear")
POSITION_CLEAR = _re(
    r"seen (?:locally )?as (?:an economic force|representing|representative)|first body .{0,40}"
    r"consult|indispensable|unavoidable|incontournable|officially recognised representation"
)

# Engagement and activity ----------------------------------------------------------------------

LARGE_FIRMS_IN = _re(
    r"including the largest|heads of large firms|firms of more than 1\d\d staff took part"
    r"|support of "
    r"the dominant firm|(?:larger|largest) firms? (?:take|took|are) part|large (?:and"
    r"|as well as) small"
)
LARGE_FIRMS_OUT = _re(
    r"(?:large|largest|dominant|big)\b[^.;]{0,40}(?:little solidarity|little involved|withdrawn|"
    r"stays? out|left with|set up its own)|shows? little solidarity"
)
GROUPS_IN = _re(
    r"including (?:managers of )?establishments (?:owned by|of) (?:large )?groups|"
    r"establishments of (?:large )?groups"
)
GROUPS_OUT = _re(
    r"(?:units|establishments|plants?) of (?:large )?groups (?:with no|without) (?:decision|power)|"
    r"bought by (?:national |international )?groups[^.;]{0,40}(?:left|withdrew)|Courtaulds"
)
NO_ACHIEVEMENT = _re(
    r"^(?:none yet|none|nothing yet|not yet|pas encore)\b|few concrete actions yet|no achievements"
)
PLANNED = _re(r"^planned\b|^en projet\b")
THEME = _re(r"\b(?:themes?|thematic|thème|thématiques?)\b")
EMPLOYMENT = _re(
    r"(?:keep\w*|creat\w*|sav\w*|maintain\w*|fight for|defen\w*) (?:industrial |local )?(?:jobs|"
    r"employment)|employment (?:and|of|operations)|youth (?:employment|integration)|jobless|"
    r"unemploy|apprentic|work-integration|employment agency|\bANPE\b|reintegrat"
    r"|integration of young"
    r"|\bemploi\b|chômage|insertion"
)

ASPECTS: tuple[tuple[Aspect, re.Pattern[str]], ...] = (
    (
        Aspect.CONVIVIALITY,
        _re(
            r"friendly|conviviali|\bmeals?\b|dinner|lunch|breakfast|get to know|know each other|"
            r"firms that did not know|mutual knowledge|\bmeetings\b|\bmeet\b|"
            r"club meetings|fraterni|team sports|connaissance mutuelle|se connaître"
        ),
    ),
    (
        Aspect.INFORMATION,
        _re(
            r"\binformation\b|inform each other|\bexchanges?\b|share (?:know-how|"
            r"experience)|sharing of experience|pass on experience|conferences?|debates?|newsletter"
            r"|"
            r"study trip|company visit|symposia|échanges? d'informations"
        ),
    ),
    (
        Aspect.PHYSICAL_ENVIRONMENT,
        _re(
            r"transport|\broads?\b|telecommunications|water|waste|pollution|sanitation"
            r"|\benvironment"
            r"|infrastructure|housing|industrial zone|business park|floods?|signage|safety"
            r"|wasteland"
            r"|effluent|déchets|routes?\b|logement"
        ),
    ),
    (
        Aspect.HUMAN_ENVIRONMENT,
        _re(
            r"training|vocational|apprentic|schools?\b|lycée|young people|youth|jobless|unemploy|"
            r"\bskills\b|qualification|employment|jobs|integration|formation|emploi|insertion"
        ),
    ),
    (
        Aspect.ADMINISTRATIVE_ENVIRONMENT,
        _re(
            r"regulations?|administration|lobby|municipal bodies|public authorities|\btax|labour "
            r"inspectorate|grievances|labour regulations|plan contract|development contract|"
            r"basin contract|representation|collective agreements|réglementation"
        ),
    ),
    (
        Aspect.IMAGE,
        _re(
            r"make (?:the area|the area's|its industry|the region|the firms|the area's firms|"
            r"the area and its industry)[^.;]{0,30} known|promot\w* (?:of )?(?:the town|the area|"
            r"the valley|local|industrial development)|\bimage\b|populari[sz]|exhibitions?|"
            r"trade fairs?|Tour de France|\bFête\b|tourism|open days|welcome (?:of )?(?:project "
            r"holders|new firms|firms)|attract\w* (?:new |complementary )?firms|notoriété"
        ),
    ),
    (
        Aspect.MANAGEMENT_PROGRESS,
        _re(
            r"certif|\bISO ?\d|quality (?:standards|charter|and certification)"
            r"|standards and quality|"
            r"\bstandards\b|management (?:training|audit)|audit of (?:all )?the firms"
            r"|technology watch"
            r"|technical progress|new technologies|normalisation|informatisation"
        ),
    ),
    (
        Aspect.BUSINESS_COOPERATION,
        _re(
            r"joint (?:bids?|sales|marketing|promotion|subsidiar\w+|brand|exports?|business)"
            r"|shared "
            r"(?:brand|sales|plant|subcontracting plant)|common brand|calls? for tender"
            r"|large orders|"
            r"contracts jointly|sales agent|group(?:ed)? (?:purchas\w+|exports?)|consortium|\bGIE\b"
            r"|"
            r"holding|venture capital|investment fund|take(?:s)? over|complex products|new business"
            r"|"
            r"(?:make|sell) (?:and sell )?products together|temporary alliances"
            r"|cooperation projects|"
            r"marchés? communs?|filiale commune"
        ),
    ),
)

SCOPE_MULTIPLE = _re(
    r"all branches|\bvarious\b|\bvaried\b|diversified|several branches|\bdiverses?\b"
    r"|toutes branches"
    r"|\bvariées?\b"
)
DOMINANT = _re(r"\b(?:mainly|mostly|above all|dominant|dominated|predominant|dominante?)\b")
NO_DOMINANT = _re(r"no dominant branch|pas de branche dominante")
