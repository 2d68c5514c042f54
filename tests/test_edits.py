"""Edits of a story: each makes a new story that can be saved, or is refused saying why."""

from __future__ import annotations

import json
import pickle
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import provenance
from provenance import edits
from provenance.edits import (
    EditError,
    account_removal_effects,
    add_account,
    add_actor,
    add_claim,
    add_link,
    add_mention,
    add_report,
    change_account,
    change_actor,
    change_claim,
    change_link,
    change_mention,
    change_report,
    change_story,
    claim_removal_effects,
    new_story,
    next_id,
    removal_effects,
    remove_account,
    remove_actor,
    remove_claim,
    remove_link,
    remove_mention,
    remove_report,
    report_from_paste,
)
from provenance.errors import ProvenanceError
from provenance.files.story import story_from_data, story_to_data
from provenance.model import (
    Account,
    Actor,
    ActorKind,
    Claim,
    ClaimMention,
    Genre,
    Link,
    Part,
    PublicationTime,
    Relation,
    Report,
    ReportKind,
    Stance,
    Story,
    required_version,
)
from tests.test_properties import story_documents


def consistent_version_2(story: Story) -> None:
    """What the format page requires of the version 2 fields, checked on its own."""
    accounts = {a.id for a in story.accounts}
    claims = {c.id for c in story.claims}
    actors = {a.id for a in story.actors}
    assert len(accounts) == len(story.accounts)
    assert all(a.by is None or a.by in actors for a in story.accounts)
    for c in story.claims:
        assert c.qualifies is None or (c.qualifies in claims and c.qualifies != c.id)
    members = {r.id: set(r.accounts) or accounts for r in story.reports}
    for k in story.links:
        assert set(k.accounts) <= accounts
        assert (set(k.accounts) or accounts) <= members[k.source] & members[k.target]
    for r in story.reports:
        assert set(r.accounts) <= accounts
        for m in r.claims:
            assert set(m.accounts) <= accounts
            assert not m.hedged or m.stance is Stance.DENIES
            assert m.of is None or (m.of == "attribution" and m.holder is not None
                                    and m.stance is Stance.DENIES)


def saved(story: Story) -> Story:
    """The story as saving and reading it back gives it (it must be valid, at the
    lowest version that holds it, and its version 2 fields keep the format's rules)."""
    data = story_to_data(story)
    assert data["version"] == required_version(story)
    if data["version"] == 2:
        consistent_version_2(story)
    again = story_from_data(json.loads(json.dumps(data)))
    assert again == story
    return story


@pytest.fixture
def story() -> Story:
    s = new_story("Joint strike")
    s = add_actor(s, Actor("mod", "Ministry of Defence", ActorKind.GOVERNMENT))
    s = add_actor(s, Actor("ria", "RIA Novosti", ActorKind.STATE_MEDIA))
    s = add_actor(s, Actor("ap", "AP"))
    s = add_claim(s, Claim("jets", "Coalition jets took part"))
    s = add_report(s, Report("statement", "mod", ReportKind.STATEMENT,
                             claims=[ClaimMention("jets", Stance.QUESTIONS)]))
    s = add_report(s, Report("ria-1", "ria", published=PublicationTime.parse("2017-01-23"),
                             claims=[ClaimMention("jets", Stance.IMPLIES, holder="mod")]))
    s = add_report(s, Report("ap-tweet", "ap", ReportKind.POST))
    s = add_link(s, Link("statement", "ria-1", Relation.PARAPHRASES))
    s = add_link(s, Link("ria-1", "ap-tweet", Relation.PARAPHRASES, confidence=0.7))
    return saved(s)


def refused(call: Any, *args: Any, **kwargs: Any) -> EditError:
    with pytest.raises(EditError) as caught:
        call(*args, **kwargs)
    err = caught.value
    assert isinstance(err, ProvenanceError)
    assert str(err) and err.reason == str(err)
    return err


# --------------------------------------------------------------------------- #
# The story and its errors

def test_a_new_story_is_empty_and_saves():
    story = new_story("T")
    assert story == Story("T")
    assert provenance.loads(provenance.dumps(story)) == story


def test_the_title_and_summary_change_and_a_bad_title_is_refused(story):
    changed = saved(change_story(story, title="New", summary="What happened"))
    assert (changed.title, changed.summary) == ("New", "What happened")
    assert story.title == "Joint strike"  # the story given is not changed
    assert refused(change_story, story, title=None).field == "title"
    assert refused(new_story, "bad \ud800").field == "title"
    with pytest.raises(TypeError, match="summary, title"):
        change_story(story, colour="red")


def test_an_edit_error_pickles_with_its_field():
    err = pickle.loads(pickle.dumps(EditError("links[0].source", "why")))
    assert (err.field, str(err)) == ("links[0].source", "why")


# --------------------------------------------------------------------------- #
# Actors

def test_adding_an_actor_and_refusing_a_repeated_or_empty_id(story):
    s = saved(add_actor(story, Actor("tass", "TASS", "state_media")))  # type: ignore[arg-type]
    assert s.actor("tass").kind is ActorKind.STATE_MEDIA
    err = refused(add_actor, story, Actor("ria", "Another"))
    assert (err.field, str(err)) == ("actors[3].id", 'another actor already has the id "ria"')
    assert refused(add_actor, story, Actor("", "X")).field == "actors[3].id"
    assert refused(add_actor, story, Actor("x", "X", "tabloid")).field == (  # type: ignore[arg-type]
        "actors[3].kind")


def test_changing_an_actor_s_fields(story):
    s = saved(change_actor(story, "ap", name="Associated Press", kind="wire_service",
                           country="US", url="https://apnews.com", audience=1000))
    ap = s.actor("ap")
    assert (ap.name, ap.kind, ap.country, ap.url, ap.audience) == (
        "Associated Press", ActorKind.WIRE_SERVICE, "US", "https://apnews.com", 1000)
    assert saved(change_actor(s, "ap", url="")).actor("ap").url is None
    assert s.reports is story.reports  # nothing else touched


@pytest.mark.parametrize(("fields", "field", "words"), [
    ({"url": "apnews.com"}, "actors[2].url", "http:// or https://"),
    ({"url": "https://ap news.com"}, "actors[2].url", "percent-encode"),
    ({"audience": -1}, "actors[2].audience", "non-negative"),
    ({"audience": True}, "actors[2].audience", "non-negative"),
    ({"name": None}, "actors[2].name", "is required"),
    ({"name": 5}, "actors[2].name", "must be a string"),
    ({"id": "mod"}, "actors[2].id", "already has the id"),
])
def test_a_bad_actor_field_is_refused_naming_it(story, fields, field, words):
    err = refused(change_actor, story, "ap", **fields)
    assert err.field == field and words in str(err)


def test_renaming_an_actor_renames_its_reports_and_holders(story):
    s = saved(change_actor(story, "mod", id="ministry"))
    assert s.report("statement").actor == "ministry"
    assert s.report("ria-1").claims[0].holder == "ministry"
    assert s.report("ap-tweet") is story.report("ap-tweet")


def test_an_actor_in_use_is_not_removed_and_the_error_says_how_many(story):
    err = refused(remove_actor, story, "mod")
    assert err.field == "actors[0]"
    assert "1 report is by this actor" in str(err)
    assert "1 claim mention names it as holder" in str(err)
    s = saved(add_actor(story, Actor("idle", "Idle")))
    assert [a.id for a in saved(remove_actor(s, "idle")).actors] == ["mod", "ria", "ap"]
    assert refused(remove_actor, story, "nobody").field == "actors"


# --------------------------------------------------------------------------- #
# Claims

def test_claims_are_added_changed_and_renamed_in_every_mention(story):
    s = saved(add_claim(story, Claim("strike", "There was a strike")))
    s = saved(change_claim(s, "jets", id="coalition-jets", text="Jets of the coalition"))
    assert s.claim("coalition-jets").text == "Jets of the coalition"
    assert [m.claim for r in s.reports for m in r.claims] == ["coalition-jets"] * 2
    assert refused(change_claim, s, "strike", id="coalition-jets").field == "claims[1].id"
    assert refused(add_claim, s, Claim("x", None)).field == "claims[2].text"  # type: ignore[arg-type]


def test_removing_a_claim_takes_its_mentions(story):
    s = saved(remove_claim(story, "jets"))
    assert s.claims == () and all(not r.claims for r in s.reports)
    assert refused(remove_claim, story, "nothing").field == "claims"


# --------------------------------------------------------------------------- #
# Reports

def test_adding_a_report_checks_its_references(story):
    s = saved(add_report(story, Report("r", "ap", published="2017-01-24")))  # type: ignore[arg-type]
    assert s.report("r").published == PublicationTime.parse("2017-01-24")
    assert refused(add_report, story, Report("r", "cnn")).field == "reports[3].actor"
    err = refused(add_report, story, Report("r", "ap", claims=[ClaimMention("nope",
                                                                            Stance.ASSERTS)]))
    assert err.field == "reports[3].claims[0].claim"
    err = refused(add_report, story, Report("r", "ap", claims=[
        ClaimMention("jets", Stance.ASSERTS), ClaimMention("jets", "says")]))  # type: ignore[arg-type]
    assert err.field == "reports[3].claims[1].stance" and "asserts, attributes" in str(err)
    assert refused(add_report, story, Report("ria-1", "ap")).field == "reports[3].id"


def test_changing_every_field_of_a_report(story):
    s = saved(change_report(story, "ap-tweet", actor="ria", kind="correction",
                            published="2017-01-23T12:00:00+03:00", title="Jets", text="Words",
                            url="https://twitter.com/AP/status/1", language="en",
                            firsthand=False))
    r = s.report("ap-tweet")
    assert (r.actor, r.kind, str(r.published), r.title, r.text, r.url, r.language,
            r.firsthand) == ("ria", ReportKind.CORRECTION, "2017-01-23T12:00:00+03:00",
                             "Jets", "Words", "https://twitter.com/AP/status/1", "en", False)
    cleared = saved(change_report(s, "ap-tweet", published="", url=" ", firsthand=None))
    assert cleared.report("ap-tweet").published is None
    assert cleared.report("ap-tweet").url is None


@pytest.mark.parametrize("published", ["23/01/2017", "2017-01-23 12:00", "2017-02-30", "soon"])
def test_a_bad_date_says_what_it_accepts(story, published):
    err = refused(change_report, story, "ria-1", published=published)
    assert err.field == "reports[1].published"
    assert "2017-01-23T12:00" in str(err) and "a month (2017-01)" in str(err)


@pytest.mark.parametrize(("fields", "field"), [
    ({"actor": "nobody"}, "reports[1].actor"),
    ({"kind": "blogpost"}, "reports[1].kind"),
    ({"url": "ftp://x.org"}, "reports[1].url"),
    ({"firsthand": "yes"}, "reports[1].firsthand"),
    ({"title": 3}, "reports[1].title"),
    ({"id": ""}, "reports[1].id"),
    ({"id": "statement"}, "reports[1].id"),
    ({"published": 2017}, "reports[1].published"),
])
def test_a_bad_report_field_is_refused_naming_it(story, fields, field):
    assert refused(change_report, story, "ria-1", **fields).field == field


def test_renaming_a_report_renames_its_links(story):
    s = saved(change_report(story, "ria-1", id="ria"))
    assert [(k.source, k.target) for k in s.links] == [("statement", "ria"), ("ria", "ap-tweet")]
    with pytest.raises(TypeError, match="claims"):
        change_report(story, "ria-1", claims=())


def test_removing_a_report_takes_its_links_and_says_so_first(story):
    effects = removal_effects(story, "ria-1")
    assert effects.links == (0, 1) and effects.link_count == 2
    assert effects.linked_reports == ("statement", "ap-tweet")
    assert (effects.mentions, effects.claims) == (1, ("jets",))
    assert effects.message == ('Removing the report "ria-1" also removes 2 links (with '
                               '"statement", "ap-tweet") and 1 claim mention (of "jets").')
    s = saved(remove_report(story, "ria-1"))
    assert [r.id for r in s.reports] == ["statement", "ap-tweet"] and s.links == ()
    lone = saved(add_report(story, Report("lone", "ap")))
    assert removal_effects(lone, "lone").message == (
        'Removing the report "lone" removes nothing else.')
    assert refused(remove_report, story, "gone").field == "reports"
    assert refused(removal_effects, story, "gone").field == "reports"


# --------------------------------------------------------------------------- #
# Claim mentions

def test_mentions_are_added_changed_and_removed(story):
    s = saved(add_mention(story, "ap-tweet", ClaimMention("jets", Stance.ASSERTS)))
    s = saved(change_mention(s, "ap-tweet", 0, stance="attributes", holder="mod",
                             quote="jets", firsthand=False))
    m = s.report("ap-tweet").claims[0]
    assert (m.stance, m.holder, m.quote, m.firsthand) == (Stance.ATTRIBUTES, "mod", "jets", False)
    s = saved(remove_mention(s, "ap-tweet", 0))
    assert s.report("ap-tweet").claims == ()
    assert s == story


@pytest.mark.parametrize(("call", "field"), [
    (lambda s: change_mention(s, "ria-1", 0, claim="none"), "reports[1].claims[0].claim"),
    (lambda s: change_mention(s, "ria-1", 0, holder="none"), "reports[1].claims[0].holder"),
    (lambda s: change_mention(s, "ria-1", 0, stance="claims"), "reports[1].claims[0].stance"),
    (lambda s: change_mention(s, "ria-1", 0, quote=1), "reports[1].claims[0].quote"),
    (lambda s: change_mention(s, "ria-1", 3, quote="x"), "reports[1].claims"),
    (lambda s: remove_mention(s, "ria-1", -1), "reports[1].claims"),
    (lambda s: add_mention(s, "ria-1", ClaimMention("x", Stance.ASSERTS)),
     "reports[1].claims[1].claim"),
])
def test_a_bad_mention_is_refused_naming_it(story, call, field):
    assert refused(call, story).field == field


# --------------------------------------------------------------------------- #
# Links

def test_links_are_added_changed_and_removed(story):
    s = saved(add_link(story, Link("statement", "ap-tweet", Relation.CITES)))
    s = saved(change_link(s, 2, relation="rebuts", confidence=0.5, note="why"))
    assert (s.links[2].relation, s.links[2].confidence, s.links[2].note) == (
        Relation.REBUTS, 0.5, "why")
    s = saved(change_link(s, 2, source="ria-1"))
    assert s.links[2].source == "ria-1"
    assert saved(remove_link(s, 2)) == story


@pytest.mark.parametrize(("call", "field", "words"), [
    (lambda s: add_link(s, Link("ria-1", "ria-1")), "links[2].target", "itself"),
    (lambda s: change_link(s, 0, source="ria-1"), "links[0].source", "itself"),
    (lambda s: add_link(s, Link("gone", "ria-1")), "links[2].source", "no report"),
    (lambda s: add_link(s, Link("ria-1", "gone")), "links[2].target", "no report"),
    (lambda s: add_link(s, Link("statement", "ria-1", Relation.PARAPHRASES)), "links[2]",
     'a link from "statement" to "ria-1" that paraphrases is already there (links[0])'),
    (lambda s: change_link(s, 1, source="statement", target="ria-1"), "links[1]",
     "is already there"),
    (lambda s: change_link(s, 0, confidence=1.5), "links[0].confidence", "0 to 1"),
    (lambda s: change_link(s, 0, confidence=True), "links[0].confidence", "0 to 1"),
    (lambda s: change_link(s, 0, relation="copies"), "links[0].relation", "quotes"),
    (lambda s: change_link(s, 5, note="x"), "links", "no link number 5"),
    (lambda s: remove_link(s, 2), "links", "there are 2"),
])
def test_a_bad_link_is_refused_naming_it(story, call, field, words):
    err = refused(call, story)
    assert err.field == field and words in str(err)


def test_the_same_pair_with_another_relation_is_allowed(story):
    s = saved(add_link(story, Link("statement", "ria-1", Relation.REBUTS)))
    assert len(s.links) == 3


# --------------------------------------------------------------------------- #
# Ids and pasting

def test_next_id_counts_up_past_the_ids_in_use():
    assert next_id([], "report") == "report-1"
    assert next_id(["report-1", "report-2"], "report") == "report-3"
    assert next_id(iter(["a-2"]), "a") == "a-1"
    assert next_id([], "") == "item-1"


@pytest.mark.parametrize(("text", "url", "words", "title"), [
    ("https://apnews.com/article/syria-strike", "https://apnews.com/article/syria-strike",
     None, "Syria strike"),
    ("  https://example.org/\n", "https://example.org/", None, None),
    ("Jets struck, the ministry says.", None, "Jets struck, the ministry says.", None),
    ("Headline\n\nBody text here", None, "Headline\n\nBody text here", "Headline"),
    ("Jets struck (https://example.org/a).", "https://example.org/a", "Jets struck", None),
    ("See https://en.wikipedia.org/wiki/Foo_(bar) now",
     "https://en.wikipedia.org/wiki/Foo_(bar)", "See  now", None),
    ("www.example.org only", None, "www.example.org only", None),
    ("https://bad host", "https://bad", "host", None),
    ("ftp://x.org/file", None, "ftp://x.org/file", None),
    ("", None, None, None),
])
def test_a_paste_gives_the_address_the_words_and_a_title(text, url, words, title):
    pasted = report_from_paste(text)
    assert (pasted.url, pasted.text, pasted.title) == (url, words, title)


@given(st.text())
def test_any_pasted_text_gives_values_a_report_can_save(text):
    pasted = report_from_paste(text)
    report = Report("r", "a", url=pasted.url, text=pasted.text, title=pasted.title)
    saved(Story("T", actors=[Actor("a", "A")], reports=[report]))


# --------------------------------------------------------------------------- #
# Random edits of random stories: each result saves; undo and redo are swaps.

SETTINGS = settings(max_examples=60, deadline=None,
                    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
names = st.text("abcxyz-é 1", min_size=1, max_size=4)
free_text = st.none() | st.text(max_size=8)


def random_edit(data: st.DataObject, story: Story) -> Story:
    """One edit chosen at random among those that apply to ``story``."""
    draw = data.draw
    actors = [a.id for a in story.actors]
    claims = [c.id for c in story.claims]
    reports = [r.id for r in story.reports]
    taken = set(actors) | set(claims) | set(reports) | {a.id for a in story.accounts}
    fresh = draw(names.filter(lambda n: n not in taken))
    options = ["add_actor", "add_claim"]
    if actors:
        options += ["change_actor", "rename_actor", "add_report", "remove_actor"]
    if claims:
        options += ["change_claim", "remove_claim"]
    if reports:
        options += ["change_report", "rename_report", "remove_report"]
        if claims:
            options.append("add_mention")
    if any(r.claims for r in story.reports):
        options += ["change_mention", "remove_mention"]
    if len(reports) >= 2:
        options.append("add_link")
    if story.links:
        options += ["change_link", "remove_link", "move_link"]
    accounts = [a.id for a in story.accounts]
    options.append("add_account")
    if accounts:
        options += ["change_account", "rename_account", "remove_account"]
        if reports:
            options.append("report_accounts")
    if reports:
        options.append("genre")
    if len(claims) >= 2:
        options.append("qualifies")
    if any(r.claims for r in story.reports):
        options.append("mention_version_2")
    choice = draw(st.sampled_from(options))
    if choice in ("add_account", "change_account", "rename_account", "remove_account",
                  "report_accounts", "genre", "qualifies", "mention_version_2", "move_link"):
        return random_version_2_edit(data, story, choice, fresh)
    if choice == "add_actor":
        return add_actor(story, Actor(fresh, draw(st.text(max_size=5)),
                                      draw(st.sampled_from(list(ActorKind)))))
    if choice == "change_actor":
        return change_actor(story, draw(st.sampled_from(actors)), name=draw(st.text(max_size=5)),
                            audience=draw(st.none() | st.integers(0, 10**6)),
                            url=draw(st.sampled_from([None, "", "https://example.org/x"])))
    if choice == "rename_actor":
        return change_actor(story, draw(st.sampled_from(actors)), id=fresh)
    if choice == "remove_actor":
        used = {r.actor for r in story.reports} | {
            m.holder for r in story.reports for m in r.claims} | {a.by for a in story.accounts}
        idle = [a for a in actors if a not in used]
        if not idle:
            err = refused(remove_actor, story, draw(st.sampled_from(actors)))
            assert "cannot be removed" in str(err)
            return story
        return remove_actor(story, draw(st.sampled_from(idle)))
    if choice == "add_claim":
        return add_claim(story, Claim(fresh, draw(st.text(max_size=5))))
    if choice == "change_claim":
        return change_claim(story, draw(st.sampled_from(claims)),
                            **draw(st.sampled_from([{"id": fresh}, {"text": "changed"}])))
    if choice == "remove_claim":
        return remove_claim(story, draw(st.sampled_from(claims)))
    if choice == "add_report":
        return add_report(story, Report(fresh, draw(st.sampled_from(actors)),
                                        published=draw(st.none() | st.just("2017-01-23"))))
    if choice == "change_report":
        return change_report(story, draw(st.sampled_from(reports)),
                             actor=draw(st.sampled_from(actors)),
                             kind=draw(st.sampled_from([k.value for k in ReportKind])),
                             published=draw(st.sampled_from(["", "2017", "2017-01-23T12:00Z"])),
                             title=draw(free_text), text=draw(free_text),
                             firsthand=draw(st.none() | st.booleans()))
    if choice == "rename_report":
        return change_report(story, draw(st.sampled_from(reports)), id=fresh)
    if choice == "remove_report":
        return remove_report(story, draw(st.sampled_from(reports)))
    if choice == "add_mention":
        return add_mention(story, draw(st.sampled_from(reports)), ClaimMention(
            draw(st.sampled_from(claims)), draw(st.sampled_from(list(Stance))),
            holder=draw(st.none() | st.sampled_from(actors)), quote=draw(free_text)))
    if choice in ("change_mention", "remove_mention"):
        holding = [r for r in story.reports if r.claims]
        report = draw(st.sampled_from(holding))
        index = draw(st.integers(0, len(report.claims) - 1))
        if choice == "remove_mention":
            return remove_mention(story, report.id, index)
        return change_mention(story, report.id, index,
                              stance=draw(st.sampled_from([s.value for s in Stance])),
                              holder=draw(st.none() | st.sampled_from(actors)))
    if choice == "add_link":
        source, target = draw(st.lists(st.sampled_from(reports), min_size=2, max_size=2,
                                       unique=True))
        link = Link(source, target, draw(st.sampled_from(list(Relation))),
                    confidence=draw(st.floats(0, 1)))
        if any((k.source, k.target, k.relation) == (source, target, link.relation)
               for k in story.links):
            assert "is already there" in str(refused(add_link, story, link))
            return story
        return add_link(story, link)
    index = draw(st.integers(0, len(story.links) - 1))
    if choice == "remove_link":
        return remove_link(story, index)
    old = story.links[index]
    relation = draw(st.sampled_from(list(Relation)))
    if any(j != index and (k.source, k.target, k.relation) == (old.source, old.target, relation)
           for j, k in enumerate(story.links)):
        refused(change_link, story, index, relation=relation)
        return story
    return change_link(story, index, relation=relation, note=draw(free_text),
                       confidence=draw(st.floats(0, 1)))


def random_version_2_edit(data: st.DataObject, story: Story, choice: str, fresh: str) -> Story:
    """One edit of a version 2 field, or of a link's ends; a refused one says why."""
    draw = data.draw
    actors = [a.id for a in story.actors]
    accounts = [a.id for a in story.accounts]
    reports = [r.id for r in story.reports]
    if choice == "add_account":
        return add_account(story, Account(fresh, draw(st.text(max_size=5)),
                                          by=draw(st.none() | st.sampled_from(actors or [None]))))
    if choice == "change_account":
        return change_account(story, draw(st.sampled_from(accounts)),
                              name=draw(st.text(max_size=5)), summary=draw(free_text))
    if choice == "rename_account":
        if fresh in accounts:
            return story
        return change_account(story, draw(st.sampled_from(accounts)), id=fresh)
    if choice == "remove_account":
        return remove_account(story, draw(st.sampled_from(accounts)))
    if choice == "genre":
        return change_report(story, draw(st.sampled_from(reports)),
                             genre=draw(st.sampled_from(list(Genre))))
    if choice == "report_accounts":
        report = draw(st.sampled_from(reports))
        chosen = draw(st.lists(st.sampled_from(accounts), unique=True))
        try:
            return change_report(story, report, accounts=chosen)
        except EditError as err:  # a link of the report would leave its accounts
            assert err.field.endswith(".accounts") and "account" in str(err)
            return story
    if choice == "qualifies":
        claim = draw(st.sampled_from(story.claims))
        other = draw(st.sampled_from([c.id for c in story.claims]))
        if other == claim.id:
            assert refused(change_claim, story, claim.id, qualifies=other).field.endswith(
                ".qualifies")
            return story
        return change_claim(story, claim.id, qualifies=draw(st.sampled_from([other, None])))
    if choice == "move_link":
        index = draw(st.integers(0, len(story.links) - 1))
        end = draw(st.sampled_from(["source", "target"]))
        try:
            return change_link(story, index, **{end: draw(st.sampled_from(reports))})
        except EditError as err:  # a self-link, a repeated link or one out of its accounts
            assert err.field.startswith(f"links[{index}]")
            return story
    holding = [r for r in story.reports if r.claims]
    report = draw(st.sampled_from(holding))
    index = draw(st.integers(0, len(report.claims) - 1))
    mention = report.claims[index]
    fields = {"part": draw(st.sampled_from(list(Part))),
              "accounts": draw(st.lists(st.sampled_from(accounts), unique=True)
                               if accounts else st.just([]))}
    if mention.stance is Stance.DENIES:
        fields["hedged"] = draw(st.booleans())
        if mention.holder is not None:
            fields["of"] = draw(st.sampled_from([None, "attribution"]))
    return change_mention(story, report.id, index, **fields)


@SETTINGS
@given(story_documents(), st.data())
def test_random_edits_save_and_undo_and_redo_as_swaps(doc, data):
    start = provenance.loads(json.dumps(doc))
    pairs: list[tuple[Story, Story]] = []
    snapshots: list[str] = []
    story = start
    for _ in range(data.draw(st.integers(1, 12))):
        snapshots.append(provenance.dumps(story))
        after = random_edit(data, story)
        pairs.append((story, saved(after)))
        story = after
    # An edit never changes the story it was given.
    assert [provenance.dumps(before) for before, _ in pairs] == snapshots
    # Undo all: swap back to each story before, in reverse.
    current = story
    for before, after in reversed(pairs):
        assert current == after
        current = before
    assert current == start
    # Redo all.
    for before, after in pairs:
        assert current == before
        current = after
    assert current == story


def test_the_edits_module_names_what_it_offers():
    assert set(edits.__all__) >= {
        "new_story", "add_actor", "change_actor", "remove_actor", "add_claim", "change_claim",
        "remove_claim", "add_report", "change_report", "remove_report", "removal_effects",
        "add_mention", "change_mention", "remove_mention", "add_link", "change_link",
        "remove_link", "report_from_paste", "next_id"}


def test_a_cleared_text_field_means_no_value(syria: Story) -> None:
    """A script and the viewer's forms write the same file: blank optional text is none."""
    rid = syria.reports[0].id
    story = edits.change_report(syria, rid, title="", text="  ", url=" ", language="")
    report = story.report(rid)
    assert (report.title, report.text, report.url, report.language) == (None, None, None, None)
    story = edits.change_link(story, 0, note="")
    assert story.links[0].note is None
    story = edits.add_mention(story, rid, ClaimMention(syria.claims[0].id, Stance.ASSERTS,
                                                      holder="", quote=" "))
    assert story.report(rid).claims[-1].holder is None
    assert story.report(rid).claims[-1].quote is None


# --------------------------------------------------------------------------- #
# Version 2 fields, accounts, and what a removal takes


@pytest.fixture
def accounted(story: Story) -> Story:
    s = add_account(story, Account("ministry", "As the ministry tells it", by="mod"))
    return add_account(s, Account("press", "As the press tells it"))


def test_a_report_s_genre_and_accounts_change(accounted):
    s = change_link(accounted, 1, accounts="press")
    s = change_report(s, "ap-tweet", genre="satire", accounts="press")
    assert s.report("ap-tweet").genre is Genre.SATIRE
    assert s.report("ap-tweet").accounts == ("press",)
    assert required_version(s) == 2
    err = refused(change_report, accounted, "ap-tweet", accounts=["nobody"])
    assert err.field == "reports[2].accounts" and '"nobody"' in str(err)
    assert refused(change_report, accounted, "ap-tweet", genre="parody").field == \
        "reports[2].genre"


def test_a_report_cannot_leave_an_account_its_links_are_in(accounted):
    err = refused(change_report, accounted, "ria-1", accounts=["ministry"])
    assert err.field == "reports[1].accounts" and "fewer accounts first" in str(err)
    s = change_link(change_link(accounted, 0, accounts=["ministry"]), 1, accounts=["ministry"])
    s = change_report(s, "ria-1", accounts=["ministry"])
    err = refused(change_report, s, "statement", accounts=["press"])
    assert err.field == "reports[0].accounts"
    assert '"ministry"' in str(err)
    link = refused(add_link, s, Link("ria-1", "statement", accounts=["press"]))
    assert link.field == "links[2].accounts"


def test_a_mention_s_part_attribution_and_hedge_follow_the_format(accounted):
    s = change_mention(accounted, "ria-1", 0, part="headline", accounts=["press"])
    assert s.report("ria-1").claims[0].part is Part.HEADLINE
    s = change_mention(s, "ria-1", 0, stance="denies", of="attribution", hedged=True)
    mention = s.report("ria-1").claims[0]
    assert (mention.of, mention.holder, mention.hedged) == ("attribution", "mod", True)
    assert mention.disputes_attribution
    # A hedge or a disputed attribution only on a denial; an attribution needs a holder.
    assert refused(change_mention, accounted, "ria-1", 0, hedged=True).field == \
        "reports[1].claims[0].hedged"
    assert "denial" in str(refused(change_mention, accounted, "ria-1", 0, of="attribution"))
    err = refused(change_mention, s, "ria-1", 0, holder=None)
    assert err.field == "reports[1].claims[0].of" and "holder" in str(err)
    assert refused(change_mention, s, "ria-1", 0, of="quote").field.endswith(".of")
    assert refused(change_mention, s, "ria-1", 0, accounts=["x"]).field.endswith(".accounts")
    assert refused(change_mention, s, "ria-1", 0, part="footer").field.endswith(".part")


def test_a_claim_qualifies_another_and_follows_its_renaming(story):
    s = add_claim(story, Claim("mice", "in mice", qualifies="jets"))
    assert s.claim("mice").qualifies == "jets"
    s = change_claim(s, "jets", id="coalition")
    assert s.claim("mice").qualifies == "coalition"
    assert refused(change_claim, s, "mice", qualifies="mice").field == "claims[1].qualifies"
    err = refused(change_claim, s, "mice", qualifies="nothing")
    assert err.field == "claims[1].qualifies" and '"nothing"' in str(err)
    assert change_claim(s, "mice", qualifies="").claim("mice").qualifies is None


def test_removing_a_claim_says_what_goes_and_frees_its_qualifiers(story):
    s = add_claim(story, Claim("mice", "in mice", qualifies="jets"))
    effects = claim_removal_effects(s, "jets")
    assert (effects.mentions, effects.reports, effects.qualifiers) == (
        2, ("statement", "ria-1"), ("mice",))
    assert effects.message == ('Removing the claim "jets" also removes 2 claim mentions '
                               '(in "statement", "ria-1") and leaves "mice" qualifying nothing.')
    after = remove_claim(s, "jets")
    assert after.claim("mice").qualifies is None
    assert not any(r.claims for r in after.reports)
    saved(after)


def test_accounts_are_added_renamed_and_removed_with_what_is_theirs_alone(accounted):
    assert refused(add_account, accounted, Account("press", "again")).field == "accounts[2].id"
    assert refused(add_account, accounted, Account("x", "X", by="nobody")).field == \
        "accounts[2].by"
    assert refused(add_account, accounted, Account("x", "X", url="not a url")).field == \
        "accounts[2].url"
    s = change_link(accounted, 1, accounts=["press"])
    s = change_report(s, "ap-tweet", accounts=["press"])
    s = change_report(s, "ria-1", accounts=["press", "ministry"])
    s = change_mention(s, "ria-1", 0, accounts=["press"])
    s = change_account(s, "press", id="papers", name="The papers")
    assert s.report("ap-tweet").accounts == ("papers",)
    assert s.report("ria-1").accounts == ("papers", "ministry")
    assert s.links[1].accounts == ("papers",)
    assert s.report("ria-1").claims[0].accounts == ("papers",)
    effects = account_removal_effects(s, "papers")
    assert (effects.reports, effects.links, effects.mentions) == (
        ("ap-tweet",), (1,), (("ria-1", 0),))
    after = remove_account(s, "papers")
    assert [a.id for a in after.accounts] == ["ministry"]
    assert [r.id for r in after.reports] == ["statement", "ria-1"]
    assert after.report("ria-1").accounts == ("ministry",)
    assert after.report("ria-1").claims == ()
    assert len(after.links) == 1
    consistent_version_2(after)


def test_renaming_an_actor_renames_the_accounts_it_gives_and_keeps_it(accounted):
    s = change_actor(accounted, "mod", id="ministry-of-defence")
    assert s.accounts[0].by == "ministry-of-defence"
    err = refused(remove_actor, add_actor(s, Actor("lone", "Lone")), "ministry-of-defence")
    assert "account" in str(err)
    s = add_account(add_actor(s, Actor("lone", "Lone")), Account("own", "Own", by="lone"))
    assert "1 account is given by it" in str(refused(remove_actor, s, "lone"))


@pytest.mark.parametrize(("fields", "words"), [
    ({"source": "ap-tweet"}, "cannot draw on itself"),
    ({"target": "ria-1"}, "cannot draw on itself"),
    ({"source": "gone"}, 'no report has the id "gone"'),
    ({"target": ""}, "no report"),
])
def test_moving_a_link_s_end_is_refused_naming_that_end(story, fields, words):
    (end,) = fields
    err = refused(change_link, story, 1, **fields)
    assert err.field == f"links[1].{end}"
    assert words in str(err)


def test_moving_a_link_s_ends(story):
    s = change_link(story, 1, source="statement")
    assert (s.links[1].source, s.links[1].target) == ("statement", "ap-tweet")
    s = change_link(s, 1, target="ria-1", relation="cites")
    assert (s.links[1].source, s.links[1].target) == ("statement", "ria-1")
    saved(s)
