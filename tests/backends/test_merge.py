"""Whether two records are one call: the hybrid keeps a call the model proposes only when it is new."""

from __future__ import annotations

from llmextract.backends.merge import same_call
from llmextract.tasks.calls.schema import Call, Participant


def call(*names: str, date: str | None = None) -> Call:
    return Call(participants=[Participant(name=n) for n in names], date=date, evidence=["They spoke by phone."])


def test_one_call_is_the_same_people_with_no_dates_that_differ() -> None:
    assert same_call(call("Joe Biden", "Xi Jinping", date="2021-09-09"), call("Biden", "Xi Jinping"))
    assert same_call(
        call("Joe Biden", "Xi Jinping", date="2021-09"), call("Joe Biden", "Xi Jinping", date="2021-09-09")
    )
    assert not same_call(
        call("Joe Biden", "Xi Jinping", date="2021-09-09"), call("Joe Biden", "Xi Jinping", date="2021-02-10")
    )
    assert not same_call(call("Joe Biden", "Xi Jinping"), call("Joe Biden", "Vladimir Putin"))


def test_two_spellings_of_one_actor_are_one_person() -> None:
    # the article's "Zelenskyy" and the dictionary's "Zelensky": the model's call is the rules' call again
    assert same_call(call("Volodymyr Zelenskyy", "Emmanuel Macron"), call("Volodymyr Zelensky", "Emmanuel Macron"))
    # names the dictionary does not give as one actor are other people, however alike
    assert not same_call(call("Kim Jong Un", "Xi Jinping"), call("Kim Jong Il", "Xi Jinping"))
    assert not same_call(call("Joe Biden", "Xi Jinping"), call("Hunter Biden", "Xi Jinping"))
