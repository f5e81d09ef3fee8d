"""``decorum evaluate --cv``: the whole engine's figures on comments its model never saw.

The in-sample figures on policy-dev flatter the engine (its classifier trained on those very
comments). Here every policy-dev comment is decided by the fold model trained without its
article, and every contrast comment by the fold model trained without its paraphrase family;
the thresholds are the shipped ones, which training chose on out-of-fold scores. The
rule-based detectors (word lists, links, privacy patterns) were written with policy-dev in
view, so their part of these figures is still optimistic: the report says so.
"""

from __future__ import annotations

import json
import os
import tempfile
import time
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from decorum.moderation.policy import Policy
from decorum.moderation.types import ArticleContext, CommentInput, Verdict

# Contrast comments sit under an open thread of their edition: a page about everything.
OPEN_THREAD = {
    "en": ArticleContext(
        id="open-thread-en",
        edition="en",
        title="Open thread: what readers are talking about this week",
        body="A place for readers to discuss the week's news: politics, the economy, sport, "
        "the weather, science, local life, and anything else on their minds.",
    ),
    "ru": ArticleContext(
        id="open-thread-ru",
        edition="ru",
        title="Открытая тема: о чём говорят читатели на этой неделе",
        body="Место, где читатели обсуждают новости недели: политику, экономику, спорт, "
        "погоду, науку, жизнь города и всё, что их волнует.",
    ),
    "es": ArticleContext(
        id="open-thread-es",
        edition="es",
        title="Tema abierto: de qué hablan los lectores esta semana",
        body="Un espacio para que los lectores comenten las noticias de la semana: política, "
        "economía, deporte, el tiempo, ciencia, la vida local y todo lo que les preocupa.",
    ),
}


@dataclass(frozen=True)
class Case:
    comment: CommentInput
    labels: frozenset[str]
    source: str
    language: str
    fold: int


def cases_from(
    policy_dev: Sequence[tuple[CommentInput, list[str]]], folds: Sequence[Sequence[str]]
) -> list[Case]:
    """Policy-dev comments (fold by article) and contrast comments (fold by family)."""
    from decorum.moderation.training import fold_of, load_contrast

    out: list[Case] = []
    for comment, labels in policy_dev:
        fold = next(k for k, f in enumerate(folds) if comment.article.id in f)
        out.append(Case(comment, frozenset(labels), "policy_dev", comment.article.edition, fold))
    contrast, _ = load_contrast()
    contrast_folds = fold_of(contrast, folds)
    start = datetime(2026, 6, 1, tzinfo=UTC)
    for n, (example, fold) in enumerate(zip(contrast, contrast_folds, strict=True)):
        article = OPEN_THREAD.get(example.language, OPEN_THREAD["en"])
        comment = CommentInput(
            id=f"contrast-{n}",
            text=example.text,
            author=f"contrast-author-{n}",  # one each: no flooding across the set
            article=article,
            created_at=start + timedelta(minutes=30 * n),
        )
        out.append(Case(comment, example.all_labels, "contrast", example.language, int(fold)))
    out += fresh_cases(len(folds))
    return out


def fresh_cases(n_folds: int) -> list[Case]:
    """The fresh sets' comments under their own articles, replies with their parents, in the
    order they were posted; each article held out in the fold training chose for it."""
    from decorum.moderation.cli import load_comments, read_articles
    from decorum.moderation.training.examples import group_fold
    from decorum.moderation.training.sources.ours import fresh_group, fresh_sets

    out: list[Case] = []
    for folder in fresh_sets():
        articles = read_articles(folder / "articles.jsonl")
        items, _ = load_comments(folder / "comments.jsonl", articles)
        for comment, labels in items:
            fold = group_fold(fresh_group(folder.name, comment.article.id), n_folds)
            out.append(
                Case(
                    comment,
                    frozenset(labels),
                    f"fresh:{folder.name}",
                    comment.article.edition,
                    fold,
                )
            )
    return out


def decide_out_of_fold(
    cases: Sequence[Case], policy: Policy, fold_dirs: Sequence[Path]
) -> list[Verdict]:
    """Each case decided by the engine whose classifier is the model of its fold."""
    from decorum.moderation.engine import Engine
    from decorum.moderation.retro import amend_all

    verdicts: dict[int, Verdict] = {}
    previous = os.environ.get("DECORUM_CLASSIFIER_MODELS")
    try:
        for k, directory in enumerate(fold_dirs):
            os.environ["DECORUM_CLASSIFIER_MODELS"] = str(directory)
            for source in dict.fromkeys(c.source for c in cases):
                # a new engine per fold and source (each fresh set is a source of its own): its
                # memory (floods, campaigns) must not carry comments of another fold or set
                engine = Engine(policy)
                index = [i for i, c in enumerate(cases) if c.fold == k and c.source == source]
                decided = amend_all(engine.decide_many([cases[i].comment for i in index]), policy)
                verdicts.update(zip(index, decided, strict=True))
    finally:
        if previous is None:
            os.environ.pop("DECORUM_CLASSIFIER_MODELS", None)
        else:
            os.environ["DECORUM_CLASSIFIER_MODELS"] = previous
    return [verdicts[i] for i in range(len(cases))]


def flagged_rules(verdict: Verdict, policy: Policy) -> tuple[set[str], set[str]]:
    """(rules the verdict rejects or queues the comment for by their threshold, rules in the
    review band) — what a moderator would see named."""
    fired = {f.rule for f in verdict.fired}
    review = {
        rule.id
        for rule in policy.rules
        if rule.review_threshold is not None
        and rule.id not in fired
        and verdict.scores.get(rule.id, 0.0) >= rule.review_threshold
    }
    return fired, review


def report(cases: Sequence[Case], verdicts: Sequence[Verdict], policy: Policy) -> dict[str, Any]:
    """Per rule: precision of the rule's automatic decisions and recall (caught: decided or
    queued); per language and set: the share of acceptable comments rejected and queued."""
    named = [flagged_rules(v, policy) for v in verdicts]
    per_rule: dict[str, dict[str, float | int]] = {}
    for rule in policy.rules:
        rid = rule.id
        tp = fp = fn = caught = 0
        for case, (fired, review) in zip(cases, named, strict=True):
            truth = rid in case.labels
            tp += truth and rid in fired
            fp += (not truth) and rid in fired
            fn += truth and rid not in fired
            caught += truth and (rid in fired or rid in review)
        support = tp + fn
        per_rule[rid] = {
            "precision": round(tp / (tp + fp), 4) if tp + fp else 0.0,
            "recall": round(tp / support, 4) if support else 0.0,
            "caught": round(caught / support, 4) if support else 0.0,
            "fired": tp + fp,
            "support": support,
        }

    def shares(select: Sequence[bool]) -> dict[str, float | int]:
        acceptable = [
            v for s, c, v in zip(select, cases, verdicts, strict=True) if s and not c.labels
        ]
        violating = [v for s, c, v in zip(select, cases, verdicts, strict=True) if s and c.labels]
        total = [v for s, v in zip(select, verdicts, strict=True) if s]
        return {
            "comments": len(total),
            "acceptable": len(acceptable),
            "acceptable_rejected": _share(acceptable, "reject"),
            "acceptable_queued": _share(acceptable, "queue"),
            "violating": len(violating),
            "violating_caught": round(
                sum(v.action != "allow" for v in violating) / len(violating), 4
            )
            if violating
            else 0.0,
            "queued": _share(total, "queue"),
        }

    scored = [m for m in per_rule.values() if m["support"]]
    return {
        "scheme": "out of fold: policy-dev and the fresh sets by article, contrast sets by "
        "paraphrase family; shipped thresholds (chosen on out-of-fold scores). Word lists and "
        "patterns were written with policy-dev, the contrast sets' classes and the fresh sets' "
        "misses in view: their share of these figures is optimistic.",
        "rules": per_rule,
        "macro_recall": round(sum(float(m["recall"]) for m in scored) / max(1, len(scored)), 4),
        "macro_caught": round(sum(float(m["caught"]) for m in scored) / max(1, len(scored)), 4),
        "overall": shares([True] * len(cases)),
        "per_language": {
            lang: shares([c.language == lang for c in cases])
            for lang in sorted({c.language for c in cases})
        },
        "per_set": {
            src: shares([c.source == src for c in cases])
            for src in sorted({c.source for c in cases})
        },
    }


def _share(verdicts: Sequence[Verdict], action: str) -> float:
    return round(sum(v.action == action for v in verdicts) / len(verdicts), 4) if verdicts else 0.0


def format_cv_report(data: dict[str, Any]) -> str:
    lines = [data["scheme"], ""]
    lines.append(f"{'rule':<22} {'P':>6} {'R':>6} {'caught':>7} {'fired':>6} {'support':>8}")
    for rid, m in data["rules"].items():
        lines.append(
            f"{rid:<22} {m['precision']:6.2f} {m['recall']:6.2f} {m['caught']:7.2f} "
            f"{m['fired']:6d} {m['support']:8d}"
        )
    lines.append(
        f"macro recall {data['macro_recall']:.2f}, macro caught {data['macro_caught']:.2f}"
    )
    lines.append("")
    header = f"{'':<14} {'comments':>8} {'acc.':>6} {'acc.rej':>8} {'acc.queue':>9} "
    lines.append(header + f"{'viol.':>6} {'caught':>7} {'queued':>7}")
    groups = [("all", data["overall"])]
    groups += [(f"lang {k}", v) for k, v in data["per_language"].items()]
    groups += [(f"set {k}", v) for k, v in data["per_set"].items()]
    for name, g in groups:
        lines.append(
            f"{name:<14} {g['comments']:8d} {g['acceptable']:6d} {g['acceptable_rejected']:8.1%} "
            f"{g['acceptable_queued']:9.1%} {g['violating']:6d} {g['violating_caught']:7.1%} "
            f"{g['queued']:7.1%}"
        )
    return "\n".join(lines)


def mistakes(
    cases: Sequence[Case], verdicts: Sequence[Verdict], policy: Policy
) -> list[dict[str, Any]]:
    """The out-of-fold decisions a reader or a moderator would call wrong: acceptable comments
    rejected or queued, violations let through, and violations rejected under a rule they do
    not break. What the card's figures are made of, to read rather than to tune on."""
    out: list[dict[str, Any]] = []
    for case, verdict in zip(cases, verdicts, strict=True):
        fired, review = flagged_rules(verdict, policy)
        rejected_for = fired if verdict.action == "reject" else set()
        if not case.labels and verdict.action != "allow":
            kind = "acceptable rejected" if verdict.action == "reject" else "acceptable queued"
        elif case.labels and verdict.action == "allow" and not review:
            kind = "violation allowed"
        elif case.labels and rejected_for and not rejected_for & case.labels:
            kind = "rejected under another rule"
        else:
            continue
        out.append(
            {
                "kind": kind,
                "id": case.comment.id,
                "source": case.source,
                "language": case.language,
                "labels": sorted(case.labels),
                "action": verdict.action,
                "rules": sorted(fired | review),
                "text": case.comment.text,
            }
        )
    return out


def cross_validate(
    policy_dev: Sequence[tuple[CommentInput, list[str]]],
    policy: Policy,
    *,
    log: bool = True,
    mistakes_path: Path | None = None,
) -> dict[str, Any]:
    """Train the fold models (as ``decorum train`` does), decide every held-out comment with
    its fold's engine, and report (and write the wrong decisions to ``mistakes_path``)."""
    import sys

    from decorum.moderation.training import HYPER, train

    started = time.perf_counter()
    with tempfile.TemporaryDirectory(prefix="decorum-cv-") as tmp:
        folds_dir = Path(tmp) / "folds"
        train(Path(tmp) / "shipped", log=log, fold_dir=folds_dir)
        fold_dirs = sorted(folds_dir.iterdir())
        cases = cases_from(policy_dev, HYPER["folds"])
        verdicts = decide_out_of_fold(cases, policy, fold_dirs)
    data = report(cases, verdicts, policy)
    if mistakes_path is not None:
        with mistakes_path.open("w", encoding="utf-8") as out:
            for row in mistakes(cases, verdicts, policy):
                out.write(json.dumps(row, ensure_ascii=False) + "\n")
    data["seconds"] = round(time.perf_counter() - started, 1)
    if log:
        print(f"cross-validated in {data['seconds']}s", file=sys.stderr)
    return data


def measure_latency(
    policy_dev: Sequence[tuple[CommentInput, list[str]]], policy: Policy
) -> dict[str, float]:
    """Model load and one-comment-at-a-time latency of the shipped engine, for the card."""
    import subprocess
    import sys

    from decorum.moderation.engine import Engine

    # Load time in a fresh interpreter: this process has the models in memory already.
    probe = (
        "import time; t = time.perf_counter(); "
        "from decorum.moderation.engine import Engine; "
        "from decorum.moderation.policy import load_default_policy; "
        "from decorum.moderation.embeddings import get_embedder; "
        "from decorum.moderation.detectors.classifier import get_model; "
        "Engine(load_default_policy()); get_embedder().embed(['warm up']); get_model(); "
        "print(time.perf_counter() - t)"
    )
    run = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, timeout=300, check=False
    )
    load = float(run.stdout.strip() or "nan")
    engine = Engine(policy)
    engine.decide(policy_dev[0][0])
    times = []
    for comment, _labels in policy_dev:
        t0 = time.perf_counter()
        engine.decide(comment)
        times.append((time.perf_counter() - t0) * 1000)
    times.sort()
    return {
        "load_seconds": round(load, 2),
        "p50_ms": round(times[len(times) // 2], 1),
        "p99_ms": round(times[min(len(times) - 1, int(len(times) * 0.99))], 1),
        "comments": len(times),
    }


DATA_SOURCES = (
    ("policy-dev", "development comments under 6 articles (en, ru, es), all 20 rules", "CC0"),
    ("contrast sets (ours)", "hard negatives and missed violations, en, ru and es", "CC0"),
    ("seed examples (ours)", "short examples per rule, en, ru, es", "CC0"),
    (
        "fresh sets (ours)",
        "comments under 86 invented news articles, written from the rules' definitions alone",
        "CC0",
    ),
    ("davidson", "hate / offensive / neither tweets", "MIT"),
    ("paradetox", "toxic sentences and polite rewrites", "CC0"),
    ("ru_paradetox_russe2022", "Russian toxic comments and rewrites", "OpenRAIL++"),
    ("ru_rudetoxifier", "Russian toxic sentences", "MIT"),
    ("toxigen_prompts", "implicit hate and neutral statements", "MIT"),
    ("stormfront_hate", "hate / no hate forum sentences", "CC BY-SA 3.0"),
    ("germeval2018", "German offensive / other tweets", "CC BY 4.0"),
    ("youtube_spam", "spam / not spam comments", "CC BY 4.0"),
    ("telegram_spam_ru", "Russian chat lures / chat messages", "GPL-3.0"),
    ("ailuminate_demo", "prompts for rare hazards (minors, self-harm, crimes)", "CC BY 4.0"),
    ("presidio_synth_pii", "sentences with personal data, as negatives", "MIT"),
)

KNOWN_FAILURES = (
    "Insults and trolling with no rude word at all (condescension, mockery of a participant) "
    "are mostly queued, not rejected: the classifier rarely reaches the reject precision on them.",
    "Hatred of a group without a slur (comparisons to pests or mould, 'they don't belong here', "
    "'people like them') is mostly queued or missed: about a quarter is rejected automatically, "
    "since the classifier rarely reaches the reject precision on it.",
    "Spelling variants: leetspeak, look-alike letters from another script and spaced-out letters "
    "are written plainly before the sentence encoder reads the text. An insult from a short list "
    "misspelt by one doubled, dropped or swapped letter ('idiiot', 'stupd', 'дебиил') is read as "
    "the insult by the classifier only, so it is usually queued where the plain word would be "
    "rejected by a word list; a misspelling that is itself a word in use ('idot', 'idoit') is "
    "left as typed, and two edits are not undone.",
    "Counter-speech that quotes hatred in order to oppose it can reach the queue band; it is "
    "rarely rejected since rejection needs 99 % out-of-fold precision. A listed word reported as "
    "someone else's ('people who call refugees vermin', 'называть мигрантов паразитами') is "
    "held in the queue band by the word lists, so the same form used as cover is queued too.",
    "News-style statistics on suicide, drugs or violence can reach the queue band of those rules.",
    "Positive statements about a group ('immigrants make this country stronger', 'Jewish people "
    "are welcome here') can reach the bottom of hate's queue band: the group's name carries "
    "weight in the model whatever is said of it. Sympathetic explanations of why people flee or "
    "stay ('of course they want to come here') were rejected by the model until the welcome "
    "contrast sets (en, ru, es, 507 comments) were added; out of fold they now reach the queue "
    "band at most, at the price of a little recall on rules near them (extremism, drugs).",
    "Spanish has contrast sets of about 1,300 comments, under half the English or Russian ones: "
    "its own reject thresholds (never below the shared ones) rest on fewer violations, and its "
    "figures are the least certain.",
    "Praise of the newsroom in words its critics also use ('the journalists of this paper') can "
    "still reach the queue band of disrespect_publisher, and counter-speech against hatred "
    "('hatred of migrants has no place here') that of hate.",
    "Harm wished, approved or offered in plain words ('did the town a favour', 'shame he "
    "missed', a request for how to hurt a named person phrased as a question) is mostly queued "
    "or missed: out of fold about half of the veiled and question sets' violations are caught, "
    "few of them rejected. Harmless questions of the same form are rarely rejected.",
    "Off topic is queued only for comments close to everyday chatter, ads and lures that belong "
    "under no story (recipes, matches, phones, gossip, crypto, lost pets). Those subjects were "
    "written after reading policy-dev's off-topic comments, so its off_topic figures are "
    "optimistic; chatter on another subject, or political talk under a story on something "
    "else, is left alone.",
    "The holds on where a score is aimed (the newsroom, goodwill, the writer's own distress) and "
    "the word lists' exceptions (the writer's own family called names, what others said or "
    "decided, a courtesy many readers write alike for flash mobs) were written from probes of "
    "comments outside these sets; they move the figures above by a handful of comments at most, "
    "so their value is unmeasured here, and each can be used as cover: the comment is then "
    "queued, not rejected.",
    "Word lists, link and privacy patterns were written with policy-dev in view; their part of "
    "the out-of-fold figures is optimistic. Single words that also name ordinary things "
    "('thief', 'by force', 'I sell', 'animals' beside a group) only send a comment to a person.",
    "Russian news talk (sarcasm about a law, replies that open with a reply tag, questions about "
    "payments or work) sends about one acceptable comment in ten to a person on the fresh set "
    "written for it: trolling, insult and spam scores sit just over their queue line. None of "
    "them is rejected.",
    "Practical questions that belong under no story (a plumber, a vet, whether a pool or a road "
    "has reopened) are left alone when the sentence encoder finds them close enough to the "
    "article; the chatter examples catch only those far from it.",
)

# Measured once on each fresh set (moderation/data/fresh), before any change it caused; the
# sets' README holds the figures per set. Not recomputed here: the engine has since been changed
# for their misses and trains on them, so a rerun would no longer be unseen.
FRESH_SETS_UNSEEN = (
    "Twenty-one fresh sets of comments under invented news articles (English and Russian, three "
    "with Spanish; 5,864 comments), written from the rules' definitions alone by people who saw "
    "neither the engine nor its data, were each run once before anything was changed because of "
    "them: 6 of 3,639 acceptable comments rejected (an ordinary word in the long list of obscene "
    "forms, a quoted nickname, a teacher's name read as a child's, a report of someone urging "
    "self-harm, an insult weighed and not given, a warning that named the real government site; "
    "all mended), 189 (5.2 %) sent to a person, 1,840 of 2,225 violations (83 %) caught. They are "
    "training data now (held out by article above). Two more sets kept out of training "
    "(tests/moderation/cases/held_out_sets, 555 comments) measure the model that learnt them: "
    "0 of 339 acceptable comments rejected (one before a denial the word lists missed was "
    "mended), 7 (2.1 %) sent to a person, 184 of 216 violations (85 %) caught, against 78 % "
    "caught and 3.5 % sent to a person with the model trained without them."
)


def model_card(data: dict[str, Any], manifest: dict[str, Any], latency: dict[str, float]) -> str:
    """The model card as Markdown: what the engine learned from, and how well it does on
    comments it never saw."""
    overall = data["overall"]
    lines = [
        "# Model card: Decorum's comment classifier and engine",
        "",
        "Written by `decorum evaluate --cv --card docs/model-card.md`; every figure below is "
        "out of fold (each comment decided by a model that never saw its article or its "
        "paraphrase family), never in-sample.",
        "",
        "## What it is",
        "",
        f"- One logistic regression per rule ({len(manifest.get('rules', []))} rules) over a "
        "multilingual sentence embedding (512 dims) and hashed word and character n-grams; "
        "the engine adds word lists, link, privacy, language, formatting, flooding and "
        "flash-mob detectors.",
        f"- Calibration: {manifest.get('calibration', '')}.",
        f"- A rule rejects only where out-of-fold precision was at least "
        f"{manifest.get('reject_precision', 0.99):.0%}; below that, down to the queue score, "
        "a person decides.",
        "- A classifier score past rejection whose main words are denied by the verb that says "
        "what someone is ('women are not inferior', 'мигранты — не преступники') is held in the "
        "queue band: the model reads words, not what the sentence says of them.",
        "- So is one aimed where the rule does not reach (`detectors/aim.py`): "
        "disrespect_publisher for contempt that names nothing of the publication or its people "
        "('this printer is useless junk'), hate for a comment that openly wishes the group well "
        "('trans women are women, be kind'; a denied goodwill word does not count), suicide for "
        "a writer's own distress with no method and no one else in it ('what should I do if I "
        "feel like hurting myself?').",
        "",
        "## Data",
        "",
        "| source | what | licence |",
        "|---|---|---|",
    ]
    lines += [f"| {name} | {what} | {licence} |" for name, what, licence in DATA_SOURCES]
    counts = manifest.get("examples", {})
    if counts:
        total = sum(int(v) for v in counts.values())
        lines += [
            "",
            f"{total} training texts in all; per source: "
            + ", ".join(f"{k} {v}" for k, v in counts.items())
            + ".",
        ]
    external = manifest.get("hyperparameters", {}).get("external_weight")
    if external is not None:
        lines += [
            "",
            f"The public datasets (and the capitals copies) weigh {external} times their weight in "
            "the source table of `decorum.moderation.training.sources`: they teach the form of "
            "abuse, the comment-like sets (policy-dev, contrast sets, seeds) what this policy "
            "calls abuse.",
        ]
    lines += [
        "",
        "## Out-of-fold figures (whole engine)",
        "",
        f"{data['scheme']}",
        "",
        f"- comments {overall['comments']}: acceptable {overall['acceptable']}, "
        f"violating {overall['violating']}",
        f"- acceptable comments rejected: {overall['acceptable_rejected']:.1%}; queued: "
        f"{overall['acceptable_queued']:.1%}",
        f"- violating comments caught (rejected or queued): {overall['violating_caught']:.1%}",
        f"- all comments queued: {overall['queued']:.1%}",
        f"- macro recall of automatic decisions: {data['macro_recall']:.2f}; macro share "
        f"caught: {data['macro_caught']:.2f}",
        "",
        "| group | comments | acceptable rejected | acceptable queued | violating caught "
        "| queued |",
        "|---|---|---|---|---|---|",
    ]
    groups = [(f"language {k}", v) for k, v in data["per_language"].items()]
    groups += [(f"set {k}", v) for k, v in data["per_set"].items()]
    for name, g in groups:
        lines.append(
            f"| {name} | {g['comments']} | {g['acceptable_rejected']:.1%} | "
            f"{g['acceptable_queued']:.1%} | {g['violating_caught']:.1%} | {g['queued']:.1%} |"
        )
    lines += [
        "",
        "| rule | precision | recall (automatic) | caught (with queue) | support |",
        "|---|---|---|---|---|",
    ]
    for rid, m in data["rules"].items():
        if m["support"] or m["fired"]:
            lines.append(
                f"| {rid} | {m['precision']:.2f} | {m['recall']:.2f} | {m['caught']:.2f} | "
                f"{m['support']} |"
            )
    lines += ["", "## Comments never seen", "", FRESH_SETS_UNSEEN]
    lines += ["", "## Known failure classes", ""]
    lines += [f"- {item}" for item in KNOWN_FAILURES]
    lines += [
        "",
        "## Latency (this machine, one comment at a time, shipped model)",
        "",
        f"- model load {latency['load_seconds']} s; p50 {latency['p50_ms']} ms, "
        f"p99 {latency['p99_ms']} ms over {latency['comments']} policy-dev comments",
        "",
    ]
    return "\n".join(lines)
