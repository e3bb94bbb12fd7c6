"""Quote extraction: direct, indirect and mixed quotes with speaker, cue and channel.

Speakers are resolved through the article's chain of speakers: "she added" is the speaker of the
last quote by a female or unknown-gender speaker; "the statement added" is the last organisation
that spoke.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from itertools import pairwise
from pathlib import Path

import yaml
from spacy.tokens import Doc, Span, Token

from dragoman.data import DATA_DIR
from dragoman.data.loader import load_yaml
from dragoman.errors import DataFileError
from dragoman.quotes.learned import (
    CueStats,
    QuoteModels,
    candidate_features,
    draft_features,
    load_cue_stats,
    load_quote_models,
    speaker_candidates,
    speaker_score_features,
)
from dragoman.quotes.marks import QuotedSpan, find_quoted_spans
from dragoman.records import Actor, Article, Mention, Quote, QuoteKind, Ref, stable_id
from dragoman.sentences import sentence_of
from dragoman.syntax import SOURCE_CLIMB_DEPS, MentionIndex, children, prep_objects, skipped_tokens, subject_tokens

LABEL_FIRST = re.compile(r"^[\"“]?([A-Z][\w.'’-]*(?: [A-Z][\w.'’-]*){0,3}):\s+[\"“‘']?(.{8,}?)[\"”’']?\s*$")
LABEL_LAST = re.compile(r"^[\"“”]\s*(.{8,}?)\s*[\"”]\s*[―—–-]+\s*([A-Z][\w.'’-]*(?: [A-Z][\w.'’-]*){0,3})\s*$")
PRONOUN_GENDER = {
    "he": "m",
    "him": "m",
    "his": "m",
    "she": "f",
    "her": "f",
    "they": None,
    "it": None,
    "them": None,
    "its": None,
    "their": None,
}
DIRECT_SHARE = 0.8
FRAGMENT_TOKENS = 12
SCARE_QUOTE_WORDS = 6
CUE_AFTER_QUOTE_TOKENS = 5
CUE_AFTER_QUOTE_WINDOW = 10
MAIN_CLAUSE_DEPS = {"ROOT", "conj", "advcl"}
SHORT_SENTENCE_TOKENS = 14
NOT_EVALUATIVE = {"get", "take", "buy", "send", "give", "make", "come", "bring"}
PROGRAMME_PATH = {"dobj", "dative", "pobj", "pcomp", "prep", "advcl", "compound", "appos", "npadvmod"}
SPEECH_NOUNS = {"statement", "tweet", "post", "letter", "message", "remark", "comment", "speech", "release", "interview"}
REPORTING_LEMMAS = {"say", "tell", "add", "state", "write", "tweet", "announce", "report", "declare"}
TITLE_FUNCTION_WORDS = {"the", "of", "and", "in", "on", "for", "a", "an", "to", "with", "at", "by", "from"}
WRITER_ASIDE_HEADS = {"worth", "without", "needless"}
PERSONAL_SPEAKERS = {"he", "she", "they", "i", "we"}
STRUCTURAL_SPEAKER = {"labelled", "continuation", "claim", "channel"}  # origins whose speaker the structure gives
NEW_SPEAKER_PROBABILITY = 0.5  # the speaker model names a speaker the rules found none for only when this sure
LEARNED_PREPS = ("for", "on", "about", "of", "to", "with", "against", "as")


@dataclass(frozen=True)
class QuoteCues:
    cue_verbs: frozenset[str]
    statement_nouns: frozenset[str]
    channel_verbs: frozenset[str]
    not_speakers: frozenset[str] = frozenset()
    stance_verbs: frozenset[str] = frozenset()
    claim_nouns: frozenset[str] = frozenset()
    belief_verbs: frozenset[str] = frozenset()
    intent_verbs: frozenset[str] = frozenset()
    topic_verbs: frozenset[str] = frozenset()
    presenting_verbs: frozenset[str] = frozenset()


@lru_cache(maxsize=2)
def load_quote_cues(path: Path = DATA_DIR / "lexicon" / "quotes.yaml") -> QuoteCues:
    try:
        raw = load_yaml(path.read_text(encoding="utf-8"))
        return QuoteCues(
            *(
                frozenset(str(w).lower() for w in raw[k])
                for k in (
                    "cue_verbs",
                    "statement_nouns",
                    "channel_verbs",
                    "not_speakers",
                    "stance_verbs",
                    "claim_nouns",
                    "belief_verbs",
                    "intent_verbs",
                    "topic_verbs",
                    "presenting_verbs",
                )
            )
        )
    except (OSError, KeyError, TypeError, yaml.YAMLError) as exc:
        raise DataFileError(path, f"invalid quote cues: {exc}") from exc


def quote_extractor(learned: bool = True) -> QuoteExtractor:
    """The rule extractor, with the learned models and cue counts when `learned` (see quotes/learned.py)."""
    cues = load_quote_cues()
    if not learned:
        return QuoteExtractor(cues)
    return QuoteExtractor(cues, load_quote_models(), load_cue_stats())


@dataclass
class Draft:
    """A quote before its speaker is resolved through the chain."""

    start: int
    end: int
    kind: QuoteKind
    cue: Token
    speaker: Token | None
    via: Mention | None
    origin: str = "rule"  # which rule proposed it: a feature of the accept model
    speaker_score: tuple[float, bool] | None = None  # the speaker model's P(best candidate), and whether it overrode the rules


@dataclass(frozen=True)
class Proposal:
    """One proposed quote as the learned models saw it (for training: `extract(..., trace=[])`)."""

    start: int
    end: int
    speaker: tuple[int, int] | None  # the speaker's local mention, in characters
    accept: tuple[str, ...]  # the accept model's features
    candidates: tuple[tuple[tuple[int, int], tuple[str, ...]], ...]  # speaker candidates: span, features
    probability: float | None  # P(accept) under the loaded model, if any


class QuoteExtractor:
    def __init__(
        self,
        cues: QuoteCues,
        models: QuoteModels | None = None,
        stats: CueStats | None = None,
        propose: frozenset[str] | None = None,
    ) -> None:
        self.cues = cues
        self.models = models
        self.stats = stats or CueStats({}, {})
        self.propose = (models.propose if models is not None else frozenset()) if propose is None else propose
        self.hand_written = cues.cue_verbs | cues.stance_verbs | cues.belief_verbs | cues.intent_verbs | cues.topic_verbs

    def extract(self, doc: Doc, mentions: list[Mention], article: Article, trace: list[Proposal] | None = None) -> list[Quote]:
        index = MentionIndex(mentions, skipped_tokens(doc))
        spans = list(find_quoted_spans(_text(doc), doc._.paragraphs or []))
        drafts = self._labelled(doc, index)
        marked = self._from_marks(doc, spans, index)
        programmes = [d for d in marked if self._a_name_not_a_quote(d, doc)]
        drafts += [d for d in marked if d not in programmes and not any(_conflicts(o, d.start, d.end) for o in drafts)]
        drafts += [d for d in self._after_colon(doc, index) if not any(_conflicts(o, d.start, d.end) for o in drafts)]
        drafts += self._claims(doc, drafts)
        drafts += self._indirect(doc, spans, drafts, index)
        drafts += self._according_to(doc, spans, drafts, index)
        if self.propose:
            drafts += self._indirect(doc, spans, drafts, index, learned=True)
        drafts = [d for d in drafts if not _inside_a_quote(d, spans)]
        for draft in drafts:
            draft.via = draft.via or _programme_channel(doc, draft.cue, programmes)
            if self._channel_verb(draft.cue) is not None:
                draft.origin = "channel"  # "Petra quoted him as saying": the channel's object is the speaker
        drafts.sort(key=lambda d: d.start)
        return self._attribute(doc, drafts, index, article, trace)

    def _a_name_not_a_quote(self, draft: Draft, doc: Doc) -> bool:
        """Quotation marks around a title ("on 'Fox News Sunday'", "MSNBC's 'Morning Joe'") mark no speech.
        A label in quotation marks ("called him a 'nasty guy'") stays: those are the speaker's own words."""
        if draft.kind == "indirect":
            return False
        text = _text(doc)[draft.start : draft.end]
        return (
            len(text.split()) <= 5
            and _title_case(text)
            and (_after_preposition_or_possessive(doc, draft.start) or _object_of_cue(doc, draft))
        )

    # ---- transcripts and vox pops ----------------------------------------------------------
    def _labelled(self, doc: Doc, index: MentionIndex) -> list[Draft]:
        """Paragraphs that name their speaker by layout: "PENCE: Well, look ..." (a transcript or a
        headline) and "“...” ― Sonya Herridge" (a vox pop)."""
        text = _text(doc)
        drafts: list[Draft] = []
        for paragraph in doc._.paragraphs or []:
            body = text[paragraph.start : paragraph.end]
            for pattern, name_group, content_group in ((LABEL_FIRST, 1, 2), (LABEL_LAST, 2, 1)):
                match = pattern.match(body)
                if match is None or match.group(name_group).strip().lower() in self.cues.not_speakers:
                    continue
                name = doc.char_span(
                    paragraph.start + match.start(name_group), paragraph.start + match.end(name_group), alignment_mode="expand"
                )
                if name is None:
                    continue
                start, end = paragraph.start + match.start(content_group), paragraph.start + match.end(content_group)
                cue = doc[name.end] if name.end < len(doc) and pattern is LABEL_FIRST else doc[max(name.start - 1, 0)]
                drafts.append(Draft(start, end, "direct", cue, name.root, None, "labelled"))
                break
        return drafts

    # ---- direct and mixed --------------------------------------------------------------------
    def _from_marks(self, doc: Doc, spans: list[QuotedSpan], index: MentionIndex) -> list[Draft]:
        drafts: list[Draft] = []
        for span in spans:
            own_cue = self._cue_right_after(doc, span)
            follows = _continuation_of(drafts[-1], span, _text(doc)) if drafts and own_cue is None else None
            if follows is not None:
                drafts.append(follows)
                continue
            cue = own_cue or self._cue_for(doc, span)
            if cue is None:
                fragment = self._fragment(doc, span, index)
                if fragment is not None:
                    drafts.append(fragment)
                continue
            extent: tuple[int, int, QuoteKind] = (span.start, span.end, "direct") if own_cue else self._extent(doc, span, cue)
            start, end, kind = extent
            if any(d.start < end and start < d.end for d in drafts):
                continue
            speaker, via = self._speaker(cue, index, (start, end))
            drafts.append(Draft(start, end, kind, cue, speaker, via, "marks" if own_cue is None else "marks-cue-after"))
        return drafts

    def _fragment(self, doc: Doc, span: QuotedSpan, index: MentionIndex) -> Draft | None:
        """A few quoted words with no speech verb are the words of the clause's subject: "Christie blasted
        Clinton as a 'disgrace'", "Trump admires Putin as a 'strong leader'"."""
        tokens = doc.char_span(span.start, span.end, alignment_mode="expand")
        if tokens is None or len(tokens) == 0 or len(tokens) > FRAGMENT_TOKENS:
            return None
        verbs = [t for t in tokens[0].ancestors if t.pos_ == "VERB" and not span.start <= t.idx < span.end]
        verb = next((t for t in verbs if t.lemma_.lower() not in ("be", "have", "do")), None)  # "as being in the '...'"
        if verb is None or verb.lemma_.lower() in NOT_EVALUATIVE:
            return None
        if any(t.dep_ in ("nsubj", "nsubjpass") for t in _path_up(tokens[0], verb)):
            return None  # 'Fighters of the "Islamic State" group': a name inside the subject
        if _title_case(tokens.text) and not _title_case(sentence_of(tokens[0]).text):
            return None  # 'won with the song "Stefania"': a name, unless the whole line is a headline
        subjects = speaker_tokens(verb, (span.start, span.end))
        speaker = _best_subject(subjects, index)
        if speaker is None or not (index.actors_at(speaker) or speaker.lower_ in PERSONAL_SPEAKERS):
            return None
        return Draft(span.start, span.end, "mixed", verb, speaker, None, "fragment")

    def _cue_for(self, doc: Doc, span: QuotedSpan) -> Token | None:
        """The nearest cue verb outside the quote, in the sentences where it starts or ends."""
        first = doc.char_span(span.start, span.end, alignment_mode="expand")
        if first is None or len(first) == 0:
            return None
        governing = [t for t in first[0].ancestors if self._is_cue(t) and not (span.start <= t.idx < span.end)]
        if governing:  # "Obama said Americans believe 'that ...'": the reporting speaker, not the one reported
            reporting = [t for t in governing if t.lemma_.lower() in REPORTING_LEMMAS]
            return reporting[-1] if reporting else governing[0]
        sentences = {s.start: s for s in (sentence_of(first[0]), sentence_of(first[-1]))}
        best: tuple[int, Token] | None = None
        for sentence in sentences.values():
            for token in sentence:
                if span.start - 1 <= token.idx < span.end + 1 or not self._is_cue(token):
                    continue
                distance = span.start - token.idx if token.idx < span.start else token.idx - span.end
                if best is None or distance < best[0]:
                    best = (distance, token)
        return best[1] if best else self._cue_in_next_sentence(doc, span)

    def _cue_right_after(self, doc: Doc, span: QuotedSpan) -> Token | None:
        """ "“...,” Mr. Clarke recalled", "“...?” asked Rep. Jim Clyburn": a quote that opens a sentence and
        closes on a comma, a question or an exclamation mark, with a cue verb among the next few words, is
        that cue's, whatever the quote before it or the verb the parse hangs it on."""
        text = _text(doc)
        inside = text[span.start : span.end].rstrip()
        if not span.closed or not inside or (inside[-1] not in ",?!" and text[span.end + 1 : span.end + 2] != ","):
            return None
        before = text[max(0, span.start - 8) : span.start].rstrip("\"“‘' ")
        if before and before[-1] not in '.?!:\n”"':
            return None  # a quoted phrase inside the writer's sentence ("agreed that she is in '...,' a poll said")
        closing = doc.char_span(span.end, span.end + 1, alignment_mode="expand")
        if closing is None:
            return None
        for token in doc[closing.end : closing.end + CUE_AFTER_QUOTE_WINDOW]:
            if token.text in '.;:"“”' or "\n" in token.text:
                return None
            if token.pos_ == "VERB":
                return token if self._is_cue(token) else None
        return None

    def _cue_in_next_sentence(self, doc: Doc, span: QuotedSpan) -> Token | None:
        """ "“Who would have believed it?” Trump said.": a quote that ends its own sentence, with the
        short sentence right after its closing mark naming who said it."""
        closing = doc.char_span(span.end, span.end + 1, alignment_mode="expand") if span.closed else None
        if closing is None:
            return None
        after = next((t for t in doc[closing.end : closing.end + 3] if not t.is_space), None)
        if after is None or sentence_of(after).start != after.i:
            return None
        sentence = sentence_of(after)
        cues = [t for t in sentence[:CUE_AFTER_QUOTE_TOKENS] if self._is_cue(t)]
        if not cues or len(sentence) > SHORT_SENTENCE_TOKENS or not self._bare_cue(cues[0]):
            return None
        return cues[0]

    def _bare_cue(self, cue: Token) -> bool:
        """ "Trump said.", "said the lawyer on Twitter.": a cue that reports nothing of its own. A sentence
        that is about something else ("Trump has not commented on her situation.") or says that nothing was
        said names someone who did not say the quote before it."""
        return not children(cue, "neg") and self._reported_content(cue) is None

    def _is_cue(self, token: Token) -> bool:
        return token.pos_ == "VERB" and token.lemma_.lower() in self.cues.cue_verbs and not _so_called(token)

    def _extent(self, doc: Doc, span: QuotedSpan, cue: Token) -> tuple[int, int, QuoteKind]:
        """A quote that fills its cue's complement is direct; a fragment of it makes a mixed quote."""
        complement = _complement(cue, self.cues.statement_nouns)
        if complement is None:
            return span.start, span.end, "direct"
        c_start, c_end = _span_chars(complement)
        text = _text(doc)
        content = text[c_start:c_end]
        quoted = text[max(span.start, c_start) : min(span.end, c_end)]
        if (
            span.start <= c_start + 2
            or c_start <= cue.idx < c_end
            or (c_end <= cue.idx) != (span.end <= cue.idx)  # the cue stands between: the quote is another sentence
            or len(quoted.strip()) >= DIRECT_SHARE * len(content.strip())
        ):
            return span.start, span.end, "direct"
        return min(c_start, span.start), max(c_end, span.end), "mixed"

    def _after_colon(self, doc: Doc, index: MentionIndex) -> list[Draft]:
        """'Sanders made the following comment:' or 'The governor added:' ends a paragraph, and the next
        paragraph is what was said, with or without quotation marks."""
        text = _text(doc)
        paragraphs = doc._.paragraphs or []
        drafts: list[Draft] = []
        for paragraph, following in pairwise(paragraphs):
            body = text[paragraph.start : paragraph.end].rstrip()
            if not body.endswith(":") or _LABEL_ONLY.match(body):
                continue
            colon = doc.char_span(paragraph.start + len(body) - 1, paragraph.start + len(body), alignment_mode="expand")
            if colon is None:
                continue
            sentence = sentence_of(colon[0])
            cues = [t for t in sentence if self._is_cue(t)]
            if not cues and any(t.lemma_.lower() in self.cues.statement_nouns for t in sentence):
                cues = [sentence.root]  # "made the following comment:"
            if not cues:
                continue
            start, end = _strip_marks(text, following.start, following.end)
            speaker, via = self._speaker(cues[-1], index, (start, end))
            if speaker is not None and end > start:
                drafts.append(Draft(start, end, "direct", cues[-1], speaker, via, "colon"))
        return drafts

    # ---- indirect --------------------------------------------------------------------------------
    def _indirect(
        self, doc: Doc, spans: list[QuotedSpan], drafts: list[Draft], index: MentionIndex, learned: bool = False
    ) -> list[Draft]:
        """Reported speech, stance, belief and topic by the hand-written lists; with `learned`, what the
        learned cue verbs report where the rules found nothing (run last, so rules go first)."""
        found: list[Draft] = []
        used = {d.cue.i for d in drafts}
        for token in doc:
            if token.i in used or token.pos_ != "VERB":
                continue
            reported = self._reported_content(token) if not learned else _with_kind(self._learned_content(token), "indirect")
            if reported is None:
                continue
            complement, kind = reported
            start, end = _span_chars(complement)
            if (token.idx < start and _starts_a_sentence(_text(doc), start)) or _writer_aside(token):
                continue
            if any(_conflicts(d, start, end) and not _reported_within(d, token, end) for d in drafts + found):
                continue
            outside = (start, end) if not start <= token.idx < end else (0, 0)  # a parenthetical cue sits inside
            speaker, via = self._speaker(token, index, outside)
            if speaker is None or speaker.lower_ == "you":  # "you" outside quotation marks is the reader
                continue
            found.append(Draft(start, end, kind, token, speaker, via, "learned" if learned else self._origin(token)))
        return found

    def _reported_content(self, verb: Token) -> tuple[Span, QuoteKind] | None:
        """What a verb attributes: the clause after a speech verb ("said that ..."), the object of a
        stance verb ("called for a ceasefire", "cited the report"), and, in a main clause, a held belief
        or intention ("fears that ...", "wants to ...": kind "belief") or what a speech act was about
        ("discussed the deal", "spoke about the war": kind "topic")."""
        lemma = verb.lemma_.lower()
        if lemma in self.cues.cue_verbs:
            found = _complement(verb, self.cues.statement_nouns)
            if found is None and _parenthetical(verb):
                found = _clause_around(verb)
            if found is not None:
                return found, "indirect"
        if lemma in self.cues.stance_verbs:
            return _with_kind(_object_of(verb, ("for", "on", "about")), "indirect")
        if not _asserted_main_verb(verb):
            return None
        if lemma in self.cues.belief_verbs:
            return _with_kind(_in_sentence_of(verb, _complement(verb)), "belief")
        if lemma in self.cues.intent_verbs:
            return _with_kind(_object_of(verb, ()), "belief")
        if lemma in self.cues.topic_verbs:
            return _with_kind(_object_of(verb, ("about", "of", "on")), "topic")
        return None

    def _learned_content(self, verb: Token) -> Span | None:
        """What a verb that the learned lexicon counts as a frequent cue ("supports Sanders", "the poll shows
        ...", "sees Cruz as a uniter") attributes, where the hand-written rules found nothing: its clause,
        object or prepositional object, if it has a subject. The accept model decides whether it stays."""
        lemma = verb.lemma_.lower()
        if lemma not in self.propose or lemma in self.cues.channel_verbs or (verb.tag_ == "VBN" and not children(verb, "aux")):
            return None
        if not (children(verb, "nsubj") or verb.dep_ in ("relcl", "conj", "xcomp", "advcl")):
            return None
        found = _complement(verb) or _object_of(verb, LEARNED_PREPS, min_tokens=1)
        return _in_sentence_of(verb, found)

    def _origin(self, verb: Token) -> str:
        lemma = verb.lemma_.lower()
        for name, verbs in (
            ("cue", self.cues.cue_verbs),
            ("stance", self.cues.stance_verbs),
            ("belief", self.cues.belief_verbs),
            ("intent", self.cues.intent_verbs),
            ("topic", self.cues.topic_verbs),
        ):
            if lemma in verbs:
                return name
        return "other"

    def _claims(self, doc: Doc, drafts: list[Draft]) -> list[Draft]:
        """ "Trump's claim that there have been thousands of shootings": the possessor said the clause."""
        found: list[Draft] = []
        for noun in doc:
            if noun.pos_ != "NOUN" or noun.lemma_.lower() not in self.cues.claim_nouns:
                continue
            owners = children(noun, "poss")
            clauses = [c for c in children(noun, "acl", "ccomp", "relcl") if _that_or_to(c)]
            if not owners or not clauses:
                continue
            content = _subtree_span(clauses[0], keep_closing_mark=True)
            if content is None:
                continue
            start, end = _span_chars(content)
            if end - start < 8 or any(_conflicts(d, start, end) for d in drafts + found):
                continue
            found.append(Draft(start, end, "indirect", noun, self._presenter(noun) or owners[0], None, "claim"))
        return found

    def _presenter(self, noun: Token) -> Token | None:
        """ "Clinton laid out her proposals to ...", "Trump repeated his claim that ...": a possessive pronoun
        on the object of a verb of presenting is the verb's subject, the local mention that names them."""
        if children(noun, "poss")[0].tag_ != "PRP$" or noun.dep_ != "dobj":
            return None
        verb = noun.head
        if verb.lemma_.lower() not in self.cues.presenting_verbs:
            return None
        subjects = [t for t in children(verb, "nsubj") if t.pos_ in ("PROPN", "NOUN")]
        return subjects[0] if subjects else None

    def _according_to(self, doc: Doc, spans: list[QuotedSpan], drafts: list[Draft], index: MentionIndex) -> list[Draft]:
        found: list[Draft] = []
        for token in doc:
            if token.lower_ != "according" or token.i + 1 >= len(doc) or doc[token.i + 1].lower_ != "to":
                continue
            sources = [c for c in doc[token.i + 1].children if c.dep_ == "pobj"]
            if not sources:
                continue
            sentence = sentence_of(token)
            content = [
                t for t in sentence if not (token.i <= t.i <= sources[0].right_edge.i) and not t.is_punct and not t.is_space
            ]
            if not content:
                continue
            start, end = content[0].idx, content[-1].idx + len(content[-1].text)
            if any(d.start <= start < d.end for d in drafts + found):
                continue
            found.append(Draft(start, end, "indirect", token, sources[0], None, "according"))
        return found

    # ---- speakers ---------------------------------------------------------------------------
    def _speaker(self, cue: Token, index: MentionIndex, content: tuple[int, int]) -> tuple[Token | None, Mention | None]:
        """The speaker token of a cue verb, and a channel mention if one is named."""
        channel = self._channel_verb(cue)
        if channel is not None:
            objects = children(channel, "dobj")
            subjects, _ = subject_tokens(channel)
            return (objects[0] if objects else None), _named(subjects, index)
        subjects = speaker_tokens(cue, content) or _name_before(cue)
        speaker = _best_subject(subjects, index)
        return speaker, _media_nearby(cue, index, {t.i for t in subjects})

    def _channel_verb(self, cue: Token) -> Token | None:
        """'Petra quoted him as saying': the quoting verb above a 'saying' cue."""
        token = cue
        for _ in range(3):
            if token.head.i == token.i:
                return None
            token = token.head
            if token.pos_ == "VERB" and token.lemma_.lower() in self.cues.channel_verbs and token.i != cue.i:
                return token
        return None

    def _attribute(
        self, doc: Doc, drafts: list[Draft], index: MentionIndex, article: Article, trace: list[Proposal] | None
    ) -> list[Quote]:
        chain: list[Mention] = []
        quotes: list[Quote] = []
        for draft in drafts:
            candidates = self._speaker_choice(draft, index) if self.models is not None or trace is not None else ()
            speaker = self._resolve_speaker(draft.speaker, chain, index) if draft.speaker is not None else None
            text = article.text[draft.start : draft.end]
            if speaker is None and len(text.split()) <= SCARE_QUOTE_WORDS:
                continue  # a few words in quotation marks that nobody is said to have said: a scare quote
            if self.models is not None or trace is not None:
                features = self._accept_features(doc, draft, speaker)
                probability = self.models.accept.probability(features) if self.models is not None else None
                if trace is not None:
                    where = (speaker.start, speaker.end) if speaker is not None else None
                    trace.append(Proposal(draft.start, draft.end, where, tuple(features), candidates, probability))
                group = f"{draft.origin}+quoted" if _marked(features) else draft.origin
                if self.models is not None and probability is not None and not self.models.keeps(group, probability):
                    continue
            if speaker is not None:
                chain.append(speaker)
            quotes.append(
                Quote(
                    id=stable_id("q", article.id, article.content_hash, draft.start, draft.end),
                    article=article.id,
                    start=draft.start,
                    end=draft.end,
                    text=text,
                    kind=draft.kind,
                    cue=draft.cue.text,
                    speaker=Ref.of(speaker, article.date) if speaker else None,
                    via=Ref.of(draft.via, article.date) if draft.via else None,
                    cue_start=draft.cue.idx,
                    cue_end=draft.cue.idx + len(draft.cue.text),
                )
            )
        return quotes

    def _speaker_choice(self, draft: Draft, index: MentionIndex) -> tuple[tuple[tuple[int, int], tuple[str, ...]], ...]:
        """Scores the candidate speakers of a draft and, with a model loaded, makes the best one its speaker.
        Labelled paragraphs ("PENCE: ...") and continuations keep the speaker their layout gives, a claim
        ("Kyiv's claim that ...") its owner, and a quoting channel the one it names."""
        if draft.origin in STRUCTURAL_SPEAKER:
            draft.speaker_score = (-1.0, False)
            return ()
        tokens = speaker_candidates(draft.cue, (draft.start, draft.end), draft.speaker, index.by_token)
        scored = []
        for token in tokens:
            features = tuple(candidate_features(token, draft.cue, draft.speaker, index.by_token))
            mention = index.by_token.get(token.i)
            span = (mention.start, mention.end) if mention is not None else (token.idx, token.idx + len(token.text))
            scored.append((span, features, token))
        if self.models is not None and scored:
            model = self.models.speaker
            best = max(scored, key=lambda c: model.probability(c[1]))
            probability = model.probability(best[1])
            if probability >= (model.threshold if draft.speaker is not None else NEW_SPEAKER_PROBABILITY):
                changed = draft.speaker is None or best[2].i != draft.speaker.i
                draft.speaker, draft.speaker_score = best[2], (probability, changed)
        return tuple((span, features) for span, features, _ in scored)

    def _accept_features(self, doc: Doc, draft: Draft, speaker: Mention | None) -> list[str]:
        text = _text(doc)
        marks = sum(text.count(m, max(0, draft.start - 1), draft.end + 1) for m in '"“”')
        content = (draft.start, draft.end)
        found = draft_features(text, draft.origin, draft.kind, draft.cue, content, marks, draft.speaker, speaker, self.stats)
        return found + speaker_score_features(draft.speaker_score)

    def _resolve_speaker(self, token: Token, chain: list[Mention], index: MentionIndex) -> Mention | None:
        lower = token.lower_
        if lower in ("it", "they"):
            nearby = _last_in_sentence(token, index, lambda a: a.kind != "person")
            if nearby is not None:
                return _mention_of(token, nearby.actor, f"speaker-nearby:{lower}")
        if token.pos_ == "PRON" and lower in PRONOUN_GENDER:
            actor = _last_speaker(chain, lambda a: a.gender in (None, PRONOUN_GENDER[lower]))
            if actor is not None:
                return _mention_of(token, actor, f"speaker-chain:{lower}")
        if token.lemma_.lower() in self.cues.statement_nouns:
            actor = _last_speaker(chain, lambda a: a.kind != "person")
            if actor is not None:
                span = _noun_phrase(token)
                return _mention_of(span, actor, "speaker-chain:statement")
        if token.tag_ in ("WDT", "WP") and token.dep_ in ("nsubj", "nsubjpass") and token.head.dep_ == "relcl":
            named = index.actors_at(token.head.head)  # "Douglas Brinkley, who said ...": the local mention is "who"
            if named:
                return _mention_of(token, named[0].actor, "speaker-relative")
        found = index.actors_at(token)
        return found[0] if found else _unresolved_speaker(token)


_LABEL_ONLY = re.compile(r"^\S+:$")


def _strip_marks(text: str, start: int, end: int) -> tuple[int, int]:
    """A paragraph's content without its surrounding whitespace and quotation marks."""
    while start < end and (text[start].isspace() or text[start] in "\"“‘'"):
        start += 1
    while end > start and (text[end - 1].isspace() or text[end - 1] in "\"”’'"):
        end -= 1
    return start, end


def _marked(features: list[str]) -> bool:
    """A proposal with a pair of quotation marks: the accept model's threshold for quoted words applies."""
    return "marks=2" in features or "marks=3" in features


def _so_called(token: Token) -> bool:
    doc = token.doc
    return token.i >= 2 and doc[token.i - 1].text == "-" and doc[token.i - 2].lower_ == "so"


def _path_up(token: Token, ancestor: Token) -> list[Token]:
    """The tokens from `token` up to, not including, its `ancestor`."""
    path = []
    while token.i != ancestor.i and token.head.i != token.i:
        path.append(token)
        token = token.head
    return path


def _continuation_of(previous: Draft, span: QuotedSpan, text: str) -> Draft | None:
    """'"Everybody knew," Mr. Barrett said. "They would try ..."': a quote that goes on right after its
    cue, in the same paragraph, is the same speaker's."""
    if previous.kind == "indirect" or span.start <= previous.end:
        return None
    between = text[previous.end : span.start]
    if "\n" in between or not previous.end <= previous.cue.idx < span.start or len(between) > 120:
        return None
    after_cue = text[previous.cue.idx + len(previous.cue.text) : span.start]
    if not re.fullmatch(r"[^.!?]*[.!?:,;]?\s*[\"“‘']?", after_cue):
        return None  # another sentence of the writer's own comes between
    return Draft(span.start, span.end, "direct", previous.cue, previous.speaker, previous.via, "continuation")


def _programme_channel(doc: Doc, cue: Token, programmes: list[Draft]) -> Mention | None:
    """ "told 'Face the Nation'", "Appearing on 'Fox News Sunday', X said": the programme is the channel."""
    for programme in programmes:
        span = doc.char_span(programme.start, programme.end, alignment_mode="expand")
        if span is None:
            continue
        token = span.root
        for _ in range(4):
            if token.head.i == token.i or token.dep_ not in PROGRAMME_PATH:
                break
            token = token.head
            if token.i == cue.i:
                key = span.text.strip(" ,.").lower()
                actor = Actor(
                    id=stable_id("prov", "media", key),
                    name=span.text.strip(" ,."),
                    kind="media",
                    country=None,
                    sector="MED",
                    known=False,
                )
                return _mention_of(span, actor, "channel-programme")
    return None


def _title_case(text: str) -> bool:
    """ "Face the Nation", "Stefania": every word capitalised but the small ones."""
    words = text.strip(" ,.;:!?\"“”‘’'").split()
    return (
        bool(words)
        and words[0][:1].isupper()
        and all(w[:1].isupper() or not w[:1].isalpha() or w.lower() in TITLE_FUNCTION_WORDS for w in words)
    )


def _object_of_cue(doc: Doc, draft: Draft) -> bool:
    """ "told 'Face the Nation' that ...": a programme's name as the cue's object."""
    span = doc.char_span(draft.start, draft.end, alignment_mode="expand")
    return span is not None and span.root.dep_ in ("dobj", "dative") and span.root.head.i == draft.cue.i


def _after_preposition_or_possessive(doc: Doc, start: int) -> bool:
    before = doc.char_span(max(0, start - 16), start, alignment_mode="expand")
    words = [t for t in before or () if not t.is_punct and not t.is_space]
    return bool(words) and (words[-1].pos_ == "ADP" or any(t.tag_ in ("POS", "PRP$") for t in words[-2:]))


def _inside_a_quote(draft: Draft, spans: list[QuotedSpan]) -> bool:
    """A cue inside someone's quoted words ("I think ...") is part of that quote, not a new attribution."""
    return draft.kind != "direct" and any(span.start <= draft.cue.idx < span.end for span in spans)


def _named(tokens: list[Token], index: MentionIndex) -> Mention | None:
    """The most specific actor among several tokens (a name beats a description)."""
    found = [m for t in tokens for m in index.actors_at(t)]
    return next((m for m in found if m.actor.kind != "generic"), found[0] if found else None)


def speaker_tokens(cue: Token, content: tuple[int, int]) -> list[Token]:
    """Who speaks through a cue: its subject outside the quoted words, the agent of a passive ("was
    quoted by X"), the subject of the clause a participle hangs on ("..., saying", "began by saying").
    A relative pronoun stays the local mention ("Kamin, who emphasized ...")."""
    verb = cue
    for _ in range(6):
        agents = [o for a in children(verb, "agent") for o in children(a, "pobj")]
        if agents:
            return agents
        subjects = [t for t in children(verb, "nsubj") if not content[0] <= t.idx < content[1]]
        if subjects:
            return subjects
        if verb.dep_ == "relcl" and verb.head.pos_ in ("NOUN", "PROPN", "PRON"):
            return [] if verb.tag_ == "VBN" else [verb.head]  # "the figure cited by ...": the noun is no speaker
        if verb.dep_ == "acl" and verb.head.pos_ == "PROPN" and verb.tag_ == "VBG":
            return [verb.head]  # "Trump, saying ...", but not "a news conference announcing ..."
        if verb.dep_ == "acl" and verb.head.lemma_.lower() in SPEECH_NOUNS and verb.head.head.pos_ == "VERB":
            verb = verb.head.head  # "issued a statement calling the test ...": who issued it
            continue
        if verb.dep_ == "pcomp" and verb.head.dep_ == "prep" and verb.head.head.pos_ in ("VERB", "AUX"):
            verb = verb.head.head
            continue
        if verb.dep_ not in SOURCE_CLIMB_DEPS or verb.head.i == verb.i:
            return []
        verb = verb.head
    return []


def _name_before(cue: Token) -> list[Token]:
    """A parse that loses the subject ("Obama and Clinton call them ...", "which Tim Cook, called ...")
    still leaves the name right before the cue."""
    sentence_start = sentence_of(cue).start
    if all(t.is_punct or t.is_space for t in cue.doc[sentence_start : cue.i]):  # "Said Ellis: '...'"
        after = [t for t in cue.doc[cue.i + 1 : cue.i + 5] if t.pos_ == "PROPN"]
        return after[-1:] if after and after[0].i == cue.i + 1 else []
    for i in range(cue.i - 1, max(cue.i - 4, sentence_start - 1), -1):
        token = cue.doc[i]
        if token.is_punct or token.pos_ == "ADV":  # "Morial, the head of the League, forcefully told ..."
            continue
        named = [t for t in (_appositive_anchor(token, cue), token) if _a_name(t)]
        return named[:1]
    return []


def _a_name(token: Token) -> bool:
    return token.pos_ == "PROPN" and token.ent_type_ in ("PERSON", "ORG", "GPE", "NORP")


def _appositive_anchor(token: Token, cue: Token) -> Token:
    """ "Marc Morial, the chief executive of the National Urban League,": the name the description
    before the cue is in apposition to."""
    climbed = token
    while climbed.dep_ in ("pobj", "prep", "compound", "amod") and climbed.head.i < cue.i:
        climbed = climbed.head
    return climbed.head if climbed.dep_ == "appos" and climbed.head.pos_ == "PROPN" else token


def _best_subject(subjects: list[Token], index: MentionIndex) -> Token | None:
    subjects = [  # "WASHINGTON — President Obama said ...": a dateline names no speaker, its apposition does
        s for t in subjects for s in ([t] if t.i not in index.skip else children(t, "appos")) if s.i not in index.skip
    ]
    for token in subjects:
        found = index.actors_at(token)
        if found and found[0].actor.kind != "generic":
            return token
    return subjects[0] if subjects else None


CHANNEL_BLOCK = {"ccomp", "xcomp", "nsubj", "nsubjpass", "advcl", "punct", "conj", "parataxis", "csubj", "mark"}


def _media_nearby(cue: Token, index: MentionIndex, skip: set[int]) -> Mention | None:
    """A news outlet or platform in the cue's own phrases: "told Reuters", "said on Telegram",
    "said in an interview with CNN", "in comments carried by KCNA"."""
    queue = [(c, 1) for c in cue.children if c.dep_ not in CHANNEL_BLOCK and c.i not in skip]
    while queue:
        token, depth = queue.pop(0)
        mention = index.at(token)
        if mention is not None and mention.actor.kind == "media":
            return mention
        if depth < 4:
            queue += [(c, depth + 1) for c in token.children if c.dep_ not in ("ccomp", "punct")]
    return None


def _unresolved_speaker(token: Token) -> Mention | None:
    """A speaker the knowledge base cannot name ("a source", "campaign aides", "they") still has a local
    mention: keep it, with a provisional actor, rather than lose who said it."""
    local = token
    if token.tag_ in ("WDT", "WP") and token.head.head.i != token.head.i:
        token = token.head.head  # "officials who said ...": the relative clause's head noun names the actor
    if token.pos_ not in ("NOUN", "PROPN", "PRON") and not (token.pos_ == "ADJ" and token.dep_ in ("nsubj", "nsubjpass")):
        return None  # a subject the tagger calls an adjective ("an official close to the talks") is still a noun
    span = _noun_phrase(token)
    key = " ".join(w.lower_ for w in span if w.pos_ != "DET") or token.lower_
    actor = Actor(id=stable_id("prov", "speaker", key), name=span.text, kind="generic", country=None, sector=None, known=False)
    keep_local = local is not token and local.lower_ != "that"  # "rules that promise ...": no name in "that"
    return _mention_of(local if keep_local else span, actor, "speaker-unresolved")


def _last_in_sentence(token: Token, index: MentionIndex, predicate: object) -> Mention | None:
    """The closest mention before `token` in its sentence whose actor fits."""
    for i in range(token.i - 1, sentence_of(token).start - 1, -1):
        mention = index.by_token.get(i)
        if mention is not None and predicate(mention.actor):  # type: ignore[operator]
            return mention
    return None


def _text(doc: Doc) -> str:
    """The document's text, built once (spaCy's `doc.text` joins every token on each call)."""
    text = doc.user_data.get("dragoman_text")
    if text is None:
        text = doc.user_data["dragoman_text"] = doc.text
    return str(text)


def _conflicts(draft: Draft, start: int, end: int) -> bool:
    """Overlapping quotes conflict, unless the other one is nested whole, with its own cue, inside."""
    if not (draft.start <= start < draft.end or start <= draft.start < end):
        return False
    nested = start <= draft.start and draft.end <= end + 2 and start <= draft.cue.idx < end
    return not nested


def _complement(cue: Token, statement_nouns: frozenset[str] = frozenset()) -> Span | None:
    """What the cue reports: its clausal complement, or a that-clause hung on "in a statement"."""
    comps = [c for c in children(cue, "ccomp") if not _before_a_colon(c, cue)] or [
        clause
        for noun in prep_objects(cue, ("in",))
        if noun.lemma_.lower() in statement_nouns
        for clause in children(noun, "acl", "ccomp", "relcl")
        if any(m.lower_ == "that" for m in children(clause, "mark"))
    ]
    if not comps:
        return None
    return _subtree_span(comps[0], keep_closing_mark=True)  # "that" stays: "said that ..." reports the clause


def _object_of(verb: Token, preps: tuple[str, ...], min_tokens: int = 2) -> Span | None:
    """A verb's infinitive or object ("plans to visit", "cited the report"), else the object of one of
    its prepositions ("called for a truce", "spoke about the war"), if long enough to say something."""
    objects = children(verb, "xcomp", "dobj") or prep_objects(verb, preps)
    if not objects:
        return None
    return _subtree_span(objects[0], min_tokens=min_tokens)  # not "wants it", "called for calm": too little


def _asserted_main_verb(verb: Token) -> bool:
    """An active verb of a main clause or of an adverbial one ("the union wants to ...", "met the envoy to
    discuss ..."), not "nations that oppose ...", "a pledge made to support ..." or "the plan is intended
    to ..."."""
    return verb.dep_ in MAIN_CLAUSE_DEPS and not any(c.dep_ in ("auxpass", "nsubjpass") for c in verb.children)


def _in_sentence_of(verb: Token, span: Span | None) -> Span | None:
    """The span if it starts in the verb's own sentence ("That worries them. Should ...": not a belief)."""
    return span if span is not None and sentence_of(span[0]).start == sentence_of(verb).start else None


def _with_kind(span: Span | None, kind: QuoteKind) -> tuple[Span, QuoteKind] | None:
    return (span, kind) if span is not None else None


def _before_a_colon(clause: Token, cue: Token) -> bool:
    """ "The news set off a row: Republicans said they ...": a clause that a colon sets off before the
    cue is the writer's own, whatever the parse hangs it on."""
    return clause.i < cue.i and any(t.text in (":", ";") for t in cue.doc[clause.right_edge.i : cue.i])


def _starts_a_sentence(text: str, start: int) -> bool:
    """A reported clause never starts a new sentence: "That worries them. 'It's all I have,' he said." """
    before = text[max(0, start - 4) : start].rstrip("\"“‘' ")
    return bool(before) and before[-1] in ".!?"


def _writer_aside(cue: Token) -> bool:
    """ "It is worth noting that ...", "It goes without saying that ...", "Needless to say, ...": the
    writer's own remark, attributed to no one."""
    return cue.head.lower_ in WRITER_ASIDE_HEADS and cue.head.i != cue.i


def _reported_within(outer: Draft, cue: Token, end: int) -> bool:
    """ "Clinton said her vote was a mistake, but she noted that ...": a clause coordinated inside another's
    reported clause, with a cue and a subject of its own, is a second attribution, not a conflict."""
    return (
        outer.kind != "direct"
        and outer.start <= cue.idx
        and end <= outer.end + 2
        and cue.dep_ == "conj"
        and bool(children(cue, "nsubj"))
    )


def _parenthetical(cue: Token) -> bool:
    """ "Sanctions, Baerbock argued, would not be lifted": a cue set off by commas inside another clause."""
    if cue.head.i == cue.i or cue.head.pos_ not in ("VERB", "AUX") or cue.tag_ == "VBN":
        return False  # "His group, called the Legacy Fund, ...": a name, not a statement
    doc = cue.doc
    if any(t.text == "(" for t in doc[cue.left_edge.i - 1 : cue.i]):
        return False  # "(her campaign later disclosed ...)": an aside in brackets reports no clause outside them
    if cue.dep_ == "parataxis":
        return True
    left, right = cue.left_edge.i, cue.right_edge.i
    return (
        cue.dep_ == "advcl"
        and left > 0
        and doc[left - 1].text == ","
        and (doc[right].text == "," or (right + 1 < len(doc) and doc[right + 1].text == ","))
        and cue.head.i > cue.i
    )


def _that_or_to(clause: Token) -> bool:
    """A that-clause ("claim that ...") or an infinitive ("promise to ..."), not a relative clause."""
    return any(m.lower_ == "that" and m.dep_ == "mark" for m in clause.children) or any(
        a.lower_ == "to" and a.dep_ == "aux" for a in clause.children
    )


def _subtree_span(head: Token, min_tokens: int = 1, keep_closing_mark: bool = False) -> Span | None:
    """A token's subtree without trailing punctuation (a closing quotation mark may stay), if long enough."""
    tokens = [t for t in head.subtree if not t.is_space]
    while tokens and tokens[-1].is_punct and not (keep_closing_mark and tokens[-1].text in ('"', "\u201d")):
        tokens.pop()
    return head.doc[tokens[0].i : tokens[-1].i + 1] if len(tokens) >= min_tokens else None


def _clause_around(cue: Token) -> Span | None:
    """ "Lenox was a juggernaut, Mr. Clarke said, until it went bankrupt": the clause a parenthetical
    cue interrupts is what it reports."""
    return _subtree_span(cue.head, min_tokens=4)


def _span_chars(span: Span) -> tuple[int, int]:
    return span.start_char, span.end_char


def _last_speaker(chain: list[Mention], predicate: object) -> Actor | None:
    for mention in reversed(chain):
        if predicate(mention.actor):  # type: ignore[operator]
            return mention.actor
    return None


def _noun_phrase(token: Token) -> Span:
    left = min([token.i, *(c.i for c in token.lefts if c.dep_ in ("det", "amod", "compound", "poss", "nmod"))])
    return token.doc[left : token.i + 1]


def _mention_of(where: Token | Span, actor: Actor, rule: str) -> Mention:
    if isinstance(where, Token):
        where = where.doc[where.i : where.i + 1]
    return Mention(where.start_char, where.end_char, where.text, where.start, where.end, actor, rule)
