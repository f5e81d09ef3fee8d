"""The one explicit table of detector classes the engine knows (no self-registration)."""

from __future__ import annotations

from collections.abc import Mapping

from decorum.moderation.detectors.base import BaseDetector
from decorum.moderation.detectors.classifier import ClassifierDetector
from decorum.moderation.detectors.flash_mob import FlashMobDetector
from decorum.moderation.detectors.flooding import FloodingDetector
from decorum.moderation.detectors.formatting import FormattingDetector
from decorum.moderation.detectors.language import LanguageDetector
from decorum.moderation.detectors.lexicon import LexiconDetector
from decorum.moderation.detectors.links import LinkDetector
from decorum.moderation.detectors.privacy import PrivacyDetector
from decorum.moderation.detectors.profanity import ProfanityDetector
from decorum.moderation.detectors.topic import TopicDetector

DETECTORS: Mapping[str, type[BaseDetector]] = {
    "classifier": ClassifierDetector,
    "lexicon": LexiconDetector,
    "profanity": ProfanityDetector,
    "privacy": PrivacyDetector,
    "links": LinkDetector,
    "formatting": FormattingDetector,
    "language": LanguageDetector,
    "flash_mob": FlashMobDetector,
    "flooding": FloodingDetector,
    "topic": TopicDetector,
}
