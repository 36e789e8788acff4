"""The rules' check of a call a model proposed: decoys rejected, real calls kept with values re-read from the text."""

from __future__ import annotations

import pytest

from llmextract.engine.records import Article
from llmextract.tasks.calls.rules import RulesExtractor
from llmextract.tasks.calls.rules.actors import ActorDB
from llmextract.tasks.calls.rules.verify import check_call, looks_like_person, reports_call
from llmextract.tasks.calls.schema import Call, Participant

DB = ActorDB()


@pytest.mark.parametrize(
    "sentence",
    [
        "Albanese said: I rang Chris Hipkins last night and offered help.",
        "Emir Tamim and President Macron exchanged views by telephone on Monday on the situation in Gaza.",
        "The foreign minister held a telephone talk with her counterpart on Tuesday.",
        "Merkel and Macron spoke by video link on Thursday.",
        "Putin received a call from Erdogan on Friday.",
        "British prime minister Rishi Sunak telephoned the Taoiseach yesterday afternoon.",  # not "called the plan"
        "Putin phoned the Emir of Qatar on Monday.",
    ],
)
def test_a_sentence_reporting_a_call_that_took_place_passes(sentence):
    assert reports_call(sentence) is None


@pytest.mark.parametrize(
    ("sentence", "reason"),
    [
        ("Guterres on Thursday called for an immediate humanitarian pause in Sudan.", "not a call"),
        # "called on ... to" is a plea: no trigger at all
        ("Turkey has called on Finland and Sweden to change their policies.", "no phone or video conversation"),
        ("Mitsotakis has called the solidarity shown by ordinary Greeks a lesson.", "not a call"),
        ("The Kremlin denied a report that Putin had spoken by telephone with Trump.", "denied"),
        ("Biden will call Chinese President Xi Jinping in the coming days, Psaki said.", "planned"),
        ("Raab held a conference call with journalists on Sunday.", "public"),
        ("Trump said he had received a very nice letter from Kim Jong Un.", "written"),
        ("Putin sent a telegram of condolences to Erdogan.", "written"),
        ("Biden and Putin met face to face for nearly four hours in Geneva.", "meeting"),
        ("Trump said that he and Xi talk all the time.", "no phone"),
        ("The two leaders are expected to talk by phone next week.", "planned"),
        ("Biden said Macron didn’t take his call on election night.", "not taken"),
        ("Who called Shah Mahmood Qureshi ahead of Imran Khan’s press conference?", "question"),
        ('"I\'m having a conversation with him very shortly," Trump told reporters.', "planned"),
        ("The prime minister said he had spoken to several world leaders, including Donald Trump.", "no phone"),
        ("Imran Khan is only making missed calls, says Kamran Tessori", "not taken"),
        ("Technicians installed a secure phone line linking the two hotels.", "no phone"),
        ("There was some expectation of a phone call between Biden and the prince, but it didn't happen.", "denied"),
        ("Merz said he spoke with Rubio about tomorrow’s phone call with Trump.", "planned"),
        ("Telephone talks between Joe Biden and Xi Jinping are still unscheduled, Kirby said.", "planned"),
        ("In a conversation with a private TV channel in London, Tessori said the PTI would return.", "public"),
        (
            "Pashinyan said he had asked to speak by telephone with Aliyev, but that the conversation had not "
            "taken place.",
            "denied",
        ),
        ("Pashinyan said he had asked to speak by telephone with Aliyev on Thursday.", "planned"),
        ("Donald Trump Scheduled To Call President Buhari, Zuma On Phone Today", "planned"),
        ("In a video broadcast today, President Ali said he had updated Speaker Nadir on the talks.", "no phone"),
        (
            "Telephone conversations between Turkish President Recep Tayyip Erdogan and Russian President Vladimir "
            "Putin could take place in the near future, the Kremlin said.",
            "planned",
        ),
        (
            "Pashinian and Aliyev were satisfied with their first conversation, which took place in Dushanbe.",
            "meeting in person",
        ),
    ],
)
def test_decoys_are_rejected_with_a_reason(sentence, reason):
    why = reports_call(sentence)
    assert why is not None and reason in why


ARTICLE = Article(
    id="a",
    text=(
        "DOHA, 16 October 2023 - His Highness the Amir Sheikh Tamim bin Hamad Al Thani and French President "
        "Emmanuel Macron exchanged views by telephone on Monday on the latest developments in Gaza, the Amiri "
        "Diwan said.\nThe Amir will visit Paris next month."
    ),
)


def model_call(**over):
    data = {
        "participants": [
            {"name": "His Highness the Amir Sheikh Tamim bin Hamad Al Thani", "country": "QA"},
            {"name": "French President Emmanuel Macron", "country": "FR"},
        ],
        "date": "2023-10-20",  # the model's guess
        "duration_minutes": 30,  # not stated
        "topics": ["Gaza"],
        "evidence": ["exchanged views by telephone on Monday on the latest developments in Gaza"],
    }
    data.update(over)
    return Call.model_validate(data)


def test_a_kept_call_gets_the_date_from_its_sentence_and_the_dateline_and_no_invented_duration():
    verdict = check_call(model_call(), ARTICLE, DB)
    assert verdict.call is not None and verdict.reason is None
    assert verdict.call.date == "2023-10-16"  # "on Monday" against the dateline
    assert verdict.call.duration_minutes is None  # the model said 30; the article states no length
    assert verdict.call.topics == ["Gaza"]


def test_a_duration_the_article_states_elsewhere_is_kept():
    article = Article(id="d", text=ARTICLE.text + "\nThe conversation lasted 30 minutes.")
    assert check_call(model_call(), article, DB).call.duration_minutes == 30


def test_a_call_whose_evidence_is_not_in_the_article_is_rejected_even_if_it_reads_like_a_call():
    article = Article(id="v", text="PARIS - Macron will visit Berlin next week, the Elysee said.")
    invented = model_call(evidence=["Macron spoke by phone with Scholz on Monday."])
    verdict = check_call(invented, article, DB)
    assert verdict.call is None and "not in the article" in verdict.reason


def test_a_headline_without_a_full_stop_does_not_lend_its_phone_to_the_next_line():
    article = Article(id="h", text="Macron and Putin discuss Iran by phone\nThe two leaders will talk again next week.")
    planned = model_call(evidence=["The two leaders will talk again next week."])
    assert check_call(planned, article, DB).call is None


def test_someone_who_tells_of_the_call_already_told_is_not_on_it():
    article = Article(
        id="m",
        text=(
            "Joe Biden spoke by telephone on Wednesday with Javier Milei and congratulated him.\n\n"
            "The future foreign minister, Diana Mondino, told the press that the conversation was very friendly."
        ),
    )
    teller = model_call(
        participants=[{"name": "Joe Biden"}, {"name": "Diana Mondino"}],
        evidence=["Diana Mondino, told the press that the conversation was very friendly."],
    )
    assert check_call(teller, article, DB).call is None


def test_evidence_that_names_one_of_two_and_refers_to_no_other_does_not_vouch_for_the_call():
    article = Article(
        id="o",
        text=(
            "Jacques Chirac had invited Vladimir Putin to a dinner in Riga.\n\n"
            "Indeed, Chirac's office had last week telephoned the German Chancellery to inform Angela Merkel."
        ),
    )
    office = model_call(
        participants=[{"name": "Vladimir Putin"}, {"name": "Angela Merkel"}],
        evidence=["Chirac's office had last week telephoned the German Chancellery to inform Angela Merkel."],
    )
    verdict = check_call(office, article, DB)
    assert verdict.call is None and "refers to no other" in verdict.reason


def test_titles_are_stripped_from_names_the_actor_data_does_not_know():
    verdict = check_call(model_call(), ARTICLE, DB)
    names = [p.name for p in verdict.call.participants]
    assert "Emmanuel Macron" in names
    assert not any(n.startswith(("His Highness", "French President")) for n in names)


def test_an_abbreviation_and_a_title_before_a_name_are_stripped():
    article = Article(id="a", text="PA Chairman Arafat telephoned PM Netanyahu today to express his condolences.")
    call = model_call(
        participants=[{"name": "PM Netanyahu"}, {"name": "PA Chairman Arafat"}],
        evidence=["PA Chairman Arafat telephoned PM Netanyahu today"],
    )
    names = [p.name for p in check_call(call, article, DB).call.participants]
    assert names[1] == "Arafat"


def test_a_call_whose_evidence_is_a_decoy_is_rejected():
    article = Article(id="b", text="The Amir will call President Macron next week, the Amiri Diwan said.")
    verdict = check_call(model_call(evidence=["The Amir will call President Macron next week"]), article, DB)
    assert verdict.call is None and verdict.reason


def test_a_call_left_with_one_person_after_names_are_merged_is_rejected():
    call = model_call(participants=[{"name": "Emmanuel Macron"}, {"name": "President Emmanuel Macron"}])
    verdict = check_call(call, ARTICLE, DB)
    assert verdict.call is None and "two" in verdict.reason


@pytest.mark.parametrize(
    ("name", "person"),
    [
        ("Murtaza Rakhimov", True),
        ("Abdel Fattah al-Burhan", True),
        ("Ursula von der Leyen", True),
        ("King Mohammed VI", True),
        ("French leaders", False),  # a group
        ("Downing Street", False),  # an institution
        ("United States", False),  # a country
        ("British Prime Minister", False),  # a title alone
        ("COAS", False),  # an office's acronym (the Chief of Army Staff)
        ("Evacuations of foreign diplomats from Sudan are set to begin", False),  # a phrase
    ],
)
def test_a_model_participant_must_look_like_a_named_person(name, person):
    assert looks_like_person(name, DB) is person


def test_a_models_participant_who_is_a_title_or_a_group_is_dropped_and_of_country_is_read_as_the_country():
    article = Article(
        id="c",
        text="RABAT - King Mohammed VI received a phone call from Prince Hassan Ibn Talal of Jordan and from the "
        "French leaders on Tuesday.",
    )
    names = [{"name": "Mohammed VI"}, {"name": "Hassan Ibn Talal of Jordan"}]
    call = check_call(model_call(participants=names, evidence=[article.text[8:70]]), article, DB).call
    assert call is not None and [(p.name, p.country) for p in call.participants][1] == ("Hassan Ibn Talal", "JO")
    groups = [{"name": "Mohammed VI"}, {"name": "French leaders"}]
    assert check_call(model_call(participants=groups, evidence=[article.text[8:70]]), article, DB).call is None


def test_a_models_participant_must_be_named_near_the_sentence_that_reports_the_call():
    article = Article(
        id="d",
        text="Madeleine Albright warned Belgrade on Monday. Talks resumed in France. Officials met in Brussels. "
        "Yeltsin told Clinton during a telephone conversation that Russia would not let them touch Kosovo.",
    )
    evidence = ["Yeltsin told Clinton during a telephone conversation"]
    far = [{"name": "Madeleine Albright"}, {"name": "Boris Yeltsin"}]
    assert check_call(model_call(participants=far, evidence=evidence), article, DB).call is None
    near = [{"name": "Bill Clinton"}, {"name": "Boris Yeltsin"}]
    assert check_call(model_call(participants=near, evidence=evidence), article, DB).call is not None


def test_the_sentence_decides_who_placed_the_call_over_the_models_guess() -> None:
    article = Article(id="t", text="Vladimir Putin phoned Emmanuel Macron on Monday.", published="2022-03-01")
    proposed = Call.model_validate(
        {
            "participants": [{"name": "Vladimir Putin"}, {"name": "Emmanuel Macron"}],
            "initiator": "Emmanuel Macron",
            "evidence": ["Vladimir Putin phoned Emmanuel Macron on Monday."],
        }
    )
    verdict = check_call(proposed, article, ActorDB())
    assert verdict.call is not None and verdict.call.initiator == "Vladimir Putin"


def test_a_spokesperson_the_model_puts_on_a_call_is_dropped():
    text = (
        "MOSCOW - Vladimir Putin spoke by phone with Nikol Pashinyan on Monday, Kremlin spokesman Dmitry Peskov said."
    )
    article = Article(id="s", text=text)
    call = model_call(
        participants=[{"name": "Dmitry Peskov"}, {"name": "Nikol Pashinyan"}, {"name": "Vladimir Putin"}],
        evidence=["Vladimir Putin spoke by phone with Nikol Pashinyan on Monday"],
    )
    verdict = check_call(call, article, DB)
    assert [p.name for p in verdict.call.participants] == ["Nikol Pashinyan", "Vladimir Putin"]
    # "spokesman said Obama ...": the one after "said" is not the spokesman
    article = Article(id="o", text="A White House spokesman said Barack Obama phoned Vladimir Putin on Monday.")
    call = model_call(
        participants=[{"name": "Barack Obama"}, {"name": "Vladimir Putin"}],
        evidence=["Barack Obama phoned Vladimir Putin on Monday"],
    )
    assert len(check_call(call, article, DB).call.participants) == 2


def test_callers_of_counterparts_the_article_does_not_name_are_no_call_between_them():
    text = "WASHINGTON - George W. Bush, Dick Cheney and Colin Powell called more than a dozen leaders on Sunday."
    call = model_call(
        participants=[{"name": "George W. Bush"}, {"name": "Dick Cheney"}, {"name": "Colin Powell"}],
        evidence=["George W. Bush, Dick Cheney and Colin Powell called more than a dozen leaders on Sunday."],
    )
    verdict = check_call(call, Article(id="c", text=text), DB)
    assert verdict.call is None and "callers" in verdict.reason


def test_a_call_the_next_sentence_says_went_unanswered_is_rejected():
    text = (
        'KYIV - "Today I initiated a telephone conversation with the President of the Russian Federation. '
        'The result: silence," Volodymyr Zelensky said of Vladimir Putin.'
    )
    call = model_call(
        participants=[{"name": "Volodymyr Zelensky"}, {"name": "Vladimir Putin"}],
        evidence=["Today I initiated a telephone conversation with the President of the Russian Federation."],
    )
    verdict = check_call(call, Article(id="u", text=text), DB)
    assert verdict.call is None and "not taken" in verdict.reason


def test_a_call_whose_sentence_tells_of_no_one_is_rejected():
    text = (
        "Obama tweets his congrats to Michael Phelps\n"
        "LONDON - The congratulatory telegram is so last century, the congratulatory phone call so last decade."
    )
    call = model_call(
        participants=[{"name": "Barack Obama"}, {"name": "Michael Phelps"}],
        evidence=["The congratulatory telegram is so last century, the congratulatory phone call so last decade."],
    )
    verdict = check_call(call, Article(id="p", text=text), DB)
    assert verdict.call is None and "anyone" in verdict.reason
    # a pronoun or a title is enough: "he phoned the president"
    text = "Barack Obama won the race.\nLONDON - On Monday he phoned the president of Kenya, Uhuru Kenyatta."
    call = model_call(
        participants=[{"name": "Barack Obama"}, {"name": "Uhuru Kenyatta"}],
        evidence=["On Monday he phoned the president of Kenya, Uhuru Kenyatta."],
    )
    assert check_call(call, Article(id="q", text=text), DB).call is not None


def test_people_a_models_call_names_get_the_roles_and_countries_the_article_gives_them() -> None:
    rules = RulesExtractor()
    article = Article(
        id="d",
        text="MOSCOW, July 3, 2002 - Russian President Vladimir Putin spoke by telephone with French President "
        "Jacques Chirac on Tuesday.",
        published="2002-07-03",
    )
    named = Call(
        participants=[Participant(name="Vladimir Putin"), Participant(name="Jacques Chirac", role="host")],
        evidence=["Russian President Vladimir Putin spoke by telephone with French President Jacques Chirac"],
    )
    (call,) = rules.describe(article, [named])
    assert [(p.role, p.country) for p in call.participants] == [("President of Russia", "RU"), ("host", "FR")]
    assert call.evidence == named.evidence  # only who the people are changes


def test_the_day_a_readout_title_ends_on_is_its_page_not_the_call():
    title = "PM call with Prime Minister Trudeau of Canada: 15 October 2024"
    body = "Prime Minister Keir Starmer spoke to Canadian Prime Minister Justin Trudeau by phone yesterday evening."
    article = Article(id="t", text=f"{title}\n\n{body}", published="2024-10-15")
    call = Call.model_validate(
        {"participants": [{"name": "Keir Starmer"}, {"name": "Justin Trudeau"}], "evidence": [title, body]}
    )
    verdict = check_call(call, article, DB)
    assert verdict.call is not None and verdict.call.date == "2024-10-14"  # "yesterday evening", not the title's day
