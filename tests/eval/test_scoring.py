"""The scorer, as GUIDELINES.md "How a gold file is scored" specifies it; expected numbers are hand-computed."""

from __future__ import annotations

import copy
import json
from pathlib import Path
from typing import Any

import pytest

from llmextract.eval.gold import GoldArticle
from llmextract.eval.score import (
    FIELDS,
    ROWS,
    CorpusScore,
    Counts,
    MacroCounts,
    bootstrap_ci,
    load_predictions,
    normalize_text,
    paired_bootstrap,
    resolve_name,
    score_article,
    score_corpus,
    text_match,
    token_f1,
)
from llmextract.tasks.calls.schema import ArticleResult, Call

TEXT = (
    "Washington: US President Barack Obama has called up his Russian counterpart Vladimir Putin "
    "to discuss counter-terrorism and Syria, the White House said. The call lasted 20 minutes."
)

# 14 values: 2 names, 2 roles, 2 countries, initiator, date, medium, duration, 2 topics, 1 outcome, 1 reporter.
OBAMA_PUTIN: dict[str, Any] = {
    "participants": [
        {"name": "Barack Obama", "role": "President of the United States", "country": "US"},
        {"name": "Vladimir Putin", "role": "President of Russia", "country": "RU"},
    ],
    "initiator": "Barack Obama",
    "date": "2013-04-29",
    "medium": "phone",
    "duration_minutes": 20,
    "topics": ["Syria", "counter-terrorism"],
    "outcomes": ["agreed to continue talks on Syria"],
    "reported_by": ["White House"],
    "evidence": ["US President Barack Obama has called up his Russian counterpart Vladimir Putin"],
}

# 6 values: 2 names, 2 countries, medium, 1 topic.
MERKEL_HOLLANDE: dict[str, Any] = {
    "participants": [
        {"name": "Angela Merkel", "country": "DE"},
        {"name": "François Hollande", "country": "FR"},
    ],
    "topics": ["Ukraine"],
    "evidence": ["Merkel spoke with Hollande"],
}


def variant(base: dict[str, Any], **changes: Any) -> dict[str, Any]:
    out = copy.deepcopy(base)
    out.update(changes)
    return out


def gold(*calls: dict[str, Any], aid: str = "a1") -> GoldArticle:
    return GoldArticle.model_validate({"article_id": aid, "calls": list(calls)})


def pred(*calls: dict[str, Any]) -> list[Call]:
    return [Call.model_validate(c) for c in calls]


def counts(score: Any) -> dict[str, tuple[int, int, int]]:
    return {r: (score.row(r).tp, score.row(r).fp, score.row(r).fn) for r in ROWS}


def two_people(**extra: Any) -> dict[str, Any]:
    """A call between Obama and Putin with only names (no role, country) plus ``extra``."""
    base = {
        "participants": [{"name": "Barack Obama"}, {"name": "Vladimir Putin"}],
        "evidence": ["Obama has called up Putin"],
    }
    base.update(extra)
    return base


# --------------------------------------------------------------------------- text rules


def test_normalize_text_is_squad_plus_accents() -> None:
    assert normalize_text("The Élysée's  “Phone” call — a TEST!") == "elysees phone call test"
    assert normalize_text("an  Apple, the  pear") == "apple pear"
    assert normalize_text("Jean-Yves Le Drian") == "jeanyves le drian"
    assert normalize_text("theme") == "theme"  # articles only as whole words


def test_token_f1_matches_squad() -> None:
    assert token_f1("Syria", "Syria") == 1.0
    assert token_f1("the Syria", "Syria") == 1.0
    assert token_f1("Syria", "Syria chemical weapons") == 0.5  # P 1, R 1/3
    assert token_f1("Syria peace", "Syria chemical weapons") == pytest.approx(0.4)
    assert token_f1("Iran nuclear deal", "Iran nuclear program talks") == pytest.approx(4 / 7)
    assert token_f1("", "") == 1.0
    assert token_f1("the", "Syria") == 0.0


def test_text_threshold_just_above_and_below_half() -> None:
    assert text_match("Syria", "Syria chemical weapons")  # exactly 0.5: matches
    assert not text_match("Syria peace", "Syria chemical weapons")  # 0.4
    assert text_match("Iran nuclear deal", "Iran nuclear program talks")  # 0.571
    assert not text_match("Iran nuclear deal", "Iran nuclear program talks in Geneva")  # 4/9 = 0.444


def test_text_match_any_alternative() -> None:
    assert text_match("Russian President", ["President of Russia", "Russian President"])
    assert not text_match("Russian President", "President of Russia")  # token F1 0.4


def test_resolve_name_rule() -> None:
    people = ["Vladimir Putin", "Barack Obama"]
    assert resolve_name("Putin", people) == {0}
    assert resolve_name("President Barack Obama", people) == {1}
    assert resolve_name("vladimir PUTIN", people) == {0}
    assert resolve_name("Merkel", people) == set()
    # ambiguous: "Kim" is in both names
    assert resolve_name("Kim", ["Kim Jong Un", "Kim Yo Jong", "Moon Jae-in"]) == set()
    # equality wins over word inclusion
    assert resolve_name("George Bush", ["George W. Bush", "George Bush"]) == {1}
    # alternatives of one candidate
    assert resolve_name("Xi", [["Xi Jinping", "President Xi"], "Joe Biden"]) == {0}
    # accents do not matter
    assert resolve_name("Francois Hollande", ["François Hollande"]) == {0}


# --------------------------------------------------------------------------- whole calls


def test_perfect_prediction_scores_one_everywhere() -> None:
    s = score_article(gold(OBAMA_PUTIN), pred(OBAMA_PUTIN), TEXT)
    for r in ROWS:
        c = s.row(r)
        assert (c.precision, c.recall, c.f1) == (1.0, 1.0, 1.0), r
    assert s.row("overall").tp == 14
    assert s.alignment == [(0, 0)]
    assert s.errors == []
    assert all(o.matched for o in s.outcomes) and len(s.outcomes) == 14


def test_empty_prediction_has_zero_recall() -> None:
    s = score_article(gold(OBAMA_PUTIN), [], TEXT)
    for r in ROWS:
        c = s.row(r)
        assert c.tp == 0 and c.fp == 0 and c.fn > 0, r
        assert (c.precision, c.recall, c.f1) == (None, 0.0, 0.0), r
    assert counts(s)["participants.name"] == (0, 0, 2)
    assert counts(s)["overall"] == (0, 0, 14)
    assert counts(s)["calls"] == (0, 0, 1)
    assert [e.field for e in s.errors] == ["call"]
    assert s.errors[0].gold == {"participants": ["Barack Obama", "Vladimir Putin"], "date": "2013-04-29"}


def test_no_call_in_gold_and_none_predicted_is_undefined() -> None:
    s = score_article(gold(), [], TEXT)
    for r in ROWS:
        assert (s.row(r).precision, s.row(r).recall, s.row(r).f1) == (None, None, None)


def test_spurious_call_is_fp_for_each_filled_field() -> None:
    s = score_article(gold(OBAMA_PUTIN), pred(OBAMA_PUTIN, MERKEL_HOLLANDE), TEXT)
    c = counts(s)
    assert c["participants.name"] == (2, 2, 0)
    assert c["participants.role"] == (2, 0, 0)  # Merkel/Hollande have no role: nothing counted
    assert c["participants.country"] == (2, 2, 0)
    assert c["initiator"] == (1, 0, 0)
    assert c["date"] == (1, 0, 0)
    assert c["medium"] == (1, 1, 0)  # medium is always filled
    assert c["duration_minutes"] == (1, 0, 0)
    assert c["topics"] == (2, 1, 0)
    assert c["outcomes"] == (1, 0, 0)
    assert c["reported_by"] == (1, 0, 0)
    assert c["overall"] == (14, 6, 0)
    calls = s.row("calls")
    assert (calls.tp, calls.fp, calls.fn) == (1, 1, 0)
    assert calls.precision == 0.5 and calls.recall == 1.0 and calls.f1 == pytest.approx(2 / 3)
    spurious = [e for e in s.errors if e.field == "call"]
    assert len(spurious) == 1 and spurious[0].pred_call == 1 and spurious[0].gold is None


def test_missed_gold_call_is_fn_for_each_value() -> None:
    s = score_article(gold(OBAMA_PUTIN, MERKEL_HOLLANDE), pred(OBAMA_PUTIN), TEXT)
    c = counts(s)
    assert c["participants.name"] == (2, 0, 2)
    assert c["participants.country"] == (2, 0, 2)
    assert c["medium"] == (1, 0, 1)
    assert c["topics"] == (2, 0, 1)
    assert c["overall"] == (14, 0, 6)
    assert c["calls"] == (1, 0, 1)
    assert s.row("calls").recall == 0.5
    missed = [o for o in s.outcomes if o.gold_call == 1]
    assert len(missed) == 6 and not any(o.matched for o in missed)


def test_calls_pair_only_when_a_participant_matches() -> None:
    g = gold(two_people(date="2013-04-29", topics=["Syria"]))
    p = pred(
        {
            "participants": [{"name": "Angela Merkel"}, {"name": "David Cameron"}],
            "date": "2013-04-29",
            "topics": ["Syria"],
            "evidence": ["Merkel spoke with Cameron"],
        }
    )
    s = score_article(g, p, TEXT)
    assert s.alignment == []
    assert counts(s)["calls"] == (0, 1, 1)
    assert counts(s)["date"] == (0, 1, 1)
    assert counts(s)["topics"] == (0, 1, 1)


def test_gold_alternatives_match_any() -> None:
    g = variant(
        OBAMA_PUTIN,
        participants=[
            {"name": ["Barack Obama", "Barack H. Obama"], "role": "President of the United States", "country": "US"},
            {"name": "Vladimir Putin", "role": ["President of Russia", "Russian President"], "country": ["RU"]},
        ],
        date=["2013-04-29", "2013-04"],
        duration_minutes=[20, 25],
        topics=[["counter-terrorism", "counterterrorism cooperation"], "Syria"],
        reported_by=[["White House", "the administration"]],
    )
    p = variant(
        OBAMA_PUTIN,
        participants=[
            {"name": "Barack H. Obama", "role": "President of the United States", "country": "US"},
            {"name": "Vladimir Putin", "role": "Russian President", "country": "RU"},
        ],
        date="2013-04",
        duration_minutes=25,
        topics=["counterterrorism cooperation", "Syria"],
        reported_by=["The Administration"],
    )
    s = score_article(gold(g), pred(p), TEXT)
    assert counts(s)["overall"] == (14, 0, 0)


def test_null_handling_for_scalars() -> None:
    # null vs null: nothing at all
    s = score_article(gold(two_people()), pred(two_people()), TEXT)
    assert counts(s)["duration_minutes"] == (0, 0, 0)
    assert counts(s)["initiator"] == (0, 0, 0)
    assert s.row("duration_minutes").f1 is None
    # predicted, not in gold: FP
    s = score_article(gold(two_people()), pred(two_people(duration_minutes=20)), TEXT)
    assert counts(s)["duration_minutes"] == (0, 1, 0)
    # in gold, missed: FN
    s = score_article(gold(two_people(duration_minutes=20)), pred(two_people()), TEXT)
    assert counts(s)["duration_minutes"] == (0, 0, 1)
    # wrong: FP and FN
    s = score_article(gold(two_people(duration_minutes=20)), pred(two_people(duration_minutes=30)), TEXT)
    assert counts(s)["duration_minutes"] == (0, 1, 1)
    (err,) = s.errors
    assert (err.field, err.gold, err.predicted, err.gold_call, err.pred_call) == ("duration_minutes", 20, 30, 0, 0)


def test_date_medium_country_compare_exactly() -> None:
    g = gold(variant(OBAMA_PUTIN, date="2013-04-29", medium="phone"))
    p = pred(
        variant(
            OBAMA_PUTIN,
            date="2013-04",
            medium="video",
            participants=[
                {"name": "Barack Obama", "role": "President of the United States", "country": "GB"},
                {"name": "Vladimir Putin", "role": "President of Russia", "country": "Russia"},  # normalised to RU
            ],
        )
    )
    c = counts(score_article(g, p, TEXT))
    assert c["date"] == (0, 1, 1)
    assert c["medium"] == (0, 1, 1)
    assert c["participants.country"] == (1, 1, 1)


def test_surname_only_names_match() -> None:
    p = variant(
        OBAMA_PUTIN,
        participants=[
            {"name": "Putin", "role": "President of Russia", "country": "RU"},
            {"name": "Obama", "role": "President of the United States", "country": "US"},
        ],
        initiator="Obama",
    )
    s = score_article(gold(OBAMA_PUTIN), pred(p), TEXT)
    assert counts(s)["overall"] == (14, 0, 0)


def test_ambiguous_surname_does_not_match() -> None:
    g = gold(
        {
            "participants": [
                {"name": "Kim Jong Un", "country": "KP"},
                {"name": "Kim Yo Jong", "country": "KP"},
                {"name": "Moon Jae-in", "country": "KR"},
            ],
            "evidence": ["Moon spoke with the Kims"],
        }
    )
    p = pred(
        {
            "participants": [{"name": "Kim", "country": "KP"}, {"name": "Moon Jae-in", "country": "KR"}],
            "evidence": ["Moon spoke with the Kims"],
        }
    )
    c = counts(score_article(g, p, "Moon spoke with the Kims"))
    assert c["participants.name"] == (1, 1, 2)
    # Kim is unmatched: its country is an FP; the two gold Kims' countries are FNs
    assert c["participants.country"] == (1, 1, 2)


def test_roles_and_countries_of_unmatched_participants() -> None:
    g = gold(OBAMA_PUTIN)
    p = variant(
        OBAMA_PUTIN,
        participants=[
            {"name": "Barack Obama", "role": "President of the United States", "country": "US"},
            {"name": "Dmitry Medvedev", "role": "Prime Minister of Russia", "country": "RU"},
        ],
    )
    c = counts(score_article(g, pred(p), TEXT))
    assert c["participants.name"] == (1, 1, 1)
    assert c["participants.role"] == (1, 1, 1)
    assert c["participants.country"] == (1, 1, 1)


def test_role_is_free_text() -> None:
    g = gold(OBAMA_PUTIN)
    p = variant(
        OBAMA_PUTIN,
        participants=[
            {"name": "Barack Obama", "role": "US President", "country": "US"},  # F1 2/6
            {"name": "Vladimir Putin", "role": "Russia's President", "country": "RU"},  # "russias president": 2/5
        ],
    )
    s = score_article(g, pred(p), TEXT)
    assert counts(s)["participants.role"] == (0, 2, 2)
    role_errors = [e for e in s.errors if e.field == "participants.role"]
    assert [e.detail for e in role_errors] == ["Barack Obama", "Vladimir Putin"]
    p2 = variant(OBAMA_PUTIN, participants=[{"name": "Barack Obama", "role": "President"}, {"name": "Putin"}])
    c = counts(score_article(g, pred(p2), TEXT))
    # "President" vs "President of the United States" ("president of united states"): 2*1/5 = 0.4 -> wrong
    assert c["participants.role"] == (0, 1, 2)


def test_initiator_by_name_rule() -> None:
    g = gold(OBAMA_PUTIN)
    s = score_article(g, pred(variant(OBAMA_PUTIN, initiator="Obama")), TEXT)
    assert counts(s)["initiator"] == (1, 0, 0)
    s = score_article(g, pred(variant(OBAMA_PUTIN, initiator="Vladimir Putin")), TEXT)
    assert counts(s)["initiator"] == (0, 1, 1)
    s = score_article(g, pred(variant(OBAMA_PUTIN, initiator=None)), TEXT)
    assert counts(s)["initiator"] == (0, 0, 1)


def test_list_fields_match_one_to_one() -> None:
    # two predicted "Syria" topics cannot both take the single gold "Syria"
    g = gold(two_people(topics=["Syria"]))
    c = counts(score_article(g, pred(two_people(topics=["Syria", "the Syria"])), TEXT))
    assert c["topics"] == (1, 1, 0)


def test_list_matching_maximises_matches() -> None:
    # "Syria" fits both gold topics (best: "Syria"); "Syria peace plan" fits only "Syria" (F1 0.5).
    # A greedy pass would give 1 match; the maximum matching gives 2.
    g = gold(two_people(topics=["Syria", "Syria crisis"]))
    c = counts(score_article(g, pred(two_people(topics=["Syria", "Syria peace plan"])), TEXT))
    assert c["topics"] == (2, 0, 0)


def test_topic_threshold_in_scoring() -> None:
    g = gold(two_people(topics=["Syria chemical weapons"], outcomes=["agreed to meet at the G8 summit in June"]))
    c = counts(score_article(g, pred(two_people(topics=["Syria"], outcomes=["agreed to meet"])), TEXT))
    assert c["topics"] == (1, 0, 0)  # F1 exactly 0.5
    # outcome: "agreed to meet" vs "agreed to meet at g8 summit in june" (8 tokens): 2*3/11 = 0.545
    assert c["outcomes"] == (1, 0, 0)
    c = counts(score_article(g, pred(two_people(topics=["Syria peace"], outcomes=["agreed"])), TEXT))
    assert c["topics"] == (0, 1, 1)  # 0.4
    assert c["outcomes"] == (0, 1, 1)  # 2/9


def test_reported_by_matches_by_name_rule_or_overlap() -> None:
    g = gold(two_people(reported_by=["Kremlin aide Yury Ushakov", "White House"]))
    # "Ushakov": token F1 2/5 = 0.4, but the name rule picks out the first reporter
    # "the White House press office": F1 2*2/6 = 0.667
    c = counts(score_article(g, pred(two_people(reported_by=["Ushakov", "the White House press office"])), TEXT))
    assert c["reported_by"] == (2, 0, 0)
    c = counts(score_article(g, pred(two_people(reported_by=["Elysee"])), TEXT))
    assert c["reported_by"] == (0, 1, 2)


def test_same_participants_align_by_other_fields() -> None:
    april_17 = two_people(date="2013-04-17", topics=["Boston Marathon bombing"], duration_minutes=10)
    april_29 = two_people(date="2013-04-29", topics=["Syria"], duration_minutes=20)
    # predictions in the opposite order
    s = score_article(gold(april_29, april_17), pred(april_17, april_29), TEXT)
    assert s.alignment == [(0, 1), (1, 0)]
    assert counts(s)["overall"] == (2 * (2 + 1 + 1 + 1 + 1), 0, 0)


def test_alignment_maximises_total_not_first_best() -> None:
    g0 = two_people(date="2013-04-29", topics=["Syria", "missile defense"], duration_minutes=30)
    g1 = two_people(date="2013-05-02", topics=["Boston Marathon bombing"], outcomes=["agreed to share intelligence"])
    # p0 vs g0: date, Syria, duration = +3; p0 vs g1: bombing, outcome = +2
    p0 = two_people(
        date="2013-04-29",
        topics=["Syria", "Boston Marathon bombing"],
        duration_minutes=30,
        outcomes=["agreed to share intelligence"],
    )
    # p1 vs g0: Syria, missile defense = +2; p1 vs g1: +0
    p1 = two_people(date="2013-06-01", topics=["Syria", "missile defense"])
    s = score_article(gold(g0, g1), pred(p0, p1), TEXT)
    # greedy p0->g0 would give 3 + 0 extra matches; the best alignment gives 2 + 2
    assert s.alignment == [(0, 1), (1, 0)]
    base = 3  # two names and the medium per pair
    assert s.row("overall").tp == 2 * base + 4


def test_many_calls_use_the_greedy_fallback() -> None:
    people = [f"Leader{k} Person{k}" for k in range(30)]
    calls = [
        {"participants": [{"name": people[2 * k]}, {"name": people[2 * k + 1]}], "evidence": ["a call took place"]}
        for k in range(14)
    ]
    s = score_article(gold(*calls), pred(*reversed(calls)), "a call took place")
    assert len(s.alignment) == 14
    assert counts(s)["overall"] == (14 * 3, 0, 0)
    assert counts(s)["calls"] == (14, 0, 0)


def test_evidence_grounding() -> None:
    p = variant(
        OBAMA_PUTIN,
        evidence=[
            "US President Barack Obama has called up\n  his Russian counterpart",  # white space differs: grounded
            "Obama telephoned Putin on Monday",  # not in the text
        ],
    )
    s = score_article(gold(OBAMA_PUTIN), pred(p), TEXT)
    assert (s.evidence_grounded, s.evidence_total) == (1, 2)
    s = score_article(gold(OBAMA_PUTIN), pred(p), None)
    assert (s.evidence_grounded, s.evidence_total) == (0, 0)


def test_grounding_counts_located_evidence_and_supported_names_and_durations() -> None:
    p = variant(
        OBAMA_PUTIN,
        participants=[{"name": "Barack Obama"}, {"name": "Vladimir Putin"}, {"name": "Angela Merkel"}],
        duration_minutes=30,  # the text says 20
        evidence=[
            "US President Barack Obama has called up his Russian counterpart Vladimir Putin",  # exact
            "us president barack obama has called up his russian counterpart",  # normalised (case)
            "Barack Obama has called up his Russian counterpart Vladimir Putin to discus counter terrorism",  # fuzzy
            "Obama telephoned Putin on Monday",  # not found
        ],
    )
    g = score_article(gold(OBAMA_PUTIN), pred(p), TEXT).grounding
    assert (g.exact, g.normalised, g.fuzzy, g.not_found) == (1, 1, 1, 1)
    assert (g.located, g.evidence, g.located_rate) == (3, 4, 0.75)
    assert (g.names_supported, g.names) == (2, 3)
    assert (g.durations_supported, g.durations) == (0, 1)
    empty = score_article(gold(OBAMA_PUTIN), pred(p), None).grounding
    assert (empty.evidence, empty.names, empty.located_rate, empty.names_rate) == (0, 0, None, None)


def test_corpus_grounding_sums_the_articles() -> None:
    golds = {"a1": gold(OBAMA_PUTIN, aid="a1"), "a2": gold(OBAMA_PUTIN, aid="a2")}
    preds = {"a1": pred(OBAMA_PUTIN), "a2": pred(variant(OBAMA_PUTIN, evidence=["Obama telephoned Putin"]))}
    g = score_corpus(golds, preds, {"a1": TEXT, "a2": TEXT}).grounding
    assert (g.located, g.evidence, g.names_supported, g.names, g.durations_supported) == (1, 2, 4, 4, 2)


def test_field_errors_name_the_predicted_items_concerned() -> None:
    p = variant(
        OBAMA_PUTIN,
        participants=[
            {"name": "Vladimir Putin", "role": "Defence Minister", "country": "RU"},
            {"name": "Barack Obama", "role": "President of the United States", "country": "US"},
        ],
        topics=["Iran", "Syria", "trade"],
    )
    errors = {e.field: e for e in score_article(gold(OBAMA_PUTIN), pred(p), TEXT).errors}
    assert errors["participants.role"].pred_items == (0,)  # Putin's role, the first predicted participant
    assert errors["participants.role"].detail == "Vladimir Putin"
    assert errors["topics"].pred_items == (0, 2) and errors["topics"].predicted == ["Iran", "trade"]


# --------------------------------------------------------------------------- corpus


def result(aid: str, calls: list[dict[str, Any]], ok: bool = True) -> ArticleResult:
    return ArticleResult(
        article_id=aid,
        ok=ok,
        calls=pred(*calls),
        backend="test",
        model="m",
        error=None if ok else {"kind": "timeout", "message": "slow"},
    )


def test_corpus_micro_average_and_coverage() -> None:
    golds = {"a1": gold(OBAMA_PUTIN, aid="a1"), "a2": gold(OBAMA_PUTIN, aid="a2"), "a3": gold(aid="a3")}
    preds = {
        "a1": result("a1", [OBAMA_PUTIN]),
        "a3": result("a3", [OBAMA_PUTIN], ok=False),  # failed: its calls are ignored
        "zz": result("zz", [OBAMA_PUTIN]),  # no gold: not scored
    }
    texts = {"a1": TEXT, "a2": TEXT, "a3": TEXT}
    cs = score_corpus(golds, preds, texts)
    assert cs.ids == ["a1", "a2", "a3"]
    assert (cs.n_articles, cs.n_missing, cs.n_failed) == (3, 1, 1)
    assert [a.status for a in cs.articles] == ["ok", "missing", "failed"]
    assert cs.unscored == ["zz"]
    overall = cs.row("overall")
    assert (overall.tp, overall.fp, overall.fn) == (14, 0, 14)
    assert (overall.precision, overall.recall) == (1.0, 0.5)
    assert overall.f1 == pytest.approx(2 / 3)
    assert cs.table()["calls"] == Counts(1, 0, 1)
    assert cs.grounding_rate == 1.0
    assert cs.meta["backends"] == ["test"] and cs.meta["models"] == ["m"]


def test_corpus_accepts_plain_call_lists_and_ids() -> None:
    golds = {"a1": gold(OBAMA_PUTIN, aid="a1"), "a2": gold(OBAMA_PUTIN, aid="a2")}
    cs = score_corpus(golds, {"a1": pred(OBAMA_PUTIN)}, {"a1": TEXT}, ids=["a1"])
    assert cs.ids == ["a1"] and cs.row("overall").f1 == 1.0
    with pytest.raises(ValueError, match="no gold file"):
        score_corpus(golds, {}, {}, ids=["nope"])


def test_load_predictions(tmp_path: Path) -> None:
    path = tmp_path / "pred.jsonl"
    lines = [
        result("a1", [OBAMA_PUTIN], ok=False).model_dump_json(),
        "",
        result("a1", [OBAMA_PUTIN]).model_dump_json(),
        result("a1", [], ok=False).model_dump_json(),  # a later failure does not replace a success
        result("a2", []).model_dump_json(),
    ]
    path.write_text("\n".join(lines) + "\n")
    got = load_predictions(path)
    assert sorted(got) == ["a1", "a2"]
    assert got["a1"].ok and len(got["a1"].calls) == 1


def test_load_predictions_names_file_and_line(tmp_path: Path) -> None:
    path = tmp_path / "bad.jsonl"
    path.write_text(result("a1", []).model_dump_json() + "\n{not json\n")
    with pytest.raises(ValueError, match=r"bad\.jsonl:2: invalid JSON"):
        load_predictions(path)
    path.write_text(json.dumps({"article_id": "a1"}) + "\n")
    with pytest.raises(ValueError, match=r"bad\.jsonl:1: not a prediction line: backend"):
        load_predictions(path)


# --------------------------------------------------------------------------- bootstrap


def corpus(n_good: int, n_bad: int, prefix: str = "g") -> tuple[dict[str, GoldArticle], dict[str, str]]:
    golds = {f"{prefix}{k}": gold(OBAMA_PUTIN, aid=f"{prefix}{k}") for k in range(n_good + n_bad)}
    return golds, dict.fromkeys(golds, TEXT)


def half_right() -> CorpusScore:
    golds, texts = corpus(6, 4)
    wrong = variant(OBAMA_PUTIN, date="2012-01-01", topics=["Iran"], duration_minutes=5)
    preds = {aid: pred(OBAMA_PUTIN if k < 6 else wrong) for k, aid in enumerate(golds)}
    return score_corpus(golds, preds, texts)


def test_bootstrap_ci_contains_point_and_is_deterministic() -> None:
    cs = half_right()
    ci = bootstrap_ci(cs, n=300, seed=7)
    assert set(ci) == set(ROWS)
    for r in ROWS:
        f1 = cs.row(r).f1
        assert ci[r] is not None and f1 is not None
        lo, hi = ci[r]
        assert lo <= f1 <= hi, r
    assert ci["date"][0] < ci["date"][1]  # the date varies across articles
    assert ci["participants.name"] == (1.0, 1.0)
    assert bootstrap_ci(cs, n=300, seed=7) == ci
    assert ci["date"][0] >= 0.0 and ci["date"][1] <= 1.0


def test_bootstrap_ci_undefined_rows_and_empty_corpus() -> None:
    golds, texts = corpus(3, 0)
    cs = score_corpus(golds, {aid: pred(two_people()) for aid in golds}, texts)
    ci = bootstrap_ci(cs, n=50)
    # gold has roles, the predictions none: F1 is 0 in every resample
    assert ci["participants.role"] == (0.0, 0.0)
    empty = score_corpus({}, {}, {})
    assert bootstrap_ci(empty, n=10) == dict.fromkeys(ROWS)


def test_paired_bootstrap_b_dominates() -> None:
    golds, texts = corpus(20, 0)
    worse = variant(OBAMA_PUTIN, topics=["Iran"], date=None)
    a = score_corpus(golds, {aid: pred(worse if k % 2 else OBAMA_PUTIN) for k, aid in enumerate(golds)}, texts)
    b = score_corpus(golds, {aid: pred(OBAMA_PUTIN) for aid in golds}, texts)
    res = paired_bootstrap(a, b, n=400, seed=1)
    assert set(res) == set(ROWS)
    for r in ("topics", "date", "overall"):
        assert res[r].delta is not None and res[r].delta > 0
        assert res[r].lo is not None and res[r].lo > 0
        assert res[r].b_better and res[r].verdict == "B better"
        assert res[r].p_not_better == 0.0
    assert not res["participants.name"].b_better  # equal: Δ = 0 everywhere
    assert res["participants.name"].p_not_better == 1.0
    assert res["participants.name"].verdict == "no clear difference"
    back = paired_bootstrap(b, a, n=400, seed=1)
    assert back["topics"].a_better and back["topics"].verdict == "A better"
    assert paired_bootstrap(a, b, n=400, seed=1) == res


def test_paired_bootstrap_needs_same_articles() -> None:
    golds, texts = corpus(3, 0)
    a = score_corpus(golds, {}, texts)
    b = score_corpus(golds, {}, texts, ids=["g0", "g1"])
    with pytest.raises(ValueError, match="same articles"):
        paired_bootstrap(a, b)


def test_rows_are_fields_then_overall_macro_and_calls() -> None:
    assert ROWS[: len(FIELDS)] == FIELDS
    assert ROWS[-3:] == ("overall", "macro", "calls")


def test_macro_is_the_mean_of_the_field_scores_and_leaves_undefined_fields_out() -> None:
    counts = {f: Counts() for f in FIELDS}  # all undefined ...
    counts["participants.name"] = Counts(tp=1)  # F1 1.0
    counts["topics"] = Counts(tp=1, fp=1, fn=2)  # F1 0.4, P 0.5, R 1/3
    macro = MacroCounts.of(counts)
    assert macro.f1 == pytest.approx(0.7)
    assert macro.precision == pytest.approx(0.75)
    assert macro.recall == pytest.approx((1 + 1 / 3) / 2)
    assert (macro.tp, macro.fp, macro.fn) == (2, 1, 2)  # the overall sums
    assert MacroCounts.of({f: Counts() for f in FIELDS}).f1 is None
