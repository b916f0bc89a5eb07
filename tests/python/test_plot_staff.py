"""readysim.plot.staff_busy: people busy over time per staff role, from /staff_assignments (issue 19).
The drawn median and band are checked against a brute-force count of each replication's
assignments, each replication's curve peaks at the staff board's own peak_busy, and the plot renders
in English and Chinese."""
import warnings

import matplotlib

matplotlib.use("Agg")
import matplotlib.image  # noqa: E402
import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import pytest  # noqa: E402

import readysim  # noqa: E402

REPLICATIONS = 6


@pytest.fixture(scope="module")
def flood(source_dir):
    return readysim.run(source_dir / "scenarios" / "yunlianghu" / "flood.yaml", replications=REPLICATIONS, seed=2,
                        jobs=2)


@pytest.fixture(autouse=True)
def close_figures():
    yield
    plt.close("all")


def busy_at(assignments, replication, role, t, end):
    """People of `role` busy at `t` in `replication`, counted one assignment at a time."""
    a = assignments[(assignments["replication"] == replication) & (assignments["role"] == role)]
    released = np.where(np.isfinite(a["released"]), a["released"], end)
    return float(a["people"][(a["taken"] <= t) & (released > t)].sum())


def test_staff_busy_is_the_count_of_assignments(flood):
    a = flood.staff_assignments
    assert set(a.columns) >= {"replication", "pool", "role", "task", "people", "taken", "released"}
    assert (a["released"] >= a["taken"]).all() and (a["people"] > 0).all()
    ax = readysim.plot.staff_busy(flood, role="community_team", band=(0.1, 0.9), lang="en")
    (line,) = ax.get_lines()
    assert line.get_label() == "community_team (75 people)"
    hours, median = line.get_xdata(), line.get_ydata()
    end = hours[-1] * 3600
    for h in (2, 4, 6, 8, 12, 24):
        t = h * 3600.0
        at = np.searchsorted(hours, h, side="right") - 1
        counts = [busy_at(a, r, "community_team", hours[at] * 3600, end) for r in range(REPLICATIONS)]
        assert median[at] == pytest.approx(np.median(counts)), f"at {h} h"
        assert t >= hours[at] * 3600
    # Each replication's curve peaks where the staff board's peak_busy says (no warm-up here).
    roles = flood.staff_roles
    for r in range(REPLICATIONS):
        rows = a[(a["replication"] == r) & (a["role"] == "community_team")]
        times = np.unique(np.concatenate([rows["taken"], rows["released"][np.isfinite(rows["released"])]]))
        peak = max(busy_at(a, r, "community_team", t, end) for t in times)
        board = roles[(roles["replication"] == r) & (roles["role"] == "community_team")]["peak_busy"].iloc[0]
        assert peak == board, f"replication {r}"


def test_staff_busy_every_role_and_bad_role(flood):
    ax = readysim.plot.staff_busy(flood)
    assert len(ax.get_lines()) == flood.staff_assignments["role"].nunique()
    with pytest.raises(ValueError, match="no staff assignments for role nobody"):
        readysim.plot.staff_busy(flood, role="nobody")


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_staff_busy_renders(flood, lang, tmp_path):
    png = tmp_path / f"staff.{lang}.png"
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # a glyph missing from the font is a warning: fail on it
        ax = readysim.plot.staff_busy(flood, lang=lang)
        ax.figure.savefig(png)
    assert ax.get_ylabel() == ("people busy" if lang == "en" else "忙碌人数")
    labels = [t.get_text() for t in ax.get_legend().get_texts()]
    assert ("community_team (75 people)" if lang == "en" else "community_team（75 人）") in labels
    img = matplotlib.image.imread(str(png))
    assert img[..., :3].std() > 0.05
