"""Golden cases for the formatting, language, flash-mob, flooding and topic detectors.

Every text here is short, mild and written for the test.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from decorum.moderation.detectors.base import DetectContext
from decorum.moderation.detectors.flash_mob import FlashMobDetector
from decorum.moderation.detectors.flooding import FloodingDetector, flood_like
from decorum.moderation.detectors.formatting import FormattingDetector
from decorum.moderation.detectors.language import LanguageDetector
from decorum.moderation.detectors.topic import TopicDetector
from decorum.moderation.features import compute_features
from decorum.moderation.state import MemoryStateStore, StateEvent
from decorum.moderation.types import ArticleContext, CommentInput, ParentContext

T0 = datetime(2026, 3, 5, 9, 0, tzinfo=UTC)
ARTICLES = {
    "en": ArticleContext(
        "g1",
        "en",
        "Harbour town opens a new ferry line to the islands",
        "A new ferry will connect the harbour with three islands from May. "
        "Tickets cost less than the old boat, and the crossing takes forty minutes.",
    ),
    "ru": ArticleContext("g2", "ru", "Открылась новая станция метро", "Станция открылась утром."),
    "es": ArticleContext("g3", "es", "Final del torneo de tenis", "La final se jugó el domingo."),
}


def _comment(
    text: str, edition: str = "en", author: str = "u1", minute: float = 0, cid: str = "c"
) -> CommentInput:
    return CommentInput(cid, text, author, ARTICLES[edition], T0 + timedelta(minutes=minute))


def _score(detector: object, text: str, edition: str = "en", **params: object) -> float:
    comment = _comment(text, edition)
    findings = detector.detect(  # type: ignore[attr-defined]
        comment, compute_features(text, edition), DetectContext(params=params)
    )
    return max(f.score for f in findings)


@pytest.mark.parametrize(
    ("text", "fires"),
    [
        ("THE FERRY TICKETS ARE FAR TOO EXPENSIVE FOR FAMILIES", True),
        ("NO MORE DELAYS!!! FIX IT NOW!!! WE WAIT!!!", True),
        ("The ferry is NOT cheaper than the bus, and the EU rules say so.", False),
        ("Great news.", False),
        ("Visit HTTPS://FERRY.EXAMPLE.COM for the timetable, it is quite useful.", False),
        (" ".join(["the ferry is nice and the islands are nice"] * 5), True),
        ("Short, clear sentences. They read well. Nothing runs on here.", False),
        # 32 words and not a single mark: a run-on, though shorter than the 40 words that
        # make one when commas are there
        (
            "i really do not see why they changed the ferry times it was fine before and now "
            "the morning boat leaves too early and the evening one too late for anyone who "
            "works in town",
            True,
        ),
        (
            "I really do not see why they changed the ferry times, it was fine before and now "
            "the morning boat leaves too early and the evening one too late for anyone who "
            "works in town",
            False,
        ),
    ],
)
def test_formatting(text: str, fires: bool) -> None:
    assert (_score(FormattingDetector(), text) >= 0.5) is fires


@pytest.mark.parametrize(
    ("text", "edition", "fires"),
    [
        ("The new ferry looks lovely and the tickets are cheap.", "en", False),
        ("El nuevo ferry es precioso y los billetes son baratos.", "en", True),
        ("The new station looks lovely and the trains are quiet.", "ru", True),
        ("Нова станція дуже гарна, і поїзди тепер тихіші.", "ru", True),
        ("Новая станция очень красивая, и поезда теперь тише.", "ru", False),
        ("La final va ser molt emocionant i el públic va aplaudir molt.", "es", True),
        ("La final fue muy emocionante y el público aplaudió mucho.", "es", False),
        ("Déjà vu, Bravo!", "en", False),
        ("新的渡轮很漂亮，票价便宜。", "en", True),
    ],
)
def test_wrong_language(text: str, edition: str, fires: bool) -> None:
    assert (_score(LanguageDetector(), text, edition) >= 0.5) is fires


def _replay(
    detector: object,
    rule: str,
    posts: Sequence[tuple[str, str, float] | tuple[str, str, float, str]],
) -> list[float]:
    """Run ``detector`` over posts in order, recording each in a fresh store as the engine does;
    a fourth item is the id of the comment the post replies to."""
    store = MemoryStateStore()
    ctx = DetectContext(state=store)
    scores = []
    for i, post in enumerate(posts):
        author, text, minute = post[0], post[1], post[2]
        parent = post[3] if len(post) > 3 else None
        comment = _comment(text, author=author, minute=minute, cid=f"p{i}")
        if parent is not None:
            comment = replace(comment, parent=ParentContext(parent, "An earlier comment."))
        feats = compute_features(text, "en")
        findings = detector.detect(comment, feats, ctx)  # type: ignore[attr-defined]
        scores.append(max(f.score for f in findings if f.rule == rule))
        store.record(
            StateEvent(
                comment.id,
                comment.article.id,
                author,
                comment.created_at.timestamp(),
                feats.folded,
                parent,
                feats.embedding(),
                flood_like(feats),
            )
        )
    return scores


def test_flash_mob_fires_from_the_third_account() -> None:
    line = "Ferry prices are a scandal, boycott the new line until they fall!"
    posts = [
        ("a1", line, 0),
        ("a2", line.replace("scandal", "total scandal"), 2),
        ("n1", "I took the ferry yesterday and it was on time.", 3),
        ("a3", line.lower(), 4),
        ("a4", line + " Share this.", 6),
    ]
    scores = _replay(FlashMobDetector(), "flash_mob", posts)
    assert [s >= 0.5 for s in scores] == [False, False, False, True, True]


def test_flash_mob_ignores_short_replies_and_one_account_repeating() -> None:
    posts = [("b1", "Agreed.", 0), ("b2", "Agreed!", 1), ("b3", "Agreed 100%.", 2)]
    assert max(_replay(FlashMobDetector(), "flash_mob", posts)) < 0.5
    line = "The new ferry timetable is much better than the old one was."
    same = [("c1", line, 0), ("c1", line, 1), ("c1", line, 2)]
    assert max(_replay(FlashMobDetector(), "flash_mob", same)) < 0.5


@pytest.mark.parametrize(
    "courtesy",
    [
        "Thank you for the article, really well explained!",
        "Congratulations to the whole team, well deserved!",
        "Спасибо автору за интересный материал!",
        "Mis condolencias a la familia, descanse en paz.",
    ],
)
def test_a_courtesy_many_readers_write_alike_is_no_flash_mob(courtesy: str) -> None:
    """Under a popular story eight readers thank the author in the same words: no campaign (it
    rejected from the third reader)."""
    posts = [(f"r{i}", courtesy, i * 1.5) for i in range(8)]
    assert max(_replay(FlashMobDetector(), "flash_mob", posts)) < 0.5
    # the same readers repeating a demand are still a campaign
    demand = "Thank you for the article! Now everyone vote NO on the ferry bill and call your MP."
    campaign = [(f"r{i}", demand, i * 1.5) for i in range(4)]
    assert _replay(FlashMobDetector(), "flash_mob", campaign)[-1] >= 0.5


def test_flooding_fires_on_the_fourth_fragment_in_minutes() -> None:
    posts = [("f1", t, i * 0.3) for i, t in enumerate(["hi", "lol", "asdfgh", "ok ok", "hm"])]
    scores = _replay(FloodingDetector(), "flooding", posts)
    assert [s >= 0.5 for s in scores] == [False, False, False, True, True]


def test_short_answers_to_different_people_are_no_flood() -> None:
    """A reader answering six people in two minutes was rejected from the fourth answer."""
    answers = ["Agreed.", "Source?", "Thanks, good to know!", "Good point.", "Exactly.", "Same."]
    spread = [("f4", t, i * 0.4, f"other-{i}") for i, t in enumerate(answers)]
    assert max(_replay(FloodingDetector(), "flooding", spread)) < 0.5
    # the same fragments poured under one comment are still a flood
    poured = [("f5", t, i * 0.4, "other-0") for i, t in enumerate(answers)]
    assert [s >= 0.5 for s in _replay(FloodingDetector(), "flooding", poured)][3:] == [True] * 3


def test_flooding_ignores_spread_out_or_substantial_messages() -> None:
    spread = [("f2", t, i * 10) for i, t in enumerate(["hi", "lol", "ok", "hm"])]
    assert max(_replay(FloodingDetector(), "flooding", spread)) < 0.5
    text = "The ferry should also stop at the northern pier, it would help the village."
    real = [("f3", text, i * 0.5) for i in range(5)]
    assert max(_replay(FloodingDetector(), "flooding", real)) < 0.5


@pytest.mark.parametrize(
    ("text", "fires"),
    [
        ("Does anyone know a good recipe for lemon cake? Mine always comes out flat.", True),
        ("Forty minutes to the islands is fine, but the tickets should be cheaper still.", False),
        ("Nice.", False),
        # about the article itself: its headline, a typo, the editors
        ("Could the editors please fix the typo in the headline? Otherwise a great piece.", False),
        ("Редакция, исправьте, пожалуйста, опечатку в заголовке, а так материал отличный.", False),
    ],
)
def test_off_topic(text: str, fires: bool) -> None:
    assert (_score(TopicDetector(), text, cosine=0.1) >= 0.5) is fires


@pytest.mark.parametrize(
    ("text", "edition"),
    [
        (
            "Is the paper planning a souvenir edition for the anniversary? I'd buy my dad a copy.",
            "en",
        ),
        ("Газета будет выпускать сувенирный выпуск к юбилею? Купил бы отцу пару штук.", "ru"),
    ],
)
def test_a_comment_about_the_paper_itself_is_on_topic(text: str, edition: str) -> None:
    from decorum.moderation.policy import load_default_policy

    params = load_default_policy().detector_params["topic"]
    assert _score(TopicDetector(), text, edition, **params) < 0.5


# Reports on a sensitive subject, and comments on it in other words (written for these tests).
_SUBJECT_CASES = [
    (
        ArticleContext(
            "s1",
            "en",
            "Teenage mental-health referrals rise again",
            "Referrals of under-18s rose by a tenth last year. Charities say suicide prevention "
            "is underfunded.",
        ),
        "About six thousand people in the country took their own life in 2023, most of them "
        "men in their forties.",
    ),
    (
        ArticleContext(
            "s2",
            "ru",
            "Полиция сообщила о росте продаж наркотиков через мессенджеры",
            "МВД отмечает рост сбыта через закладки. Эксперты говорят о профилактике.",
        ),
        "Мой двоюродный брат три года лечился от зависимости, сейчас работает и помогает "
        "другим выбраться.",
    ),
    (
        ArticleContext(
            "s3",
            "en",
            "Report finds workers born abroad filled a third of new care jobs",
            "Migrants filled about a third of the vacancies, the report says. Unions welcomed it.",
        ),
        "Jews, Roma and gay men were the first to be persecuted before the war; remember that "
        "when politicians talk about purity.",
    ),
]


@pytest.mark.parametrize(("article", "text"), _SUBJECT_CASES)
def test_a_comment_on_the_articles_sensitive_subject_in_other_words_is_on_topic(
    article: ArticleContext, text: str
) -> None:
    from decorum.moderation.policy import load_default_policy

    params = load_default_policy().detector_params["topic"]
    features = compute_features(text, article.edition)
    context = DetectContext(params=params)
    (finding,) = TopicDetector().detect(
        CommentInput("s", text, "u7", article, T0), features, context
    )
    assert finding.score < 0.5
    assert "same subject as the article" in finding.evidence[0].detail
    # under a story on another subject the same words do not clear it
    elsewhere = ArticleContext(
        "s9",
        article.edition,
        "Новая линия метро" if article.edition == "ru" else "Ferry line",
        "Станция открылась утром." if article.edition == "ru" else "The ferry sails in May.",
    )
    (other,) = TopicDetector().detect(
        CommentInput("s", text, "u7", elsewhere, T0), features, context
    )
    assert "same subject" not in other.evidence[0].detail


def test_only_everyday_chatter_is_queued_as_off_topic() -> None:
    from decorum.moderation.policy import load_default_policy

    params = load_default_policy().detector_params["topic"]
    context = DetectContext(params=params)
    reform = ArticleContext(
        "s5",
        "es",
        "El Gobierno aprueba la reforma de la ley de inmigración",
        "La reforma facilita la regularización de trabajadores extranjeros.",
    )
    story = "Mi madre llegó de Ecuador hace veinte años y hoy es enfermera en el hospital."
    features = compute_features(story, "es")
    (finding,) = TopicDetector().detect(
        CommentInput("s", story, "u7", reform, T0), features, context
    )
    # far from the article's words and sentences, but a serious remark, not chatter
    assert finding.score < 0.5
    assert "not everyday chatter" in finding.evidence[0].detail
    recipe = "Does anyone know a good recipe for lemon cake? Mine always comes out flat."
    assert _score(TopicDetector(), recipe, **params) >= 0.5


@pytest.mark.parametrize(
    ("text", "edition", "queued"),
    [
        (
            "Off topic, but does anyone know a decent mechanic? My clutch has gone again.",
            "en",
            True,
        ),
        ("Простите за офтоп, кто знает хорошего ветеринара в центре города?", "ru", True),
        (
            "This is not off topic at all: the fare rise affects every single commuter here.",
            "en",
            False,
        ),
        (
            "Good call by the moderators closing the off-topic bit yesterday, much calmer now.",
            "en",
            False,
        ),
    ],
)
def test_a_comment_that_says_it_is_off_topic_is_taken_at_its_word(
    text: str, edition: str, queued: bool
) -> None:
    (finding,) = TopicDetector().detect(
        CommentInput("o", text, "u9", ARTICLES[edition], T0),
        compute_features(text, edition),
        DetectContext(params={"cosine": 0.16}),
    )
    assert (finding.score >= 0.5) is queued, finding.reason


def test_short_chatter_is_judged_and_a_short_remark_on_the_story_is_not() -> None:
    """Eight words of gossip were 'too short to judge'; a short comment now needs to be very
    close to chatter, and one that points back at the story ('will they show it again?') is
    about it. Words such as 'since' or 'Tuesday' shared with the article clear nothing."""
    from decorum.moderation.policy import load_default_policy

    params = load_default_policy().detector_params["topic"]
    fares = ArticleContext(
        "s7",
        "en",
        "Bus fares to rise from Tuesday",
        "Fares rise on Tuesday, the first increase since 2019.",
    )
    finale = ArticleContext("s8", "ru", "Тарифы на автобус вырастут", "С июня проезд подорожает.")

    def score(text: str, article: ArticleContext) -> float:
        (finding,) = TopicDetector().detect(
            CommentInput("t", text, "u9", article, T0),
            compute_features(text, article.edition),
            DetectContext(params=params),
        )
        return finding.score

    assert score("Кто смотрел вчера финал шоу «Звёзды»? Кто победил?", finale) >= 0.5
    assert score("Кто-нибудь знает, покажут ли это ещё раз?", finale) < 0.5
    assert (
        score("Anyone know a decent plumber? My boiler died on Tuesday, since then nothing.", fares)
        >= 0.5
    )


@pytest.mark.parametrize(
    ("question", "edition"),
    [
        ("Is it true that the builder was fined last year for breaking safety rules?", "en"),
        ("Did anyone watch the debate last night? The mayor was dreadful.", "en"),
        ("Правда, что застройщика уже штрафовали за нарушения на других объектах?", "ru"),
    ],
)
def test_a_question_about_the_story_in_the_form_of_chatter_is_left_alone(
    question: str, edition: str
) -> None:
    """Gossip's form ('is it true that...', 'did anyone watch...') is not gossip's subject: the
    chatter gate must be close to the subject, not only to the way the question is put."""
    from decorum.moderation.policy import load_default_policy

    params = load_default_policy().detector_params["topic"]
    housing = ArticleContext(
        "s6",
        edition,
        "Совет одобрил строительство 400 домов" if edition == "ru" else "Council backs 400 homes",
        "Часть квартир получат молодые семьи." if edition == "ru" else "Some go to young families.",
    )
    (finding,) = TopicDetector().detect(
        CommentInput("q", question, "u8", housing, T0),
        compute_features(question, edition),
        DetectContext(params=params),
    )
    assert finding.score < 0.5, finding.evidence[0].detail


def test_a_plain_word_inside_another_is_not_a_subject() -> None:
    from decorum.moderation.detectors.topic import subjects

    assert subjects("My migraine came back during the courtesy call about the game") == frozenset()
    assert subjects("Гейм за геймом он проигрывал") == frozenset()
    assert subjects("The courts sentenced him") == {"crime and justice"}


def test_off_topic_leaves_replies_to_the_thread() -> None:
    text = "Does anyone know a good recipe for lemon cake? Mine always comes out flat."
    reply = CommentInput(
        "r", text, "u2", ARTICLES["en"], T0, ParentContext("p", "What are you baking?")
    )
    (finding,) = TopicDetector().detect(reply, compute_features(text, "en"), DetectContext())
    assert finding.score < 0.5


def _calibration_scores() -> dict[str, list[float]]:
    """Scores of the topic calibration comments (written for the engine) under the policy."""
    import yaml

    from decorum.moderation.policy import load_default_policy

    path = Path(__file__).parent / "cases" / "topic_calibration.yaml"
    params = load_default_policy().detector_params["topic"]
    detector = TopicDetector()
    out: dict[str, list[float]] = {"related": [], "unrelated": []}
    for case in yaml.safe_load(path.read_text("utf-8")):
        article = ArticleContext(**case["article"])
        for kind, scores in out.items():
            for text in case[kind]:
                comment = CommentInput("k", text, "u9", article, T0)
                features = compute_features(text, article.edition)
                (finding,) = detector.detect(comment, features, DetectContext(params=params))
                scores.append(finding.score)
    return out


def test_general_remarks_are_not_taken_for_another_subject() -> None:
    scores = _calibration_scores()
    flagged = sum(s >= 0.5 for s in scores["related"])
    caught = sum(s >= 0.5 for s in scores["unrelated"])
    # Calibration figures of the policy's thresholds: 0 of 17 related comments queued (with
    # five-letter stems, 1: a remark that named the article's subject in another form), 9 of
    # 16 unrelated ones caught (the same 9 with the chatter gate raised from 0.3 to 0.4, which
    # leaves alone questions about the story in chatter's form: "is it true that the mayor...").
    assert flagged <= 1
    assert caught >= 9


def test_a_stock_reaction_naming_nothing_from_the_article_is_on_topic() -> None:
    from decorum.moderation.policy import load_default_policy

    params = load_default_policy().detector_params["topic"]
    text = "Completely agree with the comment above, they should publish the figures first."
    comment = CommentInput("g", text, "u8", ARTICLES["en"], T0)
    (finding,) = TopicDetector().detect(
        comment, compute_features(text, "en"), DetectContext(params=params)
    )
    assert finding.score < 0.5
    assert "general remark" in finding.evidence[0].detail


@pytest.mark.parametrize(
    ("title", "edition"),
    [
        ("Open thread: what's on your mind this weekend?", "en"),
        ("Открытая тема: обсуждаем всё, что волнует", "ru"),
    ],
)
def test_nothing_is_off_topic_under_an_open_thread(title: str, edition: str) -> None:
    text = "Does anyone know a good recipe for lemon cake? Mine always comes out flat."
    article = ArticleContext(id="ot", edition=edition, title=title, body="Readers talk.")
    comment = CommentInput("k", text, "u9", article, T0)
    features = compute_features(text, edition)
    (finding,) = TopicDetector().detect(comment, features, DetectContext(params={"cosine": 0.1}))
    assert finding.score < 0.5
    # the same comment under a specific story is still off topic
    assert _score(TopicDetector(), text, cosine=0.1) >= 0.5


@pytest.mark.parametrize(
    ("text", "edition", "queued"),
    [
        # everyday help asked of the section, far from the story (fresh sets 2, 8, 10, 14)
        (
            "Ребят, кто знает, паспортный стол на Гагарина в субботу принимает? "
            "Дозвониться нереально.",
            "ru",
            True,
        ),
        (
            "Does anyone know if the Eastfield leisure centre gym has reopened? "
            "Their website says nothing.",
            "en",
            True,
        ),
        # the same form asking about the story itself
        ("Кто-нибудь знает, новые тарифы касаются проездных для пенсионеров?", "ru", False),
        ("Does anyone know if the fare rise applies to weekly passes too?", "en", False),
    ],
)
def test_a_practical_question_far_from_the_story_is_queued_as_off_topic(
    text: str, edition: str, queued: bool
) -> None:
    """'Anyone know a decent plumber?' is everyday chatter whatever the encoder makes of it; the
    same form about the story ('does the fare rise apply to passes?') stays on topic."""
    from decorum.moderation.policy import load_default_policy

    params = load_default_policy().detector_params["topic"]
    article = (
        ArticleContext(
            "s9",
            "ru",
            "Тарифы на автобус вырастут с июня",
            "Проезд подорожает на 10 рублей, проездные тоже.",
        )
        if edition == "ru"
        else ArticleContext(
            "s10", "en", "Bus fares to rise from Tuesday", "Single fares and passes rise by 8%."
        )
    )
    (finding,) = TopicDetector().detect(
        CommentInput("p", text, "u9", article, T0),
        compute_features(text, edition),
        DetectContext(params=params),
    )
    assert (finding.score >= 0.5) is queued, finding.reason
