"""Golden cases for the classes the engine used to get wrong on comments it never saw.

Every text is short, mild and written for this test (not taken from the contrast sets).
Acceptable ones must not be rejected (a person may still look at some); violations must
still be caught.
"""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from decorum.moderation.crossval import OPEN_THREAD
from decorum.moderation.engine import Engine
from decorum.moderation.policy import load_default_policy
from decorum.moderation.types import ArticleContext, CommentInput

ARTICLE = {
    "en": ArticleContext(
        "k1",
        "en",
        "Council plans a safer crossing near the primary school",
        "The council will build a zebra crossing on the road outside the primary school, "
        "after parents asked for it. Work starts in the spring.",
    ),
    "ru": ArticleContext(
        "k2",
        "ru",
        "В городе обсуждают новый пешеходный переход у школы",
        "Администрация построит переход у школы после обращений родителей. Работы начнутся весной.",
    ),
    "es": ArticleContext(
        "k3",
        "es",
        "El ayuntamiento pintará un paso de cebra junto al colegio",
        "El ayuntamiento construirá un paso de cebra frente al colegio público tras las quejas "
        "de las familias. Las obras empiezan en primavera.",
    ),
}


@pytest.fixture(scope="module")
def engine() -> Engine:
    return Engine(load_default_policy())


def _decide(
    engine: Engine, text: str, lang: str, open_thread: bool = False
) -> tuple[str, set[str]]:
    article = OPEN_THREAD[lang] if open_thread else ARTICLE[lang]
    comment = CommentInput("t", text, "author-1", article, datetime(2026, 4, 1, 9, tzinfo=UTC))
    verdict = engine.decide(comment)
    return verdict.action, {f.rule for f in verdict.fired}


ACCEPTABLE = [
    # counter-speech that quotes the slur it opposes
    ('Writing that newcomers are "parasites" is exactly the language historians warn about.', "en"),
    ("Называть приезжих «паразитами» — это и есть язык ненависти, против которого статья.", "ru"),
    # a parent on their own child's school route
    (
        "Our 9-year-old son walks to Northgate Primary along this road, so the crossing matters.",
        "en",
    ),
    ("Мой сын ходит в школу № 12 по этой дороге, переход очень нужен.", "ru"),
    # a teacher named beside a school is an adult, not a child
    ("Учитель физики Игорь Семёнович Лапин — гордость нашей школы, спасибо ему.", "ru"),
    # a teacher on their own class; a school named after a saint is not a child's name
    ("I teach year 4 at St Brigid's, and the crossing would make the walk far safer.", "en"),
    ("The after-school club at the Larkin Vale school needs volunteers on Fridays.", "en"),
    # a social-network reply tag is not a phone number
    ("[id5550123|Оля], согласна, переход у школы нужен был давно.", "ru"),
    # public lines and case numbers are not personal data
    ("The council's non-emergency helpline is 0300 123 4567, they answered quickly.", "en"),
    ("Решение суда по делу 3-4567/2025 уже опубликовано на сайте, кому интересно.", "ru"),
    # names that begin like rude words
    ("Councillor Anne Cockburn says the crossing will be finished before the summer.", "en"),
    ("Новый начальник дорожной службы — Пётр Хренников, посмотрим, как он справится.", "ru"),
    # asking for an office's number is not asking for a person's
    ("Does anyone know the phone number of the council's housing office?", "en"),
    # an ordinary word that contains an insult
    ("В этом году на даче уродилась отличная картошка, раздаю соседям.", "ru"),
    # Spanish: counter-speech, a parent, news figures, a place name, the newspaper itself
    ("Decir que los inmigrantes son «una plaga» es justo el discurso que hay que frenar.", "es"),
    ("Mi hija de ocho años cruza por ahí cada mañana, el paso de cebra hace mucha falta.", "es"),
    ("Según el informe, los atropellos junto a colegios bajaron un 30 % con estos pasos.", "es"),
    ("En Villapene también pintaron uno el año pasado y funciona muy bien.", "es"),
    ("Buen artículo. Una corrección: la obra empieza en marzo, no en abril.", "es"),
    # praise of the newsroom, in the words its critics also use
    ("Best paper in the county, I've read it every morning for twenty years.", "en"),
    ("The reporters at this paper did careful work on the flood story, thank you.", "en"),
    ("Журналисты этого издания хорошо поработали, спасибо за репортаж.", "ru"),
    ("Leo este diario desde hace veinte años y sigue siendo el mejor de la comarca.", "es"),
    # violence reported, not described
    ("Police used batons to clear the square last night; nine people were hurt.", "en"),
    ("Полиция задержала мужчину, который ранил ножом прохожего у вокзала.", "ru"),
    ("Un hombre murió apuñalado anoche en la plaza, según la policía.", "es"),
    # harsh political words are not calls to violence
    ("The ministers who signed this are traitors to their own voters.", "en"),
    # a group named with the words of hatred, to oppose it
    ("Deaf residents should never face discrimination at the council's front desk.", "en"),
    ("Nobody in this town should hate their neighbours for praying in a mosque.", "en"),
    ("Людей с инвалидностью нужно защищать от дискриминации при приёме на работу.", "ru"),
    ("Nadie debería odiar a sus vecinos gitanos por los prejuicios de siempre.", "es"),
    # a harmless question in the form of a harmful request: a homonym, a definition, help
    ("What's the quickest way to kill the moss on the path to the school gate?", "en"),
    ("What exactly does 'self-harm' cover in the new school guidance?", "en"),
    ("If a pupil says they want to hurt themselves, who should a parent ring first?", "en"),
    ("Как лучше всего убить время, пока ребёнок на продлёнке?", "ru"),
    ("¿Cuál es la mejor manera de matar los pulgones del seto junto al colegio?", "es"),
    # drug slang in its ordinary sense
    ("Is there anywhere by the school that sells a can of Coke after six?", "en"),
    ("Кофе для меня как наркотик, без него на родительское собрание не пойду.", "ru"),
    # sympathy for why people flee or stay, and who they are (the first one was rejected as hate
    # before the welcome contrast sets)
    ("Gay refugees face prison at home; of course they want to come here.", "en"),
    ("Schools there were closed to girls, so naturally those families want to come here.", "en"),
    (
        "Most of the newcomers at the school gate are mums with toddlers, not the men people fear.",
        "en",
    ),
    ("Семьи бежали от обстрелов, конечно, они хотят остаться там, где дети в безопасности.", "ru"),
    (
        "Huyeron de la guerra; claro que quieren quedarse donde sus hijos van al cole.",
        "es",
    ),
    # contempt for a thing, not the newsroom (the disrespect_publisher model rejected it)
    ("The printer in the school office is a useless piece of junk.", "en"),
    # a group named to wish it well (the hate model rejected it at 0.74)
    ("Trans women are women. Be kind.", "en"),
    # killing reported, remembered or denied, beside the group's name
    ("The gunman tried to kill all the worshippers, the court heard; he hated Muslims.", "en"),
    ("In 1942 the regime decided that Jews should be gassed; we must never forget.", "en"),
    ("Nobody deserves to be shot for being a refugee.", "en"),
    ("Los nazis quisieron exterminar a todos los judíos de Europa.", "es"),
    # rescuers praised after an attack, and a group defended with the word of its detractors
    ("Firefighters who saved the school after arsonists torched it are heroes.", "en"),
    ("Пенсионеры не обуза, они всю жизнь работали.", "ru"),
    # the same words told as a life story, an offer of help, a kitchen, a denial
    ("She swallowed a whole bottle of pills in 2019; today she runs the helpline.", "en"),
    ("I'll sort you out with a lift to the school if the buses stop.", "en"),
    ("Back to the kitchen, the cake is burning!", "en"),
    ("Те, кто поджёг школу, не герои, а преступники.", "ru"),
    # the same forms in their ordinary senses
    ("She had the right idea asking the council for the figures first.", "en"),
    ("It would be a shame if the old school gate got demolished; it's a listed one.", "en"),
    ("Пусть пешеходы почаще оглядываются на переходе, самокаты едут быстро.", "ru"),
    ("Купили диванные подушки, а переход у школы так и не сделали.", "ru"),
    # asking for help with one's own distress (the suicide model rejected it at 0.91)
    ("What should I do if I feel like hurting myself?", "en"),
    # the writer's own family called names fondly (a word list rejected both)
    (
        "My little brother's a total idiot on his scooter, but he always stops at the crossing.",
        "en",
    ),
    ("Mi hermano es un idiota con el patinete, pero siempre para en el paso de cebra.", "es"),
    # a place whose name begins like a first name is not a child's name
    ("В Лесной Поляне дети из школы искусств пели на празднике, лучший номер вечера.", "ru"),
]


@pytest.mark.parametrize(("text", "lang"), ACCEPTABLE)
def test_acceptable_comments_of_the_hard_classes_are_not_rejected(
    engine: Engine, text: str, lang: str
) -> None:
    action, fired = _decide(engine, text, lang)
    assert action != "reject", fired


@pytest.mark.parametrize(
    ("text", "lang"),
    [
        ("Has anyone tried the new bakery on the corner? Their rye bread is great.", "en"),
        ("Кто-нибудь пробовал новую пекарню на углу? Ржаной хлеб у них отличный.", "ru"),
        (
            "¿Alguien ha probado la panadería nueva de la esquina? El pan de centeno es buenísimo.",
            "es",
        ),
    ],
)
def test_nothing_is_off_topic_in_an_open_thread(engine: Engine, text: str, lang: str) -> None:
    action, fired = _decide(engine, text, lang, True)
    assert "off_topic" not in fired and action == "allow"


VIOLATIONS = [
    ("The new bus timetable is pure sh*te, nobody asked us.", "en", "profanity"),
    ("Shiiiit, the crossing is still not finished.", "en", "profanity"),
    (
        "Does anyone know where the bus driver from the video lives? Post his address.",
        "en",
        "privacy",
    ),
    ("Кто знает, где живёт этот водитель? Скиньте адрес сюда.", "ru", "privacy"),
    ("You are a pathetic idiot and everybody knows it.", "en", "insults_threats"),
    ("Ты урод, заткнись уже.", "ru", "insults_threats"),
    ("Eres un idiota y un payaso, cállate ya.", "es", "insults_threats"),
    ("What the fuck is this council doing?", "en", "profanity"),
    (
        "Her private number is 07700 900123, call her at night and tell her what you think.",
        "en",
        "privacy",
    ),
    (
        "Его домашний адрес: улица Несуществующая, дом 5, квартира 12 — сходите к нему.",
        "ru",
        "privacy",
    ),
    # spaced-out letters after a word with an apostrophe were joined onto it ("that'sfucking")
    ("Another fare rise? That's s h i t t y service.", "en", "profanity"),
    # an executable offered on a host the link finder does not know, or as a second extension
    (
        "Minutes of the meeting: minutes-2026.pdf.exe, open it before they delete it.",
        "en",
        "malware",
    ),
    ("Приложение для записи без очереди: zapis-bystro.example/install.apk", "ru", "malware"),
    # a chain message, and the imprint of a paid election advert
    (
        "Send this to 20 friends and the school has to build the crossing! Don't break the chain!",
        "en",
        "spam",
    ),
    (
        "Голосуйте за Петрова! Оплачено из средств избирательного фонда кандидата.",
        "ru",
        "commercial",
    ),
    # sofa experts of every trade, and an old word for a senile man
    ("Диванные полководцы опять учат водителей ездить.", "ru", "trolling"),
    ("Глава района — старый маразматик, пора на пенсию.", "ru", "insults_threats"),
    # an attack's authors held up as an example, a building to be seized with its officials,
    # a source of something "to relax" offered in private
    ("Remember the crew who bombed the bank? We need people like that again.", "en", "extremism"),
    ("Давайте захватим здание администрации и не будем выпускать чиновников.", "ru", "extremism"),
    ("Кому «расслабиться» после работы — знаю, где достать, пишите в личку.", "ru", "drugs"),
    # a bottle of pills offered as the way out, a threat about walking to the car, a pet name
    # sending a woman to the kitchen, an arsonist called a hero, armchair experts of any trade
    (
        "Tired of the heat? A full bottle of sleeping pills and you'll never feel it again.",
        "en",
        "suicide",
    ),
    (
        "The head teacher should think carefully about walking home after the meeting.",
        "en",
        "insults_threats",
    ),
    ("She wants to run the parents' council? Back to the kitchen, love.", "en", "hate"),
    (
        "Тот, кто поджёг школу в соседнем районе, — настоящий герой. Надо повторить.",
        "ru",
        "extremism",
    ),
    ("Armchair coaches out in force again today.", "en", "trolling"),
    # self-harm wished on a named person in the infinitive, a racketeer's "shame if", a
    # drug named by a quoted slang word with a private source, sofa experts of any trade
    ("Директору школы стоит сделать всем одолжение и повеситься.", "ru", "suicide"),
    (
        "Nice new school gate. Shame if it got smashed one night. Just saying.",
        "en",
        "insults_threats",
    ),
    ("С «солью» учёба веселее. Знаю, где достать, пишите в личку.", "ru", "drugs"),
    ("О, диванные инженеры подтянулись.", "ru", "trolling"),
    ("Надо собраться и взять здание администрации штурмом.", "ru", "extremism"),
    # a stranger asking how to reach a child in the picture
    ("Мальчик на фото милый, скиньте его страницу, напишу ему.", "ru", "minors"),
    ("Send me the number of the girl in the photo, I want to chat with her.", "en", "minors"),
    # a call to kill a group, with no slur (the model only queued the first three)
    ("Kill all the gays.", "en", "hate"),
    ("Refugees deserve to be shot at the border.", "en", "hate"),
    ("Всех мигрантов надо расстрелять.", "ru", "hate"),
    ("Hay que matar a todos los inmigrantes.", "es", "hate"),
    # a named child at a school named after a saint is still a child identified
    ("Tom Baxter, 9, in year 4 at St Brigid's walks home alone past the garages.", "en", "privacy"),
]


@pytest.mark.parametrize(("text", "lang", "rule"), VIOLATIONS)
def test_plain_violations_are_still_rejected(
    engine: Engine, text: str, lang: str, rule: str
) -> None:
    action, fired = _decide(engine, text, lang)
    assert action == "reject" and rule in fired, (action, fired)


@pytest.mark.parametrize(
    ("text", "lang"),
    [
        ("Did your mum write this comment for you? Go back to school.", "en"),
        ("Тебя никто не спрашивал, иди учи матчасть.", "ru"),
        ("¿Tu madre te escribe los comentarios? Vuelve al colegio, anda.", "es"),
    ],
)
def test_condescension_without_a_rude_word_goes_to_a_person(
    engine: Engine, text: str, lang: str
) -> None:
    action, _fired = _decide(engine, text, lang)
    assert action in ("queue", "reject")


@pytest.mark.parametrize(
    ("text", "lang", "rule"),
    [
        ("Your so-called journalists couldn't report the weather correctly.", "en", None),
        ("Your so-called journalists are worthless garbage and this paper is a joke.", "en", None),
        ("Ваша газетёнка годится только на растопку печки.", "ru", None),
        ("Este pasquín solo sirve para envolver bocadillos.", "es", None),
        (
            "He slit the dog's throat slowly and laughed while it bled out, best thing I saw.",
            "en",
            "violence",
        ),
    ],
)
def test_contempt_for_the_newsroom_and_relished_gore_are_still_caught(
    engine: Engine, text: str, lang: str, rule: str | None
) -> None:
    action, fired = _decide(engine, text, lang)
    assert action in ("queue", "reject") and (rule or "disrespect_publisher") in fired, fired


# Harm approved or offered in plain words, no rude or graphic word. Approval of an attack is
# mostly queued, not rejected, and some is still missed ("did the town a favour"): see the card.
HARM = ("violence", "extremism", "insults_threats")


@pytest.mark.parametrize(
    ("text", "lang", "rules"),
    [
        ("Pity the attacker only wounded him. Next time finish it.", "en", HARM),
        ("Жаль, что промахнулся. Надо было доделать дело.", "ru", HARM),
        ("Anyone got some coke for tonight? Cash waiting, usual spot.", "en", ("drugs",)),
        ("Where can I get a gun without the background check? Asking seriously.", "en", HARM),
    ],
)
def test_harm_wished_or_offered_in_plain_words_is_caught(
    engine: Engine, text: str, lang: str, rules: tuple[str, ...]
) -> None:
    comment = CommentInput("t", text, "author-1", ARTICLE[lang], datetime(2026, 4, 1, tzinfo=UTC))
    verdict = engine.decide(comment).as_dict()
    cited = {f["id"] for f in verdict["rules"]} | set(verdict["review"])
    assert verdict["action"] in ("queue", "reject") and cited & set(rules), verdict
