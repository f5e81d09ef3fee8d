"""Lexical cues for rules whose breaches have recognisable wording (offers, urging, bait).

The trained classifier generalises; these cues are precise and explainable, so each
finding names the phrase it matched. Hate cues only count next to a named group ("near"),
which is what separates "migrants are parasites" from "parasites in the water supply".
The publisher's own names and word lists from the policy extend the data file.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from typing import ClassVar

import yaml

from decorum.moderation.detectors.base import BaseDetector, DetectContext
from decorum.moderation.features import Features
from decorum.moderation.literals import LiteralFilter
from decorum.moderation.types import SEMANTIC_RULES, CommentInput, Evidence, Finding

RULES = SEMANTIC_RULES
_MAX_CHARS = 4000
_SENTENCE = re.compile(r"[^.!?\n]{1,600}[.!?\n]?")
_REASONS = {
    "hate": "Attacks a group of people for who they are",
    "minors": "Targets or endangers children",
    "extremism": "Glorifies or calls for extremist or illegal violence",
    "insults_threats": "Insults or threatens someone",
    "disrespect_publisher": "Shows contempt for the publisher or its journalists",
    "violence": "Describes violence or cruelty in graphic detail",
    "suicide": "Urges self-harm or describes a method",
    "commercial": "Advertises or sells something",
    "third_party_promotion": "Promotes a third party's channel, shop or service",
    "spam": "Is spam or a get-rich-quick scheme",
    "drugs": "Promotes drugs or offers to supply them",
    "trolling": "Mocks or baits other participants",
}


@dataclass(frozen=True, slots=True)
class Cue:
    rule: str
    score: float
    pattern: re.Pattern[str]
    near_group: bool


@dataclass(frozen=True, slots=True)
class CueBook:
    cues: tuple[Cue, ...]
    groups: re.Pattern[str]
    # Which cues may match a text: most comments need none searched (see ``literals``).
    prefilter: LiteralFilter


@lru_cache(maxsize=1)
def cue_book() -> CueBook:
    raw = resources.files("decorum.moderation").joinpath("data", "lexicon.yaml").read_text("utf-8")
    spec = yaml.safe_load(raw)
    # The folded YAML joins its lines with a space after each "|"; spaces inside a name
    # ("asylum seekers", "jewish people") are part of it.
    groups_src = re.sub(r"\|\s+", "|", spec["groups"].strip())
    cues: list[Cue] = []
    for rule, kinds in spec["rules"].items():
        if rule not in RULES:
            raise ValueError(f"lexicon.yaml names an unknown rule: {rule}")
        for kind in ("alone", "near"):
            for score, pattern in kinds.get(kind, []):
                # A cue starts a word: "пинали" must not fire inside "запинались".
                cues.append(
                    Cue(
                        rule,
                        float(score),
                        re.compile(r"(?<!\w)(?:" + pattern + ")", re.IGNORECASE),
                        kind == "near",
                    )
                )
    return CueBook(
        tuple(cues),
        re.compile(r"\b" + groups_src + r"\b", re.IGNORECASE),
        LiteralFilter([c.pattern for c in cues]),
    )


@lru_cache(maxsize=16)
def _publisher_pattern(names: tuple[str, ...]) -> re.Pattern[str] | None:
    cleaned = [re.escape(n.lower()) for n in names if n.strip()]
    if not cleaned:
        return None
    return re.compile(
        r"\b(?:" + "|".join(cleaned) + r")\b.{0,60}\b(?:propaganda|garbage|trash|rubbish|lies|"
        r"liars|hacks|clickbait|shame|joke|worthless|sold out|paid|idiots|cowards)",
        re.IGNORECASE,
    )


QUOTED_SCORE = 0.3
# A cue that only asks for a person's look (below 0.5) carries too little once quoted or
# attributed ('"The world's freeloaders" - asylum seekers aren't even allowed to work'):
# below the review band, the classifier decides alone.
WEAK_EXEMPT_SCORE = 0.15
# Paired quotation marks around at most 120 characters; a straight single quote only when it
# opens after a space or the start (so apostrophes in "don't" never open a quotation).
_QUOTED = re.compile(
    r'"[^"\n]{1,120}"|“[^”\n]{1,120}”|„[^“”\n]{1,120}[“”]|«[^»\n]{1,120}»|‘[^’\n]{1,120}’|'
    r"(?:(?<=\s)|^)'[^'\n]{1,120}'(?!\w)"
)


# A negation shortly before a cue, in the same sentence.
_NEGATED = re.compile(
    # a dash or a semicolon ends the denied clause ("не можешь платить — иди ...")
    r"(?:\b(?:not|never|nor|hardly|scarcely|nobody|no one|не|ни|нет|никогда|никто|вовсе не"
    r"|nunca|jamás|nadie)\b|n'?t\b)"
    r"[^.!?\n—–;]{0,25}$"
    # Spanish "no" right before the cue ("no es un trilero"); further back it is as often an
    # answer ("No, es un trilero")
    r"|\bno\s+$"
)


# The writer calling themself names ("I'm such an idiot, I left it on the train", "я такой
# идиот", "soy un idiota"): no one else is insulted. A "you" or another person in between
# ("I'm sure you're an idiot") keeps the insult aimed at them.
_SELF_DIRECTED = re.compile(
    r"(?:\b(?:i'm|i am|i was|i feel like|i felt like|call me)|(?:^|[\s,.!?])(?:я|soy|fui))"
    r"(?:(?!\b(?:you|your|he|she|they|ты|вы|он|она|они|tú|usted)\b)[^.!?,;\n]){0,15}$",
    re.IGNORECASE,
)


# The writer's own family or pet, called names in the way people speak of their own ("my
# brother's a proper idiot sometimes, but I love him", "мой кот — балбес", "mi hermano es un
# idiota"): no participant is insulted, and a person decides. A "you" in between keeps it.
_OWN_PEOPLE = re.compile(
    r"(?:\bmy (?:little |big |older |younger |baby |twin |kid |own )?(?:brother|sister|husband"
    r"|wife|son|daughter|dad|father|mum|mom|mother|cousin|uncle|aunt|grandad|grandpa|granny"
    r"|grandma|kids?|boys?|girls?|dog|cat|puppy|kitten|parrot)"
    # the family member is the subject ("my son's an idiot"), not its owner ("my son's teacher")
    r"(?:['’]s(?! (?!(?:a|an|such|so|been|being|proper|total|complete|right|real|bit|little)\b)"
    r"\w+ (?:is|was|are)\b)| (?:is|was|can be|has been|has always been|acts like|acted like))"
    r"|\b(?:мой|моя|мои|моего|моей|моих) (?:младш\w+ |старш\w+ )?(?:брат\w*|сестр\w*|муж\w*"
    r"|жен\w*|сын\w*|доч\w*|пап\w*|отец|мам\w*|кот\w*|кошк\w*|пёс|пес|собак\w*|дет\w*)"
    r"|\bmis? (?:hermano|hermana|marido|mujer|hijo|hija|padre|madre|perro|gato|primo|prima|"
    r"abuelo|abuela|hermanos|hijos))"
    r"(?:(?!\b(?:you|your|ты|вы|tú|usted)\b)[^.!?;\n]){0,25}$",
    re.IGNORECASE,
)


# Someone else's words reported or opposed: "people who call refugees vermin should be
# ashamed", "he called the referee an idiot", "называть мигрантов паразитами — позор", "llamar
# parásitos a los inmigrantes". The verb says who uses the word; the writer calling people
# so ("I call them vermin", "we called them parasites", "я называю", "los llamo") keeps it.
_ATTRIBUTED = re.compile(
    r"(?:(?<!\bi )(?<!\bwe )(?<!\bi've )(?<!\bwe've )(?<!\bi have )(?<!\bwe have )(?<!\bi just )"
    r"\b(?:calls|called|calling|labels|labell?ed|labell?ing|brands|branded|branding|describes"
    r"|described|describing)\b"
    r"|\b(?:who|that|to|people|those|they|you|anyone|someone)\s+(?:\w+\s+)?"
    r"(?:call|label|brand|describe)\b"
    r"|\bназыва(?:ть|ет|ют|л|ла|ли|вш\w*|ющ\w*)|\bназва(?:ть|л|ла|ли|вш\w*)"
    r"|\b(?:llamar|llama|llaman|llamó|llamaron|llamando|llamaba|llamaban|tachar|tacha|tachan"
    r"|tachó|tacharon|tildar|tilda|tildan|tildó)\b"
    # what others decided, said or believed ("the regime decided that Jews should be gassed")
    r"|(?<!\bi )(?<!\bwe )\b(?:said|says|decided|claimed|claims|believed|believes|argued"
    r"|argues|ordered|declared|wrote|writes|shouted|chanted|preached|thought) that\b"
    r"|\b(?:решил[аи]?|считал[аи]?|говорил[аи]?|заявил[аи]?|писал[аи]?|кричал[аи]?"
    r"|утверждал[аи]?),? что\b"
    r"|\b(?:decidieron|decidió|dijo|dijeron|afirmó|afirmaron|creían|pensaban|gritaban"
    r"|escribió|escribieron) que\b"
    # someone else telling people to do it ("this is someone telling LGBT people to kill
    # themselves"); the writer telling ("I'm telling you to", "I told you to") keeps it
    r"|(?<!\bi )(?<!\bi'm )(?<!\bim )(?<!\bi am )(?<!\bwe )(?<!\bwe're )\b(?:telling|told|tells"
    r"|urging|urged|urges)\s+(?:\w+\s+){1,3}to\b"
    r"|\b(?:призывал[аи]?|призывает|призывают|советовал[аи]?|советует|советуют)\b)"
    r"[^.!?\n—–;:]{0,40}$"
)
ATTRIBUTED_RULES = frozenset({"hate", "insults_threats", "suicide"})

# An insult word weighed, not given: "half the thread is arguing about who is the bigger
# idiot", "спорят, кто из них больший дурак". It names no one.
_WHO_IS = re.compile(
    r"\b(?:about|over|debating|arguing|argue|argues|decide|deciding|wonder|wondering) who(?:'s|"
    r" is| was| are)? (?:the )?(?:bigger|biggest|worse|worst|greater|real|more of an?)\s*$"
    r"|\bкто (?:из (?:них|нас|вас) )?(?:больший|главный|больше|хуже)\s*$"
)


def quoted_ranges(text: str) -> list[tuple[int, int]]:
    """Character ranges of quoted passages (quotation marks included)."""
    return [(m.start(), m.end()) for m in _QUOTED.finditer(text[:_MAX_CHARS])]


class LexiconDetector(BaseDetector):
    id: ClassVar[str] = "lexicon"
    version: ClassVar[str] = "5"
    rules: ClassVar[frozenset[str]] = frozenset(RULES)
    languages: ClassVar[frozenset[str] | None] = frozenset({"en", "ru", "es"})
    needs: ClassVar[frozenset[str]] = frozenset()

    def detect(
        self, comment: CommentInput, features: Features, ctx: DetectContext
    ) -> list[Finding]:
        book = cue_book()
        text = features.folded[:_MAX_CHARS]
        best: dict[str, tuple[float, list[Evidence]]] = {}

        quotes = quoted_ranges(features.original)

        def hit(rule: str, score: float, start: int, end: int, detail: str) -> None:
            o_start, o_end = features.span(start, end)
            weak = QUOTED_SCORE if score >= 0.5 else WEAK_EXEMPT_SCORE
            if any(a <= o_start and o_end <= b for a, b in quotes):
                # Quoting a phrase to name or oppose it ("calling them 'vermin' is
                # dehumanising") is not using it: a person decides, the engine does not reject.
                score = min(score, weak)
                detail = f"{detail}, in quotation marks"
            elif _NEGATED.search(text, max(0, start - 40), start):
                # Denying it ("Muslims are not vermin", "ты не дурак") is not saying it.
                score = min(score, QUOTED_SCORE)
                detail = f"{detail}, negated"
            elif rule in ATTRIBUTED_RULES and _ATTRIBUTED.search(text, max(0, start - 60), start):
                score = min(score, weak)
                detail = f"{detail}, someone else's word reported"
            elif rule == "insults_threats" and _WHO_IS.search(text, max(0, start - 50), start):
                score = min(score, QUOTED_SCORE)
                detail = f"{detail}, weighed, not given"
            elif rule == "insults_threats" and _SELF_DIRECTED.search(
                text, max(0, start - 40), start
            ):
                score = min(score, QUOTED_SCORE)
                detail = f"{detail}, said of the writer"
            elif rule == "insults_threats" and _OWN_PEOPLE.search(text, max(0, start - 50), start):
                score = min(score, QUOTED_SCORE)
                detail = f"{detail}, said of the writer's own family"
            ev = Evidence("span", o_start, o_end, features.original[o_start:o_end], detail)
            current = best.get(rule)
            if current is None or score > current[0]:
                best[rule] = (score, [ev, *(current[1] if current else [])][:5])
            else:
                current[1].append(ev)

        sentences = None
        candidates = book.prefilter.candidates(text)
        for n, cue in enumerate(book.cues):
            if n not in candidates:
                continue
            if cue.near_group:
                if sentences is None:
                    sentences = [
                        (m.start(), m.group())
                        for m in _SENTENCE.finditer(text)
                        if book.groups.search(m.group())
                    ]
                for offset, sentence in sentences:
                    found = cue.pattern.search(sentence)
                    if found:
                        hit(
                            cue.rule,
                            cue.score,
                            offset + found.start(),
                            offset + found.end(),
                            "phrase aimed at a group",
                        )
                continue
            found = cue.pattern.search(text)
            if found:
                hit(cue.rule, cue.score, found.start(), found.end(), "matched phrase")
        publisher = _publisher_pattern(ctx.publisher_names)
        if publisher is not None:
            found = publisher.search(text)
            if found:
                hit("disrespect_publisher", 0.85, found.start(), found.end(), "publisher named")
        for rule in RULES:
            for word in ctx.word_lists.get(rule, ()):
                idx = text.find(word.lower())
                if word and idx >= 0:
                    hit(rule, 0.9, idx, idx + len(word), "word from the publisher's list")
        findings: list[Finding] = []
        for rule in RULES:
            if rule in best:
                score, evidence = best[rule]
                quoted = "; ".join(f"“{e.text}”" for e in evidence[:3] if e.text)
                findings.append(
                    self.finding(
                        rule, score, f"{_REASONS[rule]}: {quoted}.", tuple(evidence), code="phrases"
                    )
                )
            else:
                findings.append(self.finding(rule, 0.0, "No matching phrases."))
        return findings
