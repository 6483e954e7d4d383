"""The words relation extraction looks for, read from ``ingest/relations/*.yaml`` (one file per kind
of link: roles, quotations, figures, works, events, places, killings, and the anaphors that
``reference.py`` resolves). The code only walks the parse; the words are data a researcher may edit."""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache

import yaml

from ..names import fold
from ..resources import resource


@dataclass(frozen=True)
class OfficeTerm:
    """Who held an office when (``terms.yaml``): the holder's names, folded; how the title
    begins, folded; words the title or its organisation must hold; the office's country; and the
    terms as ISO (from, to) pairs, ``to`` None while it lasts."""

    holder: tuple[tuple[str, ...], ...]
    office: tuple[str, ...]
    with_words: tuple[str, ...]
    country: str | None
    terms: tuple[tuple[str, str | None], ...]
    body: tuple[str, ...] = ()  # the names of the body the office is of, folded ("iaea")


def _office_terms(entries) -> list[OfficeTerm]:
    def iso(v):
        return None if v is None else str(v)

    return [OfficeTerm(holder=tuple(tuple(fold(h).split()) for h in e["holder"]),
                       office=tuple(fold(o) for o in e["office"]),
                       with_words=tuple(fold(w) for w in e.get("with") or ()),
                       country=e.get("country"),
                       terms=tuple((iso(a), iso(b)) for a, b in e["terms"]),
                       body=tuple(fold(b) for b in e.get("body") or ()))
            for e in entries or ()]


@dataclass
class Lexicon:
    title_kind: dict[tuple[str, ...], str]
    title_modifiers: set[str]
    portfolios: set[str]
    place_name_ends: set[str]
    not_person_ends: set[str]
    region_words: set[str]
    as_verbs: set[str]
    appoint_verbs: set[str]
    work_for_verbs: set[str]
    flags: dict[str, str]
    honorifics: set[str]
    org_words: set[str]
    speech_verbs: set[str]
    going_on_verbs: set[str]
    speech_nouns: set[str]
    titled_nouns: set[str]
    speaker_nouns: set[str]
    made_by_verbs: set[str]
    person_nouns: dict[str, str]
    office_nouns: set[str]
    label_nouns: set[str]
    attribution_verbs: dict[str, str]
    attribution_phrases: dict[tuple[str, ...], str]
    work_nouns: dict[tuple[str, ...], str]
    numbered_work_nouns: dict[str, str]
    work_verbs: dict[str, str]
    law_parts: set[str]
    work_name_lead: list[str]
    not_work_words: set[str]
    bodies_of_law: set[str]
    address_verbs: set[str]
    spoken_work_nouns: set[str]
    proposal_verbs: set[str]
    wanting_verbs: set[str]
    about_words: set[str]
    event_nouns: set[str]
    count_singular: set[str]
    outcomes: dict[str, str]
    not_counts: set[str]
    qualifiers: list[tuple[str, ...]]
    number_words: dict[str, float]
    scales: dict[str, float]
    org_anaphors: set[tuple[str, ...]]
    kill_verbs: set[str]
    kill_phrasal: set[tuple[str, ...]]
    kill_act_nouns: set[str]
    kill_agent_nouns: set[str]
    kill_frames: set[str]
    based_words: set[str]
    news_agencies: set[str]
    title_synonyms: dict[str, str] = field(default_factory=dict)
    body_heads: dict[str, str] = field(default_factory=dict)
    unmade_work_words: set[str] = field(default_factory=set)
    unmade_work_governors: set[str] = field(default_factory=set)
    blocking_verbs: set[str] = field(default_factory=set)
    signed_not_made: set[str] = field(default_factory=set)
    national_body_words: set[str] = field(default_factory=set)
    periodical_words: set[str] = field(default_factory=set)
    portfolio_endings: tuple[str, ...] = ()
    report_heads: set[str] = field(default_factory=set)
    epithets: set[str] = field(default_factory=set)
    draft_nouns: set[str] = field(default_factory=set)
    draft_words: set[str] = field(default_factory=set)
    stalling_nouns: set[str] = field(default_factory=set)
    coming_nouns: set[str] = field(default_factory=set)
    modal_words: set[str] = field(default_factory=set)
    name_inner_words: set[str] = field(default_factory=set)
    kind_determiners: set[str] = field(default_factory=set)
    generic_work_qualifiers: set[str] = field(default_factory=set)
    future_words: set[str] = field(default_factory=set)
    generic_work_names: set[str] = field(default_factory=set)
    group_nouns: set[str] = field(default_factory=set)
    collective_nouns: set[str] = field(default_factory=set)
    vague_heads: set[str] = field(default_factory=set)
    occupation_heads: set[str] = field(default_factory=set)
    death_verbs: set[str] = field(default_factory=set)
    killing_verbs: set[str] = field(default_factory=set)
    death_nouns: set[str] = field(default_factory=set)
    death_not_said: set[str] = field(default_factory=set)
    defunct_states: set[str] = field(default_factory=set)
    body_units: set[str] = field(default_factory=set)
    singling_words: set[str] = field(default_factory=set)
    body_only_heads: set[str] = field(default_factory=set)
    figurative_heads: set[str] = field(default_factory=set)
    office_bodies: dict[str, tuple[str, ...]] = field(default_factory=dict)
    field_heads: set[str] = field(default_factory=set)
    body_qualifiers: set[str] = field(default_factory=set)
    office_terms: list[OfficeTerm] = field(default_factory=list)
    max_title_words: int = field(default=3)


def outlet_name(lex: Lexicon, name: str) -> bool:
    """``name`` is a news outlet's: a news agency the lexicon knows ("IRNA") or a name ending in
    an outlet's word ("Press TV", "Fars News")."""
    name = fold(name)
    return name in lex.news_agencies or name.split()[-1:] in (["tv"], ["news"], ["times"], ["post"], ["press"], ["network"])


@lru_cache(maxsize=1)
def lexicon() -> Lexicon:
    data: dict = {}
    for path in sorted(resource("ingest", "relations").glob("*.yaml")):
        for key, value in (yaml.safe_load(path.read_text(encoding="utf-8")) or {}).items():
            if key in data:
                raise ValueError(f"{path}: {key!r} is already defined in another relations file")
            data[key] = value
    title_kind: dict[tuple[str, ...], str] = {}
    for kind, titles in data["titles"].items():
        for t in titles:
            title_kind[tuple(t.lower().split())] = kind
    flags = {w: flag for flag, ws in data["role_flags"].items() for w in ws}
    return Lexicon(
        title_kind=title_kind,
        title_modifiers=set(data["title_modifiers"]),
        vague_heads=set(data.get("vague_heads", ())),
        occupation_heads=set(data["occupation_heads"]),
        death_verbs=set(data["death_verbs"]),
        killing_verbs=set(data["killing_verbs"]),
        death_nouns=set(data["death_nouns"]),
        death_not_said=set(data["death_not_said"]),
        defunct_states=set(data.get("defunct_states") or ()),
        body_units=set(data.get("body_units") or ()),
        singling_words=set(data.get("singling_words") or ()),
        body_only_heads=set(data.get("body_only_heads") or ()),
        figurative_heads=set(data.get("figurative_heads") or ()),
        office_bodies={fold(o): tuple(fold(b) for b in bs) for o, bs in (data.get("office_bodies") or {}).items()},
        field_heads=set(data.get("field_heads") or ()),
        body_qualifiers=set(data.get("body_qualifiers") or ()),
        office_terms=_office_terms(data.get("office_terms")),
        portfolios=set(data["portfolios"]),
        place_name_ends=set(data["place_name_ends"]),
        not_person_ends=set(data["not_person_ends"]),
        region_words=set(data["region_words"]),
        as_verbs=set(data["as_verbs"]),
        appoint_verbs=set(data["appoint_verbs"]),
        work_for_verbs=set(data["work_for_verbs"]),
        flags=flags,
        honorifics=set(data["honorifics"]),
        org_words=set(data["org_words"]),
        speech_verbs=set(data["speech_verbs"]),
        going_on_verbs=set(data["going_on_verbs"]),
        speech_nouns=set(data["speech_nouns"]),
        titled_nouns=set(data["titled_nouns"]),
        speaker_nouns=set(data["speaker_nouns"]),
        made_by_verbs=set(data["made_by_verbs"]),
        person_nouns={w: kind for kind, ws in data["person_nouns"].items() for w in ws},
        office_nouns=set(data["office_nouns"]),
        label_nouns=set(data["label_nouns"]),
        attribution_verbs=dict(data["attribution_verbs"]),
        attribution_phrases={tuple(k.split()): v for k, v in data["attribution_phrases"].items()},
        work_nouns={tuple(k.lower().split()): v for k, v in data["work_nouns"].items()},
        numbered_work_nouns={k.lower(): v for k, v in data["numbered_work_nouns"].items()},
        work_verbs=dict(data["work_verbs"]),
        law_parts=set(data["law_parts"]),
        work_name_lead=sorted(data["work_name_lead"], key=len, reverse=True),
        not_work_words=set(data["not_work_words"]),
        bodies_of_law=set(data["bodies_of_law"]),
        unmade_work_governors=set(data.get("unmade_work_governors") or []),
        blocking_verbs=set(data.get("blocking_verbs") or []),
        signed_not_made={w.lower() for w in data.get("signed_not_made") or ()},
        national_body_words={w.lower() for w in data.get("national_body_words") or ()},
        periodical_words=set(data.get("periodical_words") or ()),
        portfolio_endings=tuple(data.get("portfolio_endings") or ()),
        report_heads=set(data.get("report_heads") or ()),
        epithets={w.lower() for w in data.get("epithets") or ()},
        draft_nouns={w.lower() for w in data.get("draft_nouns") or ()},
        draft_words={w.lower() for w in data["draft_words"]},
        stalling_nouns={w.lower() for w in data["stalling_nouns"]},
        coming_nouns={w.lower() for w in data["coming_nouns"]},
        modal_words={w.lower() for w in data["modal_words"]},
        name_inner_words=set(data["name_inner_words"]),
        kind_determiners=set(data["kind_determiners"]),
        generic_work_qualifiers=set(data["generic_work_qualifiers"]),
        future_words={w.lower() for w in data["future_words"]},
        generic_work_names=set(data["generic_work_names"]),
        group_nouns=set(data["group_nouns"]),
        collective_nouns=set(data["collective_nouns"]),
        unmade_work_words=set(data.get("unmade_work_words") or []),
        body_heads={w.lower(): kind for kind, ws in (data.get("body_heads") or {}).items() for w in ws},
        address_verbs=set(data["address_verbs"]),
        spoken_work_nouns=set(data["spoken_work_nouns"]),
        proposal_verbs=set(data["proposal_verbs"]),
        wanting_verbs=set(data["wanting_verbs"]),
        about_words=set(data["about_words"]),
        event_nouns=set(data["event_nouns"]),
        count_singular=set(data["count_nouns_singular"]),
        outcomes={w: outcome for outcome, ws in data["outcomes"].items() for w in ws},
        not_counts=set(data["not_counts"]),
        qualifiers=sorted((tuple(q.split()) for q in data["qualifiers"]), key=len, reverse=True),
        number_words={k: float(v) for k, v in data["number_words"].items()},
        scales={k: float(v) for k, v in data["scales"].items()},
        org_anaphors={tuple(a.split()) for a in data["organization_anaphors"]},
        kill_verbs=set(data["kill_verbs"]),
        kill_phrasal={tuple(p.split()) for p in data["kill_phrasal"]},
        kill_act_nouns=set(data["kill_act_nouns"]),
        kill_agent_nouns=set(data["kill_agent_nouns"]),
        kill_frames=set(data["kill_frames"]),
        based_words=set(data["based_words"]),
        news_agencies=set(data["news_agencies"]),
        title_synonyms={k.lower(): v.lower() for k, v in (data.get("title_synonyms") or {}).items()},
        max_title_words=max(len(k) for k in title_kind),
    )


@lru_cache(maxsize=1)
def country_words() -> dict[str, str]:
    """Every word or phrase naming a country (its name, short names, demonyms) -> the country."""
    data = yaml.safe_load(resource("ingest", "relations", "countries.yaml").read_text(encoding="utf-8"))
    out: dict[str, str] = {}
    for country, words in data["countries"].items():
        out[country] = country
        for w in words:
            out[w] = country
    return out
