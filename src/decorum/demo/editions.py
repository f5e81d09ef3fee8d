"""The Russian demo edition, written for Decorum: its own home page, sections and articles.

The home page and sections are translations of the English ones (same translation keys), so
the edition switcher finds them; most articles exist only in Russian, and one is the Russian
version of an English article, linked to it under "Also in". Everything is made up.
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.utils import timezone
from wagtail.models import Locale

from decorum.demo.build import Credits, add_demo_article

LANGUAGE = "ru"

HOME = ("Декорум", "Новости городов, островов и долин воображаемой страны.")

# English section title -> (Russian title, slug)
SECTIONS: dict[str, tuple[str, str]] = {
    "Politics": ("Политика", "politika"),
    "World": ("В мире", "v-mire"),
    "Economy": ("Экономика", "ekonomika"),
    "Science": ("Наука", "nauka"),
    "Sport": ("Спорт", "sport"),
    "Culture": ("Культура", "kultura"),
}
ALL_NEWS = ("Все новости", "vse-novosti")
MULTIMEDIA = ("Мультимедиа", "multimedia", "Фотогалереи и видео из всех разделов.")

# (section, title, lead, paragraphs, tags, byline)
ARTICLES: tuple[tuple[str, str, str, tuple[str, ...], tuple[str, ...], str], ...] = (
    (
        "Politics",
        "Городской совет Заречья обсудил ремонт трёх мостов",
        "Депутаты попросили мэрию представить смету до конца месяца.",
        (
            "Заседание совета Заречья, вымышленного города на реке Ольховке, длилось четыре часа.",
            "Ремонт начнут с пешеходного моста у рынка, который закрыт с прошлой осени.",
        ),
        ("Заречье", "транспорт"),
        "Анна Соколова",
    ),
    (
        "World",
        "Острова Кеш получили общее расписание паромов",
        "Семь островных советов договорились о едином графике рейсов.",
        (
            "С первого мая пассажиры увидят одно расписание для всех переправ архипелага.",
            "Для жителей островов вводится общий тариф и ночной рейс по пятницам.",
        ),
        ("Кеш", "транспорт"),
        "Игорь Лебедев",
    ),
    (
        "Economy",
        "Фермерский кооператив Ольховой долины открыл свой рынок",
        "По субботам на площади у вокзала торгуют сорок хозяйств.",
        (
            "Кооператив арендовал площадь у города на три года.",
            "Больше всего покупателей пришло за яблоками старых местных сортов.",
        ),
        ("Ольховая долина", "фермерство"),
        "Мария Орлова",
    ),
    (
        "Science",
        "Школьники Норланда измерили хвост кометы",
        "Их снимки приняла сеть астрономов-любителей.",
        (
            "Телескоп на крыше школы ученики собрали из велосипедных деталей и подаренной линзы.",
            "Комету фотографировали девятнадцать ясных ночей с октября по декабрь.",
        ),
        ("Норланд", "астрономия"),
        "Павел Егоров",
    ),
    (
        "Sport",
        "Лыжный трамплин в Велле открылся после ремонта",
        "Рядом со старым сорокаметровым трамплином построили малый для юных спортсменов.",
        (
            "Половину денег на ремонт лыжный клуб собрал на зимней ярмарке.",
            "Первые соревнования на новом трамплине пройдут в конце января.",
        ),
        ("Велл", "лыжи"),
        "Олег Смирнов",
    ),
)

CREDITS = Credits(
    caption="Иллюстрация: %s", image="Демо-графика Декорума", source="Демо-редакция Декорума"
)

# The Russian version of the English demo's first article (same story, same translation key).
TRANSLATED = (
    "Совет Ривертона сделал старую рыночную улицу пешеходной",
    "После года обсуждений машины уйдут с Рыночного переулка весной.",
    (
        "Совет Ривертона, вымышленного города на реке Олдер, во вторник вечером одиннадцатью "
        "голосами против четырёх закрыл Рыночный переулок для сквозного проезда.",
        "Мнения владельцев магазинов разделились: одни ждут больше пешеходов, другие "
        "беспокоятся о доставке. Фургоны смогут заезжать до десяти утра.",
    ),
    ("Ривертон", "транспорт"),
)

THREAD: tuple[tuple[str, int | None], ...] = (
    ("Хорошо, что об этом написали подробно. Когда ждать новостей о ремонте?", None),
    ("В мэрии обещали опубликовать смету в конце месяца.", 0),
    ("Спасибо, буду следить за новостями.", 1),
)

# For the moderation queues: an insult in Russian, and an English comment under a Russian
# article (the edition's language rule).
PROBLEMS: tuple[str, ...] = (
    "Все, кто согласен с этой статьёй, просто идиоты и дебилы.",
    "I do not read Russian, but this plan sounds terrible and the council should resign.",
)


def _publish(page: Any) -> Any:
    page.save_revision().publish()
    return page


def make_russian_edition(*, home: Any, sections: dict[str, Any], articles: list[Any]) -> list[Any]:
    """Translate the home page and sections, write the Russian articles; returns them."""
    from decorum.news.models import AllNewsPage, ArticlePage, MultimediaPage, SectionPage

    locale = Locale.objects.get_or_create(language_code=LANGUAGE)[0]
    ru_home = home.copy_for_translation(locale)
    ru_home.title, ru_home.intro = HOME
    _publish(ru_home)
    ru_sections: dict[str, Any] = {}
    for english, section in sections.items():
        translated = section.copy_for_translation(locale)
        translated.title, translated.slug = SECTIONS[english]
        _publish(translated)
        # Re-read: publishing moved the page's address, children must see the new one.
        ru_sections[english] = SectionPage.objects.get(pk=translated.pk)
    ru_home.add_child(instance=AllNewsPage(title=ALL_NEWS[0], slug=ALL_NEWS[1]))
    title, slug, intro = MULTIMEDIA
    ru_home.add_child(instance=MultimediaPage(title=title, slug=slug, intro=intro))
    for child in ru_home.get_children().specific():
        if not child.live or child.has_unpublished_changes:
            _publish(child)

    now = timezone.now()
    written: list[Any] = []
    for index, (section, title, lead, paragraphs, tags, byline) in enumerate(ARTICLES):
        article = add_demo_article(
            ru_sections[section],
            title=title,
            lead=lead,
            body=[("paragraph", f"<p>{text}</p>") for text in paragraphs],
            published_at=now - timedelta(hours=4 * (len(ARTICLES) - index)),
            byline=byline,
            tags=tags,
            credits=CREDITS,
        )
        written.append(_publish(article))
    # A "Read more" card inside a body, as the English edition's first article has one.
    first = written[0]
    first.body.append(("related_article", {"article": written[2]}))
    written[0] = _publish(first)

    original = articles[0]
    version = original.copy_for_translation(locale)
    title, lead, paragraphs, tags = TRANSLATED
    version.title, version.lead = title, lead
    version.slug = "sovet-rivertona-peshehodnaya-ulitsa"
    version.body = [("paragraph", f"<p>{text}</p>") for text in paragraphs]
    version.main_image_caption = CREDITS.caption % title
    version.main_image_credit = CREDITS.image
    version.byline, version.source = "Мара Эллисон", CREDITS.source
    version.tags.set(tags, clear=True)
    version.save()
    written.append(_publish(version))
    return [ArticlePage.objects.get(pk=a.pk) for a in written]
