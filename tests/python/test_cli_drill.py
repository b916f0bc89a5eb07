"""`readysim drill` as a drill designer runs it: a flood-season drill in both languages, a fire
drill, cuts and merges, and bad arguments that exit 2 with a message saying what to write."""
import csv
import re

import pytest

FLOOD = "scenarios/yunlianghu/flood.yaml"
FIRES = "scenarios/yunlianghu/scenario.yaml"


def read_msel(path):
    with open(path, encoding="utf-8-sig", newline="") as f:
        return list(csv.reader(f))


def minutes(t):
    m = re.fullmatch(r"T([+-])(\d+):(\d\d)", t)
    assert m, t
    value = int(m.group(2)) * 60 + int(m.group(3))
    return value if m.group(1) == "+" else -value


COLUMNS = ["number", "time", "scenario_time", "event", "type", "from", "to", "method", "message",
           "expected_action", "objective", "capability", "target_time", "target_basis", "controller", "evaluator",
           "evaluator_notes", "status", "replication"]


def check_msel(rows):
    """The rows as dicts by the CSV's stable English column names, checked for order and completeness."""
    header, body = rows[0], rows[1:]
    assert header == COLUMNS and body
    body = [dict(zip(header, r)) for r in body]
    times = [minutes(r["time"]) for r in body]
    assert times == sorted(times), "times go backwards"
    assert [int(r["number"]) for r in body] == list(range(1, len(body) + 1))
    assert body[0]["type"] == "start" and body[-1]["type"] == "end"
    for r in body:
        assert r["time"] and r["to"] and r["expected_action"] and r["controller"] and r["evaluator"], r
        assert re.fullmatch(r"R\d+(, R\d+)*", r["objective"]), r
        assert "{" not in r["message"] and "{" not in r["expected_action"]
        if r["target_time"] != "—":
            assert minutes(r["time"]) <= minutes(r["target_time"]) <= times[-1], r
    return body


@pytest.mark.parametrize("lang,title", [("en", "Exercise script"), ("zh", "演练情景事件清单")])
def test_flood_season_drill_in_both_languages(run_cli, source_dir, tmp_path, lang, title):
    out = tmp_path / "drill"
    proc = run_cli("drill", source_dir / FLOOD, "--select", "evac.clearance_time:p90", "-n", "6",
                   "-o", out, "--lang", lang, "--quiet", "--duration", "4h", "--compress")
    assert "replication" in proc.stdout and "ENDEX T+4:00" in proc.stdout
    for name in ("msel", "controller", "evaluator"):
        assert (out / f"{name}.{lang}.md").read_text(encoding="utf-8").startswith("# ")
    body = check_msel(read_msel(out / f"msel.{lang}.csv"))
    keys = {r["type"] for r in body}
    assert {"start", "warning", "breach", "flooding", "road_closed", "end"} <= keys
    html = (out / f"msel.{lang}.html").read_text(encoding="utf-8")
    assert title in html and '<svg class="map"' in html and 'class="packet"' in html
    assert not list(out.glob("*.tmp-*"))


def test_fire_drill(run_cli, source_dir, tmp_path):
    out = tmp_path / "fire"
    run_cli("drill", source_dir / FIRES, "--select", "fire.response_time:p90", "-n", "20", "-o", out, "--quiet")
    body = check_msel(read_msel(out / "msel.en.csv"))
    keys = [r["type"] for r in body]
    assert "fire_alarm" in keys and "engine_on_scene" in keys
    alarm = next(r for r in body if r["type"] == "fire_alarm")
    assert "simulated fires" in alarm["target_basis"] and minutes(alarm["target_time"]) > minutes(alarm["time"])
    evaluator = (out / "evaluator.en.md").read_text(encoding="utf-8")
    assert "## E4 fire brigade" in evaluator and "R18 One engine leaves" in evaluator
    assert "☐ met ☐ partly met ☐ not met" in evaluator  # labelled boxes


def test_cut_drop_and_merge(run_cli, source_dir, tmp_path):
    out = tmp_path / "cut"
    run_cli("drill", source_dir / FLOOD, "--replication", "1", "-n", "6", "-o", out, "--from", "2:00", "--to", "14:00",
            "--drop", "level,road_reopened", "--quiet")
    body = check_msel(read_msel(out / "msel.en.csv"))
    assert all(0 <= minutes(r["time"]) <= 12 * 60 for r in body)
    assert not {"level", "road_reopened"} & {r["type"] for r in body}
    merged = tmp_path / "merged"
    run_cli("drill", source_dir / FLOOD, "--select", "evac.clearance_time:p90", "--select", "evac.stranded:max",
            "-n", "6", "-o", merged, "--duration", "4h", "--compress", "--quiet")
    check_msel(read_msel(merged / "msel.en.csv"))
    assert "worst moment added" in (merged / "msel.en.md").read_text(encoding="utf-8")


def test_merge_that_cuts_the_selected_fire_exits_2(run_cli, source_dir, tmp_path):
    """The README's old merge example dropped its fire silently (issue 20): now it says so."""
    proc = run_cli("drill", source_dir / FLOOD, "--select", "evac.clearance_time:p90", "--select",
                   "fire.response_time:max", "--from", "2:00", "--to", "14:00", "-n", "8", "-o", tmp_path / "x",
                   "--quiet", check=False)
    assert proc.returncode == 2, proc.stderr
    assert "outside the exercise" in proc.stderr and not (tmp_path / "x").exists()


@pytest.mark.parametrize("args,message", [
    (["--select", "evac.clearence_time:p90"], "did you mean 'evac.clearance_time'"),
    (["--select", "evac.clearance_time:p900"], "pNN"),
    (["--select", "evac.clearance_time"], "METRIC:QUANTILE"),
    (["--select", "evac.clearance_time:p90", "--drop", "levels"], "did you mean 'level'"),
    (["--select", "evac.clearance_time:p90", "--from", "5:00", "--to", "4:00"], "window is empty"),
    (["--select", "evac.clearance_time:p90", "--from", "soon"], "--from soon"),
    (["--replication", "9"], "replications 0 to 2"),
    (["--select", "evac.clearance_time:1.5"], "pNN"),
    (["--select", "evac.clearance_time:p90", "--compress"], "--duration"),
    (["--replication", "0", "--from", "0:00", "--to", "0:05"], "no event in this window"),
    ([], "--select METRIC:QUANTILE"),
])
def test_bad_arguments_exit_2(run_cli, source_dir, tmp_path, args, message):
    proc = run_cli("drill", source_dir / FLOOD, "-n", "3", "-o", tmp_path / "x", "--quiet", *args, check=False)
    assert proc.returncode == 2, proc.stderr
    assert message in proc.stderr


def test_no_flood_metric_on_fire_scenario_exits_2(run_cli, source_dir, tmp_path):
    proc = run_cli("drill", source_dir / FIRES, "--select", "evac.clearance_time:p90", "-n", "3",
                   "-o", tmp_path / "x", "--quiet", check=False)
    assert proc.returncode == 2 and "no flood" in proc.stderr


def test_output_that_is_a_file_exits_2(run_cli, source_dir, tmp_path):
    target = tmp_path / "file"
    target.write_text("not a folder")
    proc = run_cli("drill", source_dir / FLOOD, "--select", "evac.stranded:p50", "-n", "2", "-o", target,
                   check=False)
    assert proc.returncode == 2 and "not a directory" in proc.stderr
    assert target.read_text() == "not a folder"
