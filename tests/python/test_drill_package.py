"""readysim.drill in Python (issue 20): the MSEL as a DataFrame whose columns are the CSV's stable
English names in either language, one row per inject from STARTEX to ENDEX, as the command writes
it; its errors are the package's."""
import pandas as pd
import pytest

import readysim

FLOOD = "scenarios/yunlianghu/flood.yaml"
COLUMNS = ["number", "time", "scenario_time", "event", "type", "from", "to", "method", "message",
           "expected_action", "objective", "capability", "target_time", "target_basis", "controller", "evaluator",
           "evaluator_notes", "status", "replication"]


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_drill_returns_the_msel_as_a_dataframe(source_dir, tmp_path, lang):
    msel = readysim.drill(source_dir / FLOOD, tmp_path / "d", select="evac.clearance_time:p90", replications=4,
                          seed=20231026, lang=lang)
    assert isinstance(msel, pd.DataFrame)
    assert list(msel.columns) == COLUMNS
    assert msel["type"].iloc[0] == "start" and msel["type"].iloc[-1] == "end"
    assert list(msel["number"]) == list(range(1, len(msel) + 1))
    assert {"warning", "breach", "flooding"} <= set(msel["type"])
    # Every player role is named; every target a time after its inject.
    assert msel["to"].notna().all() and msel["controller"].notna().all()
    timed = msel[msel["target_time"] != "—"]
    assert len(timed) > 0
    as_min = lambda s: s.str.extract(r"T\+(\d+):(\d\d)").astype(int).pipe(lambda x: x[0] * 60 + x[1])
    assert (as_min(timed["target_time"]) >= as_min(timed["time"])).all()
    names = {p.name for p in (tmp_path / "d").iterdir()}
    assert names == {f"msel.{lang}.csv", f"msel.{lang}.md", f"msel.{lang}.html", f"controller.{lang}.md",
                     f"evaluator.{lang}.md"}


def test_drill_errors_are_the_packages(source_dir, tmp_path):
    with pytest.raises(readysim.UsageError, match="outside the exercise"):
        readysim.drill(source_dir / FLOOD, tmp_path / "x", select=["evac.clearance_time:p90", "fire.response_time:max"],
                       replications=8, cut_from="2:00", to="14:00")
    with pytest.raises(readysim.UsageError, match="pNN"):
        readysim.drill(source_dir / FLOOD, tmp_path / "x", select="evac.clearance_time:p101", replications=2)


def test_drill_fits_a_duration_with_time_jumps(source_dir, tmp_path):
    """duration= and compress= are --duration and --compress: the flood season in 4 hours keeps
    every inject and ends at T+4:00."""
    whole = readysim.drill(source_dir / FLOOD, tmp_path / "w", select="evac.clearance_time:p90", replications=4,
                           seed=20231026, lang="en")
    short = readysim.drill(source_dir / FLOOD, tmp_path / "s", select="evac.clearance_time:p90", replications=4,
                           seed=20231026, lang="en", duration="4h", compress=True)
    assert len(short) == len(whole)
    assert short["time"].iloc[-1] == "T+4:00"
    with pytest.raises(readysim.UsageError, match="--duration"):
        readysim.drill(source_dir / FLOOD, tmp_path / "c", select="evac.clearance_time:p90", replications=2,
                       compress=True)
