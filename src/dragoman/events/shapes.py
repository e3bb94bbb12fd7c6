"""Shapes of the parse the event coder reads: clauses, objects and subjects in the forms the parser gives
them, including its usual mistakes ("closed down the newspaper" with "down" as a preposition)."""

from __future__ import annotations

from spacy.tokens import Token

from dragoman.syntax import CLAUSE_DEPS, RELATIVE_TAGS, children, prep_objects


def trailing_report(verb: Token) -> Token | None:
    """ "Croatia is failing its refugees, a human rights group protested": the parser may take a reporting
    clause at the end of a sentence for a modifier of the last noun. The clause it reports, if so."""
    if verb.dep_ not in ("acl", "relcl") or children(verb, "dobj", "ccomp", "xcomp"):
        return None
    noun, root = verb.head, verb.sent.root
    left = noun.left_edge.i
    ends = all(t.is_punct for t in verb.doc[verb.right_edge.i + 1 : verb.sent.end])
    if left == 0 or verb.doc[left - 1].text != "," or not ends or root.pos_ not in ("VERB", "AUX") or root.i > left:
        return None
    return root


def what_an_amount_is_in(verb: Token, objects: list[Token]) -> list[Token]:
    """ "pledged $50m in aid", "extended 50 billion yen in low-interest loans": when the object is an amount,
    what it is an amount of follows "in", on the object or on the verb."""
    amounts = [o for o in objects if o.ent_type_ in ("MONEY", "QUANTITY", "CARDINAL")]
    if not amounts:
        return []
    return prep_objects(verb, ("in",)) + [p for a in amounts for p in prep_objects(a, ("in",))]


def infinitive_subjects(verb: Token) -> list[Token]:
    """ "would allow inspectors to visit the sites": the parser may make the one allowed the subject of
    the infinitive rather than the verb's object."""
    return [s for c in infinitive_clauses(verb) for s in children(c, "nsubj")]


def infinitive_clauses(verb: Token) -> list[Token]:
    """The verb's infinitive complements that have a subject of their own ("ordered Khan to appear", "let
    observers monitor the vote")."""

    def infinitive(clause: Token) -> bool:
        auxiliaries = [a.lower_ for a in children(clause, "aux")]
        return auxiliaries == ["to"] or (clause.tag_ == "VB" and not auxiliaries)  # "to appear"; bare "monitor"

    return [c for c in children(verb, "ccomp") if infinitive(c)]


def relative_gap(verb: Token) -> list[Token]:
    """ "the aid trucks that Egypt dispatched to Gaza": the noun an object relative clause describes is
    the clause verb's object."""
    if verb.dep_ not in ("relcl", "acl") or verb.head.pos_ not in ("NOUN", "PROPN"):
        return []
    named_subject = any(s.tag_ not in RELATIVE_TAGS and s.lower_ != "that" for s in children(verb, "nsubj"))
    objects = children(verb, "dobj")
    open_object = not objects or any(o.tag_ in RELATIVE_TAGS or o.lower_ in ("that", "which") for o in objects)
    return [verb.head] if named_subject and open_object else []


def stative_subjects(verb: Token) -> list[Token]:
    """ "Russia is opposed to sanctions": the parser may hang the subject on the auxiliary."""
    on_aux = [s for a in children(verb, "auxpass", "aux") for s in children(a, "nsubj", "nsubjpass")]
    return children(verb, "nsubjpass", "nsubj") or on_aux


def participle_lemma(adjective: Token, lemmas: frozenset[str]) -> str | None:
    """ "remains committed to", "stays opposed to": the verb of a participle the tagger took for an adjective."""
    word = adjective.lower_
    for lemma in lemmas:
        if word in (lemma + "ed", lemma + "d", lemma + lemma[-1] + "ed"):
            return lemma
    return None


def for_clauses(token: Token) -> list[Token]:
    """ "pushed for Iraq to admit inspectors": the clause the parser hangs on the verb, marked by "for"."""
    return [c for c in children(token, "advcl") if any(m.lower_ == "for" for m in children(c, "mark"))]


def instrument_agents(subjects: list[Token]) -> list[Token]:
    """ "A roadside bomb planted by militants killed ...": whoever used the instrument is the source (when
    the agent is itself named: "hackers angered by the publication of cartoons" are not the publication's)."""
    return [o for s in subjects for acl in children(s, "acl") for a in children(acl, "agent") for o in children(a, "pobj")]


def object_candidates(objects: list[Token], light_nouns: frozenset[str]) -> list[Token]:
    """The words that may satisfy an object constraint: the object, the "of" complement of a light or
    partitive noun ("the issuance of a statement", "part of the aid"), and compound modifiers ("aid program")."""
    candidates = list(objects) + [m for c in objects for m in c.conjuncts]  # "two patrol boats and a shipment of arms"
    candidates += [o for c in list(candidates) if c.lemma_.lower() in light_nouns for o in prep_objects(c, ("of",))]
    candidates += [m for c in list(candidates) for m in children(c, "compound")]
    candidates += [m for c in list(candidates) for m in c.conjuncts]  # "food and medicine"
    return candidates


def is_negated(token: Token) -> bool:
    if children(token, "neg"):
        return True
    return any(c.lower_ in ("no", "never") for c in children(token, "det", "advmod"))


def local_tokens(token: Token) -> list[Token]:
    """The token's dependents, not crossing into other clauses."""
    found: list[Token] = []
    stack = [c for c in token.children if c.dep_ not in CLAUSE_DEPS]
    while stack:
        current = stack.pop()
        found.append(current)
        stack.extend(c for c in current.children if c.dep_ not in CLAUSE_DEPS)
    return found


def within(token: Token, heads: set[int], steps: int = 3) -> bool:
    """Is the token's clause a purpose, participle or reported clause of one of `heads`?"""
    for _ in range(steps):
        if token.dep_ not in ("xcomp", "advcl", "ccomp", "conj") or token.head.i == token.i:
            return False
        token = token.head
        if token.i in heads:
            return True
    return False
