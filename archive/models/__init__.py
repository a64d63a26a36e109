"""The evidence core: sources, citations, events, places, organizations, and what every record shares."""

from .citations import Citation, Confidence
from .events import Estimate, Event
from .names import NameKind, NameVariant, Script
from .organizations import Organization, OrganizationKind
from .pages import PageGeneration
from .photos import Photo
from .places import Place, PlaceKind, PlaceName
from .publication import BilingualName, Publishable, SluggedRecord, SlugRedirect, Status, localized
from .search import NameWord, Searchable
from .sources import Source, SourceKind, SourcePage, Stance, TextStatus

__all__ = [
    "BilingualName",
    "Citation",
    "Confidence",
    "Estimate",
    "Event",
    "NameKind",
    "NameWord",
    "NameVariant",
    "Organization",
    "OrganizationKind",
    "PageGeneration",
    "Photo",
    "Place",
    "PlaceKind",
    "PlaceName",
    "Publishable",
    "Script",
    "Searchable",
    "SlugRedirect",
    "SluggedRecord",
    "Source",
    "SourceKind",
    "SourcePage",
    "Stance",
    "Status",
    "TextStatus",
    "localized",
]
