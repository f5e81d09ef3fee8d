"""Personal data of third parties: phones, e-mail, cards, IBAN, ID numbers, home addresses.

A number alone is not a breach: the author may share their own contact, or an
organisation's public line. So each finding is weighed by who it points at ("my number"
lowers it; "his address", "she lives at" raises it). Data that identifies a child is also
reported under `minors`.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import ClassVar

import phonenumbers

from decorum.moderation.detectors.base import BaseDetector, DetectContext
from decorum.moderation.features import Features
from decorum.moderation.normalise import REPLY_TAG
from decorum.moderation.types import CommentInput, Evidence, Finding

_MAX = 5000
_EMAIL = re.compile(r"[\w.+-]{1,64}@[\w-]{1,63}(?:\.[\w-]{1,63}){1,5}")
# An office's address, not a person's: a role before the @ or a government's domain after it.
_OFFICE_EMAIL = re.compile(
    r"(?i)^(?:info|contact|office|enquiries|inquiries|press|media|news|newsdesk|letters|editor|"
    r"editors|help|support|service|services|admin|mayor|council|reception|complaints|feedback|"
    r"hello|team|webmaster|secretaria|prensa|oficina|redaccion|редакция|приемная|"
    r"[\w.+-]*(?:office|council|desk))@|\.(?:gov|gob|gouv|gov\.\w{2}|gob\.\w{2}|gov\.ru|"
    r"mos\.ru|nhs\.uk|police\.uk|ac\.uk|edu)$"
)
_CARD = re.compile(r"(?<!\d)(?:\d[ -]?){12,18}\d(?!\d)")
_IBAN = re.compile(r"\b[A-Z]{2}\d{2}(?: ?[A-Z0-9]{4}){2,7}(?: ?[A-Z0-9]{1,3})?\b")
_UK_NINO = re.compile(r"\b[A-CEGHJ-PR-TW-Z]{2} ?\d{2} ?\d{2} ?\d{2} ?[A-D]\b")
_US_SSN = re.compile(r"\b\d{3}-\d{2}-\d{4}\b")
_ES_DNI = re.compile(r"\b(\d{8})-?([A-Z])\b")
_RU_SNILS = re.compile(r"\b\d{3}-\d{3}-\d{3} \d{2}\b")
_RU_PASSPORT = re.compile(r"(?i)паспорт\w*\D{0,20}(\d{2} ?\d{2} ?\d{6})")
_ADDRESS = (
    re.compile(
        r"\b\d{1,5}[a-z]?,? (?:[A-Z][a-z]+(?:['’]s)? ){1,3}"
        r"(?:Street|St|Road|Rd|Avenue|Ave|Lane|Ln|Close|Drive|Dr|Way|Crescent|Terrace|Place|"
        r"Court|Gardens|Boulevard|Blvd|Grove|Row|Mews|Walk|Rise|Parade|Hill|Square|Green|View|Park)\b"
    ),
    re.compile(
        r"(?i)\b(?:ул\.|улица|улице|проспект\w*|пр-т|переулок|пер\.|бульвар)\s*[А-ЯЁA-Z][\w-]{1,30}"
        r"(?:\s+[\w-]{1,20})?,?\s*(?:д\.|дом)?\s*\d{1,4}(?:\s*,?\s*(?:кв\.|квартира)\s*\d{1,4})?"
    ),
    # a street named without "улица" but with a house and a flat: "на Лесной, 8, кв. 17"
    re.compile(
        r"\b(?:на|по)\s+[А-ЯЁ][а-яё]{2,30}(?:\s+[а-яё]{2,20})?,?\s*(?:д\.|дом)?\s*\d{1,4}[а-я]?,?"
        r"\s*(?:кв\.|квартира|квартире)\s*\d{1,4}\b"
    ),
    # a street, a house and a flat with no word before them: "— Садовая, 18, кв. 42"
    re.compile(
        r"\b[А-ЯЁ][а-яё]{2,30}(?:\s+[а-яё]{2,20})?,\s*(?:д\.|дом)?\s*\d{1,4}[а-я]?,"
        r"\s*(?:кв\.|квартира)\s*\d{1,4}\b"
    ),
    re.compile(
        r"(?i)\b(?:calle|c/|avenida|avda\.?|plaza|paseo)\s+(?:de\s+(?:la\s+|los\s+)?)?"
        r"[A-ZÁÉÍÓÚÑ][\w-]{1,30}(?:\s+[\w-]{1,20})?,?\s*(?:n[ºo°.]\s*)?\d{1,4}"
    ),
)
_FLAT = re.compile(
    r"\b\d{1,4},? (?:[A-Z][a-z]+ ){0,3}[A-Z][a-z]+,? (?:flat|apt\.?|apartment|unit) \d{1,4}\b"
)
_CORRESPONDENCE = re.compile(
    r"(?i)\b(?:texted me|messaged me|dm'?d me|e-?mailed me|wrote to me|sent me this|"
    r"написал\w* мне|прислал\w* мне|в личк\w* (?:написал\w*|прислал\w*)|"
    r"переписк\w*|me escribió|me mandó|me envió)\b[^\"«“]{0,40}[\"«“]"
)
_FULL_NAME = re.compile(r"\b[A-ZА-ЯЁ][a-zа-яё]{1,20} [A-ZА-ЯЁ][a-zа-яё]{2,20}\b")
# Two capitalised words that are a place or an institution ("Mill Road", "St Mary Primary"),
# or that start a sentence ("As Parents", "The Council"): not a person's name.
_NOT_A_NAME = re.compile(
    r"^(?:the|this|that|these|as|in|on|at|when|if|my|our|dear|hi|hello|thanks|and|but|for|"
    r"from|with|why|how|what|who|where|every|each|all|no|yes|we|they|you|it|its|"
    # a saint's name is a school's, a church's or a town's ("St Mary's", "San Pedro")
    r"st|saint|sainte|san|santa|santo)\s"
    # a sentence opening on a verb ("Selling Coke at the fete", "Buying Tickets")
    r"|^(?:selling|buying|getting|making|bringing|looking|meeting|visiting|running|"
    r"watching|reading|playing|taking|having|going|coming|joining|keeping)\s"
    r"|\s(?:road|street|lane|avenue|way|close|drive|park|square|hill|green|bridge|school|"
    r"primary|academy|college|university|hospital|station|church|centre|center|court|gardens|"
    r"crescent|place|row|terrace|grove|walk|estate|market|hall|house|library|council|"
    r"valley|vale|heights|fields|meadows|view|bay|point|cross|wood|woods|mill|mills|"
    r"улица|проспект|площадь|школа|гимназия|лицей|больница|парк|переулок|шоссе)$",
    re.IGNORECASE,
)
_CHILD_ID = re.compile(
    r"(?i)(?:\b(?:she|he)(?:'s| is) \d{1,2}\b|\b\d{1,2}[- ]year[- ]old\b|\bprimary\b|"
    r"\b(?:year|grade|class) \d{1,2}\b|\bschool\b|\bnursery\b|\bшкол\w*|"
    r"\b\d{1,2}\s*[«\"]?[А-Я][»\"]?(?=\W)|"
    r"\bкласс\w*|\bcolegio\b|\bescuela\b|\b\d{1,2} años\b)"
)
_SELF = re.compile(
    r"(?i)\b(?:my (?:own )?(?:number|phone|mobile|e-?mail|address|contact)|me at|me on|call me|"
    r"text me|reach me|our office|our number|contact us|мой (?:номер|телефон|адрес|e-?mail)|"
    r"мою почту|звоните мне|пишите мне|mi (?:número|teléfono|correo|dirección)|llámame|escríbeme)\b"
)
_THIRD = re.compile(
    r"(?i)\b(?:his|her|their|he lives|she lives|lives at|lives on|go and ask|"
    r"pay (?:him|her) a visit|"
    r"home address|private number|personal number|leaked|doxx?|его|её|ее|их|живёт|живет|"
    r"адрес|телефон|su |sus |vive en|su casa|su número|su correo|"
    r"личн\w* (?:номер|телефон|мобильн\w*|адрес|почт\w*)|домашн\w* (?:номер|телефон|адрес)|"
    r"(?:звоните|пишите|позвоните|напишите|звони|пиши) (?:ей|ему|им)|"
    r"(?:call|text|ring|phone) (?:him|her|them) (?:at|on|up|directly|tonight|at home))\b"
)
_BUSINESS = re.compile(
    r"(?i)(?:\b(?:call (?:us|now|today)|order|book|delivery|discount|off until|price|prices|"
    r"звоните(?! (?:ей|ему|им)\b)|заказ\w*|доставк\w*|скидк\w*|цен\w*|"
    r"llame|llámenos|pedidos|descuento)\b|"
    r"\b8[- ]?800\b|\b0800\b|₽|€|£|\$)"
)
_CHILD = re.compile(
    r"(?i)\b(?:son|daughter|kid|child|boy|girl|pupil|student|\d{1,2}[- ]year[- ]old|"
    r"school|nursery|class \d|grade \d|year \d|сын\w*|доч\w*|ребён\w*|ребен\w*|школ\w*|"
    r"\d{1,2}\s*класс\w*|"
    r"hij[oa]s?|niñ[oa]s?|colegio|escuela|instituto|\d{1,2} años)\b"
)
# The author's own child: a parent may say where their own child goes to school.
_OWN_CHILD = re.compile(
    r"(?i)\b(?:my|our)\s+(?:own\s+)?(?:\d{1,2}[- ]year[- ]olds?|sons?|daughters?|kids?|child|"
    r"children|boys?|girls?|twins|little ones?)\b|"
    r"\b(?:as a|I'?m a|I am a)\s+(?:\w+\s+)?(?:parent|mum|mom|mother|dad|father|grandparent|"
    r"grandmother|grandfather|gran|grandma|grandpa)\b|"
    # a teacher speaking of their own class or school
    r"\bI (?:teach|taught)\b|\b(?:as a|I'?m a|I am a|I work as a)\s+(?:\w+\s+)?"
    r"(?:teacher|teaching assistant|headteacher|head teacher|school nurse)\b|"
    r"\bI have (?:a|an|two|three)\s+(?:\d{1,2}[- ]year[- ]olds?|sons?|daughters?|kids?)\b|"
    r"\b(?:как (?:мать|мама|отец|папа|родитель|бабушка|дедушка)|у меня (?:\w+\s+)?"
    r"(?:сын|доч\w*|ребён\w*|ребен\w*|дет\w*|внук\w*))|"
    r"\b(?:мо(?:й|я|е|и|ей|его|ему|ю|им|ими|их)|наш\w{0,3})\s+(?:\w+\s+)?"
    r"(?:сын\w*|доч\w*|ребён\w*|ребен\w*|дет\w*|"
    r"малыш\w*|внук\w*|внучк\w*)|"
    r"\b(?:mis?|nuestr[oa]s?)\s+(?:hij[oa]s?|niñ[oa]s?|pequeñ[oa]s?)\b"
)
# Adults named beside a school are staff, not children.
_ADULT_ROLE = re.compile(
    r"(?i)\b(?:teacher|headteacher|head teacher|headmaster|headmistress|principal|coach|"
    r"director|mr|mrs|ms|dr|учител\w*|учительниц\w*|педагог\w*|директор\w*|завуч\w*|"
    r"классн(?:ая|ой|ую|ый|ого|ому|ым) руководител\w*|классрук\w*|"
    r"тренер\w*|воспитател\w*|профессор\w*|profesor\w*|director\w*|maestr[oa]s?)\b\.?"
)
# A public service line, or a hotline: no one's private number.
_PUBLIC_LINE = re.compile(
    r"(?i)\b(?:hotline|helpline|help line|switchboard|call cent(?:re|er)|toll[- ]free|"
    r"freephone|non-emergency|горяч\w+\s+лини\w*|справочн\w*|дежурн\w*|приёмн\w*|"
    r"приемн\w*|колл-центр\w*|единый номер|бесплатн\w*|телефон доверия|línea|centralita|"
    # an institution's own line
    r"council|town hall|city hall|reception|surgery|box office|ticket office|police station|"
    r"мэри\w*|администраци\w*|поликлиник\w*|регистратур\w*|ayuntamiento|"
    # an emergency or help service's number ("телефон экстренной психологической помощи МЧС")
    r"экстренн\w*|мчс|служб\w+ (?:помощи|спасения|поддержки)|\w+ помощи|управ\w*|"
    r"emergency|samaritans|teléfono de la esperanza|emergencias|"
    # a service's own named line (Floodline, an infoline, Childline), or "call them on"
    r"(?:info|flood|child|advice|support|crisis|silver|care|health|text)[- ]?line|"
    r"call them|ring them|contact them)\b|"
    # numbers no person owns: UK non-geographic 03 and free 0800/0808 lines, the European
    # 116 helplines, Russia's 8-800 and the US 1-800
    r"\b8[- ]?800\b|\b080[08]\b|\b03[0-9]{2}\b|\b116 ?\d{3}\b|\b1[- ]800\b"
)
_REGIONS = ("GB", "US", "RU", "ES")
_DNI_LETTERS = "TRWAGMYFPDXBNJZSQVHLCKE"


def _luhn(digits: str) -> bool:
    total = 0
    for i, ch in enumerate(reversed(digits)):
        d = int(ch)
        if i % 2 == 1:
            d = d * 2 - 9 if d > 4 else d * 2
        total += d
    return total % 10 == 0


def _iban_ok(raw: str) -> bool:
    compact = raw.replace(" ", "")
    if not 15 <= len(compact) <= 34:
        return False
    moved = compact[4:] + compact[:4]
    try:
        return int("".join(str(int(c, 36)) for c in moved)) % 97 == 1
    except ValueError:
        return False


# Asking the crowd to find or post where a private person lives or how to reach them (doxxing),
# even with no data in the comment yet: a request, a personal datum, and a person as its target.
_PERSON = (
    r"(?:him|her|them|his|he|she|cashier|referee|teacher|driver|cyclist|girlfriend|boyfriend|"
    r"wife|husband|student|neighbou?r|guy|woman|man|girl|boy|whistleblower|nurse|waiter|"
    r"family|parents|lad|bloke|landlord|kid|mum|dad|mother|father|"
    r"его|её|ее|ней|нему|кассир\w*|судь\w*|учител\w*|водител\w*|велосипедист\w*|девушк\w*|"
    r"парн\w*|жен\w*|муж\w*|студент\w*|сосед\w*|мужик\w*|женщин\w*|информатор\w*|"
    r"медсестр\w*|официант\w*|мигрант\w*|мужчин\w*|свидетел\w*|потерпевш\w*|продавщиц\w*|"
    r"охранник\w*|witness\w*|victim\w*|cashier\w*)"
)
_DATUM = (
    r"(?:home address|address|phone number|number|where (?:s?he|they) lives?|which house|"
    r"lives|instagram|full name|real name|date of birth|workplace|where (?:s?he|they) works?|"
    r"домашн\w+ адрес|адрес\w*|телефон\w*|номер\w*|где (?:он|она|они)? ?живёт|где живет|"
    r"в каком доме|фио|дат\w+ рождения|страниц\w*|где (?:он|она) работает|как зовут|"
    r"паспортн\w+ данн\w*|номер\w* паспорт\w*|passport (?:details|number))"
)
_ASK = (
    r"\b(?:does anyone|anyone|anybody|who|can someone|someone|could someone|please)\b"
    r"[^.?!\n]{0,30}\b(?:have|has|got|know|knows|find|found|post|share|dig up|get|tell|give|"
    r"send|dm|pm)\b"
)
_DOXX_REQUEST = re.compile(
    rf"(?i)(?:{_ASK}"
    r"|\b(?:post|share|publish|leak|dig up|find out)\b"
    r"|(?:\bкто\b[^.?!\n]{0,20}(?:знает|найд[её]т|узнает|скинет|есть)|\bу кого есть\b|"
    r"\bскиньте\b|\bопубликуйте\b|\bвыложите\b|\bнайдите\b|\bузнайте\b|\bгде\b))"
    rf"[^.?!\n]{{0,60}}\b{_DATUM}\b[^.?!\n]{{0,60}}\b{_PERSON}"
    rf"|\b(?:кто знает|у кого есть|where)\b[^.?!\n]{{0,40}}\b{_PERSON}\b[^.?!\n]{{0,40}}\b{_DATUM}"
    # the person named before the datum: "anyone know the cyclist's Instagram and address?"
    rf"|{_ASK}[^.?!\n]{{0,40}}\b{_PERSON}(?:'s|’s)?\b[^.?!\n]{{0,40}}\b{_DATUM}"
    # where a person lives or works, asked outright
    rf"|\bwhere (?:does|do)\b[^.?!\n]{{0,30}}\b{_PERSON}\b[^.?!\n]{{0,30}}\b(?:live|work)s?\b"
    # or found out: "can someone find out where Gary from above works?"
    r"|\b(?:(?:can|could|will|would) (?:someone|somebody|anyone|anybody|you all)|help me|"
    r"let'?s|let us)\b[^.?!\n]{0,15}"
    r"\b(?:find out|track down|figure out|work out)\b[^.?!\n]{0,10}\bwhere\b"
    r"[^.?!\n]{0,40}\b(?:lives?|works?|stays?|parks?)\b"
    rf"|\bгде (?:живёт|живет|работает)\b[^.?!\n]{{0,30}}\b{_PERSON}"
    # whoever it is: "can someone post the home address of the volunteer coordinator?"
    rf"|{_ASK}[^.?!\n]{{0,30}}\b(?:home address(?:es)?|домашн\w+ адрес\w*) (?:of|for|у)\b"
    # "which house is the headteacher's?"
    r"|\bwhich (?:house|flat|door|building|one) is (?:the |that |this )?\w+(?:'s|’s)(?!\w)"
    # where someone lives, whoever they are: "anyone know where the consultation lead lives?"
    r"|\b(?:does anyone|anyone|anybody|who) (?:\w+ )?knows? where (?:\w+ ){0,6}lives\b"
    r"|\bкто (?:\w+ )?знает,? где (?:\w+ ){0,3}(?:живёт|живет|проживает)\b"
)

# A word that says a named person is a child: without one, a name beside a school may be an
# organisation's (a charity's school talks).
_CHILD_WORD = re.compile(
    r"(?i)\b(?:son|daughter|kid|child|boy|girl|lad|pupil|student|grandson|granddaughter|"
    r"\d{1,2}[- ]year[- ]old|aged \d{1,2}|(?:year|class|grade|form) \d{1,2}|"
    r"\d{1,2}[А-ЯA-Z](?!\w)|"
    r"сын\w*|доч\w*|ребён\w*|ребен\w*|внук\w*|внучк\w*|ученик\w*|учениц\w*|школьни\w*|"
    r"\d{1,2}\s*[«\"]?[А-Яа-я]?[»\"]?\s*класс\w*|hij[oa]s?|niñ[oa]s?|alumn[oa]s?|\d{1,2} años)\b"
    r"|\d{1,2}\s*[«\"][А-Яа-яA-Za-z][»\"]"
)


# Someone else's child told by age and school together ("their lad, he's 12, goes to Ashby
# Primary"; "его сыну 14, школа № 5"): no name, yet enough to find the child. A person looks.
_OTHERS_CHILD = re.compile(
    r"(?i)\b(?:his|her|their)\s+(?:\w+\s+)?(?:sons?|daughters?|lad|boy|girl|kids?|child|"
    r"grandson|granddaughter)\b|\b(?:его|её|ее|их)\s+(?:\w+\s+)?(?:сын\w*|доч\w*|ребён\w*|"
    r"ребен\w*|внук\w*|внучк\w*)|\b(?:son|daughter|grandson|granddaughter) of [A-Z]\w+|"
    r"\bу (?:него|неё|нее|них) (?:\w+ )?(?:сын\w*|доч\w*|ребён\w*|ребен\w*|внук\w*|внучк\w*)\b|"
    r"\b(?:сын|дочь|дочка|внук|внучка)\s+[А-ЯЁ][а-яё]+(?:а|ой|ого|ых|ина|ева|ова)\b|"
    r"\bsus?\s+(?:\w+\s+)?(?:hij[oa]s?|niñ[oa]s?|niet[oa]s?)\b|\b(?:el|la) hij[oa] de [A-ZÁÉÍÓÚ]\w+"
)
_NAMED_SCHOOL = re.compile(
    r"\b[A-Z][a-z]+(?: [A-Z][a-z]+)? (?:Primary|Academy|High|School|College|Juniors|Infants)\b|"
    r"\b(?:colegio|escuela|instituto|CEIP|IES) (?:(?:de(?:l| la)?|la|los) )?[A-ZÁÉÍÓÚ]\w+|"
    r"(?i:\bшкол\w* (?:№ ?|номер |n ?)\d{1,4}|\b(?:гимнази|лице)\w* (?:№ ?)?\d{1,4}|"
    r"\b(?:перв|втор|трет|четв[её]рт|пят|шест|седьм|восьм|девят|десят)\w+ (?:гимнази|лице|школ)\w*)"
)
_CHILD_AGE = re.compile(
    r"(?i)\b(?:is|he's|she's|aged|turned) \d{1,2}\b|\b\d{1,2}[- ]year[- ]old\b|"
    r"\b(?:year|grade) \d{1,2}\b|\b\d{1,2}\s*(?:лет|год|года|años)\b|"
    r"\b\d{1,2}\s*[«\"]?[А-Яа-я]?[»\"]?\s*класс|\b\d{1,2}\s*[«\"][А-Яа-я][»\"]|"
    r"\b(?:перв|втор|трет|четв[её]рт|пят|шест|седьм|восьм|девят|десят|одиннадцат)\w*\s*[«\"][А-Яа-я][»\"]"
)


def _others_child(text: str) -> re.Match[str] | None:
    """Someone else's child with both an age or year and a named school."""
    if _OWN_CHILD.search(text) and not _EXPOSES.search(text):
        return None
    child = _OTHERS_CHILD.search(text)
    if child and _NAMED_SCHOOL.search(text) and _CHILD_AGE.search(text):
        return child
    return None


# Publishing where a private person can be found, or what they wrote in private, in words rather
# than as an address or number: outing someone ("his real name is ..."), where they live or park
# every day, their private messages posted in public.
DISCLOSURE_SCORE = 0.47  # the default policy's review band for privacy: 0.45 to 0.5
_DISCLOSURE = re.compile(
    r"(?i)\b(?:real name is|true name is|(?:his|her|their) (?:real|full) name is|"
    r"настоящее имя|настоящая фамилия)\b[^.?!\n]{0,40}\b[A-ZА-ЯЁ][a-zа-яё]+\s+[A-ZА-ЯЁ][a-zа-яё]+"
    r"|\b(?:he|she|they) (?:lives?|stays?) (?:in|at|on|above|behind|opposite)\b[^.?!\n]{0,30}"
    r"\b(?:house|flat|apartment|building|street|road|lane|avenue|close|estate|block)\b"
    r"|\b(?:живёт|живет|проживает)\b[^.?!\n]{0,60}\b(?:доме|доме?|квартир\w*|подъезд\w*|"
    r"улиц\w*|переулк\w*|этаж\w*)"
    r"|\b(?:his|her|their) (?:private|personal|direct) messages\b"
    r"|\bличн\w+ (?:сообщени|переписк)\w*"
    r"|\b(?:паркуется|ставит машину)\b[^.?!\n]{0,40}\bу (?:\w+ )?подъезда"
    r"|\b(?:number plate|licen[cs]e plate|reg(?:istration)? (?:number|plate)|номер машины|"
    r"госномер)\b"
    r"[^.?!\n]{0,20}\b[A-ZА-Я0-9]{1,3}[ -]?\d{3}"
)

# Third-party markers that point at a person (unlike the bare words "address", "phone").
_THIRD_PERSON = re.compile(
    r"(?i)\b(?:his|her|he lives|she lives|lives at|home address|private number|personal number|"
    r"leaked|doxx?|его|её|ее|живёт|живет|su casa|su número)\b"
)


# A place open to the public just before a street address ("the bakery at 12 High Street",
# "наша поликлиника на ул. Ленина, 5"): its address is where people go, not where someone lives.
_PUBLIC_PLACE = re.compile(
    r"(?i)\b(?:surgery|clinic|hospital|pharmacy|chemist'?s|shop|store|bakery|butcher'?s|caf[eé]|"
    r"restaurant|pub|bar|hotel|school|academy|college|library|church|mosque|synagogue|temple|"
    r"office|offices|hall|centre|center|station|museum|gallery|theatre|cinema|gym|club|market|"
    r"council|branch|practice|salon|garage|studio|venue|factory|post office|bank|meeting|"
    r"магазин\w*|аптек\w*|поликлиник\w*|больниц\w*|школ\w*|библиотек\w*|кафе|ресторан\w*|"
    r"офис\w*|почт\w*|банк\w*|музе\w*|театр\w*|кинотеатр\w*|вокзал\w*|рын(?:ок|ке|ка)|"
    r"администраци\w*|церк\w*|храм\w*|клуб\w*|салон\w*|собрани\w*|"
    r"tienda|farmacia|clínica|hospital|colegio|escuela|biblioteca|iglesia|oficina|ayuntamiento|"
    r"estación|museo|teatro|cine|restaurante|cafetería|mercado|banco|gimnasio|reunión)\b"
)
# Words of someone's home between the place and the address undo it ("the school; she lives at").
_HOME_WORDS = re.compile(
    r"(?i)\b(?:lives?|living|home|house|flat|apartment|жив[её]т|живут|живу|дом\w*|квартир\w*|кв(?=\.\s*\d)|"
    r"vive|viven|casa|piso)\b"
)


def _public_place_address(text: str, ev: Evidence) -> bool:
    """Whether a street address is given as the address of a place open to the public."""
    if ev.detail != "street address" or ev.start is None:
        return False
    window = re.split(r"[.!?\n]", text[max(0, ev.start - 60) : ev.start])[-1]
    return bool(_PUBLIC_PLACE.search(window)) and not _HOME_WORDS.search(window)


# Signs that a parent's comment also exposes someone else's home or number.
_EXPOSES = re.compile(
    r"(?i)\b(?:lives at|lives on|home address|private number|personal number|leaked|doxx?|"
    r"живёт|живет|домашн\w+ адрес|vive en)\b"
)


# Russian first names (with the usual short forms), as stems that take case endings: two
# capitalised Russian words are a person's name only with one of them, since a sentence may
# open on any noun ("Штурм Эльбруса нашими школьниками...") and Russian capitalises little else.
_RU_FIRST_NAMES = (
    "александр алексей анатолий андрей антон аркадий арсений артем борис вадим валентин "
    "валерий василий виктор виталий владимир владислав всеволод вячеслав геннадий георгий "
    "глеб григорий даниил данила денис дмитрий евгений егор иван игорь илья кирилл константин "
    "лев льв леонид максим марк матвей михаил никита николай олег павел павл петр роман руслан "
    "семен сергей станислав степан тимофей тимур федор юрий ярослав захар эдуард эльдар ринат "
    "рустам азат айдар артур богдан ян саша леша дима ваня миша коля петя сережа андрюша вова "
    "володя женя костя паша витя гоша толя слава юра анна алина алена александра алла "
    "анастасия ангелина антонина валентина валерия вера вероника виктория галина дарья диана "
    "ева евгения екатерина елена елизавета жанна зинаида злата зоя инна ирина карина кира "
    "ксения лариса лидия любовь людмила маргарита марина мария милана надежда наталья наталия "
    "нина оксана олеся ольга полина раиса светлана софья софия таисия тамара татьяна ульяна "
    "юлия яна варвара василиса есения эльвира лейла амина аня настя катя лена маша наташа оля "
    "таня света юля даша соня ксюша лиза надя галя люда ира вика поля варя"
).split()
_RU_NAME_STEMS = frozenset(re.sub(r"(?:ия|ья|ь|[аяйоы])$", "", n) or n for n in _RU_FIRST_NAMES)


# What follows a first name's stem in its case forms ("Сергеем", "Натальей", "Марии"): any
# other tail makes another word ("Поляне" is not "Поля", "Европа" not "Ева", "Польше" not "Поля").
_RU_NAME_ENDINGS = frozenset(
    "- а я и ы е у ю й ь ой ей ом ем ём ою ею ья ье ьи ью ьей ия ии ие ию ией".split()
)


def _ru_first_name(word: str) -> bool:
    w = word.lower().replace("ё", "е")
    return any(
        w.startswith(stem) and (w[len(stem) :] or "-") in _RU_NAME_ENDINGS
        for stem in _RU_NAME_STEMS
    )


def _person_names(text: str) -> Iterator[re.Match[str]]:
    """Two capitalised words that may be a person's name (not a place or a sentence's start)."""
    for m in _FULL_NAME.finditer(text):
        if _NOT_A_NAME.search(m.group()):
            continue
        first, second = m.group().split(" ")
        if "\u0400" <= first[0] <= "\u04ff" and not (
            _ru_first_name(first) or _ru_first_name(second)
        ):
            continue
        yield m


def _child_name(text: str) -> re.Match[str] | None:
    """A full name that may be a child's: not the author's own child, and not a teacher or
    another adult named by role."""
    if _OWN_CHILD.search(text) and not _EXPOSES.search(text):
        return None
    for name in _person_names(text):
        before = text[max(0, name.start() - 40) : name.start()]
        if not _ADULT_ROLE.search(before) and not _ADULT_ROLE.match(name.group()):
            return name
    return None


class PrivacyDetector(BaseDetector):
    id: ClassVar[str] = "privacy"
    version: ClassVar[str] = "4"
    rules: ClassVar[frozenset[str]] = frozenset({"privacy", "minors"})
    needs: ClassVar[frozenset[str]] = frozenset()

    def _items(self, text: str) -> list[Evidence]:
        found: list[Evidence] = []

        def add(start: int, end: int, kind: str) -> None:
            if not any(e.start is not None and e.start <= start < (e.end or 0) for e in found):
                found.append(Evidence("span", start, end, text[start:end], kind))

        for m in _EMAIL.finditer(text):
            if not _OFFICE_EMAIL.search(m.group()):
                add(m.start(), m.end(), "e-mail address")
        # A phone number only counts with 9+ digits, so texts with fewer skip the (slow) matcher.
        # Reply tags are blanked (same length, so offsets hold) before looking for phones.
        phone_text = REPLY_TAG.sub(lambda m: " " * len(m.group()), text)
        enough_digits = sum(map(str.isdigit, phone_text)) >= 9
        for region in _REGIONS if enough_digits else ():
            for match in phonenumbers.PhoneNumberMatcher(
                phone_text, region, leniency=phonenumbers.Leniency.POSSIBLE, max_tries=20
            ):
                # a slash makes it a case, order or date number ("2-1234/2024"), not a phone
                if (
                    sum(ch.isdigit() for ch in match.raw_string) >= 9
                    and "/" not in match.raw_string
                ):
                    add(match.start, match.end, "phone number")
        for m in _CARD.finditer(text):
            digits = re.sub(r"\D", "", m.group())
            if 13 <= len(digits) <= 19 and _luhn(digits):
                add(m.start(), m.end(), "payment card number")
        for m in _IBAN.finditer(text):
            if _iban_ok(m.group()):
                add(m.start(), m.end(), "IBAN")
        for m in _UK_NINO.finditer(text):
            add(m.start(), m.end(), "national insurance number")
        for m in _US_SSN.finditer(text):
            add(m.start(), m.end(), "social security number")
        for m in _ES_DNI.finditer(text):
            if _DNI_LETTERS[int(m.group(1)) % 23] == m.group(2):
                add(m.start(), m.end(), "DNI number")
        for m in _RU_SNILS.finditer(text):
            add(m.start(), m.end(), "SNILS number")
        for m in _RU_PASSPORT.finditer(text):
            add(m.start(1), m.end(1), "passport number")
        for m in _FLAT.finditer(text):
            add(m.start(), m.end(), "home address")
        for m in _CORRESPONDENCE.finditer(text):
            add(m.start(), m.end(), "private correspondence")
        for pattern in _ADDRESS:
            for m in pattern.finditer(text):
                add(m.start(), m.end(), "street address")
        return found

    def personal_data(self, text: str) -> list[Evidence]:
        """Every personal datum in ``text`` (e-mail, phone, card and ID numbers, addresses,
        quoted private correspondence), whoever it belongs to: the labels export masks them
        all, where ``detect`` weighs whose they are. Bounded like ``detect``."""
        return self._items(text[:_MAX])

    def _child_for_a_person(self, found: re.Match[str], reason: str, detail: str) -> list[Finding]:
        """Words that may point at a child but hold no data: privacy and minors both in the
        review band, so a person judges."""
        evidence = (Evidence("span", found.start(), found.end(), found.group(), detail),)
        return [
            self.finding(rule, DISCLOSURE_SCORE, reason, evidence) for rule in ("privacy", "minors")
        ]

    def detect(
        self, comment: CommentInput, features: Features, ctx: DetectContext
    ) -> list[Finding]:
        text = features.original[:_MAX]
        items = [e for e in self._items(text) if not _public_place_address(text, e)]
        request = _DOXX_REQUEST.search(text)
        if request and not items:
            return [
                self.finding(
                    "privacy",
                    0.6,
                    "Asks others to find or publish a private person's personal data.",
                    (Evidence("span", request.start(), request.end(), request.group(), "request"),),
                ),
                self.finding("minors", 0.0, "No data about a child found."),
            ]
        child = _others_child(text)
        if child and not items:
            return self._child_for_a_person(
                child, "Tells someone else's child's age and school together.", "a child"
            )
        told = _DISCLOSURE.search(text)
        if told and not items:
            # words, not data: a person decides (review band), as news about a named
            # person's home can be legitimate
            return [
                self.finding(
                    "privacy",
                    DISCLOSURE_SCORE,
                    "Tells where a person can be found, who they are, or what they wrote in "
                    "private.",
                    (Evidence("span", told.start(), told.end(), told.group(), "disclosure"),),
                ),
                self.finding("minors", 0.0, "No data about a child found."),
            ]
        child_name = _child_name(text)
        if (
            child_name
            and _CHILD_ID.search(text)
            and _CHILD.search(text)
            and not items
            and not _CHILD_WORD.search(text, max(0, child_name.start() - 80), child_name.end() + 80)
        ):
            # Two capitalised words and a school somewhere may be a charity and its school
            # talks ("I emailed Drive Sober... free school talks"): no word says a child is
            # named, so a person looks.
            return self._child_for_a_person(
                child_name,
                "A name beside a school, with no word saying it is a child's.",
                "a name near a school",
            )
        if child_name and _CHILD_ID.search(text) and _CHILD.search(text):
            items.append(
                Evidence(
                    "span",
                    child_name.start(),
                    child_name.end(),
                    child_name.group(),
                    "name of a child with identifying details",
                )
            )
        if not items:
            return [
                self.finding("privacy", 0.0, "No personal data found."),
                self.finding("minors", 0.0, "No data about a child found."),
            ]
        own = bool(_SELF.search(text))
        third = bool(_THIRD.search(text))
        phones_only = all(e.detail == "phone number" for e in items)
        if phones_only and _PUBLIC_LINE.search(text) and not _THIRD_PERSON.search(text):
            return [
                self.finding(
                    "privacy",
                    0.1,
                    "A public service line, not personal data.",
                    (),
                    code="public_line",
                ),
                self.finding("minors", 0.0, "No data about a child found."),
            ]
        kinds = sorted({e.detail for e in items})
        strong = {
            "payment card number",
            "home address",
            "name of a child with identifying details",
            "IBAN",
            "national insurance number",
            "social security number",
            "DNI number",
            "SNILS number",
            "passport number",
            "street address",
        }
        score = 0.85
        if any(k in strong for k in kinds) or third:
            score = 0.95
        if own and not third:
            score = 0.3
        elif (
            not third
            and _BUSINESS.search(text)
            and all(k == "phone number" or k == "e-mail address" for k in kinds)
        ):
            score = 0.3  # an advertiser's own line: commercial, not someone's private data
        elif (
            not third
            and all(k in ("phone number", "e-mail address", "street address") for k in kinds)
            and next(_person_names(text), None) is None
            and not _HOME_WORDS.search(text)
        ):
            # a number or address tied to no one in the text: a person decides (the issue's
            # rule: only strong evidence such as a valid card number rejects on its own)
            score = DISCLOSURE_SCORE
        reason = "Publishes personal data (" + ", ".join(kinds) + ")"
        reason += " of someone other than the author." if score > 0.5 else " of the author."
        whose = "someone_else" if score > 0.5 else "author"
        findings = [
            self.finding(
                "privacy",
                score,
                reason,
                tuple(items[:10]),
                code="personal_data",
                params={"kinds": kinds, "whose": whose},
            )
        ]
        child = _CHILD.search(text)
        if child and score > 0.5:
            findings.append(
                self.finding(
                    "minors",
                    0.8,
                    "Identifies a child together with personal data.",
                    (Evidence("span", child.start(), child.end(), child.group(), "child"),),
                    code="child_identified",
                )
            )
        else:
            findings.append(self.finding("minors", 0.0, "No data about a child found."))
        return findings
