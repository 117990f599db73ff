"""Words of the knowledge base: normalisation, light stemming and a small bilingual vocabulary.

Plain Python (no Django): the search index, the similar-cases engine and the sheet importer
share it. Text is normalised to lowercase ASCII words separated by single spaces, so that
"Sous-traitance" and "sous traitance" are the same words and accents are ignored.

The vocabulary groups a few equivalent terms, French and English, under a concept ("formation",
"training", "apprentissage" are the concept `training`). It is what lets a French query find an
English record of the same subject: keywords and themes are indexed with the terms of their
concepts, and query words are expanded to the terms of theirs. Keep each concept to true
equivalents: a related word belongs elsewhere, or nowhere.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache, lru_cache

from unidecode import unidecode

_NON_WORD = re.compile(r"[^a-z0-9]+")


def _word_set(text: str) -> frozenset[str]:
    return frozenset(text.split())


STOP_WORDS: frozenset[str] = _word_set(
    # French
    "a au aux avec ce ces cette d dans de des du elle en et est il ils la le les leur leurs l "
    "mais ne ni nos notre on ou par pas pour qu que qui sa se ses son sont sur ta te un une "
    "vos votre y ete etre fait faire plus tres comme entre afin ainsi aussi dont lors sans "
    "n s c j m t sous chez vers selon depuis apres avant contre lors "
    # English
    "an and are as at be been by for from has have in into is it its of on or that the their "
    "this to was were which with will within without our we they them these those than also "
    "via per not no about after again against all am any because before being below between "
    "both but can could did do does doing down during each few further had having he her here "
    "hers him his how if just me more most my nor now off once only other out over own same "
    "she should so some such then there through too under until up very what when where who "
    "whom why you your one two three get gets got another since many much may might must "
    "would upon while yet etc "
    "car donc tout tous toute toutes elles nous vous je tu cela ceci celle celui ceux quand "
    "comment pourquoi bien peu deux trois etait ont avait avoir ete sera leurs dans"
)


# Transliterations of the non-ASCII characters met so far (str.translate runs them in C).
_ASCII: dict[int, str] = {}


def ascii_text(text: str) -> str:
    """`text` transliterated to ASCII ("Société" → "Societe", "œuvre" → "oeuvre")."""
    if text.isascii():
        return text
    for char in set(text):
        if ord(char) > 127 and ord(char) not in _ASCII:
            _ASCII[ord(char)] = unidecode(char)
    return text.translate(_ASCII)


def normalise(text: str) -> str:
    """Lowercase ASCII words separated by single spaces ("Sous-Traitance" → "sous traitance")."""
    return _NON_WORD.sub(" ", ascii_text(text or "").lower()).strip()


def words(text: str) -> list[str]:
    """The normalised words of `text`, in order."""
    return normalise(text).split()


@lru_cache(maxsize=100_000)
def stem(word: str) -> str:
    """A light, language-neutral stem: plural endings and a final mute letter off.

    Singular and plural get the same stem ("entreprise", "entreprises" → "entrepris";
    "activite", "activity", "activities" → "activit"), and searches match stems as word
    prefixes.
    """
    if len(word) >= 7 and word.endswith("ies"):
        return word[:-3]
    if len(word) >= 7 and word.endswith("es"):
        return word[:-2]
    if len(word) >= 5 and word[-1] in "sx" and word[-2] not in "su":
        word = word[:-1]
    if len(word) >= 6 and word.endswith("ie"):
        return word[:-2]
    if len(word) >= 6 and word.endswith("e"):
        return word[:-1]
    if len(word) >= 6 and word.endswith("y"):
        return word[:-1]
    return word


def significant(tokens: Iterable[str]) -> list[str]:
    """Tokens that carry meaning: no stop words, no single characters."""
    return [t for t in tokens if len(t) > 1 and t not in STOP_WORDS]


# Concepts ------------------------------------------------------------------------------------

# concept id -> (French terms, English terms); terms are written plainly and normalised below.
CONCEPTS: dict[str, tuple[tuple[str, ...], tuple[str, ...]]] = {
    # Subjects of cooperation
    "training": (
        ("formation", "formation continue", "formation professionnelle"),
        ("training", "vocational training", "continuing training"),
    ),
    "apprenticeship": (("apprentissage", "apprenti"), ("apprenticeship", "apprentice")),
    "trainee": (("stagiaire",), ("trainee",)),
    "research": (
        ("recherche", "recherche developpement"),
        ("research", "research and development"),
    ),
    "laboratory": (("laboratoire",), ("laboratory",)),
    "innovation": (("innovation", "innover"), ("innovation", "innovate")),
    "technology": (
        ("technologie", "transfert de technologie"),
        ("technology", "technology transfer"),
    ),
    "export": (("export", "exportation", "exportateur"), ("export", "exporting", "exporter")),
    "foreign_markets": (
        ("marches etrangers", "marches exterieurs"),
        ("foreign markets", "overseas markets"),
    ),
    "market": (("marche",), ("market",)),
    "sales": (("vente", "commercialisation"), ("sales", "selling")),
    "trade_fair": (
        ("salon", "salon professionnel", "foire"),
        ("trade fair", "trade show", "fair"),
    ),
    "exchange_fair": (
        ("bourse d echange", "rendez vous d affaires"),
        ("exchange fair", "business meeting"),
    ),
    "subcontracting": (
        ("sous traitance", "sous traitant"),
        ("subcontracting", "subcontractor"),
    ),
    "prime_contractor": (
        ("donneur d ordre", "donneurs d ordres"),
        ("prime contractor", "contractor"),
    ),
    "supplier": (("fournisseur",), ("supplier",)),
    "human_resources": (
        ("ressources humaines", "gestion du personnel"),
        ("human resources", "staff management"),
    ),
    "recruitment": (("recrutement",), ("recruitment",)),
    "employer_group": (
        ("groupement d employeurs", "groupements d employeurs"),
        ("employer group", "employers group"),
    ),
    "employment": (("emploi", "emplois"), ("employment", "jobs")),
    "financing": (("financement",), ("financing", "funding")),
    "fund": (("fonds", "fonds d investissement"), ("fund", "investment fund")),
    "grant": (("subvention",), ("grant", "subsidy")),
    "honour_loan": (("pret d honneur",), ("honour loan", "interest free loan")),
    "venture_capital": (("capital risque",), ("venture capital",)),
    "investment": (("investissement",), ("investment",)),
    "environment": (("environnement",), ("environment", "environmental")),
    "waste": (("dechet", "dechets"), ("waste",)),
    "sustainable": (("developpement durable",), ("sustainable development",)),
    "energy": (("energie",), ("energy",)),
    "communication": (("communication",), ("communication",)),
    "newsletter": (("lettre d information", "bulletin"), ("newsletter",)),
    "promotion": (("promotion",), ("promotion",)),
    "common_brand": (("marque commune", "marque collective"), ("common brand", "collective brand")),
    "joint_communication": (("communication commune",), ("joint communication",)),
    "brochure": (("plaquette",), ("brochure",)),
    "internet": (("internet",), ("internet",)),
    "website": (("site web", "site internet"), ("website", "web site")),
    "e_commerce": (("commerce electronique",), ("e commerce", "electronic commerce")),
    "digital": (("numerique",), ("digital",)),
    "quality": (("qualite",), ("quality",)),
    "certification": (("certification", "normes iso"), ("certification", "iso standards")),
    "purchasing": (
        ("achats groupes", "groupement d achat", "achat en commun"),
        ("group purchasing", "joint purchasing"),
    ),
    "shared_equipment": (
        ("equipement partage", "outils de production partages", "outil de production commun"),
        ("shared equipment", "shared production tools"),
    ),
    "pooling": (("mutualisation",), ("pooling",)),
    "cooperation": (("cooperation",), ("cooperation",)),
    "partnership": (("partenariat",), ("partnership",)),
    "mutual_aid": (("entraide",), ("mutual aid",)),
    "cluster": (("grappe", "grappe d entreprises"), ("cluster",)),
    "local_productive_system": (
        ("systeme productif local", "spl"),
        ("local productive system",),
    ),
    "industrial_district": (("district industriel",), ("industrial district",)),
    "interclustering": (
        ("interclustering", "inter grappes", "inter clusters", "reseau de reseaux"),
        ("interclustering", "inter cluster", "network of networks"),
    ),
    "network": (("reseau",), ("network",)),
    "public_authorities": (
        ("pouvoirs publics", "autorites publiques"),
        ("public authorities",),
    ),
    "local_authorities": (
        ("collectivites locales", "collectivites territoriales"),
        ("local authorities", "local government"),
    ),
    "elected": (("elus",), ("elected representatives",)),
    "chamber": (
        ("chambre de commerce", "chambre de commerce et d industrie", "cci"),
        ("chamber of commerce",),
    ),
    "coaching": (("accompagnement",), ("coaching",)),
    "mentoring": (("tutorat", "parrainage"), ("mentoring", "tutoring")),
    "facilitator": (("animateur", "animatrice"), ("facilitator",)),
    "mentalities": (
        ("mentalite", "mentalites", "etat d esprit"),
        ("mentality", "mentalities", "mindset"),
    ),
    "trust": (("confiance",), ("trust",)),
    "solidarity": (("solidarite",), ("solidarity",)),
    "craft": (("artisanat", "artisanal"), ("craft", "crafts", "craftsmanship")),
    "artisan": (("artisan",), ("artisan", "craftsman")),
    "know_how": (("savoir faire",), ("know how",)),
    "core_firms": (
        ("noyau dur", "noyau d entreprises", "entreprises motrices"),
        ("hard core", "core firms", "core group of firms", "leading firms"),
    ),
    "firm": (("entreprise",), ("firm", "company", "companies")),
    "sme": (("pme", "pmi"), ("sme", "smes")),
    "business_leader": (
        ("chef d entreprise", "chefs d entreprise", "dirigeant"),
        ("business leader", "business leaders"),
    ),
    "business_creation": (
        ("creation d entreprise", "createur d entreprise"),
        ("business creation", "start up"),
    ),
    "incubator": (("pepiniere", "pepiniere d entreprises"), ("incubator", "business incubator")),
    "evaluation": (("evaluation",), ("evaluation", "assessment")),
    "failure": (("echec", "echecs"), ("failure", "failures")),
    "success": (("reussite", "succes"), ("success",)),
    "indicator": (("indicateur",), ("indicator",)),
    "education": (("enseignement", "education"), ("education", "teaching")),
    "school": (("ecole", "lycee"), ("school", "high school")),
    "local_development": (("developpement local",), ("local development",)),
    "economic_development": (("developpement economique",), ("economic development",)),
    # Branches
    "agrifood": (
        ("agroalimentaire", "agro alimentaire", "industrie alimentaire"),
        ("agri food", "agrifood", "food industry", "food processing"),
    ),
    "agriculture": (("agriculture", "agricole"), ("agriculture", "agricultural", "farming")),
    "wood": (("bois",), ("wood", "timber")),
    "furniture": (("meuble", "ameublement"), ("furniture",)),
    "textile": (("textile",), ("textile", "textiles")),
    "clothing": (("habillement", "confection"), ("clothing", "garment", "garments")),
    "knitwear": (("maille", "tricotage"), ("knitwear", "knitting")),
    "metalworking": (
        ("metallurgie", "travail des metaux"),
        ("metalworking", "metallurgy"),
    ),
    "mechanics": (("mecanique",), ("mechanical engineering", "mechanics")),
    "bar_turning": (("decolletage",), ("bar turning", "screw machining")),
    "machining": (("usinage",), ("machining",)),
    "foundry": (("fonderie",), ("foundry",)),
    "electronics": (("electronique",), ("electronics",)),
    "telecommunications": (("telecommunications", "telecoms"), ("telecommunications",)),
    "computing": (("informatique",), ("computing", "information technology")),
    "jewellery": (("bijouterie", "bijou", "joaillerie"), ("jewellery", "jewelry")),
    "watchmaking": (("horlogerie",), ("watchmaking",)),
    "footwear": (("chaussure",), ("footwear", "shoe", "shoes")),
    "leather": (("cuir",), ("leather",)),
    "tourism": (("tourisme",), ("tourism",)),
    "hospitality": (("hotellerie",), ("hospitality",)),
    "automotive": (("automobile", "equipementier automobile"), ("automotive", "car industry")),
    "plastics": (("plasturgie", "plastique"), ("plastics", "plastic")),
    "logistics": (("logistique",), ("logistics",)),
    "transport": (("transport",), ("transport",)),
    "building": (("batiment", "btp"), ("building", "construction industry")),
    "ceramics": (("ceramique",), ("ceramics",)),
}

# Concepts every record shares: they widen searches across languages but make nothing similar.
COMMON_CONCEPTS: frozenset[str] = frozenset(
    {"firm", "sme", "network", "cooperation", "business_leader"}
)

# Themes of the 2001 exchange-fair catalogue: code -> (French label, English label, concepts).
# The labels here are what the index holds (both languages always); the pages show the
# translated labels of grappe.experiences.enums.Theme.
THEME_TERMS: dict[str, tuple[str, str, tuple[str, ...]]] = {
    "emergence.craft": (
        "émergence à partir d'une activité artisanale",
        "emergence from a craft activity",
        ("craft", "artisan", "know_how"),
    ),
    "emergence.core": (
        "émergence à partir d'un noyau dur d'entreprises",
        "emergence from a hard core of firms",
        ("core_firms",),
    ),
    "mobilisation.mentalities": (
        "évolution des mentalités",
        "changing mentalities",
        ("mentalities", "trust", "solidarity"),
    ),
    "mobilisation.coaching": ("accompagnement", "coaching", ("coaching", "mentoring")),
    "mobilisation.communication": (
        "communication au sein des réseaux",
        "communication within networks",
        ("communication", "newsletter"),
    ),
    "collaborative.human_resources": (
        "regroupement de ressources humaines",
        "grouping of human resources",
        ("human_resources", "recruitment", "employer_group"),
    ),
    "collaborative.research": (
        "recherche menée par les entreprises",
        "research run by firms",
        ("research", "laboratory"),
    ),
    "collaborative.financing": (
        "financement en commun",
        "joint financing",
        ("financing", "fund", "honour_loan", "venture_capital"),
    ),
    "collaborative.training": (
        "formation",
        "training",
        ("training", "apprenticeship", "trainee"),
    ),
    "collaborative.innovation_tools": (
        "innovation et outils de production partagés",
        "innovation and shared production tools",
        ("innovation", "shared_equipment", "technology"),
    ),
    "collaborative.communication": (
        "communication commune",
        "joint communication",
        ("promotion", "common_brand", "joint_communication", "brochure"),
    ),
    "collaborative.internet": (
        "internet pour les entreprises",
        "internet for business",
        ("internet", "website", "e_commerce", "digital"),
    ),
    "collaborative.environment": (
        "environnement",
        "environment",
        ("environment", "waste", "sustainable"),
    ),
    "collaborative.contractor_supplier": (
        "nouvelles relations donneurs d'ordres sous-traitants",
        "new contractor-supplier relations",
        ("subcontracting", "prime_contractor", "supplier"),
    ),
    "collaborative.market_access": (
        "accès commun aux marchés et export",
        "joint market access and export",
        ("export", "foreign_markets", "market", "trade_fair"),
    ),
    "partnership.public": (
        "partenariat avec les pouvoirs publics",
        "partnership with public authorities",
        ("public_authorities", "local_authorities", "elected"),
    ),
    "interclustering": ("interclustering", "interclustering", ("interclustering",)),
}
THEME_CODES: tuple[str, ...] = tuple(THEME_TERMS)


@dataclass(frozen=True)
class _Term:
    concept: str
    stems: tuple[str, ...]


def _term_stems(term: str) -> tuple[str, ...]:
    return tuple(stem(w) for w in words(term))


def _build_index() -> dict[str, list[_Term]]:
    """First stem of each term -> the terms starting with it, longest first."""
    index: dict[str, list[_Term]] = {}
    for concept, (french, english) in CONCEPTS.items():
        for term in (*french, *english):
            stems = _term_stems(term)
            if stems:
                index.setdefault(stems[0], []).append(_Term(concept, stems))
    for terms in index.values():
        terms.sort(key=lambda t: (-len(t.stems), t.concept))
    return index


_INDEX = _build_index()


@cache
def concept_terms(concept: str) -> tuple[str, ...]:
    """Every term of a concept, normalised, French then English."""
    french, english = CONCEPTS[concept]
    return tuple(dict.fromkeys(normalise(t) for t in (*french, *english)))


def concept_label(concept: str) -> str:
    """How a concept is shown among matching words: its first French and English terms."""
    french, english = CONCEPTS[concept]
    fr, en = normalise(french[0]), normalise(english[0])
    return fr if fr == en else f"{fr} / {en}"


@dataclass(frozen=True)
class Chunk:
    """A run of words of a text: a term of a concept, or one plain word."""

    text: str  # the normalised words as written
    stems: tuple[str, ...]
    concept: str | None


def chunks(text: str) -> list[Chunk]:
    """Split text into concept terms (longest match first) and plain words."""
    tokens = words(text)
    stems = [stem(t) for t in tokens]
    out: list[Chunk] = []
    i = 0
    while i < len(tokens):
        found: _Term | None = None
        for term in _INDEX.get(stems[i], ()):
            n = len(term.stems)
            if tuple(stems[i : i + n]) == term.stems:
                found = term
                break
        if found is not None:
            n = len(found.stems)
            out.append(Chunk(" ".join(tokens[i : i + n]), tuple(stems[i : i + n]), found.concept))
            i += n
        else:
            out.append(Chunk(tokens[i], (stems[i],), None))
            i += 1
    return out


def concepts_in(text: str) -> set[str]:
    """The concepts whose terms appear in `text`."""
    return {c.concept for c in chunks(text) if c.concept is not None}


def expansion_terms(texts: Iterable[str]) -> list[str]:
    """Every term of every concept found in `texts`: what keywords and themes are indexed with."""
    concepts: set[str] = set()
    for text in texts:
        concepts |= concepts_in(text)
    return [term for concept in sorted(concepts) for term in concept_terms(concept)]


# Words too common in this field to make two experiences alike (compared as stems).
WEAK_WORDS: frozenset[str] = frozenset(
    stem(w)
    for w in _word_set(
        "projet project projects commun commune communs common shared joint local locale "
        "locaux area zone territoire territory pays country secteur sector filiere industry "
        "cout cost costs action actions activite activity developpement development service "
        "services groupe group membre member members ensemble together besoin need needs "
        "creation creer create nouveau nouvelle new programme program region regional national "
        "annee year years mise place cadre niveau level objectif objective resultat result "
        "travail work moyen means faire make autre other premier first grand large petit small "
        "plusieurs several tous all chaque each meme same permettre enable mettre put "
        "economique economic industriel industrial professionnel professional politique "
        "policy public publique structure club clubs association associations echange "
        "echanges exchange exchanges partage sharing experience experiences business affaires "
        "taille size"
    )
)


def profile_tokens(text: str) -> set[str]:
    """What the similar-cases engine compares: concepts as `~id`, other meaningful words' stems.

    Concept tokens make "formation" (French) and "training" (English) the same word; concepts
    every record shares are left out.
    """
    out: set[str] = set()
    for chunk in chunks(text):
        if chunk.concept is not None:
            if chunk.concept not in COMMON_CONCEPTS:
                out.add("~" + chunk.concept)
        elif (
            significant([chunk.text])
            and len(chunk.text) > 2
            and not chunk.text.isdigit()
            and chunk.stems[0] not in WEAK_WORDS
        ):
            out.add(chunk.stems[0])
    return out


def token_label(token: str) -> str:
    """A profile token as shown to people: a concept's terms, or the word stem."""
    if token.startswith("~") and token[1:] in CONCEPTS:
        return concept_label(token[1:])
    return token


@dataclass(frozen=True)
class QueryUnit:
    """One word or term of a query: its own form, and the equivalent terms it also matches.

    `literal` and each alternative are normalised phrases whose last word is a stem, matched
    as a word prefix.
    """

    literal: str
    alternatives: tuple[str, ...]

    @property
    def patterns(self) -> tuple[str, ...]:
        """The forms to look for, none implied by another (so the same texts match)."""
        forms = tuple(dict.fromkeys((self.literal, *self.alternatives)))
        return tuple(
            form
            for form in forms
            if not any(other != form and _implies(form, other) for other in forms)
        )


def _implies(form: str, other: str) -> bool:
    """Whether every text where `form` is found also has `other`, a one-word prefix."""
    if " " in other:
        return False
    *whole, last = form.split()
    return last.startswith(other) or any(word.startswith(other) for word in whole)


def _prefix_phrase(phrase_words: list[str]) -> str:
    return " ".join([*phrase_words[:-1], stem(phrase_words[-1])])


def parse_query(query: str) -> list[QueryUnit]:
    """The units of a search query: stop words dropped, concept terms expanded to equivalents."""
    units: list[QueryUnit] = []
    seen: set[str] = set()
    for chunk in chunks(query):
        tokens = chunk.text.split()
        if chunk.concept is None and not significant(tokens):
            continue
        literal = _prefix_phrase(tokens)
        if literal in seen:
            continue
        seen.add(literal)
        alternatives: tuple[str, ...] = ()
        if chunk.concept is not None:
            alternatives = tuple(
                dict.fromkeys(_prefix_phrase(t.split()) for t in concept_terms(chunk.concept))
            )
        units.append(QueryUnit(literal, alternatives))
    return units
