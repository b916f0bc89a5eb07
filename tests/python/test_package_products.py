"""readysim.audit, size, drill, report and compare_metrics: the command line's products from
Python, giving what the commands give (the same rows, tables and figures), in either language."""
import re

import numpy as np
import pandas as pd
import pytest

import readysim  # a plain import: a broken package fails this file, it is not skipped


@pytest.fixture(scope="module")
def scenario(source_dir):
    return source_dir / "scenarios" / "yunlianghu" / "scenario.yaml"


def test_audit_is_the_commands_json(scenario, run_cli):
    import json
    en = readysim.audit(scenario, lang="en")
    cli = pd.DataFrame(json.loads(run_cli("audit", scenario, "--format", "json", "--lang", "en").stdout)).set_index("id")
    pd.testing.assert_frame_equal(en, cli)
    assert list(en.index) == [f"R{k}" for k in range(1, 20)]
    zh = readysim.audit(scenario, lang="zh")
    assert (zh["status"] == en["status"]).all()  # stable names
    assert zh.loc["R1", "status_text"] == "达标" and en.loc["R1", "status_text"] == "met"
    # overrides reach the audit: R17 counts the brigade's firefighters
    fewer = readysim.audit(scenario, overrides={"resources.staff.brigade_part_time.count": 1}, lang="en")
    assert fewer.loc["R17", "found"] != en.loc["R17", "found"]


def cli_compare_rows(stdout):
    rows = {}
    for line in stdout.splitlines():
        m = re.match(r"^(\S+) \[[^\]]+\]\s+(\S+)\s+(\S+)\s+(\S+)\s+\[(\S+), (\S+)\]", line)
        if m:
            rows[m[1]] = [float(v) for v in m.groups()[1:]]
    return rows


def test_compare_metrics_is_readysim_compare(scenario, run_cli):
    change = {"resources.staff.brigade_part_time.count": 5}
    df = readysim.compare_metrics(scenario, overrides_b=change, replications=20)
    cli = cli_compare_rows(run_cli("compare", scenario, "--set-b", "resources.staff.brigade_part_time.count=5",
                                   "-n", 20, "--lang", "en").stdout)
    assert list(df.index) == list(cli)  # every metric the CLI prints, in its order
    for metric, (a, b, diff, low, high) in cli.items():
        row = df.loc[metric]
        scale = 60 if df.attrs["units"][metric] == "s" else 1  # the CLI prints minutes
        digits = 3 if scale == 60 else 4
        got = [round(v / scale, digits) for v in (row["a"], row["b"], row["difference"], row["low"], row["high"])]
        assert got == pytest.approx([a, b, diff, low, high], abs=1.5 * 10 ** -digits), metric
    assert (df["replications"] == 20).all()
    ok = df["half_width"] > 0
    assert np.allclose(df.loc[ok, "reps_factor"], (df.loc[ok, "unpaired_half_width"] / df.loc[ok, "half_width"]) ** 2)
    # the same seed and replications from Results: their effective scenarios, run again
    base = readysim.run(scenario, replications=20)
    again = readysim.compare_metrics(base, scenario, overrides_b=change)
    pd.testing.assert_frame_equal(again, df)


def test_size_is_the_commands_study(stock_study, source_dir, tmp_path):
    proc, path = stock_study
    py = readysim.size(source_dir / "scenarios/validation/stock.yaml",
                       source_dir / "scenarios/validation/stock_study.yaml", output=tmp_path / "s.h5", jobs=2,
                       lang="en")
    cli = readysim.load(path)
    pd.testing.assert_frame_equal(py.study, cli.study)
    assert py.meta["recommendation"] == cli.meta["recommendation"] == "water=4000"
    assert py.path == str(tmp_path / "s.h5")
    # the printed report but for its wall time
    strip = lambda text: re.sub(r", [\d.]+ s\n", "\n", text).replace(str(path), "X").replace(str(tmp_path / "s.h5"), "X")  # noqa: E731
    assert strip(py.report) == strip(proc.stdout)
    zh = readysim.size(source_dir / "scenarios/validation/stock.yaml",
                       source_dir / "scenarios/validation/stock_study.yaml", jobs=2, lang="zh")
    assert zh.path is None and "推荐方案：water=4000" in zh.report
    pd.testing.assert_frame_equal(zh.study, cli.study)


def test_drill_writes_the_commands_script(scenario, run_cli, tmp_path):
    msel = readysim.drill(scenario, tmp_path / "py", select="fire.response_time:p90", replications=50, lang="zh")
    run_cli("drill", scenario, "--select", "fire.response_time:p90", "-n", 50, "-o", tmp_path / "cli", "--lang", "zh",
            "--quiet")
    cli = pd.read_csv(tmp_path / "cli" / "msel.zh.csv", encoding="utf-8-sig")
    pd.testing.assert_frame_equal(msel, cli)
    assert sorted(msel.attrs["files"]) == sorted(str(tmp_path / "py" / f) for f in
                                                 ("msel.zh.csv", "msel.zh.md", "msel.zh.html", "controller.zh.md",
                                                  "evaluator.zh.md"))
    one = readysim.drill(scenario, tmp_path / "one", replication=[3], replications=5, lang="en", drop=["dispatch"])
    assert set(one["replication"]) == {3} and "dispatch" not in set(one["type"])
    with pytest.raises(readysim.UsageError, match="unknown option.*colour"):
        readysim.drill(scenario, tmp_path / "x", replication=0, colour="red")


def test_report_writes_the_page(scenario, tmp_path):
    res = readysim.run(scenario, replications=3, output=tmp_path / "r.h5")
    out = readysim.report(res, tmp_path / "r.html", lang="zh")
    assert out == str(tmp_path / "r.html")
    assert "<html" in (tmp_path / "r.html").read_text(encoding="utf-8")[:500].lower()
    with pytest.raises(readysim.UsageError, match="needs a results file"):
        readysim.report(readysim.run(scenario, replications=1), tmp_path / "x.html")


def test_errors_are_the_packages(scenario, tmp_path):
    bad = tmp_path / "study.yaml"
    bad.write_text("variables:\n  - {name: x, path: a.b, min: 1}\n", encoding="utf-8")
    with pytest.raises(readysim.ScenarioError) as e:
        readysim.size(scenario, bad)
    assert (e.value.file, e.value.line, e.value.column) == (str(bad), 2, 5) and "'max'" in e.value.message
    with pytest.raises(readysim.ScenarioError) as e:
        readysim.size(scenario, tmp_path / "missing.yaml")
    assert e.value.line == 0 and "cannot open" in e.value.message
    with pytest.raises(readysim.UsageError, match="lang 'fr'"):
        readysim.audit(scenario, lang="fr")
