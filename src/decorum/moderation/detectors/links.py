"""Malware and phishing links: known-bad hosts, executable downloads, brand look-alikes.

Scores are graded: a host on the shipped URLhaus list or the publisher's block list, or a
link to an executable, is near-certain; a look-alike of a bank or government domain, or a
link on a throwaway domain next to "enter your card details", is strong; a link alone is
never enough. The publisher's allow list always wins.
"""

from __future__ import annotations

import gzip
import re
from functools import lru_cache
from importlib import resources
from typing import ClassVar

from rapidfuzz.distance import Levenshtein

from decorum.moderation.detectors.base import BaseDetector, DetectContext
from decorum.moderation.features import Features, UrlInfo
from decorum.moderation.types import CommentInput, Evidence, Finding

_EXECUTABLE = re.compile(
    r"\.(?:exe|scr|msi|bat|cmd|pif|vbs|js|jar|apk|xapk|dmg|pkg|bin|ps1|lnk|hta|"
    r"zip|rar|7z|iso|img)(?:$|[?#])",
    re.IGNORECASE,
)
# Bare file names such as "compensation_form.pdf.exe" mentioned next to a link.
_FILE_NAME = re.compile(r"\b[\w-]{1,60}\.(?:exe|scr|msi|apk|bat|vbs|jar|dmg)\b", re.IGNORECASE)
# Executables offered where no link was recognised (a host on a suffix the link finder does
# not know, "files.example/app.apk"), and documents with an executable's second extension
# ("report.pdf.exe"): the file itself is the danger, whatever the host.
_UNLINKED_EXECUTABLE = re.compile(
    r"\b[\w-]+(?:\.[\w-]+)+/\S{0,200}?\.(?:exe|scr|msi|apk|bat|cmd|vbs|jar|dmg|ps1|hta)\b"
    r"|\b[\w-]{1,60}\.(?:pdf|docx?|xlsx?|pptx?|jpe?g|png|gif|mp4|mp3|txt|zip|rar)"
    r"\.(?:exe|scr|bat|cmd|vbs|js|jar|pif|hta|msi|com)\b",
    re.IGNORECASE,
)
# Telling readers to switch off their protection before opening a link: only malware asks that.
_DISARM = re.compile(
    r"\b(?:turn(?:ing)? off|switch(?:ing)? off|disabl(?:e|ing)|pause|deactivat(?:e|ing))\s+"
    r"(?:your |the |windows )?(?:anti-?virus|defender|firewall|smartscreen|play protect)\b|"
    r"\b(?:отключи\w*|выключи\w*|отключа\w*)\s+(?:свой |ваш )?(?:антивирус\w*|защитник\w*|"
    r"брандмауэр\w*|файрвол\w*)|"
    r"\b(?:desactiva\w*|apaga\w*)\s+(?:el |tu )?(?:antivirus|firewall|defender)\b",
    re.IGNORECASE,
)
# ... unless it is a warning against doing so ("never turn off your antivirus").
_WARNED = re.compile(r"(?:\bnever|\bdon'?t|\bdo not|\bне|\bнельзя|\bnunca|\bno)\s*$", re.IGNORECASE)
_BRANDS = (
    "paypal",
    "apple",
    "icloud",
    "microsoft",
    "outlook",
    "office365",
    "google",
    "gmail",
    "amazon",
    "netflix",
    "facebook",
    "instagram",
    "whatsapp",
    "telegram",
    "steam",
    "binance",
    "coinbase",
    "visa",
    "mastercard",
    "santander",
    "bbva",
    "caixabank",
    "sabadell",
    "hsbc",
    "barclays",
    "lloyds",
    "natwest",
    "chase",
    "wellsfargo",
    "citibank",
    "sberbank",
    "tinkoff",
    "vtb",
    "gosuslugi",
    "alfabank",
    "dhl",
    "fedex",
    "ups",
    "usps",
    "royalmail",
    "correos",
    "centralbank",
    "bank",
    "gov",
    "hmrc",
    "irs",
    "agenciatributaria",
    "nalog",
)
_LURE_WORDS = re.compile(
    r"(?:verify|verif|secure|login|log-in|signin|account|update|refund|claim|bonus|reward|"
    r"prize|gift|free|devoluci|reembolso|acceso|premio|gratis|бонус|возврат|вход|приз|"
    r"kompens|compens|vyplat|viplat|payout|lgot|"
    r"setup|install|download|descarga|скачать|player|crack|keygen|leak|hd)",
    re.IGNORECASE,
)
# Government and central-bank hosts: the real site a warning points readers to ("это НЕ
# госуслуги, настоящий адрес — gosuslugi.ru"), never a phishing host, whatever the text says
# about card details.
_OFFICIAL_DOMAINS = frozenset(
    {"gosuslugi.ru", "gov.ru", "cbr.ru", "mos.ru", "nalog.ru", "nhs.uk", "police.uk", "europa.eu"}
)
_OFFICIAL_SUFFIXES = frozenset({"gov.uk", "gob.es", "gov"})


def _official(url: UrlInfo) -> bool:
    return (
        url.registered_domain.lower() in _OFFICIAL_DOMAINS
        or url.suffix.lower() in _OFFICIAL_SUFFIXES
    )


_CHEAP_SUFFIXES = frozenset(
    {
        "top",
        "xyz",
        "online",
        "site",
        "info",
        "click",
        "live",
        "support",
        "stream",
        "cc",
        "tk",
        "ml",
        "ga",
        "cf",
        "gq",
        "buzz",
        "icu",
        "cyou",
        "rest",
        "monster",
        "cam",
        "work",
        "ru",
        "app",
        "link",
        "shop",
    }
)
_RESERVED_SUFFIXES = frozenset({"example", "test", "invalid", "localhost", "local"})
_PHISH_TEXT = re.compile(
    r"(?i)\b(?:verify your|confirm your|enter your (?:card|bank|insurance|login|password|details)|"
    r"check your account|log ?in (?:now|here)|claim (?:your|a) (?:refund|prize|reward)|"
    r"owed compensation|подтвердите|войдите|данные карты|introduce tus datos|"
    r"enter your (?:passport|national insurance|social security|date of birth)|"
    r"(?:вход|войти|авторизация) по (?:номеру (?:\w+ )?карты|логину и паролю)|"
    r"log ?in with your (?:bank )?card|log ?in with your (?:[\w-]+ ){1,2}(?:and|or) (?:bank )?card|"
    r"(?:bank )?card (?:details |number )?to (?:verify|confirm) (?:you|your)|"
    r"(?:введите|вводите|укажите) (?:\w+ )?"
    r"(?:данн\w*|паспорт\w*|номер\w* (?:паспорт|карт|патент|снилс)\w*|код\w*)|"
    r"entrar aquí|datos de (?:tu|la) tarjeta|te devuelve el dinero|"
    r"(?:comprueba|comprobad|consulta|consultad|verifica|verificad) si (?:\w+ ){0,5}"
    r"(?:antes del|o pierdes|o perdéis))\b"
)


@lru_cache(maxsize=1)
def urlhaus_hosts() -> frozenset[str]:
    """The shipped URLhaus host list (see README for how to refresh it)."""
    path = resources.files("decorum.moderation").joinpath("data", "urlhaus", "domains.txt.gz")
    with path.open("rb") as raw, gzip.open(raw, "rt", encoding="utf-8") as handle:
        return frozenset(line.strip() for line in handle if line.strip() and line[0] != "#")


def _path(url: UrlInfo) -> str:
    rest = url.url.split("//", 1)[-1]
    return rest.split("/", 1)[1] if "/" in rest else ""


def _labels(url: UrlInfo) -> list[str]:
    name = url.registered_domain.rsplit(".", 1)[0] if url.suffix else url.registered_domain
    return [p for p in re.split(r"[.\-_]", name.lower()) if p]


def _lookalike(url: UrlInfo) -> str | None:
    """The brand a domain imitates (typo of a brand, or brand plus a lure word)."""
    labels = _labels(url)
    joined = "".join(labels)
    for brand in _BRANDS:
        for label in labels:
            if label == brand:
                continue
            if len(brand) >= 5 and len(label) >= 5 and Levenshtein.distance(label, brand) == 1:
                return brand
        if brand in joined and joined != brand and _LURE_WORDS.search(url.host):
            return brand
    return None


class LinkDetector(BaseDetector):
    id: ClassVar[str] = "links"
    version: ClassVar[str] = "2"
    rules: ClassVar[frozenset[str]] = frozenset({"malware"})
    needs: ClassVar[frozenset[str]] = frozenset({"urls"})

    def detect(
        self, comment: CommentInput, features: Features, ctx: DetectContext
    ) -> list[Finding]:
        hosts = urlhaus_hosts()
        best = 0.0
        evidence: list[Evidence] = []
        reasons: list[str] = []
        phishing_text = bool(_PHISH_TEXT.search(features.clean[:3000]))
        for url in features.urls[:20]:
            host = url.host.lower()
            domain = url.registered_domain.lower()
            if url.start > 0 and features.original[url.start - 1] == "@":
                continue  # the domain of an e-mail address, not a link
            if url.suffix.lower() in _RESERVED_SUFFIXES:
                continue
            if domain in ctx.allowed_domains or host in ctx.allowed_domains or _official(url):
                continue
            score, why = 0.0, ""
            if host in hosts or domain in hosts:
                score, why = 0.99, "the host is on the malware block list"
            elif domain in ctx.blocked_domains or host in ctx.blocked_domains:
                score, why = 0.99, "the domain is on the publisher's block list"
            elif _EXECUTABLE.search(_path(url)):
                score, why = 0.95, "the link downloads an executable or archive"
            else:
                brand = _lookalike(url)
                cheap = url.suffix.rsplit(".", 1)[-1].lower() in _CHEAP_SUFFIXES
                lure = bool(_LURE_WORDS.search(url.url))
                if brand:
                    score, why = 0.92, f"the domain imitates {brand}"
                elif phishing_text and (cheap or lure):
                    score, why = 0.85, "a throwaway domain asks for personal or card details"
                elif cheap and lure and len(_labels(url)) >= 2:
                    score, why = 0.6, "a lure on a throwaway domain"
            if score > 0:
                evidence.append(Evidence("span", url.start, url.end, url.url, why))
                reasons.append(why)
                best = max(best, score)
        if best < 0.9:
            text = features.clean[:3000]
            named = (_FILE_NAME.search(text) if features.urls else None) or (
                _UNLINKED_EXECUTABLE.search(text)
            )
            if named:
                best = 0.95
                evidence.append(Evidence("pattern", text=named.group(), detail="executable file"))
                reasons.append("it offers an executable file")
        if features.urls and best < 0.9:
            disarm = _DISARM.search(features.clean[:3000])
            if disarm and not _WARNED.search(
                features.clean[max(0, disarm.start() - 20) : disarm.start()]
            ):
                best = 0.95
                evidence.append(Evidence("pattern", text=disarm.group(), detail="disarm request"))
                reasons.append("it asks readers to switch off their antivirus")
        if best == 0.0:
            return [self.finding("malware", 0.0, "No dangerous links found.")]
        return [
            self.finding(
                "malware",
                best,
                "Links to malicious software or phishing: "
                + "; ".join(dict.fromkeys(reasons))
                + ".",
                tuple(evidence[:10]),
                code="dangerous_link",
            )
        ]
