"""`readysim audit` and `validate` on the default district, as a planner runs them."""
import csv
import io
import json

import pytest

DISTRICT = "scenarios/yunlianghu/scenario.yaml"


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_audit_has_19_rows_in_every_format(run_cli, source_dir, lang):
    scenario = source_dir / DISTRICT
    rows_json = json.loads(run_cli("audit", scenario, "--lang", lang, "--format", "json").stdout)
    assert [r["id"] for r in rows_json] == [f"R{i}" for i in range(1, 20)]
    rows_csv = list(csv.DictReader(io.StringIO(run_cli("audit", scenario, "--lang", lang, "--format", "csv").stdout)))
    assert [r["id"] for r in rows_csv] == [f"R{i}" for i in range(1, 20)]
    assert [r["status"] for r in rows_csv] == [r["status"] for r in rows_json]
    text = run_cli("audit", scenario, "--lang", lang).stdout
    for i in range(1, 20):
        assert f"\nR{i} " in text
    assert {r["status"] for r in rows_json} <= {"met", "not_met", "not_expressible"}


def test_chinese_wording_comes_from_the_catalogue(run_cli, source_dir):
    rows = json.loads(run_cli("audit", source_dir / DISTRICT, "--lang", "zh", "--format", "json").stdout)
    by_id = {r["id"]: r for r in rows}
    assert "1车4人" in by_id["R18"]["requirement"]
    assert by_id["R18"]["status_text"] == "达标"
    assert "九个一" in by_id["R10"]["requirement"]


def test_validate_default_district(run_cli, source_dir):
    out = run_cli("validate", source_dir / DISTRICT).stdout
    assert "valid" in out and "38 settlements (12036 people)" in out


def test_print_effective_fills_defaults(run_cli, source_dir):
    out = run_cli("validate", "--print-effective", source_dir / DISTRICT).stdout
    assert "crew_per_engine: 4" in out and "dispatch: nearest_free_engine" in out


def test_usage_errors_exit_2(run_cli, source_dir):
    assert run_cli("audit", source_dir / DISTRICT, "--lang", "fr", check=False).returncode == 2
    assert run_cli("frobnicate", check=False).returncode == 2
    assert run_cli("routes", source_dir / DISTRICT, "--from", "nowhere", check=False).returncode == 2
