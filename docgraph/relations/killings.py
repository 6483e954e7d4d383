"""Killings (CoNLL04's Kill): "X killed Y", "Y was killed by X", "X, who assassinated Y", "the
assassination of Y by X", "Y's killer, X"."""

from __future__ import annotations

from .view import DocView, link, pp_entities


def killings(d: DocView) -> None:
    """X killed Y; Y was killed by X; X, who killed Y; X shot and killed Y."""
    for tok in d.tokens:
        if tok.pos_ != "VERB" or (tok.lemma_.lower() not in d.lex.kill_verbs and not _phrasal_kill(d, tok)):
            continue
        verb = tok
        while verb.dep_ == "conj" and not any(c.dep_ in ("nsubj", "nsubjpass") for c in verb.children):
            verb = verb.head  # "shot and killed": the subject is the first verb's
        subj = next((c for c in verb.children if c.dep_ == "nsubj"), None)
        obj = next((c for c in tok.children if c.dep_ == "dobj"), None)
        passive = next((c for c in verb.children if c.dep_ == "nsubjpass"), None)
        if passive is not None:  # "Y was killed by X"
            agent = next((c for c in tok.children if c.dep_ == "agent"), None)
            subj = next((c for c in agent.children if c.dep_ == "pobj"), None) if agent is not None else None
            obj = passive
        if subj is not None and subj.lower_ in ("who", "that") and verb.dep_ == "relcl":
            subj = verb.head  # "John Wilkes Booth, who assassinated President Lincoln"
        if obj is not None and obj.lower_ in ("who", "that") and verb.dep_ == "relcl":
            obj = verb.head  # "Lincoln, who was shot by Booth"
        if subj is None and passive is None and verb.dep_ == "pcomp" and verb.head.dep_ == "prep":
            frame = verb.head.head  # "convicted of killing", "acted alone in killing"
            if frame.lemma_.lower() in d.lex.kill_frames:
                if frame.dep_ == "acl":  # "John Harvey Adamson, convicted of murdering ..."
                    subj = frame.head
                else:
                    subj = next((c for c in frame.children if c.dep_ in ("nsubj", "nsubjpass")), None)
        if subj is None or obj is None:
            continue
        killer = d.ent(subj, ("Person",))
        victim = d.ent(obj, ("Person",))
        if killer and victim and killer != victim:
            link(d, killer, "killed", victim, tok)
    for tok in d.tokens:
        if tok.pos_ not in ("NOUN", "PROPN"):
            continue
        word = tok.lemma_.lower()
        if word not in d.lex.kill_act_nouns and word not in d.lex.kill_agent_nouns:
            continue
        victims = [k for k, _ in pp_entities(d, tok, {"of"}, ("Person",))]
        victims += [k for c in tok.children if c.dep_ == "poss" and (k := d.ent(c, ("Person",)))]
        if word in d.lex.kill_act_nouns:
            # "the assassination of President Lincoln by John Wilkes Booth"
            for killer, _ in pp_entities(d, tok, {"by"}, ("Person",)):
                for victim in victims:
                    if killer != victim:
                        link(d, killer, "killed", victim, tok)
        elif word in d.lex.kill_agent_nouns:
            # "Booth, the assassin of Lincoln" / "Lincoln's assassin, Booth" / "Booth was Lincoln's killer"
            killers = [k for c in tok.children if c.dep_ == "appos" and (k := d.ent(c, ("Person",)))]
            if tok.dep_ == "appos":
                killers.append(d.ent(tok.head, ("Person",)))
            if tok.dep_ == "attr":
                killers += [d.ent(c, ("Person",)) for c in tok.head.children if c.dep_ == "nsubj"]
            for killer in filter(None, killers):
                for victim in victims:
                    if killer != victim:
                        link(d, killer, "killed", victim, tok)



def _phrasal_kill(d: DocView, verb) -> bool:
    """"gunned down", "beaten to death", "shot dead": a verb whose particle or phrase kills."""
    lemma = verb.lemma_.lower()
    for c in verb.children:
        if c.dep_ == "prt" and (lemma, c.lower_) in d.lex.kill_phrasal:
            return True
        if c.dep_ in ("prep", "acomp", "advmod", "oprd") and c.lower_ in ("to", "dead"):
            words = (lemma, c.lower_) if c.lower_ == "dead" else (
                lemma, "to", next((g.lower_ for g in c.children if g.dep_ == "pobj"), ""))
            if words in d.lex.kill_phrasal:
                return True
    return False


def sentenced_for_killing(d: DocView) -> None:
    """"X was sentenced to death for the assassination of Y", "X was convicted of the murder of Y":
    the act as a noun under a verb that frames its doer."""
    for tok in d.tokens:
        if tok.pos_ != "NOUN" or tok.lemma_.lower() not in d.lex.kill_act_nouns or tok.dep_ != "pobj":
            continue
        frame = tok.head.head
        if frame.lemma_.lower() not in d.lex.kill_frames:
            continue
        subj = frame.head if frame.dep_ == "acl" else next(
            (c for c in frame.children if c.dep_ in ("nsubj", "nsubjpass")), None)
        killer = d.ent(subj, ("Person",))
        for victim, _ in pp_entities(d, tok, {"of"}, ("Person",)):
            if killer and victim != killer:
                link(d, killer, "killed", victim, tok)
