"""Assemble calls: split sentences, find triggers and people, merge mentions of one call, fill fields."""

from __future__ import annotations

import datetime as dt

from pydantic import ValidationError

from llmextract.engine.records import Article
from llmextract.tasks.calls.rules import dates, decoys, fields, patterns
from llmextract.tasks.calls.rules.actors import ActorDB
from llmextract.tasks.calls.rules.assemble import (
    _ABOUT_CALL_RE,
    _ALSO_BEFORE_RE,
    _AMONG_RE,
    _CALL_BACKREF_RE,
    _CALLS_BEFORE_RE,
    _LISTED_RE,
    _PRONOUN_OBJECT_RE,
    _REACHING_OUT_RE,
    _THE_TWO_BEFORE_RE,
    _THE_TWO_RE,
    _WITH_UNNAMED_RE,
    _also_had,
    _bullet_people,
    _context_date,
    _continued,
    _counterparts_only,
    _evidence,
    _listed_after,
    _one_call_each,
    _uniq,
    callers_list,
    placed_calls_before,
)
from llmextract.tasks.calls.rules.beyond import (
    call_sources,
    denied_elsewhere,
    duration_in_context,
    initiative_of_round,
    initiative_told_anywhere,
    mark_shared,
)
from llmextract.tasks.calls.rules.clauses import (
    NAMING_RE,
    PURPOSE_RE,
    SEPARATE_STOP_RE,
    SPEECH_DAY_RE,
    VERB_GAP_RE,
    speaks_on_call,
    told_ends,
)
from llmextract.tasks.calls.rules.describe import at_home, describe
from llmextract.tasks.calls.rules.doc import Cand, _Doc
from llmextract.tasks.calls.rules.initiative import initiative
from llmextract.tasks.calls.rules.names import possessive_of_other
from llmextract.tasks.calls.rules.ner import PersonFinder
from llmextract.tasks.calls.rules.sentences import Sentence, dateline_end, split_sentences
from llmextract.tasks.calls.rules.series import (
    EARLIER_RE,
    PAST,
    add_earlier,
    merge_reports,
    ordinal,
)
from llmextract.tasks.calls.rules.subjects import find_subjects, objects_after, own_clause, pronoun_object, protagonists
from llmextract.tasks.calls.schema import MAX_EVIDENCE, MAX_PARTICIPANTS, MAX_RECORDS, Call, Extraction

__all__ = ["RulesExtractor", "Sentence", "dateline_end", "split_sentences"]

# --------------------------------------------------------------------------- extractor


class RulesExtractor:
    """Rule-based extractor: ``extract(article) -> Extraction``; deterministic, no network.

    ``people``, when given (:func:`llmextract.tasks.calls.rules.ner.load_person_finder`), finds the people the actor
    dictionary lacks in the sentences that report a call."""

    def __init__(self, people: PersonFinder | None = None) -> None:
        self.db = ActorDB()
        self.people = people

    def extract(self, article: Article, *, report_dates: bool = True) -> Extraction:
        """The calls ``article`` reports. A bug raises (the pipeline records the article as failed
        with the reason) rather than passing for an article without calls. With ``report_dates`` false, a call
        the article gives no time for keeps no date and a leader it places nowhere no country (:meth:`complete` is
        left to the caller)."""
        found = self._extract(article)
        return Extraction(calls=self.complete(article, found)) if report_dates else Extraction(calls=found)

    def describe(self, article: Article, calls: list[Call]) -> list[Call]:
        """``calls`` with the roles and countries the article gives people they name without (:func:`.describe`)."""
        return describe(calls, article, self.db, self.people)

    def complete(self, article: Article, calls: list[Call]) -> list[Call]:
        """``calls`` as the article tells them beyond their own sentences: the article's own date for a call it
        gives no time for (:meth:`date_by_report`), its own country for a leader it places nowhere
        (:func:`.describe.at_home`)."""
        return at_home(self.date_by_report(article, calls), article.text)

    def date_by_report(self, article: Article, calls: list[Call]) -> list[Call]:
        """``calls``, each undated one that the article reports without any time taking the article's own date
        (:func:`.dates.report_day`)."""
        anchor = dates.find_anchor(article.text, article.published)
        out = []
        for call in calls:
            day = None if call.date else dates.report_day(call.evidence, anchor)
            out.append(call.model_copy(update={"date": day}) if day else call)
        return out

    def _extract(self, article: Article) -> list[Call]:
        if not patterns.has_call_word(article.text):
            return []
        sents = split_sentences(article.text)
        trig_lists = [patterns.find_triggers(s.text) for s in sents]
        if not any(trig_lists):  # before the people in every sentence are looked up: most of the work
            return []
        call_sents = frozenset(i for i, ts in enumerate(trig_lists) if ts) | _listed_after(sents, trig_lists)
        doc = _Doc(self.db, article, sents, self.people, call_sents)
        cands: list[Cand] = []
        decoy_sents: set[int] = set()
        # "spoke with" counts only in an article that reports calls: a call trigger, or "the calls" referring back.
        strong = any(t.kind != "speak_weak" for ts in trig_lists for t in ts) or bool(
            _CALL_BACKREF_RE.search(article.text) or _CALLS_BEFORE_RE.search(article.text)  # "working the phones"
        )
        for i, sent in enumerate(doc.sents):
            if trig_lists[i]:
                also = any(len(c.people) >= 2 for c in cands)  # "X also spoke with Y" continues a series of calls
                cands.extend(self._sentence_cands(doc, i, sent.text, trig_lists[i], strong, decoy_sents, also))
            elif i in call_sents:
                cands.extend(_continued(doc, i, [c for c in cands if c.sent == i - 1 and len(c.people) == 2]))
                cands.extend(_also_had(doc, i, cands))
        calls = denied_elsewhere(doc, merge_reports(doc, cands))
        self._attach_context(doc, calls, decoy_sents)
        add_earlier(doc, calls)
        out: list[Call] = []
        for c in calls:
            call = self._build(doc, c)
            if call is not None:
                out.append(call)
            if len(out) >= MAX_RECORDS:
                break
        return out

    def _sentence_cands(
        self,
        doc: _Doc,
        i: int,
        text: str,
        triggers: list[patterns.Trigger],
        strong: bool,
        decoy_sents: set[int],
        after_calls: bool = False,
    ) -> list[Cand]:
        mentions = [(m, k) for m, k in doc.mentions[i] if not m.reporter or speaks_on_call(text, m.start, m.end)]
        if len({k for _, k in mentions}) > 2:
            # "Hayashi and Manalo agreed to make Marcos' five-day trip a success": whose trip, not who was on it
            mentions = [(m, k) for m, k in mentions if not possessive_of_other(text, m.end)]
        out: list[Cand] = []
        first_subject: list[str] = []
        kept = []
        tied = _CALL_BACKREF_RE.search(" ".join(s.text for s in doc.sents[max(0, i - 1) : i + 3])) or any(
            _CALLS_BEFORE_RE.search(s.text)
            for s in doc.sents[max(0, i - 2) : i]  # "held a series of phone calls"
        )
        # "On Sunday, he spoke with A and yesterday he had a telephonic conversation with B": a call word beside it
        # ties "spoke with" to a call when it names whom
        decoy = [decoys.is_decoy(text, t) for t in triggers]
        beside = not tied and any(not why and t.kind not in _SPOKE for t, why in zip(triggers, decoy, strict=True))
        for t, why in zip(triggers, decoy, strict=True):
            also = after_calls and _ALSO_BEFORE_RE.search(text[: t.start])
            if t.kind == "speak_weak" and not (strong and (tied or also or beside)):
                continue  # the spec: "spoke with" alone, with nothing tying it to a call, is not a call
            if not why and i + 1 < len(doc.sents) and decoys.UNANSWERED_RE.search(doc.sents[i + 1].text[:60]):
                why = "unanswered"  # "Today I initiated a telephone conversation with X. The result: silence."
            if why:
                decoy_sents.add(i)
                continue
            kept.append(t)
        for n, t in enumerate(kept):
            nxt = kept[n + 1].start if n + 1 < len(kept) else len(text)
            objects = objects_after(text, mentions, t, min(nxt, told_ends(text, t.kind, t.text, t.end)))
            among = _AMONG_RE.match(text)
            in_among = among is not None and t.start < among.end()
            if among is not None and in_among:
                # "Among the leaders he spoke to by phone were A, B and C": the counterparts follow the verb "were"
                objects = [(m, k) for m, k in mentions if m.start >= among.end()]
            listed = _LISTED_RE.search(text, t.end, objects[0][0].start if objects else len(text))
            if listed:  # "called several leaders, among them A, B and C": the counterparts follow "among them"
                objects = [(m, k) for m, k in mentions if listed.end() <= m.start]
            if who_called := callers_list(text, t, mentions):  # the one called follows the verb, the callers after
                objects = [(m, k) for m, k in mentions if k in who_called[0] and m.start >= t.end][:1]
            if t.kind == "verb" and not objects and (pron := _PRONOUN_OBJECT_RE.match(text[t.end :])):
                objects = pronoun_object(doc, i, text, mentions, t, range(t.end + pron.start(1), t.end + pron.end(1)))
            the_two = (
                t.kind in {"call_with", "speak", "speak_weak"} and not objects and _THE_TWO_RE.match(text[t.end :])
            )
            if t.kind in {"verb", "call_with"} and not the_two and (objects or not patterns.NOUN_RE.search(t.text)):
                if not objects:  # "Trump's phone call with the Russian president": a phone call all the same
                    continue
                first = objects[0][0]
                gap = text[t.end : first.start]
                if not listed and (len(gap) > 80 or not VERB_GAP_RE.match(gap)):
                    continue
                returned = t.text.lower().startswith("return")  # "returned Singh's call": a possessive follows
                purpose = PURPOSE_RE.search(gap)  # "phoned to wish X a happy birthday": not "called X a liar"
                if t.kind == "verb" and not returned and not purpose and NAMING_RE.match(text[first.end :]):
                    continue
            if t.kind == "speak_weak" and beside and not objects:
                continue
            if t.kind in {"speak", "speak_weak"} and not objects and _WITH_UNNAMED_RE.match(text[t.end :]):
                continue  # "A and B spoke with several world leaders": the counterparts are not named here
            if n == len(kept) - 1 and text.rstrip().endswith(":"):
                objects = [*objects, *_bullet_people(doc, i)]  # "Obama's calls on Monday included:" and a list
            subjects, objects = find_subjects(doc, i, text, kept, n, mentions, objects, first_subject)
            if who_called:
                subjects, objects = who_called
            if in_among and not subjects:
                continue  # "Among those he spoke to were A and B", with no one "he" stands for: not a call of A and B
            if the_two or (not subjects and not objects and _THE_TWO_BEFORE_RE.search(text[: t.start])):
                # "a call between the two men", "The two leaders last spoke"
                subjects = protagonists(doc, i, two=True)
            if n == 0 or not first_subject:  # the first trigger that reached its subjects
                first_subject = subjects
            obj_keys = _uniq([k for _, k in objects])
            subj_keys = _uniq([k for k in subjects if k not in obj_keys])
            if not obj_keys and not the_two and len(subj_keys) > 1 and _WITH_UNNAMED_RE.match(text[t.end :]):
                continue  # "A only got a letter, though B has held phone calls with a dozen leaders": not A's call
            if not subj_keys and _counterparts_only(text, t, obj_keys):
                continue  # "Jiang Talks Over Phone With Putin, Chirac and Blair" with its caller unread: not their call
            initiator = None
            if (t.kind == "verb" or (t.kind == "call_with" and t.text.lower().endswith(" to"))) and subj_keys:
                initiator = subj_keys[-1]  # "X called Y", "X's call to Y"
            elif t.kind in {"passive", "received"} and obj_keys:
                initiator = obj_keys[0]
            elif t.kind == "placed" and "by" in t.text.lower():
                # "a call initiated by Moscow, A and B discussed": by a capital, the initiative's words tell who
                initiator = obj_keys[0] if obj_keys else None
            elif t.kind == "placed" and subj_keys:
                initiator = subj_keys[-1]
            seg_start, own_end = own_clause(text, kept, n, nxt)
            if i == 0 and "\n" in text[t.start : own_end]:  # a headline's call is not dated by the dateline under it
                own_end = text.index("\n", t.start)
            seg_start = max(seg_start, min(doc.date_floor[i], t.start))
            segment = text[seg_start:nxt]
            date = dates.resolve_first(
                dates.without_title_day(text[t.start : own_end]), doc.anchor
            ) or dates.resolve_first(SPEECH_DAY_RE.sub(" ", text[seg_start : t.start]), doc.anchor)
            if date is None and t.present_perfect and doc.anchor and not dates.find_date_exprs(segment):
                date = doc.anchor.isoformat()[:7]
            each = who_called or _one_call_each(text, t, subj_keys, obj_keys)
            groups = [[*subj_keys, o] for o in obj_keys] if each else []
            if who_called:
                initiator = obj_keys[0]
            if not groups:
                groups = [_uniq(subj_keys + obj_keys)]
            if (
                initiator is None
                and subj_keys
                and objects
                and _REACHING_OUT_RE.search(text[t.end : objects[0][0].start])
            ):
                initiator = subj_keys[-1]  # "a series of phone conversations, reaching out to X"
            if initiator is None and subj_keys and placed_calls_before(doc, i, subj_keys[-1]):
                initiator = subj_keys[-1]
            if initiator is None:
                initiator = initiative(self.db, doc, text, obj_keys + subj_keys, mentions)
            for g in groups:
                placer = initiator
                if len(groups) > 1 and (t.kind in {"passive", "received"} or who_called):
                    placer = g[-1]  # "received calls from A, B and C": each placed their own
                cand = Cand(
                    sent=i,
                    people=g[:MAX_PARTICIPANTS],
                    initiator=placer if placer in g else None,
                    date=date,
                    video=t.video,
                    duration=fields.find_duration(segment),
                    earlier=bool(EARLIER_RE.search(text)),
                    ordinal=ordinal(text, t),
                )
                cand.evidence.append((i, t.start))
                cand.topic_after[i] = t.end
                out.append(cand)
        return out

    # -------------------------------------------------------------- merging

    def _attach_context(self, doc: _Doc, calls: list[Cand], decoy_sents: set[int]) -> None:
        trigger_sents = {s for c in calls for s, _ in c.evidence}
        for c in calls:
            own = sorted({s for s, _ in c.evidence})
            people = set(c.people)
            ctx: list[int] = []
            for s in own:
                for j in range(s + 1, min(len(doc.sents), s + 6)):
                    if j in trigger_sents and j not in own:
                        break
                    text = doc.sents[j].text
                    if SEPARATE_STOP_RE.match(text) or j in decoy_sents:
                        break
                    keys = {k for m, k in doc.mentions[j] if not m.reporter}
                    refers = bool(patterns.CONTEXT_REF_RE.search(text))
                    if keys - people and not refers:
                        break
                    if refers or keys & people:
                        ctx.append(j)
            c.sents = _uniq([*own, *ctx])
            if c.initiator is None:  # "The phone call was initiated by ...", "Yeltsin initiated the call"
                for j in c.sents:
                    if j not in own and not _ABOUT_CALL_RE.search(doc.sents[j].text):
                        continue  # "a partnership initiated by China" is not about the call
                    c.initiator = initiative(self.db, doc, doc.sents[j].text, c.people, doc.mentions[j])
                    if c.initiator:
                        break
        initiative_told_anywhere(self.db, doc, calls)
        initiative_of_round(doc, calls)
        mark_shared(calls)

    # -------------------------------------------------------------- output

    def _build(self, doc: _Doc, c: Cand) -> Call | None:
        day = None
        if c.date and len(c.date) == 10:
            day = dt.date.fromisoformat(c.date)
        elif doc.anchor:
            day = doc.anchor
        parts = []
        named: dict[str, str] = {}  # person key -> the name the call gives them
        for key in c.people[:MAX_PARTICIPANTS]:
            p = doc.participant(key, day)
            if p is not None and all(q.name != p.name for q in parts):
                parts.append(p)
                named[key] = p.name
        if len(parts) < 2:
            return None
        passages = [doc.sents[s].text for s in c.sents]
        after = [c.topic_after.get(s, -1) for s in c.sents]
        topics = fields.find_topics(passages, after) if c.sents else []
        outcomes = fields.find_outcomes(passages) if c.sents else []
        reporters = call_sources(doc, c, [p.name for p in parts]) if c.sents else []
        duration = c.duration if c.duration is not None else duration_in_context(doc, c)
        evidence = []
        for s, pos in sorted(set(c.evidence)):
            ev = _evidence(doc.sents[s].text, pos)
            if ev and ev not in evidence:
                evidence.append(ev)
        if not evidence:
            return None
        initiator = named.get(c.initiator) if c.initiator else None
        date = c.date or (None if c.ordinal in PAST else _context_date(doc, c))
        data = {
            "participants": parts,
            "initiator": initiator,
            "date": date,
            "medium": "video" if c.video else "phone",
            "duration_minutes": duration if duration and 1 <= duration <= 1440 else None,
            "topics": [t[:120] for t in topics],
            "outcomes": [o[:200] for o in outcomes],
            "reported_by": [r for r in reporters if 2 <= len(r) <= 80],
            "evidence": evidence[:MAX_EVIDENCE],
        }
        try:
            return Call(**data)
        except ValidationError:
            for drop in ("initiator", "date", "topics", "outcomes", "reported_by", "duration_minutes"):
                data[drop] = None if drop in {"initiator", "date", "duration_minutes"} else []
                try:
                    return Call(**data)
                except ValidationError:
                    continue
        return None


_SPOKE = frozenset({"speak", "speak_weak"})
# A sentence about the call that may date it ("Wednesday's call", "a readout of the call on Thursday").
