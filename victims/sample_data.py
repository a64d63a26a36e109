"""Fictional sample records for demonstrations: victims with realistic names, and the places and sources
they cite.

Every record made here has `is_sample=True`. The victims are not real people: their names are
drawn at random from common Iranian given and family names, their dates, prisons and stories from
the shape of the real record (the summer 1367 executions, the Aban 1398 shootings). The places are
real prisons, cemeteries and cities, flagged as samples so they go when the samples go. Pages show
a "sample record, not a real person" notice, and production refuses to load any of it.

The same seed gives the same records, so a demo, a screenshot and a test all see the same names.
The public helpers (`plan_victim`, `victim_citation`, `name_variants` ...) also make the archives of a
million victims that `generate_sample_data` writes (victims/sample_archive.py).
Victims, names, citations and the many-to-many rows are bulk-created: bulk_create skips save(), so
every fuzzy date is set here with all five of its columns.
"""

from __future__ import annotations

import datetime
import random
from collections import Counter, defaultdict
from dataclasses import dataclass, field

import jdatetime
from django.contrib.contenttypes.models import ContentType

from archive.dates import (
    GREGORIAN_MONTHS,
    JALALI_MONTHS,
    JALALI_MONTHS_FA,
    SEASONS,
    Calendar,
    FuzzyDate,
    Precision,
    parse,
    persian_digits,
)
from archive.models import (
    Citation,
    Confidence,
    Event,
    NameWord,
    Place,
    PlaceKind,
    PlaceName,
    Script,
    SlugRedirect,
    Source,
    SourceKind,
    Stance,
    Status,
)
from archive.normalize import normalize, search_key
from editorial.history import append, note, recording, snapshot
from editorial.models import Action
from victims.models import Burial, Gender, MannerOfDeath, Verification, Victim, VictimName

# What load_seed creates, and what the sample records hang from.
SEED_EVENTS = ("1988-massacre", "november-2019-protests")
SEED_PLACES = ("iran", "tehran", "khuzestan")

MALE_NAMES = [
    ("Mohammad", "محمد"), ("Ali", "علی"), ("Hossein", "حسین"), ("Hassan", "حسن"), ("Reza", "رضا"),
    ("Mehdi", "مهدی"), ("Mahmoud", "محمود"), ("Mostafa", "مصطفی"), ("Abbas", "عباس"), ("Javad", "جواد"),
    ("Hamid", "حمید"), ("Saeed", "سعید"), ("Majid", "مجید"), ("Ahmad", "احمد"), ("Akbar", "اکبر"),
    ("Asghar", "اصغر"), ("Behrouz", "بهروز"), ("Bahram", "بهرام"), ("Davoud", "داوود"),
    ("Farhad", "فرهاد"), ("Farshid", "فرشید"), ("Hamidreza", "حمیدرضا"), ("Alireza", "علیرضا"),
    ("Mohammadreza", "محمدرضا"), ("Gholamreza", "غلامرضا"), ("Jafar", "جعفر"), ("Kazem", "کاظم"),
    ("Karim", "کریم"), ("Masoud", "مسعود"), ("Morteza", "مرتضی"), ("Mojtaba", "مجتبی"),
    ("Nasser", "ناصر"), ("Parviz", "پرویز"), ("Rahim", "رحیم"), ("Rasoul", "رسول"), ("Saman", "سامان"),
    ("Siavash", "سیاوش"), ("Kourosh", "کوروش"), ("Amir", "امیر"), ("Babak", "بابک"), ("Bijan", "بیژن"),
    ("Dariush", "داریوش"), ("Ebrahim", "ابراهیم"), ("Esmaeil", "اسماعیل"), ("Fereydoun", "فریدون"),
    ("Houshang", "هوشنگ"), ("Iraj", "ایرج"), ("Jamshid", "جمشید"), ("Keyvan", "کیوان"),
    ("Manouchehr", "منوچهر"), ("Mansour", "منصور"), ("Nader", "نادر"), ("Omid", "امید"),
    ("Pouya", "پویا"), ("Ramin", "رامین"), ("Sohrab", "سهراب"), ("Vahid", "وحید"), ("Yousef", "یوسف"),
    ("Abolfazl", "ابوالفضل"), ("Amin", "امین"), ("Navid", "نوید"), ("Pejman", "پژمان"),
    ("Shahram", "شهرام"), ("Mohsen", "محسن"),
]  # fmt: skip

FEMALE_NAMES = [
    ("Zahra", "زهرا"), ("Fatemeh", "فاطمه"), ("Maryam", "مریم"), ("Masoumeh", "معصومه"),
    ("Zeynab", "زینب"), ("Marzieh", "مرضیه"), ("Azam", "اعظم"), ("Ashraf", "اشرف"), ("Akram", "اکرم"),
    ("Mahin", "مهین"), ("Parvin", "پروین"), ("Shahin", "شهین"), ("Roya", "رویا"), ("Mina", "مینا"),
    ("Minoo", "مینو"), ("Nasrin", "نسرین"), ("Shirin", "شیرین"), ("Leila", "لیلا"), ("Soheila", "سهیلا"),
    ("Mehri", "مهری"), ("Monireh", "منیره"), ("Nahid", "ناهید"), ("Farideh", "فریده"),
    ("Fariba", "فریبا"), ("Forough", "فروغ"), ("Giti", "گیتی"), ("Homa", "هما"), ("Jaleh", "ژاله"),
    ("Katayoun", "کتایون"), ("Ladan", "لادن"), ("Mahboubeh", "محبوبه"), ("Manijeh", "منیژه"),
    ("Mitra", "میترا"), ("Nazanin", "نازنین"), ("Neda", "ندا"), ("Parisa", "پریسا"), ("Pari", "پری"),
    ("Razieh", "راضیه"), ("Robabeh", "ربابه"), ("Sakineh", "سکینه"), ("Sedigheh", "صدیقه"),
    ("Shahla", "شهلا"), ("Simin", "سیمین"), ("Soudabeh", "سودابه"), ("Tahereh", "طاهره"),
    ("Tayebeh", "طیبه"), ("Zohreh", "زهره"), ("Zari", "زری"), ("Azadeh", "آزاده"), ("Elham", "الهام"),
    ("Fereshteh", "فرشته"), ("Golnar", "گلنار"), ("Haleh", "هاله"), ("Mahnaz", "مهناز"),
    ("Mojgan", "مژگان"), ("Nasim", "نسیم"), ("Rezvan", "رضوان"), ("Sara", "سارا"), ("Sepideh", "سپیده"),
    ("Shokoufeh", "شکوفه"), ("Batoul", "بتول"), ("Khadijeh", "خدیجه"), ("Soraya", "ثریا"),
]  # fmt: skip

FAMILY_NAMES = [
    ("Hosseini", "حسینی"), ("Rezaei", "رضایی"), ("Mohammadi", "محمدی"), ("Ahmadi", "احمدی"),
    ("Moradi", "مرادی"), ("Karimi", "کریمی"), ("Rahimi", "رحیمی"), ("Hashemi", "هاشمی"),
    ("Mousavi", "موسوی"), ("Jafari", "جعفری"), ("Ghasemi", "قاسمی"), ("Sadeghi", "صادقی"),
    ("Heydari", "حیدری"), ("Kazemi", "کاظمی"), ("Abbasi", "عباسی"), ("Ebrahimi", "ابراهیمی"),
    ("Alizadeh", "علیزاده"), ("Hosseinzadeh", "حسین‌زاده"), ("Akbari", "اکبری"), ("Asadi", "اسدی"),
    ("Bagheri", "باقری"), ("Nazari", "نظری"), ("Rostami", "رستمی"), ("Soltani", "سلطانی"),
    ("Mirzaei", "میرزایی"), ("Zarei", "زارعی"), ("Amini", "امینی"), ("Salehi", "صالحی"),
    ("Najafi", "نجفی"), ("Ghorbani", "قربانی"), ("Yousefi", "یوسفی"), ("Azizi", "عزیزی"),
    ("Rahmani", "رحمانی"), ("Shirazi", "شیرازی"), ("Tehrani", "تهرانی"), ("Esfahani", "اصفهانی"),
    ("Tabrizi", "تبریزی"), ("Kermani", "کرمانی"), ("Rashidi", "رشیدی"), ("Fazeli", "فاضلی"),
    ("Jalali", "جلالی"), ("Kamali", "کمالی"), ("Sharifi", "شریفی"), ("Taheri", "طاهری"),
    ("Karami", "کرمی"), ("Maleki", "ملکی"), ("Fathi", "فتحی"), ("Gholami", "غلامی"),
    ("Davoudi", "داوودی"), ("Hamidi", "حمیدی"), ("Saberi", "صابری"), ("Shokri", "شکری"),
    ("Zamani", "زمانی"), ("Safari", "صفری"), ("Vahidi", "وحیدی"), ("Eskandari", "اسکندری"),
    ("Khosravi", "خسروی"), ("Bahrami", "بهرامی"), ("Farahani", "فراهانی"), ("Ansari", "انصاری"),
    ("Mahmoudi", "محمودی"), ("Naderi", "نادری"), ("Nouri", "نوری"), ("Omidi", "امیدی"),
    ("Pourmand", "پورمند"), ("Ranjbar", "رنجبر"), ("Sarlak", "سرلک"), ("Tavakoli", "توکلی"),
    ("Yazdani", "یزدانی"), ("Zand", "زند"), ("Abdollahi", "عبداللهی"), ("Afshar", "افشار"),
    ("Babaei", "بابایی"), ("Dehghan", "دهقان"), ("Ghaffari", "غفاری"), ("Khalili", "خلیلی"),
    ("Mansouri", "منصوری"), ("Mohammadpour", "محمدپور"), ("Rahmanian", "رحمانیان"),
    ("Shahbazi", "شهبازی"), ("Valizadeh", "ولی‌زاده"), ("Cheraghi", "چراغی"), ("Haghighi", "حقیقی"),
]  # fmt: skip

# Spellings other lists and newspapers use for the same given name.
GIVEN_NAME_VARIANTS = {
    "Mohammad": ["Muhammad", "Mohamad"], "Hossein": ["Hussein", "Hosein"], "Hassan": ["Hasan"],
    "Mahmoud": ["Mahmud"], "Mostafa": ["Mustafa"], "Saeed": ["Said", "Saied"], "Davoud": ["Davood", "Dawood"],
    "Mehdi": ["Mahdi"], "Javad": ["Jawad"], "Ebrahim": ["Ibrahim"], "Esmaeil": ["Ismail", "Esmail"],
    "Yousef": ["Yusuf"], "Jafar": ["Ja'far"], "Abolfazl": ["Abulfazl"], "Rasoul": ["Rasool"],
    "Masoud": ["Massoud", "Masood"], "Mohammadreza": ["Mohammad Reza"], "Alireza": ["Ali Reza"],
    "Hamidreza": ["Hamid Reza"], "Gholamreza": ["Gholam Reza", "Qolamreza"], "Kourosh": ["Kurosh"],
    "Fereydoun": ["Fereidoun", "Fereydun"], "Manouchehr": ["Manuchehr"], "Houshang": ["Hushang"],
    "Dariush": ["Darioush"], "Fatemeh": ["Fatima", "Fatemah"], "Zeynab": ["Zeinab", "Zainab"],
    "Masoumeh": ["Massoumeh", "Masumeh"], "Marzieh": ["Marziyeh"], "Maryam": ["Mariam"],
    "Leila": ["Leyla", "Layla"], "Soheila": ["Soheyla"], "Nasrin": ["Nasreen"], "Shirin": ["Shireen"],
    "Khadijeh": ["Khadija"], "Sakineh": ["Sakine"], "Tahereh": ["Tahere"],
}  # fmt: skip
FAMILY_NAME_VARIANTS = {"Hosseini": ["Husseini"], "Mousavi": ["Musavi", "Moussavi"], "Jafari": ["Ja'fari"]}

OCCUPATIONS_1988 = [
    ("university student", "دانشجو"), ("high-school student", "دانش‌آموز"), ("teacher", "معلم"),
    ("factory worker", "کارگر کارخانه"), ("engineer", "مهندس"), ("doctor", "پزشک"), ("nurse", "پرستار"),
    ("clerk", "کارمند"), ("tailor", "خیاط"), ("poet", "شاعر"), ("journalist", "روزنامه‌نگار"),
    ("university lecturer", "استاد دانشگاه"), ("farmer", "کشاورز"), ("bank employee", "کارمند بانک"),
]  # fmt: skip
OCCUPATIONS_2019 = [
    ("construction worker", "کارگر ساختمانی"), ("street vendor", "دستفروش"), ("shopkeeper", "مغازه‌دار"),
    ("driver", "راننده"), ("university student", "دانشجو"), ("high-school student", "دانش‌آموز"),
    ("baker", "نانوا"), ("mechanic", "مکانیک"), ("electrician", "برق‌کار"), ("unemployed", "بیکار"),
    ("nurse", "پرستار"), ("petrochemical worker", "کارگر پتروشیمی"), ("army conscript", "سرباز وظیفه"),
]  # fmt: skip
# As a source would state it: in its own words, sometimes in Persian.
AFFILIATIONS_1988 = [
    "People's Mojahedin Organization of Iran (PMOI)", "sympathiser of the Mojahedin",
    "هوادار سازمان مجاهدین خلق",
    "Organization of Iranian People's Fadaian (Minority)", "Fadaian (Majority)", "Tudeh Party of Iran",
    "حزب توده ایران", "Peykar", "Rah-e Kargar", "Komala", "Kurdistan Democratic Party of Iran",
    "Union of Iranian Communists", "no known affiliation",
]  # fmt: skip
CHARGES_1988 = [
    "moharebeh (enmity against God)", "apostasy", "membership of a banned organisation", "محاربه",
    "ارتداد", "refusing to recant",
]  # fmt: skip


@dataclass(frozen=True)
class PlaceSpec:
    slug: str
    name_en: str
    name_fa: str
    kind: str
    parent: str
    variants: tuple[tuple[str, str], ...] = ()  # (name, script)


# Parents come before children. A place load_seed already holds (same slug) is used as it is.
PLACES = [
    PlaceSpec("alborz", "Alborz Province", "استان البرز", PlaceKind.PROVINCE, "iran"),
    PlaceSpec("isfahan-province", "Isfahan Province", "استان اصفهان", PlaceKind.PROVINCE, "iran"),
    PlaceSpec("razavi-khorasan", "Razavi Khorasan Province", "استان خراسان رضوی", PlaceKind.PROVINCE, "iran"),
    PlaceSpec("fars", "Fars Province", "استان فارس", PlaceKind.PROVINCE, "iran"),
    PlaceSpec("karaj", "Karaj", "کرج", PlaceKind.CITY, "alborz"),
    PlaceSpec(
        "isfahan", "Isfahan", "اصفهان", PlaceKind.CITY, "isfahan-province", (("Esfahan", Script.LATIN),),
    ),
    PlaceSpec("mashhad", "Mashhad", "مشهد", PlaceKind.CITY, "razavi-khorasan"),
    PlaceSpec("shiraz", "Shiraz", "شیراز", PlaceKind.CITY, "fars"),
    PlaceSpec("ahvaz", "Ahvaz", "اهواز", PlaceKind.CITY, "khuzestan", (("Ahwaz", Script.LATIN),)),
    PlaceSpec(
        "mahshahr", "Mahshahr", "ماهشهر", PlaceKind.CITY, "khuzestan", (("Bandar-e Mahshahr", Script.LATIN),),
    ),
    PlaceSpec("evin-prison", "Evin Prison", "زندان اوین", PlaceKind.PRISON, "tehran"),
    PlaceSpec(
        "gohardasht-prison", "Gohardasht Prison", "زندان گوهردشت", PlaceKind.PRISON, "karaj",
        (("Rajaei Shahr Prison", Script.LATIN), ("زندان رجایی‌شهر", Script.PERSIAN)),
    ),
    PlaceSpec(
        "qezel-hesar-prison", "Qezel Hesar Prison", "زندان قزل‌حصار", PlaceKind.PRISON, "karaj",
        (("Ghezel Hesar Prison", Script.LATIN),),
    ),
    PlaceSpec("dastgerd-prison", "Dastgerd Prison", "زندان دستگرد", PlaceKind.PRISON, "isfahan"),
    PlaceSpec("vakilabad-prison", "Vakilabad Prison", "زندان وکیل‌آباد", PlaceKind.PRISON, "mashhad"),
    PlaceSpec("karun-prison", "Karun Prison", "زندان کارون", PlaceKind.PRISON, "ahvaz"),
    PlaceSpec("adelabad-prison", "Adelabad Prison", "زندان عادل‌آباد", PlaceKind.PRISON, "shiraz"),
    PlaceSpec(
        "khavaran-cemetery", "Khavaran Cemetery", "گورستان خاوران", PlaceKind.CEMETERY, "tehran",
        (("گلزار خاوران", Script.PERSIAN), ("Golzar-e Khavaran", Script.LATIN)),
    ),
    PlaceSpec("behesht-e-zahra", "Behesht-e Zahra Cemetery", "بهشت زهرا", PlaceKind.CEMETERY, "tehran"),
    PlaceSpec("ahvaz-mass-grave", "Ahvaz mass grave", "گور جمعی اهواز", PlaceKind.MASS_GRAVE, "ahvaz"),
]  # fmt: skip
# Approximate coordinates (latitude, longitude), to within a kilometre or two, so the map (/map/) has points.
# The mass grave has none: its site is not given here, and the map must cope with places without coordinates.
COORDINATES = {
    "karaj": ("35.84000", "50.93900"),
    "isfahan": ("32.65460", "51.66800"),
    "mashhad": ("36.29700", "59.60600"),
    "shiraz": ("29.59200", "52.58400"),
    "ahvaz": ("31.31800", "48.67100"),
    "mahshahr": ("30.55900", "49.19800"),
    "evin-prison": ("35.79600", "51.38700"),
    "gohardasht-prison": ("35.83500", "50.94500"),
    "qezel-hesar-prison": ("35.79000", "51.03000"),
    "dastgerd-prison": ("32.69000", "51.63000"),
    "vakilabad-prison": ("36.34000", "59.47000"),
    "karun-prison": ("31.32000", "48.68000"),
    "adelabad-prison": ("29.59300", "52.55500"),
    "khavaran-cemetery": ("35.60300", "51.53700"),
    "behesht-e-zahra": ("35.52900", "51.37300"),
}

# Prison (weight, where its dead were reported buried in a mass grave, if anywhere).
PRISONS_1988 = {
    "evin-prison": (30, "khavaran-cemetery"),
    "gohardasht-prison": (30, "khavaran-cemetery"),
    "qezel-hesar-prison": (5, "khavaran-cemetery"),
    "dastgerd-prison": (8, None),
    "vakilabad-prison": (8, None),
    "karun-prison": (10, "ahvaz-mass-grave"),
    "adelabad-prison": (9, None),
}
CITIES_2019 = {
    "tehran": 30,
    "mahshahr": 15,
    "shiraz": 15,
    "karaj": 12,
    "ahvaz": 12,
    "isfahan": 8,
    "mashhad": 8,
}

# (kind, how many, English title, Persian title, stance, publication date, calendar)
SOURCES = [
    (SourceKind.DATASET, 2, "Sample list of names {n} (fictional)", "فهرست نمونهٔ نام‌ها {n} (ساختگی)",
     Stance.INDEPENDENT, "2019", Calendar.GREGORIAN),
    (SourceKind.REPORT, 3, "Sample report {n} (fictional)", "گزارش نمونه {n} (ساختگی)",
     Stance.INTERNATIONAL, "December 2018", Calendar.GREGORIAN),
    (SourceKind.TESTIMONY, 12, "Sample testimony {n} (fictional)", "شهادت نمونه {n} (ساختگی)",
     Stance.UNKNOWN, "Shahrivar 1397", Calendar.SOLAR_HIJRI),
]  # fmt: skip


def sample_records_delete() -> Counter:
    """Delete every sample victim, source and place, and what hangs from them. Real records are untouched.

    Raises ProtectedError when a real record refers to a sample one (an editor cited a sample source).
    """
    with recording(via=HISTORY_VIA, signals=False):
        _note_deletions()
        return _delete_samples()


def _delete_samples() -> Counter:
    deleted: Counter = Counter()
    # Victims first: they hold on to the sources (through citations) and to the places.
    for key, model in (("victims", Victim), ("sources", Source), ("places", Place)):
        ids = list(model.objects.filter(is_sample=True).values_list("pk", flat=True))
        content_type = ContentType.objects.get_for_model(model)
        Citation.objects.filter(content_type=content_type, object_id__in=ids).delete()
        SlugRedirect.objects.filter(content_type=content_type, object_id__in=ids).delete()
        if model is Place:
            deleted[key] = _delete_places_leaves_first()
        else:
            deleted[key] = model.objects.filter(is_sample=True).delete()[1].get(model._meta.label, 0)
    return deleted


def _delete_places_leaves_first() -> int:
    # A place protects the places within it, so prisons go before their city, cities before provinces.
    total = 0
    while count := Place.objects.filter(is_sample=True, children=None).delete()[1].get("archive.Place", 0):
        total += count
    # Whatever is left is held by a real record: deleting it now raises ProtectedError, naming the record.
    Place.objects.filter(is_sample=True).delete()
    return total


def sample_records_create(*, victims: int, seed: int) -> Counter:
    """Create `victims` sample victims (with their places, sources, names and citations) from `seed`."""
    rng = random.Random(seed)
    places = create_places()
    sources = _create_sources()
    events = {event.slug: event for event in Event.objects.filter(slug__in=SEED_EVENTS)}
    plans = [plan_victim(rng, places) for _ in range(victims)]
    assign_statuses(rng, plans)
    _assign_slugs(plans)
    for plan in plans:
        # bulk_create skips save(): fill the search columns here, variants included.
        plan.victim.search_names = search_key(
            [plan.victim.name_en, plan.victim.name_fa, *(variant["name"] for variant in plan.variants)]
        )
        plan.victim.search_text = normalize(" ".join(filter(None, plan.victim.text_for_search())))
    Victim.objects.bulk_create([plan.victim for plan in plans])
    NameWord.remember(plan.victim.search_names for plan in plans)

    names, citations, event_links, prison_links = [], [], [], []
    content_type = ContentType.objects.get_for_model(Victim)
    for plan in plans:
        victim = plan.victim
        names += [VictimName(victim=victim, **variant) for variant in plan.variants]
        event_links.append(Victim.events.through(victim_id=victim.pk, event_id=events[plan.event].pk))
        prison_links += [Victim.prisons.through(victim_id=victim.pk, place_id=p.pk) for p in plan.prisons]
        for claim in plan.claims:
            citations.append(
                Citation(
                    content_type=content_type,
                    object_id=victim.pk,
                    **victim_citation(rng, plan, claim, sources),
                )
            )
    VictimName.objects.bulk_create(names)
    Citation.objects.bulk_create(citations)
    Victim.events.through.objects.bulk_create(event_links)
    Victim.prisons.through.objects.bulk_create(prison_links)
    _note_creations(plans, names, citations, events)
    return Counter(
        victims=len(plans),
        names=len(names),
        citations=len(citations),
        sources=sum(len(kind) for kind in sources.values()),
        places=sum(place.is_sample for place in places.values()),
    )


# History: bulk_create and these deletions skip the signals that keep it, so each record is noted here,
# from what is already in hand (a few queries a record would make 100,000 victims take minutes longer).

HISTORY_VIA = "command: load_sample_data"
HISTORY_BATCH = 5000


def _note_creations(
    plans: list[VictimPlan], names: list[VictimName], citations: list[Citation], events
) -> None:
    names_of = defaultdict(list)
    for name in names:
        names_of[name.victim_id].append(name)
    for start in range(0, len(plans), HISTORY_BATCH):
        append(
            [
                (
                    plan.victim,
                    Action.CREATE,
                    snapshot(
                        plan.victim,
                        many={
                            "events": [events[plan.event].pk],
                            "prisons": [place.pk for place in plan.prisons],
                        },
                        children={"variants": names_of[plan.victim.pk], "photos": []},
                    ),
                )
                for plan in plans[start : start + HISTORY_BATCH]
            ],
            via=HISTORY_VIA,
        )
    for start in range(0, len(citations), HISTORY_BATCH):
        batch = citations[start : start + HISTORY_BATCH]
        append([(citation, Action.CREATE, snapshot(citation)) for citation in batch], via=HISTORY_VIA)


def _note_deletions() -> None:
    """Note the deletion of every sample victim, source and place, and of the citations of each."""
    victims = Victim.objects.filter(is_sample=True).prefetch_related(
        "events", "prisons", "variants", "photos"
    )
    for victim in victims.iterator(chunk_size=HISTORY_BATCH):
        many = {name: [r.pk for r in getattr(victim, name).all()] for name in ("events", "prisons")}
        children = {name: list(getattr(victim, name).all()) for name in ("variants", "photos")}
        note(victim, Action.DELETE, snapshot(victim, many=many, children=children))
    for model in (Source, Place):
        for record in model.objects.filter(is_sample=True).iterator(chunk_size=HISTORY_BATCH):
            many = {
                f.name: list(getattr(record, f.name).values_list("pk", flat=True))
                for f in model._meta.many_to_many
            }
            note(record, Action.DELETE, snapshot(record, many=many))
    for model in (Victim, Source, Place):
        ids = model.objects.filter(is_sample=True).values("pk")
        citations = Citation.objects.filter(
            content_type=ContentType.objects.get_for_model(model), object_id__in=ids
        )
        for citation in citations.iterator(chunk_size=HISTORY_BATCH):
            note(citation, Action.DELETE, snapshot(citation))


def create_places() -> dict[str, Place]:
    places = {
        place.slug: place
        for place in Place.objects.filter(slug__in=[*SEED_PLACES, *(p.slug for p in PLACES)])
    }
    for spec in PLACES:
        if spec.slug in places:
            continue
        latitude, longitude = COORDINATES.get(spec.slug, (None, None))
        place = Place.objects.create(
            slug=spec.slug,
            name_en=spec.name_en,
            name_fa=spec.name_fa,
            kind=spec.kind,
            parent=places[spec.parent],
            latitude=latitude,
            longitude=longitude,
            status=Status.PUBLISHED,
            is_sample=True,
        )
        PlaceName.objects.bulk_create(
            PlaceName(place=place, name=name, script=script) for name, script in spec.variants
        )
        places[spec.slug] = place
    return places


def _create_sources() -> dict[str, list[Source]]:
    """Sources by kind. Created one by one: there are few, and save() resolves their dates."""
    sources: dict[str, list[Source]] = {}
    for kind, count, title_en, title_fa, stance, published, calendar in SOURCES:
        for n in range(1, count + 1):
            sources.setdefault(kind, []).append(
                Source.objects.create(
                    title_en=title_en.format(n=n),
                    title_fa=title_fa.format(n=persian_digits(n)),
                    kind=kind,
                    author="" if kind == SourceKind.TESTIMONY else "Sample Archive Project (fictional)",
                    published_text=published,
                    published_calendar=calendar,
                    language="fa" if kind == SourceKind.TESTIMONY else "en",
                    stance=stance,
                    summary_en="Fictional demonstration source: it does not exist and supports nothing.",
                    summary_fa="منبع ساختگی برای نمایش: وجود ندارد و هیچ ادعایی را پشتیبانی نمی‌کند.",
                    status=Status.PUBLISHED,
                    is_sample=True,
                )
            )
    return sources


@dataclass
class VictimPlan:
    """One victim before it is saved, with what is created alongside it once it has a primary key."""

    victim: Victim
    event: str
    given: str
    prisons: list[Place] = field(default_factory=list)
    variants: list[dict] = field(default_factory=list)
    claims: list[str] = field(default_factory=list)


def plan_victim(rng: random.Random, places: dict[str, Place]) -> VictimPlan:
    in_1988 = rng.random() < 0.7
    female = rng.random() < (0.12 if in_1988 else 0.08)
    given_en, given_fa = rng.choice(FEMALE_NAMES if female else MALE_NAMES)
    family_en, family_fa = rng.choice(FAMILY_NAMES)
    script = rng.choices(["both", "persian", "latin"], weights=[92, 4, 4])[0]
    victim = Victim(
        name_en="" if script == "persian" else f"{given_en} {family_en}",
        name_fa="" if script == "latin" else f"{given_fa} {family_fa}",
        status=Status.PUBLISHED,
        is_sample=True,
    )
    # bulk_create does not resolve dates: every date starts as "unknown" and is set whole below.
    victim.birth_date = victim.arrest_date = victim.death_date = FuzzyDate()
    plan = VictimPlan(
        victim=victim, event=SEED_EVENTS[0] if in_1988 else SEED_EVENTS[1], given=given_en or given_fa
    )
    plan.variants = name_variants(rng, victim, given_en, family_en)

    sparse = rng.random() < 1 / 3
    if in_1988:
        _fill_1988(rng, plan, places, sparse)
    else:
        _fill_2019(rng, plan, places, sparse)
    if not sparse:
        victim.gender = (Gender.FEMALE if female else Gender.MALE) if rng.random() < 0.9 else Gender.UNKNOWN
        _add_biographies(rng, plan, in_1988)
    victim.verification = rng.choices(
        [Verification.CONFIRMED, Verification.REPORTED, Verification.UNCONFIRMED],
        weights=[5, 50, 45] if sparse else [35, 45, 20],
    )[0]
    plan.claims = _claims(rng, victim, sparse)
    return plan


def name_variants(rng: random.Random, victim: Victim, given: str, family: str) -> list[dict]:
    variants = []
    if victim.name_en and rng.random() < 0.35:
        spellings = [f"{g} {family}" for g in GIVEN_NAME_VARIANTS.get(given, [])]
        spellings += [f"{given} {f}" for f in _family_spellings(family)]
        for name in rng.sample(spellings, min(len(spellings), rng.choice([1, 1, 2]))):
            variants.append(
                {"name": name, "script": Script.LATIN, "note": "as spelled in an English-language list"}
            )
    # Lists typed on an Arabic keyboard write ي and ك for Persian ی and ک; search must find both.
    arabic = victim.name_fa.replace("ی", "ي").replace("ک", "ك")
    if arabic != victim.name_fa and rng.random() < 0.2:
        variants.append(
            {"name": arabic, "script": Script.PERSIAN, "note": "with Arabic ي and ك, as in some lists"}
        )
    return variants


def _family_spellings(family: str) -> list[str]:
    """Transliterations of a family name that English-language sources commonly use."""
    spellings = list(FAMILY_NAME_VARIANTS.get(family, []))
    for old, new in (("gh", "q"), ("Gh", "Q"), ("ou", "u")):
        if old in family:
            spellings.append(family.replace(old, new))
    if family.endswith("ei"):
        spellings += [family[:-2] + "ee", family[:-2] + "ie"]
    return [s for s in dict.fromkeys(spellings) if s != family]


def _fill_1988(rng: random.Random, plan: VictimPlan, places: dict[str, Place], sparse: bool) -> None:
    victim = plan.victim
    prison_slug = rng.choices(list(PRISONS_1988), weights=[w for w, _grave in PRISONS_1988.values()])[0]
    prison = places[prison_slug]
    day = datetime.date(1988, 7, 27) + datetime.timedelta(days=rng.randrange(88))  # to late Mehr 1367
    victim.death_date = death_date_1988(rng, day)
    victim.death_place = prison
    if sparse:
        return
    if rng.random() < 0.7:
        victim.age_at_death = min(60, int(rng.triangular(17, 55, 25)))
        if rng.random() < 0.4:
            victim.birth_date = _birth_date(rng, 1988 - victim.age_at_death)
            victim.birth_place = places[
                rng.choice(["tehran", "karaj", "isfahan", "mashhad", "shiraz", "ahvaz"])
            ]
    if rng.random() < 0.6:
        victim.occupation = _occupation(rng, OCCUPATIONS_1988, victim.age_at_death)
    if rng.random() < 0.75:
        victim.affiliation = rng.choice(AFFILIATIONS_1988)
    if rng.random() < 0.4:
        victim.charges = rng.choice(CHARGES_1988)
    if rng.random() < 0.7:
        arrested = datetime.date(1981, 6, 20) + datetime.timedelta(days=rng.randrange(7 * 365))
        victim.arrest_date = day_as_a_source_gives_it(rng, arrested)
        victim.arrest_place = places[rng.choice(["tehran", "karaj", "isfahan", "mashhad", "shiraz", "ahvaz"])]
    if rng.random() < 0.8:
        plan.prisons = [prison]
        # Many were moved between prisons before the end; Evin and Gohardasht most of all.
        if rng.random() < 0.3:
            plan.prisons.insert(
                0, places[rng.choice(["evin-prison", "qezel-hesar-prison", "gohardasht-prison"])]
            )
            plan.prisons = list(dict.fromkeys(plan.prisons))
    if rng.random() < 0.8:
        victim.manner_of_death = rng.choices(
            [
                MannerOfDeath.HANGING,
                MannerOfDeath.FIRING_SQUAD,
                MannerOfDeath.EXECUTION,
                MannerOfDeath.TORTURE,
            ],
            weights=[60, 10, 25, 5],
        )[0]
    grave = PRISONS_1988[prison_slug][1]
    burial = rng.choices(
        [Burial.MASS_GRAVE, Burial.UNMARKED, Burial.WITHHELD, Burial.KNOWN, Burial.UNKNOWN],
        weights=[35, 20, 25, 10, 10],
    )[0]
    if burial == Burial.MASS_GRAVE and grave is None:
        burial = Burial.UNMARKED
    victim.burial = burial
    if burial in (Burial.MASS_GRAVE, Burial.UNMARKED) and grave:
        victim.burial_place = places[grave]


def _fill_2019(rng: random.Random, plan: VictimPlan, places: dict[str, Place], sparse: bool) -> None:
    victim = plan.victim
    city = places[rng.choices(list(CITIES_2019), weights=list(CITIES_2019.values()))[0]]
    day = datetime.date(2019, 11, 15) + datetime.timedelta(days=rng.choice([0, 1, 1, 1, 2, 2, 3, 4]))
    victim.death_date = _death_date_2019(rng, day)
    victim.death_place = city
    if sparse:
        return
    if rng.random() < 0.8:
        victim.age_at_death = int(rng.triangular(12, 65, 26))
    if rng.random() < 0.6:
        victim.occupation = _occupation(rng, OCCUPATIONS_2019, victim.age_at_death)
    if rng.random() < 0.1:
        victim.affiliation = "no known affiliation"
    manner = rng.choices(
        [MannerOfDeath.SHOT, MannerOfDeath.CUSTODY, MannerOfDeath.TORTURE, MannerOfDeath.UNKNOWN],
        weights=[80, 7, 5, 8],
    )[0]
    victim.manner_of_death = manner
    if manner in (MannerOfDeath.CUSTODY, MannerOfDeath.TORTURE):
        victim.arrest_date = parse(f"{day.day - 1} November 2019", Calendar.GREGORIAN)
        victim.arrest_place = city
    victim.burial = rng.choices([Burial.KNOWN, Burial.WITHHELD, Burial.UNKNOWN], weights=[60, 20, 20])[0]
    if victim.burial == Burial.KNOWN and city.slug in ("tehran", "karaj"):
        victim.burial_place = places["behesht-e-zahra"]


def _occupation(rng: random.Random, occupations: list[tuple[str, str]], age: int | None) -> str:
    """An occupation that fits the age, where the age is known: no sixty-year-old schoolboys."""
    fitting = [
        english
        for english, _persian in occupations
        if age is None
        or not (
            ("high-school" in english and age > 19)
            or ("university student" in english and age > 30)
            or ("conscript" in english and not 18 <= age <= 22)
        )
    ]
    return rng.choice(fitting)


def death_date_1988(rng: random.Random, day: datetime.date) -> FuzzyDate:
    """The same day as different sources would give it: every precision, both calendars."""
    j = jdatetime.date.fromgregorian(date=day)
    season = SEASONS[(j.month - 1) // 3]
    gregorian_season = "summer" if day <= datetime.date(1988, 9, 20) else "autumn"
    forms = [
        (Calendar.SOLAR_HIJRI, f"{season} 1367"),
        (Calendar.SOLAR_HIJRI, f"{JALALI_MONTHS[j.month - 1]} 1367"),
        (Calendar.SOLAR_HIJRI, f"{j.year}/{j.month:02}/{j.day:02}"),
        (Calendar.SOLAR_HIJRI, persian_digits(f"{j.day} {JALALI_MONTHS_FA[j.month - 1]} {j.year}")),
        (Calendar.SOLAR_HIJRI, "1367"),
        (Calendar.GREGORIAN, "1988"),
        (Calendar.GREGORIAN, f"{GREGORIAN_MONTHS[day.month - 1]} 1988"),
        (Calendar.GREGORIAN, f"{day.day} {GREGORIAN_MONTHS[day.month - 1]} 1988"),
        (Calendar.GREGORIAN, f"{gregorian_season} 1988"),
    ]
    if rng.random() < 0.05:
        # Wording no rule reads: kept as said, with the range an editor would give by hand.
        return FuzzyDate(
            "late summer 1367",
            Calendar.SOLAR_HIJRI,
            Precision.UNKNOWN,
            jdatetime.date(1367, 5, 15).togregorian(),
            jdatetime.date(1367, 6, 31).togregorian(),
        )
    return _parse_one_of(rng, forms, [15, 15, 10, 5, 10, 15, 10, 10, 10])


def _death_date_2019(rng: random.Random, day: datetime.date) -> FuzzyDate:
    j = jdatetime.date.fromgregorian(date=day)
    forms = [
        (Calendar.SOLAR_HIJRI, "Aban 1398"),
        (Calendar.SOLAR_HIJRI, persian_digits("آبان 1398")),
        (Calendar.SOLAR_HIJRI, f"{j.year}/{j.month:02}/{j.day:02}"),
        (Calendar.SOLAR_HIJRI, f"{j.day} Aban 1398"),
        (Calendar.SOLAR_HIJRI, "autumn 1398"),
        (Calendar.GREGORIAN, f"{day.day} November 2019"),
        (Calendar.GREGORIAN, "November 2019"),
        (Calendar.GREGORIAN, "2019"),
    ]
    return _parse_one_of(rng, forms, [20, 5, 15, 15, 5, 25, 10, 5])


def _parse_one_of(rng: random.Random, forms: list[tuple[str, str]], weights: list[int]) -> FuzzyDate:
    calendar, text = rng.choices(forms, weights=weights)[0]
    return parse(text, calendar)


def day_as_a_source_gives_it(rng: random.Random, day: datetime.date) -> FuzzyDate:
    """A day as one source or another would give it: its year, season, month or the day, in either calendar."""
    j = jdatetime.date.fromgregorian(date=day)
    forms = [
        (Calendar.SOLAR_HIJRI, str(j.year)),
        (Calendar.SOLAR_HIJRI, f"{JALALI_MONTHS[j.month - 1]} {j.year}"),
        (Calendar.SOLAR_HIJRI, f"{j.year}/{j.month:02}/{j.day:02}"),
        (Calendar.SOLAR_HIJRI, f"{SEASONS[(j.month - 1) // 3]} {j.year}"),
        (Calendar.GREGORIAN, str(day.year)),
        (Calendar.GREGORIAN, f"{GREGORIAN_MONTHS[day.month - 1]} {day.year}"),
        (Calendar.GREGORIAN, f"{day.day} {GREGORIAN_MONTHS[day.month - 1]} {day.year}"),
    ]
    return _parse_one_of(rng, forms, [25, 20, 10, 10, 15, 10, 10])


def _birth_date(rng: random.Random, year: int) -> FuzzyDate:
    if rng.random() < 0.5:
        return parse(str(year - 621), Calendar.SOLAR_HIJRI)  # roughly: a Solar Hijri year starts in March
    return parse(str(year), Calendar.GREGORIAN)


def _add_biographies(rng: random.Random, plan: VictimPlan, in_1988: bool) -> None:
    """A few plain sentences from the record's own facts, in English, Persian, or both."""
    victim = plan.victim
    occupation_fa = dict(OCCUPATIONS_1988 + OCCUPATIONS_2019).get(victim.occupation, "")
    if rng.random() < 0.35 and victim.name_en:
        clauses = []
        if victim.arrest_text:
            on_or_in = "on" if victim.arrest_precision == Precision.DAY else "in"
            clauses.append(f"arrested {on_or_in} {victim.arrest_date.display('en')}")
        if plan.prisons:
            clauses.append("held in " + " and ".join(p.name_en for p in plan.prisons))
        place, when = victim.death_place.name_en, victim.death_date.display("en")
        clauses.append(
            f"executed in {place}, {when}" if in_1988 else f"killed in {place} in the protests, {when}"
        )
        told = ", ".join(clauses[:-1]) + (", and " if len(clauses) > 2 else " and ") + clauses[-1]
        who = victim.name_en
        if victim.occupation == "unemployed":
            who = f"Out of work, {who}"
        elif victim.occupation:
            article = "An" if victim.occupation[0] in "aeio" else "A"
            who = f"{article} {victim.occupation}, {who}"
        victim.biography_en = f"{who} was {told if len(clauses) > 1 else clauses[0]}."
    if rng.random() < 0.25 and victim.name_fa:
        who = victim.name_fa + (f"، {occupation_fa}،" if occupation_fa else "")
        when_where = f"در {victim.death_date.display('fa')} در {victim.death_place.name_fa}"
        if not in_1988:
            victim.biography_fa = f"{who} {when_where}، در جریان اعتراضات، کشته شد."
        elif plan.prisons:
            held = " و ".join(p.name_fa for p in plan.prisons)
            victim.biography_fa = f"{who} در {held} زندانی بود و {when_where} اعدام شد."
        else:
            victim.biography_fa = f"{who} {when_where} اعدام شد."


def _claims(rng: random.Random, victim: Victim, sparse: bool) -> list[str]:
    """The claims its citations support: about three on a rich record, none or one on a sparse one."""
    if sparse:
        return [rng.choice(["name", "death"])] if rng.random() < 0.6 else []
    filled = ["name", "death", "general"]
    filled += [
        claim
        for claim, value in [
            ("death_place", victim.death_place_id),
            ("arrest", victim.arrest_text),
            ("manner_of_death", victim.manner_of_death),
            ("burial", victim.burial),
            ("affiliation", victim.affiliation),
            ("age_at_death", victim.age_at_death),
            ("occupation", victim.occupation),
            ("charges", victim.charges),
            ("biography", victim.biography_en or victim.biography_fa),
        ]
        if value
    ]
    return rng.sample(filled, min(len(filled), rng.choice([2, 3, 3, 3, 4])))


def victim_citation(
    rng: random.Random, plan: VictimPlan, claim: str, sources: dict[str, list[Source]]
) -> dict:
    """A citation's fields: a locator fitting the kind of source, and often a short quote."""
    if claim in ("name", "death", "age_at_death"):
        dataset = sources[SourceKind.DATASET][0 if plan.event == SEED_EVENTS[0] else 1]
        source = rng.choice([dataset, dataset, *sources[SourceKind.REPORT]])
    elif claim in ("arrest", "burial", "biography", "occupation"):
        source = rng.choice(sources[SourceKind.TESTIMONY])
    else:
        source = rng.choice(sources[SourceKind.REPORT] + sources[SourceKind.TESTIMONY])
    if source.kind == SourceKind.DATASET:
        locator = f"row {rng.randrange(2, 5000)}"
    elif source.kind == SourceKind.REPORT:
        locator = f"p. {rng.randrange(3, 240)}"
    else:
        locator = rng.choice(["", f"{rng.randrange(0, 2):02}:{rng.randrange(60):02}:{rng.randrange(60):02}"])
    victim = plan.victim
    quotes = {
        "name": f"{victim.name_en or victim.name_fa}",
        "death": (
            f"{plan.given} was taken from the ward in {victim.death_text} and did not come back."
            if plan.event == SEED_EVENTS[0]
            else f"{plan.given} was shot in the street in {victim.death_text}."
        ),
        "burial": {
            Burial.KNOWN: f"The family was allowed to bury {plan.given}.",
            Burial.MASS_GRAVE: f"The family believes {plan.given} lies in the trenches there.",
            Burial.UNMARKED: "There is no stone; the family found the place by asking.",
            Burial.WITHHELD: "The family was never given the body.",
        }.get(victim.burial, ""),
        "arrest": f"They came for {plan.given} in {victim.arrest_text}.",
    }
    if claim == "manner_of_death":
        # Only when wanted, and by value: get_manner_of_death_display() hashes every choice each time,
        # which took a third of the time of a million victims (generate_sample_data).
        quotes[claim] = f"What the family was told: {MannerOfDeath(victim.manner_of_death).label}."
    quote = quotes.get(claim, "") if (rng.random() < 0.6 or not locator) else ""
    if not quote and not locator:
        locator = f"para. {rng.randrange(1, 40)}"
    return {
        "source": source,
        "claim": claim,
        "locator": locator,
        "quote": quote,
        "confidence": rng.choices(list(Confidence), weights=[20, 50, 30])[0],
    }


def assign_statuses(rng: random.Random, plans: list[VictimPlan]) -> None:
    """A handful of drafts and records in review, and one withdrawn, so editors see every state."""
    handful = max(1, min(5, len(plans) // 60))
    states = [Status.DRAFT] * handful + [Status.IN_REVIEW] * handful + [Status.WITHDRAWN]
    for plan, state in zip(rng.sample(plans, min(len(plans), len(states))), states, strict=False):
        plan.victim.status = state


def _assign_slugs(plans: list[VictimPlan]) -> None:
    """Slugs from the Latin name (Persian when there is none), numbered where two people share a name."""
    taken = set(Victim.objects.values_list("slug", flat=True))
    for plan in plans:
        plan.victim.slug = Victim.unique_slug(plan.victim.name_en or plan.victim.name_fa, taken)
