"""`sextant export` and GET /api/v1/experiments/{id}/export: read back by pandas and DuckDB, compared with the API."""
from __future__ import annotations

import io
import math

import duckdb
import pandas as pd
import pytest

import mlflow_data
import sextant


@pytest.fixture(scope="module")
def imported(tmp_path_factory):
    root = tmp_path_factory.mktemp("export")
    mlflow_data.fill((root / "mlruns").as_uri(), root / "scratch")
    data = root / "sextant-data"
    sextant.run("import", "mlflow", "--from", str(root / "mlruns"), "--data-dir", str(data))
    return data


def expected(server, experiment):
    runs = server.runs(server.experiments()[experiment]["experiment_id"])
    points = sorted((run["run_id"], key, step, ts, value)
                    for run in runs for key in run["metrics"] for step, ts, value in server.points(run["run_id"], key))
    return {run["run_id"]: run for run in runs}, points


def same_text(cell, text: str) -> bool:
    """A CSV reader types a column of numbers as numbers ("1" reads back as 1.0): compare those by value."""
    if str(cell) == text:
        return True
    try:
        return float(cell) == float(text)
    except ValueError:
        return False


def check(runs_table: pd.DataFrame, metrics_table: pd.DataFrame, runs: dict, points: list) -> None:
    assert set(runs_table["run_id"]) == set(runs)
    for row in runs_table.to_dict("records"):
        run = runs[row["run_id"]]
        assert row["name"] == run["name"] and row["status"] == run["status"]
        assert pd.Timestamp(row["start_time"]).value // 1_000_000 == run["start_time_ms"]
        for key, value in run["params"].items():
            assert same_text(row[f"params.{key}"], value), key
        for key, summary in run["metrics"].items():
            for stat in ("last", "min", "max"):
                want, got = float(summary[stat]), float(row[f"metrics.{key}.{stat}"])
                assert (math.isnan(want) and math.isnan(got)) or want == got, (key, stat)
    rows = sorted((r["run_id"], r["key"], int(r["step"]), pd.Timestamp(r["timestamp"]).value // 1_000_000, float(r["value"]))
                  for r in metrics_table.to_dict("records"))
    assert sextant.same_points([p[2:] for p in points], [r[2:] for r in rows])
    assert [p[:2] for p in points] == [r[:2] for r in rows]


def test_parquet_and_csv_files_read_by_pandas_and_duckdb_hold_every_run_and_point(imported, tmp_path):
    for fmt in ("parquet", "csv"):
        sextant.run("export", "--experiment", "vision", "--format", fmt, "--to", str(tmp_path / fmt), "--data-dir", str(imported))
    with sextant.Server(imported) as server:
        runs, points = expected(server, "vision")
    for fmt, read in (("parquet", pd.read_parquet), ("csv", pd.read_csv)):
        check(read(tmp_path / fmt / f"runs.{fmt}"), read(tmp_path / fmt / f"metrics.{fmt}"), runs, points)
    # DuckDB's CSV sniffer takes a column whose only value is "-inf" for a DATE (-infinity): no DATE candidates.
    csv = "read_csv('{}', auto_type_candidates=['BIGINT', 'DOUBLE', 'TIMESTAMP', 'VARCHAR'])"
    for fmt, source in (("parquet", "'{}'"), ("csv", csv)):
        table = duckdb.sql("SELECT * FROM " + source.format(tmp_path / fmt / ("metrics." + fmt))).df()
        check(duckdb.sql("SELECT * FROM " + source.format(tmp_path / fmt / ("runs." + fmt))).df(), table, runs, points)
        assert duckdb.sql(f"SELECT count(*) FROM '{tmp_path / fmt / ('metrics.' + fmt)}'").fetchall()[0][0] == len(points)


def test_the_http_export_streams_the_same_tables(imported):
    with sextant.Server(imported) as server:
        runs, points = expected(server, "vision")
        experiment_id = server.experiments()["vision"]["experiment_id"]
        for fmt, read in (("parquet", pd.read_parquet), ("csv", pd.read_csv)):
            tables = [read(io.BytesIO(server.raw(f"/api/v1/experiments/{experiment_id}/export?format={fmt}&table={t}")))
                      for t in ("runs", "metrics")]
            check(*tables, runs, points)
