"""`eventetl export`: the clean BI tables as Parquet or CSV files, read from the published snapshot."""

from __future__ import annotations

from pathlib import Path

import duckdb
import pytest
from conftest import query
from ops_helpers import eventetl

from warehouse.database import Warehouse
from warehouse.export import EXPORTED_RELATIONS, SnapshotMissing, export_tables


@pytest.mark.slow
def test_export_writes_every_clean_table_in_both_formats(seeded_warehouse: Path, tmp_path: Path) -> None:
    snapshot = Warehouse.at(seeded_warehouse).publish_snapshot()
    expected = {name: query(snapshot, f"SELECT count(*) FROM {name}")[0][0] for name in EXPORTED_RELATIONS}
    assert expected["fact_events"] > 0

    parquet = export_tables(Warehouse.at(seeded_warehouse), tmp_path / "parquet", "parquet")
    assert [p.name for p in parquet] == [f"{name}.parquet" for name in EXPORTED_RELATIONS]

    result = eventetl(
        "export", "--format", "csv", "--db", str(seeded_warehouse), "--out", str(tmp_path / "csv")
    )
    assert result.exit_code == 0, result.stderr
    csv = [Path(line) for line in result.stdout.split()]
    assert [p.name for p in csv] == [f"{name}.csv" for name in EXPORTED_RELATIONS]

    con = duckdb.connect()
    try:
        for name in EXPORTED_RELATIONS:
            for path, reader in (
                (tmp_path / "parquet" / f"{name}.parquet", "read_parquet"),
                (tmp_path / "csv" / f"{name}.csv", "read_csv"),
            ):
                assert con.execute(f"SELECT count(*) FROM {reader}(?)", [str(path)]).fetchone() == (
                    expected[name],
                ), path
        columns = [
            r[0] for r in con.execute("DESCRIBE SELECT * FROM read_parquet(?)", [str(parquet[0])]).fetchall()
        ]
    finally:
        con.close()
    assert columns == [r[0] for r in query(snapshot, "DESCRIBE fact_events")]
    assert list(tmp_path.glob("**/.*.tmp")) == []


def test_export_without_a_snapshot_says_to_run_first(tmp_path: Path) -> None:
    with pytest.raises(SnapshotMissing, match="run `eventetl run`"):
        export_tables(Warehouse.at(tmp_path / "events.duckdb"), tmp_path / "out", "csv")
    result = eventetl("export", "--format", "xlsx", "--db", str(tmp_path / "events.duckdb"))
    assert result.exit_code == 2 and "parquet, csv" in result.stderr
