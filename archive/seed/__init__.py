"""The seed records: everything the article this archive started from states, as an editor would enter it.

The article ("Call to end impunity for perpetrators of crimes against humanity in Iran", kept beside
this module as article.txt) is the only evidence here. Every claim is cited to it, with the sentence
it rests on copied verbatim as the quote; nothing the article does not say is added. Where the
article is vague (no year, no city, no dates for a post), the record says so instead of filling in.

The data is plain Python so that an editor can read and correct it; `load_seed` writes it to the
database. Records refer to each other by slug. Each record's "citations" lists (claim, quote, note,
confidence) as produced by `cite()`; every citation's source is the article.
"""

from __future__ import annotations

import datetime
from decimal import Decimal
from pathlib import Path

ARTICLE_PATH = Path(__file__).with_name("article.txt")
ARTICLE_SLUG = "call-to-end-impunity"
ARTICLE_FILENAME = "call-to-end-impunity.txt"


def cite(claim: str, quote: str, note: str = "", confidence: str = "medium") -> dict:
    return {"claim": claim, "quote": quote, "note": note, "confidence": confidence}


# The sentences of the article that the records rest on, verbatim (curly quotes and all).
PROTESTS = (
    "The eruption of protests across Iran in November 2019, described by observers as a nationwide "
    "uprising, was brutally suppressed by the security forces killing more than 1,500 unarmed protesters, "
    "including 19 children, in only three days."
)
ARRESTS = (
    "In addition, thousands of protesters were arrested, many of whom still in detention undergoing "
    "physical and mental torture."
)
SENTENCED = (
    "A number of the detainees have been sentenced to death in the absence of recognized judicial "
    "procedures and some have already been executed."
)
MASSACRE = (
    "One of the most heinous crimes that haunted Iranians was the massacre of more than 30,000 political "
    "prisoners in the summer of 1988."
)
FATWA = (
    "At the time, then-regime supreme leader Ruhollah Khomeini issued a fatwa to purge all prisons of the "
    "regime’s opponents."
)
WEEKS = (
    "In a matter of weeks, Iranian authorities tried and executed more than 30,000 prisoners across Iran, "
    "most of whom were affiliated with the People’s Mojahedin Organization of Iran (PMOI/MEK)."
)
GRAVES = "The bodies of the victims were buried in mass, unmarked graves to hide evidence of the brutal act."
NEVER_INVESTIGATED = (
    "The massacre was never investigated by the international community, and the perpetrators were never "
    "brought to justice."
)
JVMI = (
    "The Justice for Victims of 1988 Massacre in Iran (JVMI) which has collected relevant information "
    "regarding the perpetrators, has named 96 individuals who were members of ‘Death Commissions’ in 1988 "
    "and at least 87 of them continue to hold key positions in various branches of the Iranian regime’s "
    "establishment."
)
COMMISSIONS = (
    "Death Commissions, comprised of Three-members, were formed across Iran to send political prisoners who "
    "refused to abandon their beliefs to gallows."
)
RAISI_HEAD = "Key among the above individuals is Ebrahim Raisi, the current head of the clerical judiciary."
RAISI_1988 = "In 1988, he was Tehran’s Deputy Prosecutor and a key member of Tehran’s Death Commission."
AVAIL = (
    "Alireza Avail, a member of the Death Commission in Khuzestan, was a justice minister under current "
    "regime president Hassan Rouhani until August 2017; His two predecessors, who held office in the "
    "previous eight years, Mustafa Pour-Mohammadi and Morteza Bakhtiari, were also members of the Death "
    "Commissions."
)
SHUSHTARI = (
    "Also, Mohammad Esmail Shushtari, justice minister from 1989 until 2005, headed the state Prisons "
    "Organization in 1988 and was another active member of the Death Commission in Tehran."
)
KHAMENEI = (
    "Ali Khamenei, the current Supreme Leader of the regime, was also directly involved in the 1988 "
    "massacre as the president of the Islamic Republic at the time."
)
TASNIM = (
    "On August 28, 2016, Mostafa Pourmohammadi was quoted by the state-run Tasnim news agency as saying: "
    "“We are proud to have carried out God’s commandment with regard to the [PMOI/MEK] and to have stood "
    "with strength and fought against the enemies of God and the people.”"
)
ROBERTSON = (
    "Geoffrey Robertson, QC and renowned human rights barrister in the UK explain that as part of his "
    "investigation into the 1988 massacre he interviewed 40 survivors and he was, in his own words, "
    "“staggered” by his findings."
)
ROBERTSON_CONFERENCE = (
    "“I describe it as the worst crime against humanity since the concentration camps of the Second World "
    "War,” he said during the Call for Justice online conference on July 19."
)
BOUMEDRA_JVMI = (
    "The UN and relevant institutions have been informed and received documents on this issue,” says Tahar "
    "Boumedra, former head of the Human Rights Office of the United Nations Assistance Mission for Iraq and "
    "a member of the advisory board of the JVMI."
)
IN_2018 = (
    "“In 2018, the former human rights commissioner Zeid Hussein said the UN has informed the regime to "
    "investigate the crime."
)
TWO_YEARS_LATER = "Two years later, the Special Rapporteur on Human Rights in Iran is asking the same thing."
BOUMEDRA_REPORT = (
    "Tahar Boumedra, a former UN official and the lead author of the 360-page report Inquiry into the 1988 "
    "mass executions in Iran"
)
CAMPAIGN = (
    "The Call for Justice Campaign seeks the arrests and prosecution in any court that accepts "
    "international jurisdiction with the trial in the ICC as the ultimate goal."
)
ORTAGUS = (
    "On July 17, Morgan Ortagus, the spokesperson of the United States State Department, in a video message "
    "on Twitter."
)
ORTAGUS_ORDERS = "So-called death commissions on the orders of Ayatollah Khomeini."
ORTAGUS_MEMBERS = (
    "The current head of the Iranian judiciary and current minister of justice have both been identified as "
    "former members of these death commissions."
)
FOOTER = "Trending on RedState Video"


SOURCES = [
    {
        "slug": ARTICLE_SLUG,
        "title_en": "Call to end impunity for perpetrators of crimes against humanity in Iran",
        "kind": "news_article",
        "language": "en",
        "stance": "opposition",
        "reliability_note": (
            "An advocacy piece for the Call for Justice campaign and the Justice for Victims of 1988 "
            "Massacre in Iran (JVMI). The captured text names no author; its footer (“Trending on RedState "
            "Video”) suggests it was published on RedState. Its figure of more than 30,000 political "
            "prisoners executed in 1988 is the highest of the published estimates."
        ),
        "summary_en": (
            "Calls for the perpetrators of the 1988 prison massacre and of the killings of protesters in "
            "November 2019 to be brought to justice. Names members of the 1988 Death Commissions and the "
            "posts they went on to hold, and quotes the JVMI, Geoffrey Robertson, Tahar Boumedra, a 2016 "
            "Tasnim report and a video message from the United States State Department."
        ),
        # The article prints no date. It speaks of the conference of 19 July as past, and of the UN's
        # call of 2018 being repeated "two years later", so it appeared in the second half of 2020.
        "published_text": "after 19 July 2020 (the article prints no date)",
        "published_precision": "unknown",
        "published_earliest": datetime.date(2020, 7, 19),
        "published_latest": datetime.date(2020, 12, 31),
        "citations": [
            cite(
                "published",
                ROBERTSON_CONFERENCE,
                "The article reports the conference of 19 July as past, so it appeared on or after that day.",
                "low",
            ),
            cite(
                "published",
                IN_2018,
                "With the sentence that follows (“Two years later …”), this places the article in 2020.",
                "low",
            ),
            cite(
                "published",
                TWO_YEARS_LATER,
                "Read with the preceding sentence (“In 2018 …”), this places the article in 2020.",
                "low",
            ),
            cite("general", CAMPAIGN, "The article speaks for the Call for Justice Campaign."),
            cite(
                "general", FOOTER, "The captured page’s footer; it suggests RedState as the publisher.", "low"
            ),
        ],
    },
    {
        "slug": "jvmi-list-of-death-commission-members",
        "title_en": "JVMI list of members of the 1988 Death Commissions",
        "kind": "dataset",
        "author": "Justice for Victims of 1988 Massacre in Iran (JVMI)",
        "stance": "unknown",
        "reliability_note": (
            "Known to the archive only through the article, which reports that the JVMI names 96 members of "
            "the 1988 Death Commissions. The archive does not hold the list; its title here is descriptive."
        ),
        "published_precision": "unknown",
        "citations": [cite("general", JVMI), cite("author", JVMI)],
    },
    {
        "slug": "boumedra-inquiry-into-the-1988-mass-executions",
        "title_en": "Inquiry into the 1988 mass executions in Iran",
        "kind": "report",
        "author": "Tahar Boumedra (lead author)",
        "summary_en": (
            "A 360-page report; the article names Tahar Boumedra, a former UN official, as its lead author."
        ),
        "stance": "unknown",
        "reliability_note": (
            "Known to the archive only through the article, which describes its lead author as a member of "
            "the advisory board of the JVMI."
        ),
        "published_precision": "unknown",
        "citations": [
            cite("general", BOUMEDRA_REPORT, "A photo caption in the article."),
            cite("author", BOUMEDRA_REPORT, "A photo caption in the article."),
            cite("general", BOUMEDRA_JVMI, "The lead author’s tie to the JVMI."),
        ],
    },
    {
        "slug": "tasnim-pourmohammadi-2016",
        "title_en": "Tasnim news agency report quoting Mostafa Pourmohammadi",
        "kind": "news_article",
        "publisher": "Tasnim news agency",
        "language": "fa",
        "stance": "state",
        "reliability_note": (
            "Described by the article as state-run. Known to the archive only through the article."
        ),
        "published_text": "August 28, 2016",
        "citations": [cite("general", TASNIM), cite("published", TASNIM)],
    },
    {
        "slug": "us-state-department-video-message",
        "title_en": "Video message by Morgan Ortagus, spokesperson of the United States State Department",
        "kind": "video",
        "author": "Morgan Ortagus",
        "publisher": "United States State Department",
        "summary_en": (
            "A video message on Twitter marking the anniversary of the 1988 death commissions; the article "
            "quotes it at length."
        ),
        "stance": "foreign_government",
        "published_text": "17 July (year not printed; 2020 by the article's context)",
        "published_precision": "unknown",
        "published_earliest": datetime.date(2020, 7, 17),
        "published_latest": datetime.date(2020, 7, 17),
        "citations": [
            cite("general", ORTAGUS),
            cite("author", ORTAGUS),
            cite("published", ORTAGUS, "The article prints “July 17” without a year.", "low"),
        ],
    },
    {
        "slug": "robertson-call-for-justice-conference",
        "title_en": "Geoffrey Robertson’s remarks at the Call for Justice online conference",
        "kind": "speech",
        "author": "Geoffrey Robertson",
        "stance": "unknown",
        "published_text": "19 July (year not printed; 2020 by the article's context)",
        "published_precision": "unknown",
        "published_earliest": datetime.date(2020, 7, 19),
        "published_latest": datetime.date(2020, 7, 19),
        "citations": [
            cite("general", ROBERTSON_CONFERENCE),
            cite("author", ROBERTSON),
            cite("published", ROBERTSON_CONFERENCE, "The article prints “July 19” without a year.", "low"),
        ],
    },
]


PLACES = [
    {
        "slug": "iran",
        "name_en": "Iran",
        "name_fa": "ایران",
        "kind": "country",
        "citations": [cite("general", COMMISSIONS)],
    },
    {
        "slug": "tehran",
        "name_en": "Tehran",
        "name_fa": "تهران",
        "kind": "city",
        "parent": "iran",
        # The city centre, for the map of places (/map/): it places Tehran in its province.
        "latitude": Decimal("35.68920"),
        "longitude": Decimal("51.38900"),
        "citations": [cite("general", RAISI_1988)],
    },
    {
        "slug": "khuzestan",
        "name_en": "Khuzestan",
        "name_fa": "خوزستان",
        "kind": "province",
        "parent": "iran",
        "citations": [cite("general", AVAIL)],
    },
]


EVENTS = [
    {
        "slug": "1988-massacre",
        "name_en": "1988 prison massacre",
        "name_fa": "قتل‌عام زندانیان سیاسی در ۱۳۶۷",
        "start_text": "summer 1988",
        "places": ["iran"],
        "description_en": (
            "According to the article, the supreme leader at the time, Ruhollah Khomeini, issued a fatwa to "
            "purge all prisons of the regime’s opponents. Death Commissions of three members were formed "
            "across Iran to send political prisoners who refused to abandon their beliefs to the gallows; "
            "in a matter of weeks prisoners across Iran were tried and executed, most of them affiliated "
            "with the People’s Mojahedin Organization of Iran (PMOI/MEK). The bodies were buried in mass, "
            "unmarked graves. The massacre was never investigated by the international community, and the "
            "perpetrators were never brought to justice."
        ),
        "citations": [
            cite("start", MASSACRE),
            cite("places", WEEKS),
            cite("description", FATWA),
            cite("description", COMMISSIONS),
            cite("description", WEEKS),
            cite("description", GRAVES),
            cite("description", NEVER_INVESTIGATED),
        ],
        "estimates": [
            {
                "counted_en": "political prisoners executed",
                "count_text": "more than 30,000",
                "count_low": 30000,
                "estimated_by": "the article (no source given)",
                "citations": [cite("count", MASSACRE), cite("count", WEEKS)],
            },
            {
                "counted_en": "members of the Death Commissions named",
                "count_text": "96",
                "count_low": 96,
                "count_high": 96,
                "estimated_by": "Justice for Victims of 1988 Massacre in Iran (JVMI)",
                "citations": [cite("general", JVMI)],
            },
            {
                "counted_en": "named Death Commission members who still hold key positions",
                "count_text": "at least 87",
                "count_low": 87,
                "estimated_by": "Justice for Victims of 1988 Massacre in Iran (JVMI)",
                "note": "Of the 96 members the JVMI names.",
                "citations": [cite("general", JVMI)],
            },
        ],
    },
    {
        "slug": "november-2019-protests",
        "name_en": "November 2019 protests",
        "name_fa": "اعتراضات آبان ۱۳۹۸",
        "start_text": "November 2019",
        "places": ["iran"],
        "description_en": (
            "According to the article, protests erupted across Iran in November 2019 and were suppressed by "
            "the security forces in three days. Thousands of protesters were arrested; many were still in "
            "detention when the article was written, some had been sentenced to death without recognized "
            "judicial procedures, and some had been executed."
        ),
        "citations": [
            cite("start", PROTESTS),
            cite("places", PROTESTS),
            cite("description", PROTESTS),
            cite("description", ARRESTS),
            cite("description", SENTENCED),
        ],
        "estimates": [
            {
                "counted_en": "unarmed protesters killed in three days",
                "count_text": "more than 1,500",
                "count_low": 1500,
                "estimated_by": "the article (no source given)",
                "citations": [cite("count", PROTESTS)],
            },
            {
                "counted_en": "children among the protesters killed",
                "count_text": "19",
                "count_low": 19,
                "count_high": 19,
                "estimated_by": "the article (no source given)",
                "citations": [cite("count", PROTESTS)],
            },
            {
                "counted_en": "protesters arrested",
                "count_text": "thousands",
                # The archive needs a number to sort and compare by; 1,000 is the least "thousands" can mean.
                "count_low": 1000,
                "estimated_by": "the article (no source given)",
                "note": (
                    "The article gives no number beyond “thousands”; 1,000 is only the floor that word "
                    "implies."
                ),
                "citations": [cite("count", ARRESTS)],
            },
        ],
    },
]


ORGANIZATIONS = [
    {
        "slug": "death-commissions-1988",
        "name_en": "Death Commissions (1988)",
        "kind": "commission",
        "place": "iran",
        "description_en": (
            "According to the article, Death Commissions of three members were formed across Iran in 1988 "
            "to send political prisoners who refused to abandon their beliefs to the gallows. Members whose "
            "commission the article does not place in a city or province are recorded here."
        ),
        "citations": [
            cite("general", COMMISSIONS),
            cite("description", COMMISSIONS),
            cite("description", JVMI),
        ],
    },
    {
        "slug": "death-commission-tehran",
        "name_en": "Death Commission in Tehran",
        "kind": "commission",
        "parent": "death-commissions-1988",
        "place": "tehran",
        "citations": [cite("general", RAISI_1988), cite("place", SHUSHTARI)],
    },
    {
        "slug": "death-commission-khuzestan",
        "name_en": "Death Commission in Khuzestan",
        "kind": "commission",
        "parent": "death-commissions-1988",
        "place": "khuzestan",
        "citations": [cite("general", AVAIL), cite("place", AVAIL)],
    },
    {
        "slug": "judiciary-of-iran",
        "name_en": "Judiciary of Iran",
        "kind": "judiciary",
        "citations": [cite("general", RAISI_HEAD)],
    },
    {
        "slug": "ministry-of-justice",
        "name_en": "Ministry of Justice",
        "kind": "ministry",
        "citations": [cite("general", SHUSHTARI)],
    },
    {
        "slug": "prisons-organization",
        "name_en": "Prisons Organization",
        "kind": "prisons",
        "citations": [cite("general", SHUSHTARI)],
    },
    {
        "slug": "tehran-prosecutors-office",
        "name_en": "Tehran Prosecutor’s Office",
        "kind": "prosecution",
        "place": "tehran",
        "citations": [cite("general", RAISI_1988)],
    },
    {
        "slug": "presidency",
        "name_en": "Presidency of the Islamic Republic",
        "kind": "ministry",
        "citations": [cite("general", KHAMENEI)],
    },
    {
        "slug": "supreme-leader",
        "name_en": "Office of the Supreme Leader",
        "kind": "leadership",
        "citations": [cite("general", KHAMENEI), cite("general", FATWA)],
    },
]


# Each perpetrator's positions are in timeline order: the 1988 roles first. A position is found
# again on a re-run by (organization, title_en), so keep those two stable.
PERPETRATORS = [
    {
        "slug": "ebrahim-raisi",
        "name_en": "Ebrahim Raisi",
        "name_fa": "ابراهیم رئیسی",
        "citations": [cite("general", RAISI_HEAD)],
        "positions": [
            {
                "organization": "death-commission-tehran",
                "title_en": "Member of the Death Commission in Tehran",
                "commission_role": "member",
                "event": "1988-massacre",
                "place": "tehran",
                "during_text": "1988",
                "note_en": (
                    "“A key member”, according to the article, which does not state his role on the "
                    "commission."
                ),
                "citations": [
                    cite("general", RAISI_1988),
                    cite("during", RAISI_1988),
                    cite("event", RAISI_1988),
                    cite(
                        "general",
                        ORTAGUS_MEMBERS,
                        "The State Department message the article quotes says the current head of the "
                        "Iranian judiciary has been identified as a former member of the death commissions.",
                    ),
                ],
            },
            {
                "organization": "tehran-prosecutors-office",
                "title_en": "Deputy Prosecutor of Tehran",
                "place": "tehran",
                "during_text": "1988",
                "citations": [cite("title", RAISI_1988), cite("during", RAISI_1988)],
            },
            {
                "organization": "judiciary-of-iran",
                "title_en": "Head of the judiciary",
                "note_en": "Current at the time of the article, which calls it “the clerical judiciary”.",
                "citations": [cite("title", RAISI_HEAD)],
            },
        ],
    },
    {
        "slug": "alireza-avail",
        # The article's spelling; other sources spell the name differently.
        "name_en": "Alireza Avail",
        "citations": [cite("general", AVAIL), cite("name", AVAIL)],
        "positions": [
            {
                "organization": "death-commission-khuzestan",
                "title_en": "Member of the Death Commission in Khuzestan",
                "commission_role": "member",
                "event": "1988-massacre",
                "place": "khuzestan",
                "during_text": "1988",
                "citations": [
                    cite("general", AVAIL),
                    cite("during", JVMI, "The article places the Death Commissions in 1988."),
                    cite("event", JVMI, "The commissions the article names are those of the 1988 massacre."),
                ],
            },
            {
                "organization": "ministry-of-justice",
                "title_en": "Minister of Justice",
                "end_text": "August 2017",
                "note_en": (
                    "Under President Hassan Rouhani, according to the article, which gives no start date. "
                    "The State Department message it quotes (17 July) speaks of the “current minister of "
                    "justice” as a former member of the death commissions, without naming him."
                ),
                "citations": [
                    cite("title", AVAIL),
                    cite("end", AVAIL),
                    cite(
                        "end",
                        ORTAGUS_MEMBERS,
                        "Sits uneasily with an end in August 2017: the message, which the article dates 17 "
                        "July, speaks of a current minister of justice who sat on the commissions. It names "
                        "no one.",
                        "low",
                    ),
                ],
            },
        ],
    },
    {
        "slug": "mostafa-pourmohammadi",
        "name_en": "Mostafa Pourmohammadi",
        "name_fa": "مصطفی پورمحمدی",
        "variants": [
            {
                "name": "Mustafa Pour-Mohammadi",
                "note": "in the article “Call to end impunity”, beside “Mostafa Pourmohammadi”",
            },
        ],
        "biography_en": (
            "On 28 August 2016 the state-run Tasnim news agency quoted him as saying: “We are proud to have "
            "carried out God’s commandment with regard to the [PMOI/MEK] and to have stood with strength "
            "and fought against the enemies of God and the people.”"
        ),
        "citations": [
            cite("name", TASNIM, "Spelled “Mostafa Pourmohammadi” here."),
            cite("name", AVAIL, "Spelled “Mustafa Pour-Mohammadi” here."),
            cite("biography", TASNIM),
        ],
        "positions": [
            {
                "organization": "death-commissions-1988",
                "title_en": "Member of the Death Commissions",
                "commission_role": "member",
                "event": "1988-massacre",
                "during_text": "1988",
                "note_en": "The article does not say in which city or province he sat.",
                "citations": [
                    cite("general", AVAIL),
                    cite("during", JVMI, "The article places the Death Commissions in 1988."),
                    cite("event", JVMI, "The commissions the article names are those of the 1988 massacre."),
                ],
            },
            {
                "organization": "ministry-of-justice",
                "title_en": "Minister of Justice",
                "note_en": (
                    "One of Alireza Avail’s two predecessors as justice minister, “who held office in the "
                    "previous eight years”; the article gives no dates for his own term."
                ),
                "citations": [cite("title", AVAIL)],
            },
        ],
    },
    {
        "slug": "morteza-bakhtiari",
        "name_en": "Morteza Bakhtiari",
        "name_fa": "مرتضی بختیاری",
        "citations": [cite("general", AVAIL)],
        "positions": [
            {
                "organization": "death-commissions-1988",
                "title_en": "Member of the Death Commissions",
                "commission_role": "member",
                "event": "1988-massacre",
                "during_text": "1988",
                "note_en": "The article does not say in which city or province he sat.",
                "citations": [
                    cite("general", AVAIL),
                    cite("during", JVMI, "The article places the Death Commissions in 1988."),
                    cite("event", JVMI, "The commissions the article names are those of the 1988 massacre."),
                ],
            },
            {
                "organization": "ministry-of-justice",
                "title_en": "Minister of Justice",
                "note_en": (
                    "One of Alireza Avail’s two predecessors as justice minister, “who held office in the "
                    "previous eight years”; the article gives no dates for his own term."
                ),
                "citations": [cite("title", AVAIL)],
            },
        ],
    },
    {
        "slug": "mohammad-esmail-shushtari",
        "name_en": "Mohammad Esmail Shushtari",
        "name_fa": "محمد اسماعیل شوشتری",
        "citations": [cite("general", SHUSHTARI)],
        "positions": [
            {
                "organization": "death-commission-tehran",
                "title_en": "Member of the Death Commission in Tehran",
                "commission_role": "member",
                "event": "1988-massacre",
                "place": "tehran",
                "during_text": "1988",
                "note_en": (
                    "“Another active member”, according to the article, which does not state his role."
                ),
                "citations": [
                    cite("general", SHUSHTARI),
                    cite("during", SHUSHTARI),
                    cite("event", SHUSHTARI),
                ],
            },
            {
                "organization": "prisons-organization",
                "title_en": "Head of the state Prisons Organization",
                "during_text": "1988",
                "citations": [cite("title", SHUSHTARI), cite("during", SHUSHTARI)],
            },
            {
                "organization": "ministry-of-justice",
                "title_en": "Minister of Justice",
                "start_text": "1989",
                "end_text": "2005",
                "citations": [cite("title", SHUSHTARI), cite("start", SHUSHTARI), cite("end", SHUSHTARI)],
            },
        ],
    },
    {
        "slug": "ali-khamenei",
        "name_en": "Ali Khamenei",
        "name_fa": "علی خامنه‌ای",
        "citations": [cite("general", KHAMENEI)],
        "positions": [
            {
                "organization": "presidency",
                "title_en": "President of the Islamic Republic",
                "during_text": "1988",
                "event": "1988-massacre",
                "note_en": (
                    "The article says he was “directly involved in the 1988 massacre as the president of "
                    "the Islamic Republic at the time”."
                ),
                "citations": [cite("title", KHAMENEI), cite("during", KHAMENEI), cite("event", KHAMENEI)],
            },
            {
                "organization": "supreme-leader",
                "title_en": "Supreme Leader",
                "note_en": "Current at the time of the article.",
                "citations": [cite("title", KHAMENEI)],
            },
        ],
    },
    {
        "slug": "ruhollah-khomeini",
        "name_en": "Ruhollah Khomeini",
        "name_fa": "روح‌الله خمینی",
        "biography_en": (
            "Supreme leader in 1988. According to the article, he issued a fatwa to purge all prisons of "
            "the regime’s opponents; the State Department message it quotes says the death commissions "
            "acted “on the orders of Ayatollah Khomeini”."
        ),
        "citations": [
            cite("general", FATWA),
            cite("biography", FATWA),
            cite("biography", ORTAGUS_ORDERS, "From the State Department video message the article quotes."),
        ],
        "positions": [
            {
                "organization": "supreme-leader",
                "title_en": "Supreme Leader",
                "during_text": "1988",
                "event": "1988-massacre",
                "note_en": (
                    "Issued a fatwa to purge all prisons of the regime’s opponents, according to the article."
                ),
                "citations": [
                    cite("title", FATWA),
                    cite("event", FATWA),
                    cite(
                        "during",
                        FATWA,
                        "“At the time”: the summer of 1988, of which the sentence before speaks.",
                    ),
                ],
            },
        ],
    },
]
