"""Whom a classifier score is aimed at, and what the sentence says of them.

The trained models read words. Two mistakes follow that no retraining on more of the same
words removes, so the classifier holds such a score just below rejection and a person decides:

* contempt with no sign of the newsroom at all ("this printer is a useless piece of junk")
  scored as disrespect of the publisher: the rule protects the publication, its articles and
  its people, so a comment that names none of them (nor the publisher's own names) is not
  rejected under it;
* a writer's own distress ("I want to kill myself", "what should I do if I feel like hurting
  myself?") scored as suicide: the rule forbids methods and urging others, so a first-person
  comment that names no method, asks for none and speaks to no one else goes to a person (who
  may answer it with help) instead of being rejected;
* a protected group named in a comment that openly wishes it well ("trans women are women,
  be kind", "беженцы здесь желанные гости", "merecen respeto"): the group's name carries
  weight in the model whatever is said of it. A goodwill word denied ("they don't deserve
  respect", "не заслуживают уважения") or turned into harm ("deserve to die") is no goodwill.
"""

from __future__ import annotations

import re
from functools import lru_cache

# The publication, its work and its people, in the three editions' languages.
_NEWSROOM = re.compile(
    r"\b(?:articles?|authors?|journalis\w*|journos?|reporters?|reporting|editors?|editorial\w*"
    r"|newspapers?|papers?|rags?|site|website|outlets?|media|press|newsroom|headlines?"
    r"|stor(?:y|ies)|coverage|columns?|columnists?|hacks?|writers?|writes?|wrote|written"
    r"|writing|publish\w*|propaganda|clickbait|fake news|news"
    r"|стать\w*|автор\w*|журналист\w*|журналюг\w*|писак\w*|редакц\w*|редактор\w*|газет\w*"
    r"|издани\w*|сайт\w*|сми|пресс\w*|заголов\w*|материал\w*|пропаганд\w*|писа\w*|пиш\w*"
    r"|кликбейт\w*|новост\w*|репортаж\w*|репортер\w*|репортёр\w*"
    r"|art[ií]cul\w*|autor\w*|periodis\w*|redacci[oó]n\w*|redactor\w*|peri[oó]dic\w*"
    r"|diarios?|medios?|prensa|web|titular\w*|noticia\w*|escrib\w*|escrit\w*|public\w*"
    r"|panflet\w*|pasqu[ií]n\w*|column\w*|reportaje\w*)\b",
    re.IGNORECASE,
)

# Goodwill toward people, not denied and not turned into harm.
_WARM = re.compile(
    r"\b(?:be kind|kindness|welcome[ds]?|deserves? (?:respect|dignity|the same|equal|a safe"
    r"|better|our|to be (?:safe|heard|treated|respected|welcome))|respect(?:ed)?|dignity"
    r"|equal rights|same rights|proud|valued|belong here|stand with|solidarity"
    r"|human beings|our neighbours|our neighbors"
    r"|заслужива\w* (?:уважени\w*|достойн\w*|того же|равн\w*|безопасн\w*|защит\w*)"
    r"|уважени\w*|уважа\w*|добро пожаловать|желанн\w*|рады им|достоинств\w*|равн\w* прав\w*"
    r"|солидарн\w*|гордим\w*|горжусь|такие же люди"
    r"|merece\w* (?:respeto|dignidad|lo mismo|los mismos|igual\w*|vivir en paz|estar a salvo)"
    r"|respeto|respetad\w*|bienvenid\w*|dignidad|mismos derechos|igualdad|orgull\w*"
    r"|solidaridad|nuestros vecinos)\b",
    re.IGNORECASE,
)
# A goodwill word with a denial shortly before it is no goodwill ("they don't deserve
# respect", "no son bienvenidos", "им здесь не рады").
_DENIAL_BEFORE = re.compile(
    r"(?:\b(?:not|never|no|nor|nothing|без|не|ни|нет|no|nunca|jamás|ningún|ninguna)\b"
    r"|n['’]t\b)[^.!?\n;]{0,20}$",
    re.IGNORECASE,
)


@lru_cache(maxsize=16)
def _names_pattern(names: tuple[str, ...]) -> re.Pattern[str] | None:
    cleaned = [re.escape(n.strip()) for n in names if n.strip()]
    if not cleaned:
        return None
    return re.compile(r"\b(?:" + "|".join(cleaned) + r")\b", re.IGNORECASE)


def names_the_newsroom(text: str, publisher_names: tuple[str, ...] = ()) -> bool:
    """Whether ``text`` speaks of the publication, its work or its people at all."""
    if _NEWSROOM.search(text):
        return True
    names = _names_pattern(tuple(publisher_names))
    return bool(names and names.search(text))


def goodwill(text: str) -> str | None:
    """The first goodwill phrase in ``text`` that no denial just before it takes back."""
    for match in _WARM.finditer(text):
        if not _DENIAL_BEFORE.search(text, max(0, match.start() - 30), match.start()):
            return match.group()
    return None


# A method, or a request for one: these keep a suicide score's rejection.
_METHOD = re.compile(
    r"\b(?:how|way|ways|method\w*|quick\w*|fast\w*|easi\w*|painless\w*|best|surest|pills?"
    r"|tablets?|overdos\w*|rope|noose|bridge|jump\w*|cut\w*|veins?|wrists?|hang\w*|bleach"
    r"|train|tracks|guns?|shoot\w*|paracetamol|insulin|poison\w*|gas|roof|razor\w*|blades?"
    r"|как|способ\w*|быстр\w*|безболезн\w*|таблет\w*|передоз\w*|верёвк\w*|веревк\w*|петл\w*"
    r"|мост\w*|прыг\w*|прыжк\w*|вен\w*|повес\w*|вешат\w*|яд\w*|крыш\w*|поезд\w*|рельс\w*"
    r"|c[oó]mo|forma|manera|m[eé]todo\w*|r[aá]pid\w*|pastillas?|sobredosis|cuerda|puente"
    r"|venas?|ahorc\w*|colg\w*|veneno|tirarme|tren)\b",
    re.IGNORECASE,
)
# Anyone but the writer: telling someone else to do it keeps the rejection.
_SOMEONE_ELSE = re.compile(
    r"\b(?:you|your|yourself|yourselves|u|ya|themselves|himself|herself|they|them|he|she"
    r"|ты|тебе|тебя|вы|вам|вас|иди|пусть|они|он|она"
    r"|t[uú]|te|usted|ustedes|vete|os|ellos|ellas|[eé]l)\b",
    re.IGNORECASE,
)
_FIRST_PERSON = re.compile(
    r"\b(?:i|i'm|im|i've|i'd|me|myself|my|я|мне|меня|мной|yo|mi|m[ií])\b", re.IGNORECASE
)


def own_distress(text: str) -> bool:
    """Whether ``text`` speaks only of the writer's own wish to die or to self-harm, naming no
    method, asking for none and speaking to no one else."""
    return bool(
        _FIRST_PERSON.search(text) and not _METHOD.search(text) and not _SOMEONE_ELSE.search(text)
    )
