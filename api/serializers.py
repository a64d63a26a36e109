"""What the API says about each record: plain functions from a record to a dict of JSON values.

Only public records appear. The views fetch published records and prefetch only the public rows
of many-to-many relations, positions, perpetrator links and citations; `ref()` checks the
records a foreign key points to, so a draft place of death reads as null.
"""

from __future__ import annotations

from typing import Any

from django.urls import reverse
from django.utils.http import urlencode

from archive.dates import FuzzyDate
from archive.models import Citation, Estimate, Event, Organization, Place, Source
from perpetrators.models import Perpetrator, Position
from victims.models import PerpetratorLink, Victim

# The API address of each record type; positions and citations have no slug and go by id.
DETAIL_URL_NAMES = {
    Victim: "api:victim_detail",
    Perpetrator: "api:perpetrator_detail",
    Position: "api:position_detail",
    Organization: "api:organization_detail",
    Source: "api:source_detail",
    Citation: "api:citation_detail",
    Event: "api:event_detail",
    Place: "api:place_detail",
}


def absolute(request, path: str) -> str:
    return request.build_absolute_uri(path)


def api_url(record, request) -> str:
    key = record.pk if isinstance(record, Position | Citation) else record.slug
    return absolute(request, reverse(DETAIL_URL_NAMES[type(record)], args=[key]))


def list_url(url_name: str, request, **filters) -> str:
    """A filtered API list: where the records related to a record are listed, a page at a time."""
    return absolute(request, reverse(url_name) + "?" + urlencode(filters))


def ref(record, request) -> dict[str, str] | None:
    """A related record in a few words; None when there is none or it is not public."""
    if record is None or not record.is_published:
        return None
    return {"slug": record.slug, "name": record.name, "api_url": api_url(record, request)}


def refs(records, request) -> list[dict[str, str]]:
    return [r for r in (ref(record, request) for record in records) if r is not None]


def source_ref(source: Source, request) -> dict[str, str]:
    return {"slug": source.slug, "title": source.title, "api_url": api_url(source, request)}


def fuzzy_date(date: FuzzyDate) -> dict[str, Any] | None:
    """The date as the source gave it, its precision, and the first and last day it can mean; None if unknown."""
    if not date:
        return None
    return {
        "text": date.text,
        "calendar": date.calendar,
        "precision": date.precision,
        "earliest": date.earliest.isoformat() if date.earliest else None,
        "latest": date.latest.isoformat() if date.latest else None,
    }


def variants(record) -> list[dict[str, str]]:
    return [{"name": v.name, "script": v.script, "kind": v.kind} for v in record.variants.all()]


def record_links(record, request) -> dict[str, str]:
    return {"url": absolute(request, record.get_absolute_url()), "api_url": api_url(record, request)}


# Citations.


def citation(c: Citation, request) -> dict[str, Any]:
    """A citation as it sits under the record it supports."""
    return {
        "id": c.pk,
        "api_url": api_url(c, request),
        "claim": c.claim,
        "locator": c.locator,
        "quote": c.quote,
        "note": c.note,
        "confidence": c.confidence,
        "source": source_ref(c.source, request),
    }


def citations(record, request) -> list[dict[str, Any]]:
    """The record's public citations: the view prefetched `citations` with published sources only."""
    return [citation(c, request) for c in record.citations.all()]


def record_name(record) -> str:
    if isinstance(record, Source):
        return record.title
    if isinstance(record, Position):
        return f"{record.perpetrator.name}: {record.title}"
    if isinstance(record, Estimate):
        return f"{record.event.name}: {record.count_text} {record.counted_en}"
    if isinstance(record, PerpetratorLink):
        named = record.perpetrator or record.organization
        return f"{record.victim.name}: {record.get_role_display()} {named.name}"
    return record.name


def cited_record(record, request) -> dict[str, Any]:
    """The record a citation supports. Estimates and perpetrator links are read on their event or victim."""
    on = record.event if isinstance(record, Estimate) else record
    on = record.victim if isinstance(record, PerpetratorLink) else on
    return {
        "type": record._meta.model_name,
        "id": record.pk,
        "name": record_name(record),
        "url": absolute(request, record.get_absolute_url()),
        "api_url": api_url(on, request),
    }


def citation_detail(c: Citation, request) -> dict[str, Any]:
    return {**citation(c, request), "record": cited_record(c.record, request)}


# Victims and perpetrators.


def victim(v: Victim, request) -> dict[str, Any]:
    return {
        "id": v.pk,
        "slug": v.slug,
        **record_links(v, request),
        "name_en": v.name_en,
        "name_fa": v.name_fa,
        "variants": variants(v),
        "gender": v.gender,
        "birth": fuzzy_date(v.birth_date),
        "birth_place": ref(v.birth_place, request),
        "age_at_death": v.age_at_death,
        "occupation": v.occupation,
        "affiliation": v.affiliation,
        "events": refs(v.events.all(), request),
        "arrest": fuzzy_date(v.arrest_date),
        "arrest_place": ref(v.arrest_place, request),
        "prisons": refs(v.prisons.all(), request),
        "death": fuzzy_date(v.death_date),
        "death_place": ref(v.death_place, request),
        "manner_of_death": v.manner_of_death,
        "charges": v.charges,
        "burial": v.burial,
        "burial_place": ref(v.burial_place, request),
        "verification": v.verification,
        "biography_en": v.biography_en,
        "biography_fa": v.biography_fa,
        "is_sample": v.is_sample,
    }


def perpetrator_link(link: PerpetratorLink, request) -> dict[str, Any]:
    return {
        "role": link.role,
        "note": link.note,
        "victim": ref(link.victim, request),
        "perpetrator": ref(link.perpetrator, request),
        "organization": ref(link.organization, request),
        "citations": citations(link, request),
    }


def victim_detail(v: Victim, request) -> dict[str, Any]:
    return {
        **victim(v, request),
        "perpetrator_links": [perpetrator_link(link, request) for link in v.perpetrator_links.all()],
        "citations": citations(v, request),
    }


def position(p: Position, request) -> dict[str, Any]:
    return {
        "id": p.pk,
        **record_links(p, request),
        "perpetrator": ref(p.perpetrator, request),
        "organization": ref(p.organization, request),
        "title_en": p.title_en,
        "title_fa": p.title_fa,
        "commission_role": p.commission_role,
        "place": ref(p.place, request),
        "event": ref(p.event, request),
        "start": fuzzy_date(p.start_date),
        "end": fuzzy_date(p.end_date),
        "during": fuzzy_date(p.during_date),
        "note_en": p.note_en,
        "note_fa": p.note_fa,
        "is_sample": p.is_sample,
    }


def position_detail(p: Position, request) -> dict[str, Any]:
    return {**position(p, request), "citations": citations(p, request)}


def perpetrator(p: Perpetrator, request) -> dict[str, Any]:
    return {
        "id": p.pk,
        "slug": p.slug,
        **record_links(p, request),
        "name_en": p.name_en,
        "name_fa": p.name_fa,
        "variants": variants(p),
        "birth": fuzzy_date(p.birth_date),
        "birth_place": ref(p.birth_place, request),
        "death": fuzzy_date(p.death_date),
        "biography_en": p.biography_en,
        "biography_fa": p.biography_fa,
        "positions": [position(each, request) for each in p.positions.all()],
        "is_sample": p.is_sample,
    }


def perpetrator_detail(p: Perpetrator, request) -> dict[str, Any]:
    return {
        **perpetrator(p, request),
        "positions": [position_detail(each, request) for each in p.positions.all()],
        "victim_links": [perpetrator_link(link, request) for link in p.victim_links.all()],
        "citations": citations(p, request),
    }


# The evidence core.


def organization(o: Organization, request) -> dict[str, Any]:
    return {
        "id": o.pk,
        "slug": o.slug,
        **record_links(o, request),
        "name_en": o.name_en,
        "name_fa": o.name_fa,
        "kind": o.kind,
        "parent": ref(o.parent, request),
        "place": ref(o.place, request),
        "description_en": o.description_en,
        "description_fa": o.description_fa,
        "positions_api_url": list_url("api:position_list", request, organization=o.slug),
        "is_sample": o.is_sample,
    }


def organization_detail(o: Organization, request) -> dict[str, Any]:
    return {**organization(o, request), "citations": citations(o, request)}


def source(s: Source, request) -> dict[str, Any]:
    file = None
    if s.file:
        file = {
            "url": absolute(request, reverse("source_file", args=[s.slug])),
            "sha256": s.sha256,
            "size": s.size,
            "media_type": s.media_type,
        }
    return {
        "id": s.pk,
        "slug": s.slug,
        **record_links(s, request),
        "title_en": s.title_en,
        "title_fa": s.title_fa,
        "kind": s.kind,
        "author": s.author,
        "publisher": s.publisher,
        "published": fuzzy_date(s.published_date),
        "language": s.language,
        "web_url": s.url,
        "archived_url": s.archived_url,
        "stance": s.stance,
        "summary_en": s.summary_en,
        "summary_fa": s.summary_fa,
        "reliability_note": s.reliability_note,
        "file": file,
        "text_status": s.text_status,
        "cited_by_api_url": list_url("api:citation_list", request, source=s.slug),
        "is_sample": s.is_sample,
    }


def source_detail(s: Source, request) -> dict[str, Any]:
    return {**source(s, request), "citations": citations(s, request)}


def event(e: Event, request) -> dict[str, Any]:
    return {
        "id": e.pk,
        "slug": e.slug,
        **record_links(e, request),
        "name_en": e.name_en,
        "name_fa": e.name_fa,
        "start": fuzzy_date(e.start_date),
        "end": fuzzy_date(e.end_date),
        "description_en": e.description_en,
        "description_fa": e.description_fa,
        "places": refs(e.places.all(), request),
        "victims_api_url": list_url("api:victim_list", request, event=e.slug),
        "positions_api_url": list_url("api:position_list", request, event=e.slug),
        "is_sample": e.is_sample,
    }


def estimate(e: Estimate, request) -> dict[str, Any]:
    return {
        "id": e.pk,
        "counted_en": e.counted_en,
        "counted_fa": e.counted_fa,
        "count_text": e.count_text,
        "count_low": e.count_low,
        "count_high": e.count_high,
        "estimated_by": e.estimated_by,
        "note": e.note,
        "citations": citations(e, request),
    }


def event_detail(e: Event, request) -> dict[str, Any]:
    return {
        **event(e, request),
        "estimates": [estimate(each, request) for each in e.estimates.all()],
        "citations": citations(e, request),
    }


def place(p: Place, request) -> dict[str, Any]:
    return {
        "id": p.pk,
        "slug": p.slug,
        **record_links(p, request),
        "name_en": p.name_en,
        "name_fa": p.name_fa,
        "variants": variants(p),
        "kind": p.kind,
        "parent": ref(p.parent, request),
        "latitude": float(p.latitude) if p.latitude is not None else None,
        "longitude": float(p.longitude) if p.longitude is not None else None,
        "description_en": p.description_en,
        "description_fa": p.description_fa,
        "victims_api_url": list_url("api:victim_list", request, place=p.slug),
        "is_sample": p.is_sample,
    }


def place_detail(p: Place, request) -> dict[str, Any]:
    return {**place(p, request), "citations": citations(p, request)}
