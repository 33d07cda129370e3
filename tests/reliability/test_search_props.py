"""Search queries with anything in them (FTS5 syntax included) never break the lookup.

``search_customers`` and ``search.match_ids`` quote every token, so ``"``, ``*``, ``(``,
``NEAR``, ``-``, ``^``, ``:``, ``AND``/``OR``/``NOT`` are plain text to them.
"""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from crm_tui.db import close_database, open_database, search
from crm_tui.domain.customers import CustomerInput, create_customer, search_customers

SYNTAX = [
    '"',
    "*",
    "(",
    ")",
    "NEAR",
    "NEAR(",
    "-",
    "^",
    ":",
    "AND",
    "OR",
    "NOT",
    "+",
    "{",
    "}",
    "'",
    "\\",
    "%",
    "_",
    "[",
    "]",
    "\x00",
    "/",
    ",",
    ".",
    "words:",
    "rowid:",
]

QUERY = st.one_of(
    st.text(max_size=30),
    st.lists(
        st.one_of(
            st.sampled_from(SYNTAX),
            st.sampled_from(
                ["Işık", "şükrü", "IŞIK", "ibrahim", "İBRAHİM", "0532", "123 45", "+90"]
            ),
            st.text(alphabet="abcçğıiİöşüAZ0123456789", min_size=1, max_size=6),
        ),
        max_size=8,
    ).map(" ".join),
    st.lists(st.sampled_from(SYNTAX), max_size=6).map("".join),
)

PEOPLE = [
    ("Şükrü Işık", "0532 123 45 67", "Muğla"),
    ("İbrahim Çelik", "0533 765 43 21", "İzmir"),
    ("Ayşe NEAR Öztürk", "0542 111 22 33", "Ankara"),  # a name with an FTS keyword in it
    ('Oğuz "Usta" Doğan', "0505 999 88 77", "Bursa"),
    ("AND OR NOT Ltd.", "0212 444 55 66", "İstanbul"),
]


@pytest.fixture(scope="module")
def search_db_path(tmp_path_factory):
    path = tmp_path_factory.mktemp("search") / "search.sqlite3"
    open_database(path)
    ids = {}
    for name, phone, city in PEOPLE:
        ids[name] = create_customer(
            CustomerInput(name=name, phones=[("mobile", phone)], city=city)
        ).id
    close_database()
    return path, ids


@pytest.fixture
def search_db(search_db_path):
    path, ids = search_db_path
    open_database(path)
    yield ids
    close_database()


PROPS = settings(
    max_examples=200,
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)


@PROPS
@given(QUERY)
def test_any_query_is_answered(search_db, text):
    hits = search_customers(text)
    assert isinstance(hits, list)
    assert all(h.id in search_db.values() for h in hits)
    ids = search.match_ids(text)
    assert len(ids) == len(set(ids))
    assert search.ranked_ids(text, limit=10) is not None


PUNCTUATION = [s for s in SYNTAX if not any(ch.isalnum() for ch in s)]


@PROPS
@given(
    st.sampled_from(PEOPLE),
    st.lists(st.sampled_from(PUNCTUATION), max_size=4),
    st.lists(st.sampled_from(PUNCTUATION), max_size=4),
    st.booleans(),
)
def test_names_are_found_whatever_syntax_surrounds_them(search_db, person, before, after, glue):
    """FTS operators and quotes around (or stuck to) the name are not syntax: the person is
    found. (Words like NEAR or AND are search words and narrow the result, as they should.)"""
    name = person[0]
    sep = "" if glue else " "
    text = sep.join(["".join(before), name, "".join(after)])
    assert search_db[name] in [h.id for h in search_customers(text)], text
    assert search_db[name] in search.match_ids(text), text


@pytest.mark.parametrize(
    "query, who",
    [
        ("isik", "Şükrü Işık"),
        ("IŞIK", "Şükrü Işık"),
        ('"sukru', "Şükrü Işık"),
        ("sukru*", "Şükrü Işık"),
        ("(ibrahim)", "İbrahim Çelik"),
        ("-celik", "İbrahim Çelik"),
        ("^ibra", "İbrahim Çelik"),
        ("near", "Ayşe NEAR Öztürk"),
        ("NEAR(ayse", "Ayşe NEAR Öztürk"),
        ('"usta"', 'Oğuz "Usta" Doğan'),
        ("and or not", "AND OR NOT Ltd."),
        ("0532 123 45 67", "Şükrü Işık"),
        ("+90 (532) 123-45-67", "Şükrü Işık"),
        ("4567", "Şükrü Işık"),
    ],
)
def test_syntax_characters_are_plain_text(search_db, query, who):
    assert search_db[who] in [h.id for h in search_customers(query)]
    assert search_db[who] in search.match_ids(query)
