"""W3C PROV (PROV-JSON, PROV-N): the whole story, and reading PROV-JSON back.
"""

from __future__ import annotations

import json
import warnings
from collections.abc import Callable, Iterable, Mapping
from typing import Any

from ..errors import MissingExtraError, ProvenanceError, StoryFormatError, ValidationIssue
from ..model import TRANSMITTING, ActorKind, Relation, Story, account_story
from ._flat import _Marks, _unique, _xml_safe
from .story import story_from_data, story_to_data

#: The project's own PROV terms (``pvt:relation``, ``pvt:stance``, ...). The
#: ``.example`` domain is reserved and never resolves: the URI only names.
PVT_NAMESPACE = "https://provenance-tracer.example/ns#"
#: PROV identifiers of reports, actors and claims: the story id, percent-encoded.
REPORT_NAMESPACE = "https://provenance-tracer.example/report/"
ACTOR_NAMESPACE = "https://provenance-tracer.example/actor/"
CLAIM_NAMESPACE = "https://provenance-tracer.example/claim/"
#: Format version 2: each competing account is a ``prov:Bundle`` of this namespace.
ACCOUNT_NAMESPACE = "https://provenance-tracer.example/account/"
_PROV_NAMESPACE = "http://www.w3.org/ns/prov#"
_PROV_EXTRA_HINT = "pip install 'provenance-tracer[prov]'"



# --------------------------------------------------------------------------- #
# W3C PROV: the whole story, read back by import_prov_json.

def _prov() -> Any:
    """The ``prov.model`` module; a missing package names the extra to install."""
    try:
        import prov.model
    except ImportError as err:
        raise MissingExtraError(
            f"W3C PROV export and import need the optional package 'prov': {_PROV_EXTRA_HINT}"
        ) from err
    return prov.model


_PLAIN_LOCAL = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_")


def _encode_local(text: str) -> str:
    """A story id as the local part of a PROV qualified name, percent-encoded.

    Only ASCII letters, digits and ``_`` are kept as they are, and ``-`` and
    ``.`` where PROV-N allows them (not first; ``.`` not last), so the name is
    the same in PROV-JSON, PROV-N and as an IRI; ``_decode_local`` undoes it.

    >>> _encode_local("ria-later"), _encode_local("a b/é."), _decode_local("a%20b%2F%C3%A9%2E")
    ('ria-later', 'a%20b%2F%C3%A9%2E', 'a b/é.')
    """
    last = len(text) - 1
    out = []
    for i, ch in enumerate(text):
        if ch in _PLAIN_LOCAL or (ch == "-" and i > 0) or (ch == "." and 0 < i < last):
            out.append(ch)
        else:
            out.extend(f"%{byte:02X}" for byte in ch.encode("utf-8", "surrogatepass"))
    return "".join(out)


def _decode_local(text: str) -> str:
    from urllib.parse import unquote

    return unquote(text, errors="surrogatepass")


#: Story-file keys written as PROV attributes, by kind of record. ``prov:label``
#: holds what a PROV viewer should show; the rest are the project's own terms.
_TERMS: Mapping[str, Mapping[str, str]] = {
    "story": {"title": "prov:label", "summary": "pvt:summary"},
    "actor": {"name": "prov:label", "kind": "pvt:kind", "country": "pvt:country",
              "url": "pvt:url", "audience": "pvt:audience"},
    "claim": {"text": "prov:label"},
    "report": {"title": "prov:label", "kind": "pvt:kind", "published": "pvt:published",
               "text": "pvt:text", "url": "pvt:url", "language": "pvt:language",
               "firsthand": "pvt:firsthand", "genre": "pvt:genre"},
    "mention": {"stance": "pvt:stance", "quote": "pvt:quote", "firsthand": "pvt:firsthand",
                "part": "pvt:part", "of": "pvt:of", "hedged": "pvt:hedged"},
    "link": {"relation": "pvt:relation", "confidence": "pvt:confidence", "note": "pvt:note"},
    "account": {"name": "prov:label", "summary": "pvt:summary", "url": "pvt:url"},
}
#: Format version 2: the accounts an item belongs to, one JSON array in a string
#: (``pvt:accounts='["tass"]'``), on reports, mentions and links.
_ACCOUNTS_TERM = "pvt:accounts"
#: Story-file keys that the PROV structure carries (identifiers, relations).
_STRUCTURE: Mapping[str, frozenset[str]] = {
    "story": frozenset({"format", "version", "actors", "claims", "reports", "links",
                        "accounts"}),
    "actor": frozenset({"id"}),
    "claim": frozenset({"id", "qualifies"}),
    "report": frozenset({"id", "actor", "claims", "accounts"}),
    "mention": frozenset({"claim", "holder", "accounts"}),
    "link": frozenset({"source", "target", "accounts"}),
    "account": frozenset({"id", "by"}),
}
#: The ``prov:type`` of the project's own entities.
_ENTITY_TYPES: Mapping[str, str] = {"story": "Story", "claim": "Claim", "report": "Report",
                                    "account": "Account"}
#: Agents' PROV types by actor kind (kinds that may be either have none).
_AGENT_TYPES: Mapping[ActorKind, str] = {
    ActorKind.PERSON: "Person",
    **{kind: "Organization" for kind in (
        ActorKind.GOVERNMENT, ActorKind.MILITARY, ActorKind.STATE_MEDIA,
        ActorKind.WIRE_SERVICE, ActorKind.NEWSPAPER, ActorKind.BROADCASTER,
        ActorKind.ONLINE_OUTLET, ActorKind.ENCYCLOPEDIA, ActorKind.FACT_CHECKER)},
}
#: PROV's subtypes of derivation that name a relation exactly.
_DERIVATION_TYPES: Mapping[Relation, str] = {
    Relation.QUOTES: "Quotation",
    Relation.CORRECTS: "Revision",
}
#: Reading foreign PROV: derivation subtypes to relations, the first that applies.
_RELATIONS_OF_TYPES: Mapping[str, Relation] = {
    _PROV_NAMESPACE + "Quotation": Relation.QUOTES,
    _PROV_NAMESPACE + "Revision": Relation.CORRECTS,
    _PROV_NAMESPACE + "PrimarySource": Relation.CITES,
}
_NAMESPACES: Mapping[str, str] = {"prov": _PROV_NAMESPACE, "pvt": PVT_NAMESPACE}
_ACTOR_KINDS = frozenset(kind.value for kind in ActorKind)
#: Terms that relations carry and that the reader takes apart from the rest.
_READ_APART = frozenset({PVT_NAMESPACE + t for t in (
    "holder", "position", "qualifies", "by", "accounts", "role", "dropped", "formatVersion")})


def _term_uri(term: str) -> str:
    prefix, local = term.split(":", 1)
    return _NAMESPACES[prefix] + local


def _json_text(value: Any) -> str:
    try:
        return json.dumps(value, ensure_ascii=False, allow_nan=False)
    except (TypeError, ValueError, RecursionError) as err:
        raise StoryFormatError([ValidationIssue("", f"cannot be written as JSON: {err}")]) \
            from None


def _prov_document(story: Story, marks: _Marks | None = None) -> Any:
    """The story as a ``prov.model.ProvDocument``: see ``docs/interchange.md``. With
    the analysis's ``marks``, each mention names its report's roles for the claim
    (``pvt:role='pvt:satire_as_fact'``) and a dropped qualifier (``pvt:dropped``)."""
    pm = _prov()
    data = story_to_data(story)
    document = pm.ProvDocument()
    namespaces = {prefix: document.add_namespace(prefix, uri)
                  for prefix, uri in _NAMESPACES.items() if prefix != "prov"}
    namespaces["prov"] = pm.Namespace("prov", _PROV_NAMESPACE)
    reports = document.add_namespace("report", REPORT_NAMESPACE)
    actors = document.add_namespace("actor", ACTOR_NAMESPACE)
    claims = document.add_namespace("claim", CLAIM_NAMESPACE)
    accounts = (document.add_namespace("account", ACCOUNT_NAMESPACE)
                if data.get("accounts") else None)
    pvt, prov_ns = namespaces["pvt"], namespaces["prov"]

    def term(name: str) -> Any:
        prefix, local = name.split(":", 1)
        return namespaces[prefix][local]

    def attributes(kind: str, item: Mapping[str, Any], *first: tuple[Any, Any]) -> list[Any]:
        pairs = list(first)
        extra = {}
        for key, value in item.items():
            if key in _TERMS[kind]:
                pairs.append((term(_TERMS[kind][key]), value))
            elif key not in _STRUCTURE[kind]:
                extra[key] = value
        if "accounts" in item and kind != "story":
            pairs.append((term(_ACCOUNTS_TERM), _json_text(item["accounts"])))
        if extra:
            pairs.append((pvt["extra"], _json_text(extra)))
        return pairs

    def entity_type(kind: str) -> tuple[Any, Any]:
        return (prov_ns["type"], pvt[_ENTITY_TYPES[kind]])

    story_first = [entity_type("story")]
    if data.get("version", 1) != 1:
        story_first.append((pvt["formatVersion"], data["version"]))
    document.entity(pvt["story"], attributes("story", data, *story_first))
    for actor in data["actors"]:
        agent_type = _AGENT_TYPES.get(ActorKind(actor.get("kind", "other")))
        first = [(prov_ns["type"], prov_ns[agent_type])] if agent_type else []
        document.agent(actors[_encode_local(actor["id"])], attributes("actor", actor, *first))
    for claim in data["claims"]:
        first = [entity_type("claim")]
        if claim.get("qualifies") is not None:
            first.append((pvt["qualifies"], claims[_encode_local(claim["qualifies"])]))
        document.entity(claims[_encode_local(claim["id"])],
                        attributes("claim", claim, *first))
    for position, account in enumerate(data.get("accounts", ())):
        assert accounts is not None
        # An account is an entity of type prov:Bundle, and the bundle of its story.
        first = [(prov_ns["type"], prov_ns["Bundle"]), entity_type("account"),
                 (pvt["position"], position)]
        if account.get("by") is not None:
            first.append((pvt["by"], actors[_encode_local(account["by"])]))
        document.entity(accounts[_encode_local(account["id"])],
                        attributes("account", account, *first))

    def roles(found: _Marks | None, report_id: str, claim_id: str) -> list[tuple[Any, Any]]:
        """The analysis's roles of the report for the claim, as ``pvt:role`` terms."""
        if found is None:
            return []
        pairs = [(pvt["role"], pvt[role])
                 for role in found.roles.get(report_id, {}).get(claim_id, "").split(",")
                 if role]
        pairs.extend((pvt["dropped"], claims[_encode_local(d.dropped)])
                     for d in found.analysis.distortions
                     if d.report == report_id and d.claim == claim_id and d.dropped)
        return pairs

    def records(target: Any, told: Story, reports_data: Iterable[Mapping[str, Any]],
                links_data: Iterable[Mapping[str, Any]], full: bool,
                found: _Marks | None) -> None:
        """Reports, their mentions and the links of ``told``, in ``target`` (the
        document; or an account's bundle, where each report is named only, its
        description being the document's), with the roles ``found``."""
        for report in reports_data:
            name = reports[_encode_local(report["id"])]
            target.entity(name, attributes("report", report, entity_type("report")) if full
                          else [entity_type("report")])
            target.wasAttributedTo(name, actors[_encode_local(report["actor"])])
            for position, mention in enumerate(report.get("claims", ())):
                # The position keeps the order, and two equal mentions apart: PROV-JSON
                # files equal records under one key.
                first = [(pvt["position"], position)]
                holder = mention.get("holder")
                if holder is not None:
                    first.append((pvt["holder"], actors[_encode_local(holder)]))
                first.extend(roles(found, report["id"], mention["claim"]))
                target.influence(name, claims[_encode_local(mention["claim"])],
                                 other_attributes=attributes("mention", mention, *first))
        for position, link in enumerate(links_data):
            relation = Relation(link["relation"])
            prov_type = _DERIVATION_TYPES.get(relation)
            # A firsthand report speaks from direct knowledge (PROV's "primary
            # source"); a quotation of it stays a quotation, PROV's narrower type.
            if (prov_type is None and relation in TRANSMITTING
                    and told.is_firsthand(link["source"])):
                prov_type = "PrimarySource"
            first = [(prov_ns["type"], prov_ns[prov_type])] if prov_type else []
            first.append((pvt["position"], position))
            target.wasDerivedFrom(reports[_encode_local(link["target"])],
                                  reports[_encode_local(link["source"])],
                                  other_attributes=attributes("link", link, *first))

    # With competing accounts, roles are each account's, written in its bundle.
    by_account = marks.analysis.accounts if marks is not None else {}
    records(document, story, data["reports"], data["links"], True,
            marks if not by_account else None)
    for account in data.get("accounts", ()):
        assert accounts is not None
        told = account_story(story, account["id"])
        own = by_account.get(account["id"])
        told_data = story_to_data(told)
        records(document.bundle(accounts[_encode_local(account["id"])]), told,
                told_data["reports"], told_data["links"], False,
                _Marks.of(told, own) if own is not None else None)
    return document


def _prov_json(story: Story, marks: _Marks | None) -> str:
    text: str = _prov_document(story, marks).serialize(format="json", indent=2)
    return text + "\n"


def _prov_n(story: Story, marks: _Marks | None) -> str:
    # PROV-N strings have no escape for a character: those XML cannot hold become U+FFFD
    # (PROV-JSON, which this library reads back, keeps every character).
    text: str = _xml_safe(_prov_document(story, marks).get_provn())
    return text + "\n"


class _FromProv:
    """Builds a story document from a ``ProvDocument``, noting what it drops."""

    def __init__(self, pm: Any) -> None:
        self.pm = pm
        self.notes: list[str] = []
        self.dropped: dict[str, list[Any]] = {}
        self.story: dict[str, Any] | None = None
        self.actors: dict[str, dict[str, Any]] = {}
        self.claims: dict[str, dict[str, Any]] = {}
        self.reports: dict[str, dict[str, Any]] = {}
        #: Format version 2: the accounts, (order, account), and the bundles of ours.
        self.accounts: list[tuple[tuple[int, int, int], dict[str, Any]]] = []
        self.account_names: set[str] = set()
        self.version = 1
        # (order, link) and report key -> [(order, mention)], sorted when done
        self.links: list[tuple[tuple[int, int, int], dict[str, Any]]] = []
        self.mentions: dict[str, list[tuple[tuple[int, int, int], dict[str, Any]]]] = {}
        self.foreign: set[str] = set()  # foreign attributes kept as unknown keys
        self.referenced: list[str] = []  # elements named by relations but never declared
        self.times_used = 0
        self.qualified_derivations = 0  # derivations naming an activity, generation, usage

    # -- values ----------------------------------------------------------- #

    @staticmethod
    def uri(value: Any) -> str:
        return str(getattr(value, "uri", value))

    @staticmethod
    def story_id(name: Any) -> str:
        """The story id of a qualified name: ours decoded, foreign ones as written."""
        namespace = getattr(name, "namespace", None)
        if namespace is not None and namespace.uri in (
                REPORT_NAMESPACE, ACTOR_NAMESPACE, CLAIM_NAMESPACE, ACCOUNT_NAMESPACE):
            return _decode_local(name.localpart)
        return str(name)

    def plain(self, value: Any) -> Any:
        """A PROV attribute value as a JSON value."""
        import datetime

        if isinstance(value, (bool, int, float, str)):
            return value
        if isinstance(value, datetime.datetime):
            return value.isoformat()
        if isinstance(value, self.pm.Literal):
            return str(value.value)
        if isinstance(value, self.pm.QualifiedName):
            return str(value)
        if isinstance(value, self.pm.Identifier):
            return value.uri
        return str(value)

    def item(self, kind: str, record: Any, base: Mapping[str, Any],
             consumed_types: Iterable[str] = ()) -> dict[str, Any]:
        """A story-file object: ``base`` (ids), then the record's other attributes.

        An attribute never replaces a key of ``base`` or an earlier one; one with no
        story field is kept as an unknown key named as written (``ex:words``), or by
        its IRI when it has no prefix, so it cannot pass for a story field.
        """
        by_uri = {_term_uri(t): key for key, t in _TERMS[kind].items()}
        extra_uri, type_uri = PVT_NAMESPACE + "extra", _PROV_NAMESPACE + "type"
        consumed = set(consumed_types) | {PVT_NAMESPACE + t for t in _ENTITY_TYPES.values()}
        out: dict[str, Any] = dict(base)
        unknown: dict[str, list[Any]] = {}
        for name, value in record.extra_attributes:
            uri = self.uri(name)
            if uri in by_uri:
                out.setdefault(by_uri[uri], self.plain(value))
            elif uri == PVT_NAMESPACE + "accounts" and kind != "story":
                try:
                    members = json.loads(value) if isinstance(value, str) else None
                except (ValueError, RecursionError):
                    members = None
                if members is None:
                    unknown.setdefault(str(name), []).append(self.plain(value))
                else:
                    out.setdefault("accounts", members)
            elif uri == extra_uri:
                try:
                    extra = json.loads(value) if isinstance(value, str) else None
                except (ValueError, RecursionError):
                    extra = None
                if isinstance(extra, dict):
                    for key, extra_value in extra.items():
                        out.setdefault(key, extra_value)
                else:
                    unknown.setdefault(str(name), []).append(self.plain(value))
            elif uri == type_uri and self.uri(value) in consumed:
                continue
            elif uri not in _READ_APART:
                key = str(name) if ":" in str(name) else uri
                unknown.setdefault(key, []).append(self.plain(value))
        for key, values in unknown.items():
            self.foreign.add(key)
            out.setdefault(key, values[0] if len(values) == 1 else values)
        return out

    @staticmethod
    def types(record: Any) -> set[str]:
        return {_FromProv.uri(t) for t in record.get_asserted_types()}

    def drop(self, record: Any) -> None:
        keyword = self.pm.PROV_N_MAP.get(record.get_type(), str(record.get_type()))
        self.dropped.setdefault(keyword, []).append(record)

    # -- elements --------------------------------------------------------- #

    def element(self, table: dict[str, dict[str, Any]], key: str, item: dict[str, Any]) -> None:
        if key in table:
            self.notes.append(f"{item['id']} is described more than once: the descriptions "
                              "were merged, the first value of each attribute kept")
            for name, value in item.items():
                table[key].setdefault(name, value)
        else:
            table[key] = item

    def entity(self, record: Any) -> None:
        types = self.types(record)
        key = self.uri(record.identifier)
        if PVT_NAMESPACE + "Story" in types:
            if self.story is not None:
                self.notes.append(f"{record.identifier}: a second story entity was dropped")
                return
            self.story = self.item("story", record, {})
            for name, value in record.extra_attributes:
                if (self.uri(name) == PVT_NAMESPACE + "formatVersion"
                        and isinstance(value, int) and not isinstance(value, bool)):
                    self.version = value
        elif PVT_NAMESPACE + "Claim" in types:
            claim = self.item("claim", record, {"id": self.story_id(record.identifier)})
            for name, value in record.extra_attributes:
                if self.uri(name) == PVT_NAMESPACE + "qualifies":
                    claim.setdefault("qualifies", self.story_id(value))
            self.element(self.claims, key, claim)
        elif PVT_NAMESPACE + "Account" in types:
            base = {"id": self.story_id(record.identifier)}
            for name, value in record.extra_attributes:
                if self.uri(name) == PVT_NAMESPACE + "by":
                    base["by"] = self.story_id(value)
            account = self.item("account", record, base, [_PROV_NAMESPACE + "Bundle"])
            self.account_names.add(key)
            self.accounts.append((self.order(record, len(self.accounts)), account))
        else:
            self.element(self.reports, key, self.item(
                "report", record, {"id": self.story_id(record.identifier)}))

    def agent(self, record: Any) -> None:
        kind: ActorKind | None = None
        for name, value in record.extra_attributes:
            if self.uri(name) == PVT_NAMESPACE + "kind" and value in _ACTOR_KINDS:
                kind = ActorKind(value)
        if kind is None and _PROV_NAMESPACE + "Person" in self.types(record):
            kind = ActorKind.PERSON  # a foreign agent; other PROV types tell no kind
        # The agent type the export writes for the kind says nothing more.
        expected = _AGENT_TYPES.get(kind) if kind is not None else None
        item = self.item("actor", record, {"id": self.story_id(record.identifier)},
                         [_PROV_NAMESPACE + expected] if expected else [])
        if kind is not None:
            item.setdefault("kind", kind.value)
        item.setdefault("name", self.story_id(record.identifier))
        self.element(self.actors, self.uri(record.identifier), item)

    def report_for(self, name: Any, record: Any) -> dict[str, Any] | None:
        """The report a relation names; an undeclared entity becomes one."""
        if name is None:
            return None
        key = self.uri(name)
        if key in self.reports:
            return self.reports[key]
        if key in self.claims or (self.story is not None and key == PVT_NAMESPACE + "story"):
            return None
        self.referenced.append(str(name))
        self.reports[key] = {"id": self.story_id(name)}
        return self.reports[key]

    def actor_for(self, name: Any) -> dict[str, Any]:
        key = self.uri(name)
        if key not in self.actors:
            self.referenced.append(str(name))
            self.actors[key] = {"id": self.story_id(name), "name": self.story_id(name)}
        return self.actors[key]

    # -- relations -------------------------------------------------------- #

    def formal(self, record: Any, local: str) -> Any:
        for name, value in record.formal_attributes:
            if self.uri(name) == _PROV_NAMESPACE + local:
                return value
        return None

    def attribution(self, record: Any) -> None:
        report = self.report_for(self.formal(record, "entity"), record)
        agent = self.formal(record, "agent")
        if report is None or agent is None:
            self.drop(record)
            return
        actor = self.actor_for(agent)
        if "actor" in report:
            if report["actor"] != actor["id"]:
                self.notes.append(f"{report['id']} is attributed to more than one agent: "
                                  f"kept {report['actor']}, dropped {actor['id']}")
            return
        report["actor"] = actor["id"]

    def derivation(self, record: Any) -> None:
        target = self.report_for(self.formal(record, "generatedEntity"), record)
        source = self.report_for(self.formal(record, "usedEntity"), record)
        if target is None or source is None or target is source:
            self.drop(record)
            return
        types = self.types(record)
        item = self.item("link", record, {"source": source["id"], "target": target["id"]},
                         _RELATIONS_OF_TYPES)
        if "relation" not in item:
            found = [rel for uri, rel in _RELATIONS_OF_TYPES.items() if uri in types]
            item["relation"] = (found[0] if found else Relation.CITES).value
        if any(self.formal(record, name) is not None
               for name in ("activity", "generation", "usage")):
            self.qualified_derivations += 1
        self.links.append((self.order(record, len(self.links)), item))

    def influence(self, record: Any) -> None:
        influencee = self.formal(record, "influencee")
        influencer = self.formal(record, "influencer")
        report = self.reports.get(self.uri(influencee)) if influencee is not None else None
        claim = self.claims.get(self.uri(influencer)) if influencer is not None else None
        stance = PVT_NAMESPACE + "stance"
        if (report is None or claim is None
                or not any(self.uri(name) == stance for name, _ in record.extra_attributes)):
            self.drop(record)
            return
        base = {"claim": claim["id"]}
        for name, value in record.extra_attributes:
            if self.uri(name) == PVT_NAMESPACE + "holder":
                base["holder"] = self.story_id(value)
        mention = self.item("mention", record, base)
        mentions = self.mentions.setdefault(self.uri(influencee), [])
        mentions.append((self.order(record, len(mentions)), mention))

    def order(self, record: Any, seen: int) -> tuple[int, int, int]:
        """Sort key of a link or mention: its ``pvt:position``, else document order."""
        for name, value in record.extra_attributes:
            if (self.uri(name) == PVT_NAMESPACE + "position" and isinstance(value, int)
                    and not isinstance(value, bool)):
                return (0, value, seen)
        return (1, 0, seen)

    def generation(self, record: Any) -> None:
        self.drop(record)
        entity = self.formal(record, "entity")
        time = self.formal(record, "time")
        report = self.reports.get(self.uri(entity)) if entity is not None else None
        if report is not None and time is not None and "published" not in report:
            report["published"] = self.plain(time)
            self.times_used += 1

    # -- the whole document ----------------------------------------------- #

    def read(self, document: Any) -> dict[str, Any]:
        pm = self.pm
        handlers: list[tuple[Any, Callable[[Any], None]]] = [
            (pm.ProvEntity, self.entity), (pm.ProvAgent, self.agent)]
        relations: list[tuple[Any, Callable[[Any], None]]] = [
            (pm.ProvAttribution, self.attribution), (pm.ProvDerivation, self.derivation),
            (pm.ProvInfluence, self.influence), (pm.ProvGeneration, self.generation)]
        records = list(document.get_records())
        # Elements first, so that relations find what they name wherever it stands.
        for group in (handlers, relations):
            for record in records:
                for cls, handle in group:
                    if isinstance(record, cls):
                        handle(record)
                        break
                else:
                    if group is relations and not isinstance(
                            record, tuple(cls for cls, _ in handlers)):
                        self.drop(record)
        for bundle in document.bundles:
            # An account's bundle retells what the document holds: nothing is lost.
            if self.uri(bundle.identifier) not in self.account_names:
                self.dropped.setdefault("bundle", []).append(bundle)
        return self.story_data()

    def story_data(self) -> dict[str, Any]:
        if self.story is None:
            self.story = {}
        if "title" not in self.story:
            self.story["title"] = "Imported PROV document"
            self.notes.append('the document has no story entity: titled "Imported PROV '
                              'document"')
        unattributed = [r for r in self.reports.values() if "actor" not in r]
        if unattributed:
            placeholder = _unique(["unknown"], taken=(a["id"] for a in self.actors.values()))[0]
            self.actors[PVT_NAMESPACE + "unknown-actor"] = {
                "id": placeholder, "name": "Unknown (no wasAttributedTo in the PROV document)"}
            for report in unattributed:
                report["actor"] = placeholder
            self.notes.append(f"{len(unattributed)} report(s) had no agent "
                              f"(wasAttributedTo): attributed to the placeholder actor "
                              f'"{placeholder}"')
        if self.referenced:
            self.notes.append("named in relations but never declared, added: "
                              + _listing(self.referenced))
        if self.times_used:
            self.notes.append(f"publication times of {self.times_used} report(s) were "
                              "taken from wasGeneratedBy")
        for keyword, records in self.dropped.items():
            names = [str(getattr(r, "identifier", None)) for r in records
                     if getattr(r, "identifier", None) is not None]
            self.notes.append(f"dropped {len(records)} {keyword} record(s)"
                              + (f": {_listing(names)}" if names else ""))
        if self.qualified_derivations:
            self.notes.append(f"dropped the activity, generation and usage of "
                              f"{self.qualified_derivations} wasDerivedFrom record(s)")
        if self.foreign:
            self.notes.append("attributes with no story field are kept as unknown keys: "
                              + _listing(sorted(self.foreign)))
        for key, mentions in self.mentions.items():
            self.reports[key]["claims"] = [m for _, m in sorted(mentions, key=lambda p: p[0])]
        data: dict[str, Any] = {"format": "provenance-story", "version": self.version,
                                **self.story}
        if self.accounts:
            data["accounts"] = [a for _, a in sorted(self.accounts, key=lambda p: p[0])]
        data["actors"] = list(self.actors.values())
        data["claims"] = list(self.claims.values())
        data["reports"] = list(self.reports.values())
        data["links"] = [link for _, link in sorted(self.links, key=lambda p: p[0])]
        return data


def _listing(names: Iterable[str], limit: int = 8) -> str:
    names = list(names)
    shown = ", ".join(names[:limit])
    return shown + (f" and {len(names) - limit} more" if len(names) > limit else "")


def import_prov_json(text: str | bytes) -> tuple[Story, list[str]]:
    """Read a story from W3C PROV-JSON: ours back to an equal story, others' as far as they go.

    A document written by ``export(story, "prov-json")`` gives back a story
    equal to ``story``. A document written by another tool gives its entities
    as reports, its agents as actors (reports with no agent get a placeholder
    actor ``unknown``), ``wasAttributedTo`` as each report's actor and
    ``wasDerivedFrom`` as links (``cites``; ``quotes`` for ``prov:Quotation``,
    ``corrects`` for ``prov:Revision``). Attributes with no story field are kept
    as unknown keys (``ex:color``); what a story cannot hold (activities,
    usage, generation, bundles, ...) is dropped and named in the notes.

    Returns
    -------
    tuple[Story, list[str]]
        The story, and human-readable notes on what was dropped or made up.

    Raises
    ------
    MissingExtraError
        If the optional ``prov`` package is not installed.
    ProvenanceError
        If the text is not PROV-JSON, or does not make a valid story
        (a :class:`StoryFormatError`, whose issues name the story fields).

    Examples
    --------
    >>> from provenance.files.registry import export
    >>> from provenance.model import Story, Actor, Report
    >>> story = Story("T", actors=[Actor("a", "A")], reports=[Report("r 1", "a")])
    >>> again, notes = import_prov_json(export(story, "prov-json"))
    >>> again == story, notes
    (True, [])
    """
    pm = _prov()
    if isinstance(text, (bytes, bytearray)):
        try:
            text = bytes(text).decode("utf-8-sig")
        except UnicodeDecodeError as err:
            raise ProvenanceError(f"PROV-JSON must be UTF-8 text ({err})") from None
    try:
        data = json.loads(text)
    except (ValueError, RecursionError) as err:
        raise ProvenanceError(f"not a PROV-JSON document: not JSON ({err})") from None
    if not isinstance(data, dict):
        raise ProvenanceError("not a PROV-JSON document: it must be a JSON object")
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        try:
            document = pm.ProvDocument.deserialize(content=text, format="json")
        except Exception as err:  # the prov package raises many kinds on bad input
            raise ProvenanceError(f"not a valid PROV-JSON document: {err}") from err
        reader = _FromProv(pm)
        try:
            story_data = reader.read(document)
        except (TypeError, ValueError, AttributeError, KeyError) as err:
            raise ProvenanceError(f"PROV-JSON document cannot be read as a story: {err}") \
                from err
    notes = [f"PROV reader: {warning.message}" for warning in caught] + reader.notes
    story = story_from_data(story_data, source="PROV-JSON document")
    return story, notes


