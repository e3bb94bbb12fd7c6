"""Parse helpers shared by the event coder and the quote extractor: the mention covering a token, a
verb's subject (climbing through subjectless clauses), prepositional objects, skipped tokens."""

from __future__ import annotations

from collections import deque

from spacy.tokens import Doc, Token

from dragoman.nlp import Paragraph
from dragoman.records import Mention

CLAUSE_DEPS = {"relcl", "acl", "advcl", "ccomp", "xcomp", "csubj", "parataxis", "mark", "punct", "cc"}
NP_DEPS = {"compound", "amod", "poss", "nmod", "appos", "prep", "pobj", "conj", "npadvmod", "dobj", "nummod", "det"}
KIND_PRIORITY = {
    "person": 6,
    "igo": 5,
    "group": 5,
    "agency": 5,
    "media": 5,
    "party": 5,
    "ngo": 5,
    "organisation": 4,
    "generic": 3,
    "country": 2,
}
MAX_DEPTH = 4
LOCATIVE_PREPS = {"in", "at", "near", "during", "across", "within", "throughout", "around", "inside", "outside"}
RELATIVE_TAGS = {"WDT", "WP", "WP$"}
# Prepositions whose -ing clause shares the subject of the verb it modifies ("by bombing", "after
# shelling", "resorted to throwing stones", "is committed to opening"); not "of" or "for", whose clause
# belongs to the object ("accused X of", "arrested X for").
MANNER_PREPS = {"by", "after", "before", "while", "without", "through", "upon", "on", "since", "when", "in", "to"}
SOURCE_CLIMB_DEPS = {"xcomp", "conj", "advcl", "pcomp", "acomp"}  # acomp: "he is prepared to lift the ban"


class MentionIndex:
    """Token index -> the mention covering it."""

    def __init__(self, mentions: list[Mention], skip: set[int]) -> None:
        self.skip = skip  # tokens of datelines and photo credits
        self.by_token: dict[int, Mention] = {}
        self.groups: dict[int, list[Mention]] = {}  # a plural reference ("the two ministers") stands for several
        for mention in mentions:
            if any(i in skip for i in range(mention.token_start, mention.token_end)):
                continue
            for i in range(mention.token_start, mention.token_end):
                if i in self.by_token and self.by_token[i].start == mention.start and self.by_token[i].end == mention.end:
                    self.groups.setdefault(i, [self.by_token[i]]).append(mention)
                    continue
                self.by_token[i] = mention

    def at(self, token: Token) -> Mention | None:
        return self.by_token.get(token.i)

    def actors_at(self, head: Token, exclude: set[int] = frozenset()) -> list[Mention]:  # type: ignore[assignment]
        """The actors a noun phrase refers to, one per coordinated member."""
        best = self._best_in(head, exclude)
        if best is None:
            return []
        group = self.groups.get(best.token_start)
        if group is not None:
            return list(group)
        found = [best]
        for member in _conjuncts(head, best, self):
            extra = self._best_in(member, exclude)
            if extra is not None and all(extra is not f for f in found):
                found.append(extra)
        return found

    def _best_in(self, head: Token, exclude: set[int]) -> Mention | None:
        direct = self.at(head)
        if direct is not None and direct.actor.kind == "generic":
            # "the state news agency Petra", "the militant group Hamas": the name beats the description
            # "the Bush administration", "our warships" (said by Greece's navy): a placed modifier or owner beats
            # a description placed nowhere
            named = [self.at(c) for c in head.children if c.dep_ in ("appos", "compound", "npadvmod", "poss")]
            unplaced = direct.actor.country is None
            better = [m for m in named if m is not None and (m.actor.kind != "generic" or (unplaced and m.actor.country))]
            direct = better[0] if better else direct
        if direct is not None:
            return direct
        candidates: list[tuple[int, int, int, Mention]] = []
        queue: deque[tuple[Token, int, bool]] = deque((c, 1, _locative(c)) for c in head.children if _np_child(c))
        while queue:
            token, depth, locative = queue.popleft()
            if token.i in exclude:
                continue
            mention = self.at(token)
            if mention is not None:
                # a place in a locative phrase is a setting, not a participant ("talks on the escalation in Gaza"),
                # unless it names counterparts there ("his counterparts in Qatar")
                if not locative or mention.rule.startswith("counterpart"):
                    candidates.append((-KIND_PRIORITY.get(mention.actor.kind, 1), depth, abs(token.i - head.i), mention))
                continue
            if depth < MAX_DEPTH:
                queue.extend((c, depth + 1, locative or _locative(c)) for c in token.children if _np_child(c))
        if not candidates:
            return None
        candidates.sort(key=lambda c: c[:3])
        return candidates[0][3]


def _np_child(token: Token) -> bool:
    return token.dep_ in NP_DEPS and token.dep_ != "conj"


def _locative(token: Token) -> bool:
    return token.dep_ == "prep" and token.lower_ in LOCATIVE_PREPS


def _conjuncts(head: Token, best: Mention, index: MentionIndex) -> list[Token]:
    """Coordinated members of the phrase: of the head, or of the chosen mention's root token."""
    root = head if index.at(head) is best else _mention_root(head, best)
    members = [c for c in root.conjuncts if c.i > root.i]
    return members


def _mention_root(head: Token, mention: Mention) -> Token:
    doc = head.doc
    for i in range(mention.token_start, mention.token_end):
        token = doc[i]
        if not (mention.token_start <= token.head.i < mention.token_end) or token.head.i == token.i:
            return token
    return doc[mention.token_start]


def children(token: Token, *deps: str) -> list[Token]:
    return [c for c in token.children if c.dep_ in deps]


def prep_objects(token: Token, preps: tuple[str, ...]) -> list[Token]:
    """Objects of the given prepositions attached to a token, in the order of `preps`."""
    found: list[tuple[int, Token]] = []
    for prep in token.children:
        if prep.dep_ in ("prep", "agent", "dative", "prt") and prep.lower_ in preps:
            for pobj in prep.children:
                if pobj.dep_ == "pobj":
                    found.append((preps.index(prep.lower_), pobj))
    return [t for _, t in sorted(found, key=lambda pair: pair[0])]


def subject_tokens(verb: Token) -> tuple[list[Token], bool]:
    """The subject of a verb, climbing through xcomp/conj/advcl for subjectless clauses."""
    inherited = False
    controlled = False  # "X has been indicted and will resign", "troops are poised to attack": X resigns, troops attack
    for _ in range(6):
        subjects = children(verb, "nsubj", "nsubjpass" if verb.dep_ == "xcomp" or controlled else "nsubj")
        if subjects:
            if subjects[0].tag_ in RELATIVE_TAGS and verb.dep_ == "relcl":
                return [verb.head], True
            if subjects[0].tag_ == "VBG" and children(subjects[0], "nsubj"):  # "The Red Cross operating in Iraq said":
                return children(subjects[0], "nsubj"), inherited  # a reduced relative parsed as the subject
            return subjects, inherited
        if verb.dep_ in ("relcl", "acl") and verb.head.pos_ in ("NOUN", "PROPN", "PRON"):
            return [verb.head], True
        if verb.dep_ not in SOURCE_CLIMB_DEPS or verb.head.i == verb.i:
            return [], inherited
        controlled = verb.dep_ == "xcomp" or (verb.dep_ == "conj" and verb.tag_ != "VBN" and not inherited)
        head = verb.head
        if verb.dep_ == "pcomp" and head.lower_ in MANNER_PREPS and head.head.i != head.i:
            head = head.head  # "Israel responded by bombing Gaza": the subject of the verb the phrase modifies
        verb, inherited = head, True
    return [], inherited


def skipped_tokens(doc: Doc) -> set[int]:
    """Tokens of photo credits and datelines: never event arguments or speakers."""
    paragraphs: list[Paragraph] = doc._.paragraphs or []
    skipped: set[int] = set()
    for paragraph in paragraphs:
        spans = [paragraph.credit] if paragraph.credit else []
        if paragraph.skip_start > paragraph.start:
            spans.append((paragraph.start, paragraph.skip_start))
        for start, end in spans:
            span = doc.char_span(start, end, alignment_mode="expand")
            if span is not None:
                skipped.update(range(span.start, span.end))
    return skipped
