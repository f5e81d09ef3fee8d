"""The contrast sets parse: three fields a row, known rule ids, paraphrase families that do not
span files, and a language for every file (``en_civility.tsv`` is English)."""

from __future__ import annotations

from collections import Counter, defaultdict
from pathlib import Path

import pytest

from decorum.moderation.crossval import OPEN_THREAD
from decorum.moderation.training.sources.ours import (
    CONTRAST_DIR,
    contrast_language,
    load_contrast,
)
from decorum.moderation.types import RULE_IDS

FILES = sorted(CONTRAST_DIR.glob("*.tsv"))
THEMED = [p for p in FILES if "_" in p.stem]


def _rows(path: Path) -> list[tuple[int, list[str]]]:
    return [
        (n, line.split("\t"))
        for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1)
        if line.strip() and not line.startswith("#")
    ]


def test_the_civility_files_are_there() -> None:
    assert {p.name for p in THEMED} >= {"en_civility.tsv", "ru_civility.tsv"}


@pytest.mark.parametrize("path", FILES, ids=lambda p: p.name)
def test_every_row_has_three_fields_and_known_rule_ids(path: Path) -> None:
    for n, parts in _rows(path):
        assert len(parts) == 3, f"{path.name}:{n}: {len(parts)} fields"
        family, labels, text = parts
        assert family.strip() and text.strip(), f"{path.name}:{n}"
        assert family.startswith(f"{contrast_language(path)}-"), f"{path.name}:{n}: {family}"
        if labels != "-":
            unknown = set(labels.split(",")) - set(RULE_IDS)
            assert not unknown, f"{path.name}:{n}: unknown rule ids {sorted(unknown)}"


def test_no_family_spans_two_files() -> None:
    owner: dict[str, str] = {}
    for path in FILES:
        for n, (family, _labels, _text) in _rows(path):
            assert owner.setdefault(family, path.name) == path.name, (
                f"{path.name}:{n}: family {family} is also in {owner[family]}"
            )


# Parts 1 and 2 keep a violation and its civil contrast in neighbouring families of one label
# each; from part 3 on (and in every later themed file), a family holds both forms of one
# idea, so a contrast pair always lands on the same side of a split.
SINGLE_LABEL_FAMILIES = {
    "en_civility.tsv",
    "ru_civility.tsv",
    "en_civility2.tsv",
    "ru_civility2.tsv",
}
PAIRED_FAMILIES = {p.name for p in THEMED} - SINGLE_LABEL_FAMILIES


def test_the_later_themed_files_hold_paired_families() -> None:
    assert {"en_civility3.tsv", "ru_civility3.tsv", "en_rhetoric.tsv"} <= PAIRED_FAMILIES


@pytest.mark.parametrize("path", THEMED, ids=lambda p: p.name)
def test_themed_families_are_small_and_hold_no_duplicates(path: Path) -> None:
    rows = _rows(path)
    sizes = Counter(family for _n, (family, _l, _t) in rows)
    biggest = 4 if path.name in PAIRED_FAMILIES else 3
    assert all(2 <= k <= biggest for k in sizes.values()), {
        f: k for f, k in sizes.items() if not 2 <= k <= biggest
    }
    labels: dict[str, set[str]] = defaultdict(set)
    texts: set[str] = set()
    for n, (family, label, text) in rows:
        labels[family].add(label)
        assert text not in texts, f"{path.name}:{n}: duplicate text"
        texts.add(text)
    if path.name in PAIRED_FAMILIES:
        assert all("-" in v and len(v) >= 2 for v in labels.values()), {
            f: v for f, v in labels.items() if "-" not in v or len(v) < 2
        }
    else:
        assert all(len(v) == 1 for v in labels.values()), {
            f: v for f, v in labels.items() if len(v) > 1
        }
    # a family's rows stay together in the file
    order = [family for _n, (family, _l, _t) in rows]
    assert len(set(order)) == len([f for i, f in enumerate(order) if i == 0 or order[i - 1] != f])


@pytest.mark.parametrize("path", [p for p in THEMED if "civility" in p.stem], ids=lambda p: p.name)
def test_civility_files_balance_insults_and_trolling_against_civil_disagreement(
    path: Path,
) -> None:
    rows = _rows(path)
    acceptable = sum(1 for _n, (_f, label, _t) in rows if label == "-")
    violating = [set(label.split(",")) for _n, (_f, label, _t) in rows if label != "-"]
    # civility parts 2 and 3 add group-directed hate with no slur, against counter-speech
    allowed = {"insults_threats", "trolling"}
    if not path.stem.endswith("civility"):
        allowed.add("hate")
    assert all(v <= allowed for v in violating)
    assert acceptable >= 80 and len(violating) >= 80


def test_the_loader_reads_every_file_with_its_language_plain_files_first() -> None:
    examples, files = load_contrast()
    assert [p.name for p in files[:3]] == ["en.tsv", "es.tsv", "ru.tsv"]
    assert set(files) == set(FILES)
    languages = Counter(e.language for e in examples)
    assert set(languages) == {"en", "es", "ru"} and set(languages) <= set(OPEN_THREAD)
    assert len(examples) == sum(len(_rows(p)) for p in FILES)
    by_group = {e.group: e.language for e in examples}
    assert by_group["contrast:en-civ-001"] == "en" and by_group["contrast:ru-civ-001"] == "ru"


def test_a_themed_file_takes_its_language_from_the_name_prefix(tmp_path: Path) -> None:
    (tmp_path / "ru.tsv").write_text("# x\nru-a-1\t-\tПривет, соседи.\n", encoding="utf-8")
    (tmp_path / "en_topic.tsv").write_text(
        "en-b-1\ttrolling\tOff you go, then.\n", encoding="utf-8"
    )
    (tmp_path / "en.tsv").write_text("en-a-1\t-\tHello, neighbours.\n", encoding="utf-8")
    examples, files = load_contrast(tmp_path)
    assert [p.name for p in files] == ["en.tsv", "ru.tsv", "en_topic.tsv"]
    assert [e.language for e in examples] == ["en", "ru", "en"]
    assert examples[2].all_labels == frozenset({"trolling"}) and not examples[2].acceptable
