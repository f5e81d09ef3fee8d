"""The Russian interface catalogue is complete and its compiled .mo matches the .po: a string
added to a template without a translation, or a .po edited without recompiling, fails here."""

from __future__ import annotations

import ast
import gettext
from pathlib import Path

import decorum

LOCALE = Path(decorum.__file__).parent / "locale"


def _entries(po: Path) -> list[dict[str, object]]:
    """Parse a .po file into entries: msgid, msgid_plural, msgstr (list), flags."""
    entries: list[dict[str, object]] = []
    current: dict[str, object] = {}
    key = ""
    for raw in [*po.read_text(encoding="utf-8").splitlines(), ""]:
        line = raw.strip()
        if not line:
            if "msgid" in current:
                entries.append(current)
            current, key = {}, ""
            continue
        if line.startswith("#,"):
            current["flags"] = line[2:].strip()
        elif line.startswith("#"):
            continue
        elif line.startswith('"'):
            value = ast.literal_eval(line)
            if key.startswith("msgstr"):
                strs = current["msgstr"]
                assert isinstance(strs, list)
                strs[-1] += value
            else:
                current[key] = str(current[key]) + value
        else:
            keyword, _, rest = line.partition(" ")
            value = ast.literal_eval(rest)
            if keyword.startswith("msgstr"):
                key = "msgstr"
                current.setdefault("msgstr", [])
                strs = current["msgstr"]
                assert isinstance(strs, list)
                strs.append(value)
            else:
                key = keyword
                current[key] = value
    return entries


def test_every_russian_interface_string_is_translated_and_compiled() -> None:
    po = LOCALE / "ru" / "LC_MESSAGES" / "django.po"
    entries = [e for e in _entries(po) if e["msgid"]]
    assert len(entries) > 500
    untranslated = [e["msgid"] for e in entries if not all(e["msgstr"])]  # type: ignore[arg-type]
    fuzzy = [e["msgid"] for e in entries if "fuzzy" in str(e.get("flags", ""))]
    assert untranslated == [] and fuzzy == []
    with (LOCALE / "ru" / "LC_MESSAGES" / "django.mo").open("rb") as handle:
        compiled = gettext.GNUTranslations(handle)
    stale = []
    for entry in entries:
        msgid, strs = str(entry["msgid"]), entry["msgstr"]
        assert isinstance(strs, list)
        if "msgid_plural" in entry:
            got = [compiled.ngettext(msgid, str(entry["msgid_plural"]), n) for n in (1, 2, 5)]
            if got != strs[:3]:
                stale.append(msgid)
        elif compiled.gettext(msgid) != strs[0]:
            stale.append(msgid)
    assert stale == [], "the .mo is older than the .po: run compilemessages"
