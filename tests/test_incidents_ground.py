"""Incidents of ground changing hands, undated reports, and the claims an incident's reports make.

Literal multi-document tests: a gain of ground reported again on later days (ground held), a loss
of ground as the converse of a gain, an undated report joining the one incident it fits, and the
numbers that count an incident's own slots (``fact_claims``).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from test_incidents import DEFAULT, MONDAY, document, extracted, incident_documents, load

from expectations.suites import QualityChecks
from flows.stages import join_incidents
from warehouse.db import open_warehouse

CAPTURE = "Syrian troops captured the town of Maarat al-Numan in Idlib province on Monday."
"""A gain of ground (CAMEO 192, occupy territory) by SYR MIL, dated by its text."""


def joined(nlp, fresh_warehouse: Path, texts: Sequence[tuple[str, dt.date | None]]) -> set[frozenset[str]]:
    """The documents (named d0.txt, d1.txt, ...) of each incident of more than one document, after one load."""
    documents = [document(f"d{i}.txt", text, published) for i, (text, published) in enumerate(texts)]
    with open_warehouse(fresh_warehouse) as con:
        load(con, documents, extracted(nlp, documents))
        join_incidents(con, DEFAULT)
        return incident_documents(con)


def reasons(fresh_warehouse: Path) -> set[str]:
    with open_warehouse(fresh_warehouse) as con:
        return {reason for (reason,) in con.execute("SELECT reason FROM incident_events").fetchall()}


BOTH = {frozenset({"d0.txt", "d1.txt"})}


@pytest.mark.parametrize(
    ("later", "days_later", "joins"),
    [
        # the army holds the town it took: reported five days on, still the same seizure
        ("Syrian troops captured the town of Maarat al-Numan in Idlib province.", 5, True),
        # another side taking the town is another event
        ("Turkish troops captured the town of Maarat al-Numan in Idlib province.", 5, False),
        # beyond the range (7 days) a seizure is a new one
        ("Syrian troops captured the town of Maarat al-Numan in Idlib province.", 10, False),
    ],
    ids=["same side, five days on", "other side", "beyond the range"],
)
def test_ground_taken_is_held_so_later_reports_join_it(
    fresh_warehouse: Path, nlp, later: str, days_later: int, joins: bool
) -> None:
    incidents = joined(
        nlp, fresh_warehouse, [(CAPTURE, MONDAY), (later, MONDAY + dt.timedelta(days=days_later))]
    )
    assert (incidents == BOTH) is joins
    if joins:
        assert any("ground held" in reason for reason in reasons(fresh_warehouse))


def test_an_attack_is_not_held_ground_its_later_reports_stay_apart(fresh_warehouse: Path, nlp) -> None:
    # The same five days that join a seizure keep two shellings apart: only ground persists.
    incidents = joined(
        nlp,
        fresh_warehouse,
        [
            ("Syrian troops shelled rebel positions in Idlib on Monday.", MONDAY),
            ("Syrian troops shelled rebel positions in Idlib.", MONDAY + dt.timedelta(days=5)),
        ],
    )
    assert incidents == set()


@pytest.mark.parametrize(
    ("loss", "joins"),
    [
        # the rebels' withdrawal is the army's capture seen from the losing side
        ("Rebel fighters withdrew from Maarat al-Numan in Idlib province on Monday.", True),
        ("Rebels surrendered the town of Maarat al-Numan in Idlib province on Monday.", True),
        # the side that took the town withdrawing from it is not the converse of its own gain
        ("Syrian troops withdrew from Maarat al-Numan in Idlib province on Monday.", False),
        # nobody known gave anything up: no side's loss
        ("They withdrew from Maarat al-Numan in Idlib province on Monday.", False),
    ],
    ids=["rebels withdrew", "rebels surrendered", "the gainer withdrew", "unknown side"],
)
def test_a_loss_of_ground_joins_the_gain_it_is_the_converse_of(
    fresh_warehouse: Path, nlp, loss: str, joins: bool
) -> None:
    assert (joined(nlp, fresh_warehouse, [(CAPTURE, MONDAY), (loss, MONDAY)]) == BOTH) is joins
    if joins:
        with open_warehouse(fresh_warehouse) as con:
            row = con.execute(
                "SELECT i.event_type = e.event_type, i.actor_name, i.actor_country, i.actor_sector "
                "FROM incidents i JOIN events e ON e.cameo_code LIKE '192%' WHERE i.document_count = 2"
            ).fetchone()
        # the incident is the gain (its type and actor); the loser's report tells who lost, not who acted
        assert row == (True, "Syrian armed forces", "SYR", "MIL")
        assert any("converse change of ground" in reason for reason in reasons(fresh_warehouse))


def test_a_loss_at_another_place_stays_apart(fresh_warehouse: Path, nlp) -> None:
    loss = "Rebel fighters withdrew from Khan Sheikhoun in Hama province on Monday."
    assert joined(nlp, fresh_warehouse, [(CAPTURE, MONDAY), (loss, MONDAY)]) == set()


def test_a_loss_two_sides_claim_to_have_gained_joins_neither(fresh_warehouse: Path, nlp) -> None:
    # Two sides say they took the town: the rebels' withdrawal could be the converse of either, and
    # joining it to both would make the two claims one incident.
    texts = [
        (CAPTURE, MONDAY),
        ("Turkish troops captured the town of Maarat al-Numan in Idlib province on Monday.", MONDAY),
        ("Rebel fighters withdrew from Maarat al-Numan in Idlib province on Monday.", MONDAY),
    ]
    assert joined(nlp, fresh_warehouse, texts) == set()


UNDATED_CAPTURE = "Syrian troops captured the town of Maarat al-Numan in Idlib province."


@pytest.mark.parametrize(
    ("undated", "dated", "joins"),
    [
        # its one fitting incident
        (UNDATED_CAPTURE, [CAPTURE], True),
        # the losing side's undated report fits the gain as its converse
        ("The rebels withdrew from Maarat al-Numan in Idlib province.", [CAPTURE], True),
        # another side: fits nothing
        ("Turkish troops captured the town of Maarat al-Numan in Idlib province.", [CAPTURE], False),
        # two captures of the town three weeks apart: it could be either, so it joins neither
        (UNDATED_CAPTURE, [CAPTURE, CAPTURE.replace("on Monday", "on Sunday")], False),
    ],
    ids=["one fitting incident", "converse", "other side", "fits two incidents"],
)
def test_an_undated_report_joins_the_one_incident_it_fits(
    fresh_warehouse: Path, nlp, undated: str, dated: list[str], joins: bool
) -> None:
    # d0 has no publication date and its text gives none; the dated reports are three weeks apart.
    texts = [(undated, None)] + [(text, MONDAY + dt.timedelta(days=20 * i)) for i, text in enumerate(dated)]
    incidents = joined(nlp, fresh_warehouse, texts)
    assert any("d0.txt" in documents for documents in incidents) is joins
    if joins:
        assert incidents == BOTH
        assert any("undated report, the one incident it fits" in r for r in reasons(fresh_warehouse))


def claims(fresh_warehouse: Path, nlp, texts: list[str]) -> list[tuple[str, str, float, bool, bool]]:
    """fact_claims of the incidents of one load of ``texts`` (all published on MONDAY), validated by the gate."""
    from expectations.validate import validate_warehouse

    documents = [document(f"d{i}.txt", text, MONDAY) for i, text in enumerate(texts)]
    with open_warehouse(fresh_warehouse) as con:
        load(con, documents, extracted(nlp, documents))
        join_incidents(con, DEFAULT)
        validate_warehouse(con, run_id="r1", checks=QualityChecks(None, None, 365, 1))
        rows = con.execute(
            "SELECT c.unit, c.text, c.value, c.is_approximate, c.conflict FROM fact_claims c "
            "JOIN incidents i USING (incident_id) WHERE i.document_count = 2 ORDER BY c.unit, c.value"
        ).fetchall()
    return [(unit, text, value, approximate, conflict) for unit, text, value, approximate, conflict in rows]


def test_claims_count_the_incidents_own_slot(fresh_warehouse: Path, nlp) -> None:
    # "more than 3,000" counts the homeless the shelling made, not its dead: no claim of the killing.
    rows = claims(
        fresh_warehouse,
        nlp,
        [
            "The shelling of Idlib on Monday killed 12 people and made more than 3,000 homeless.",
            "Government forces shelled rebel positions in Idlib on Monday, killing 15 people.",
        ],
    )
    assert [(unit, text, conflict) for unit, text, _, _, conflict in rows] == [
        ("person", "12", True),
        ("person", "15", True),
    ]


def test_shares_claimed_by_two_reports_conflict_and_approximations_stay_approximate(
    fresh_warehouse: Path, nlp
) -> None:
    rows = claims(
        fresh_warehouse,
        nlp,
        [
            "Syrian troops captured 98 percent of eastern Aleppo on Monday.",
            "Syrian troops captured more than 90 percent of eastern Aleppo on Monday.",
        ],
    )
    assert rows == [
        ("percent", "more than 90 percent", 90.0, True, True),
        ("percent", "98 percent", 98.0, False, True),
    ]


GROUND_DOCUMENTS = [
    document("g0.txt", CAPTURE, MONDAY),
    document("g1.txt", "Rebel fighters withdrew from Maarat al-Numan in Idlib province on Monday.", MONDAY),
    document("g2.txt", UNDATED_CAPTURE, None),
    document("g3.txt", UNDATED_CAPTURE, MONDAY + dt.timedelta(days=5)),
    document("g4.txt", "Turkish troops captured the town of Maarat al-Numan in Idlib province.", None),
]
"""A seizure, its converse, an undated report of it, the army holding the town, another side's undated claim."""


@pytest.fixture(scope="module")
def ground_extraction(nlp):
    return extracted(nlp, GROUND_DOCUMENTS)


@settings(max_examples=4, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(order=st.permutations(GROUND_DOCUMENTS), batches=st.integers(1, 5))
def test_ground_and_undated_joins_do_not_depend_on_the_load_order(
    tmp_path_factory: pytest.TempPathFactory, ground_extraction, order: list, batches: int
) -> None:
    def memberships(db: Path, loads: list[list]) -> tuple[set[tuple], set[frozenset[str]]]:
        with open_warehouse(db) as con:
            for number, documents in enumerate(loads):
                load(con, documents, ground_extraction, run_id=f"r{number}")
                join_incidents(con, DEFAULT)
            rows = con.execute("SELECT incident_id, event_id, score, reason FROM incident_events").fetchall()
            return set(rows), incident_documents(con)

    batched = [order[start : start + batches] for start in range(0, len(order), batches)]
    expected, documents = memberships(tmp_path_factory.mktemp("reference") / "w.duckdb", [GROUND_DOCUMENTS])
    # the seizure, its converse, its undated report and the army holding the town: one incident; the
    # other side's undated claim fits no incident of its side and stays out
    assert documents == {frozenset({"g0.txt", "g1.txt", "g2.txt", "g3.txt"})}
    assert memberships(tmp_path_factory.mktemp("order") / "w.duckdb", batched)[0] == expected
