"""readysim.plot: each function draws on matplotlib Axes (Agg, headless) and returns them."""
import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import pytest  # noqa: E402

readysim = pytest.importorskip("readysim")


@pytest.fixture(scope="module")
def runs(source_dir):
    scenario = source_dir / "scenarios" / "yunlianghu" / "scenario.yaml"
    base = readysim.run(scenario, replications=30, seed=3)
    alt = readysim.run(scenario, replications=30, seed=3, overrides={"resources.staff.brigade_full_time.count": 7})
    return base, alt


def test_response_times_against_a_target(runs):
    base, _ = runs
    ax = readysim.plot.response_times(base, target_min=10)
    assert isinstance(ax, matplotlib.axes.Axes)
    (curve, target) = ax.get_lines()
    assert np.allclose(target.get_xdata(), [10, 10])
    minutes = np.sort(base.incidents["response_time"]) / 60
    assert np.allclose(curve.get_xdata(), minutes)
    within = np.mean(minutes <= 10)
    assert [t.get_text() for t in ax.get_legend().get_texts()] == [f"{within:.0%} within 10 min", "target 10 min"]
    assert ax.get_xlabel() == "response time [min]"
    plt.close("all")


def test_response_times_overlay_on_given_axes(runs):
    base, alt = runs
    _, ax = plt.subplots()
    out = readysim.plot.response_times({"plan": base, "7 full-time": alt}, column="first_response_time", ax=ax)
    assert out is ax and len(ax.get_lines()) == 2
    assert [t.get_text() for t in ax.get_legend().get_texts()] == ["plan", "7 full-time"]
    plt.close("all")


def test_timeline_has_a_row_per_fire(runs):
    base, _ = runs
    rep = int(base.replications["replication"][base.replications["fires"].idxmax()])
    fires = int(base.replications["fires"].max())
    ax = readysim.plot.timeline(base, rep)
    assert len(ax.get_yticks()) == fires and len(ax.patches) == 5 * fires
    assert ax.get_yticklabels()[0].get_text().startswith("fire ")
    with pytest.raises(ValueError, match="no fires"):
        readysim.plot.timeline(base, 10_000)
    plt.close("all")


@pytest.mark.parametrize("name", ["people_safe", "stock_levels", "sizing_frontier"])
def test_plots_awaiting_their_models_say_so(runs, name):
    with pytest.raises(NotImplementedError, match="arrive"):
        getattr(readysim.plot, name)(runs[0])
