"""The Grafana dashboard in deploy/grafana: well-formed, and every query on Sextant's own series. Whether each
series exists is checked against a live scrape by the server's MetricsEndpointTest."""
import json
import re
from pathlib import Path

DASHBOARD = Path(__file__).resolve().parents[2] / "deploy" / "grafana" / "sextant-dashboard.json"


def dashboard():
    return json.loads(DASHBOARD.read_text())


def test_the_dashboard_has_a_stable_uid_and_a_data_source_variable():
    board = dashboard()
    assert board["uid"] == "sextant-overview" and board["title"]
    variables = {variable["name"]: variable for variable in board["templating"]["list"]}
    assert variables["datasource"]["type"] == "datasource" and variables["datasource"]["query"] == "prometheus"


def test_panels_have_unique_ids_and_fit_the_grid():
    panels = dashboard()["panels"]
    assert len({panel["id"] for panel in panels}) == len(panels)
    for panel in panels:
        grid = panel["gridPos"]
        assert grid["x"] + grid["w"] <= 24


def test_every_query_uses_the_data_source_variable_and_known_series():
    queries = [(panel, target) for panel in dashboard()["panels"] for target in panel.get("targets", [])]
    assert len(queries) >= 20
    for panel, target in queries:
        assert target["datasource"]["uid"] == "${datasource}", panel["title"]
        names = re.findall(r"\b([a-z_]+_[a-z0-9_]+)\{", target["expr"])
        assert names, target["expr"]
        for name in names:
            assert name.startswith(("sextant_", "jvm_", "process_")), name
        assert 'instance=~"$instance"' in target["expr"], target["expr"]
