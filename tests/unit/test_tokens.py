from coffeechat import tokens


def test_count_and_trim():
    text = "informational interviews help you explore careers " * 50
    assert tokens.count(text) > 100
    assert tokens.count(tokens.trim(text, 20)) <= 20
    assert tokens.trim("short", 20) == "short"


def test_fit_turns_keeps_the_most_recent():
    turns = [f"turn {i} " + "word " * 30 for i in range(20)]
    kept = tokens.fit_turns(turns, 200)
    assert kept and kept[-1] == turns[-1]
    assert sum(tokens.count(t) for t in kept) <= 200
    assert turns[0] not in kept
