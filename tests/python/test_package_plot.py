"""readysim.plot: each function draws on matplotlib Axes (Agg, headless) and returns them; the
drawn data are checked against the results' tables and, on the stock validation scenario,
against its hand computation (scenarios/validation/stock.yaml's header). Every plot is rendered
to a PNG in English and Chinese: not blank, labelled from the catalogue, no glyph missing."""
import re
import warnings

import matplotlib

matplotlib.use("Agg")
import matplotlib.font_manager  # noqa: E402
import matplotlib.image  # noqa: E402
import matplotlib.text  # noqa: E402
import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import pytest  # noqa: E402

import readysim  # noqa: E402  (a plain import: a broken package fails this file, it is not skipped)

FLOOD_REPLICATIONS = 6


@pytest.fixture(scope="module")
def runs(source_dir):
    scenario = source_dir / "scenarios" / "yunlianghu" / "scenario.yaml"
    base = readysim.run(scenario, replications=30, seed=3)
    alt = readysim.run(scenario, replications=30, seed=3, overrides={"resources.staff.brigade_full_time.count": 7})
    return base, alt


@pytest.fixture(scope="module")
def flood(source_dir):
    # seed 2: one fire in two days, in replication 4 (most flood-season replications have none)
    return readysim.run(source_dir / "scenarios" / "yunlianghu" / "flood.yaml", replications=FLOOD_REPLICATIONS,
                        seed=2, jobs=2)


@pytest.fixture(scope="module")
def stock(source_dir):
    return readysim.run(source_dir / "scenarios" / "validation" / "stock.yaml")


@pytest.fixture(autouse=True)
def close_figures():
    yield
    plt.close("all")


def step_value(x, y, at):
    """The value of a where="post" step line at ``at``."""
    return y[np.searchsorted(x, at, side="right") - 1]


def test_response_times_against_a_target(runs):
    base, _ = runs
    ax = readysim.plot.response_times(base, target_min=10)
    assert isinstance(ax, matplotlib.axes.Axes)
    (curve, target) = ax.get_lines()
    assert np.array_equal(target.get_xdata(), [10, 10])
    minutes = np.sort(base.incidents["response_time"]) / 60
    assert np.array_equal(curve.get_xdata(), minutes)
    assert np.array_equal(curve.get_ydata(), np.arange(1, minutes.size + 1) / minutes.size)
    within = np.mean(minutes <= 10)
    assert [t.get_text() for t in ax.get_legend().get_texts()] == [f"{within:.0%} within 10 min", "target 10 min"]
    assert ax.get_xlabel() == "response time [min]"


def test_response_times_overlay_on_given_axes(runs):
    base, alt = runs
    _, ax = plt.subplots()
    out = readysim.plot.response_times({"plan": base, "7 full-time": alt}, column="first_response_time", ax=ax)
    assert out is ax and len(ax.get_lines()) == 2
    assert [t.get_text() for t in ax.get_legend().get_texts()] == ["plan", "7 full-time"]
    for line, res in zip(ax.get_lines(), (base, alt)):
        assert np.array_equal(line.get_xdata(), np.sort(res.incidents["first_response_time"]) / 60)


def test_timeline_has_a_row_per_fire(runs):
    base, _ = runs
    rep = int(base.replications["replication"][base.replications["fires"].idxmax()])
    fires = base.incidents[base.incidents["replication"] == rep].sort_values("ignition")
    ax = readysim.plot.timeline(base, rep)
    n = len(fires)
    assert n == base.replications["fires"].max()
    assert len(ax.get_yticks()) == n and len(ax.patches) == 5 * n
    assert ax.get_yticklabels()[0].get_text().startswith(f"fire {fires['fire'].iloc[0]} · {fires['node'].iloc[0]}")
    # the five phases of each fire end to end: ignition → alarm → decision → dispatch → crew → engine.
    # The plot reaches these through differences and sums of the same times (decision = dispatch −
    # queue_wait, then dispatch − decision): equal up to a few roundings of ~1e7 s, hence rtol=1e-12.
    detection, handling, queue, callback, travel = (ax.patches[k * n:(k + 1) * n] for k in range(5))
    assert np.allclose([b.get_width() for b in detection], (fires["alarm"] - fires["ignition"]) / 60, rtol=1e-12)
    assert np.allclose([b.get_width() for b in queue], fires["queue_wait"] / 60, rtol=1e-12)
    assert np.allclose([b.get_width() for b in callback], fires["crew_wait"] / 60, rtol=1e-12)
    assert np.allclose([b.get_x() + b.get_width() for b in travel],
                       (fires["engine_arrival"] - fires["ignition"]) / 60, rtol=1e-12)
    # without a replication: the one with the most fires (the first of them), the same drawing
    plt.close("all")
    default = readysim.plot.timeline(base)
    assert default.get_title() == f"replication {rep}"
    with pytest.raises(ValueError, match="replication 10000 is not in these results; "
                                         "replications with a flood or a fire: 0, 1, 2"):
        readysim.plot.timeline(base, 10_000)


def test_timeline_on_a_flood_season(flood):
    assert flood.replications["fires"].tolist() == [0, 0, 0, 0, 1, 0]
    ax = readysim.plot.timeline(flood)  # by default the flooded replication with the most fires, not 0
    reps = flood.replications.set_index("replication")
    warning = reps.loc[4, "warning"]
    assert ax.get_title().startswith("replication 4: flood warning at day ")
    evac = flood.evacuation[flood.evacuation["replication"] == 4]
    fire = flood.incidents[flood.incidents["replication"] == 4].iloc[0]
    labels = [t.get_text() for t in ax.get_yticklabels()]
    assert labels[:-1] == [f"{c} · {p:.0f} people" for c, p in zip(evac["community"], evac["population"])]
    assert labels[-1].startswith(f"fire {fire['fire']} · {fire['node']} · day ")
    # a community's bars: first warned → last group left → last group safe, in hours from the warning
    hours = lambda t: (t - warning) / 3600  # noqa: E731
    bars = [p for p in ax.patches if p.get_height() == pytest.approx(0.6)]
    evacuating = [b for b in bars if b.get_facecolor() == matplotlib.colors.to_rgba("tab:orange")]
    travelling = [b for b in bars if b.get_facecolor() == matplotlib.colors.to_rgba("tab:green")]
    left = evac[np.isfinite(evac["last_departure"])]
    assert np.allclose([b.get_x() for b in evacuating], hours(left["first_warned"]), rtol=0, atol=1e-9)
    assert np.allclose([b.get_x() + b.get_width() for b in evacuating], hours(left["last_departure"]),
                       rtol=0, atol=1e-9)
    safe = evac[np.isfinite(evac["last_departure"]) & np.isfinite(evac["last_arrival"])]
    assert np.allclose([b.get_x() + b.get_width() for b in travelling], hours(safe["last_arrival"]), rtol=0, atol=1e-9)
    lines = {line.get_label(): line for line in ax.get_lines()}
    assert list(lines["warning"].get_xdata()) == [0, 0]
    assert lines["breach"].get_xdata()[0] == pytest.approx(hours(reps.loc[4, "breach"]), abs=1e-9)
    assert lines["fire (ignition → engine on scene)"].get_xdata()[0] == pytest.approx(hours(fire["ignition"]), abs=1e-9)
    flooded = lines["first home flooded"]  # the first community's triangle
    assert flooded.get_xdata()[0] == pytest.approx(hours(evac["inundation"].iloc[0]), abs=1e-9)
    # a flooded replication without fires is drawn too: its communities only
    plt.close("all")
    ax = readysim.plot.timeline(flood, 0)
    assert ax.get_title().startswith("replication 0: ") and len(ax.get_yticks()) == len(evac)


def test_timeline_with_neither_a_flood_nor_a_fire(stock):
    ax = readysim.plot.timeline(stock)  # stock.yaml has a (tiny, far) flood: its evacuation is drawn
    assert ax.get_title().startswith("replication 0: flood warning at day 1 00:00")
    quiet = readysim.Results({}, {})
    quiet.tables = dict(stock.tables)
    quiet.tables["replications"] = stock.replications.assign(warning=np.inf, breach=np.inf)
    with pytest.raises(ValueError, match="neither a flood nor a fire"):
        readysim.plot.timeline(quiet)
    with pytest.raises(ValueError, match="replication 1 has neither a flood nor a fire; "
                                         "replications with a flood or a fire: none"):
        readysim.plot.timeline(quiet, 1)


def test_people_safe_on_the_stock_scenario_is_its_hand_computation(stock):
    # stock.yaml: everyone warned at t = 0 walks 1, 2 or 3 km at 1 m/s: 30 people are safe at
    # 1000 s, 60 more at 2000 s, 90 more at 3000 s; the tiny far breach floods no home. Every
    # replication is the same, so the median and the band are that one curve.
    assert (stock.replications["warning"] == 0).all()
    ax = readysim.plot.people_safe(stock)
    safe, flooded = ax.get_lines()
    hours = np.array([0, 1000, 2000, 3000]) / 3600
    assert np.allclose(safe.get_xdata(), hours, rtol=1e-12, atol=0)
    assert np.array_equal(safe.get_ydata(), [0, 30, 90, 180])
    assert np.array_equal(flooded.get_ydata(), [0, 0, 0, 0])
    (band,) = ax.collections
    assert np.array_equal(np.unique(band.get_paths()[0].vertices[:, 1]), [0, 30, 90, 180])
    assert ax.get_xlabel() == "hours from the warning" and ax.get_title() == "3 replications"


def test_people_safe_over_a_flood_season(flood):
    ax = readysim.plot.people_safe(flood, band=(0.25, 0.75))
    safe, flooded = ax.get_lines()
    x, y = safe.get_xdata(), safe.get_ydata()
    c = flood.cohorts
    warning = flood.replications.set_index("replication")["warning"]
    assert np.isfinite(warning).all() and len(warning) == FLOOD_REPLICATIONS
    rel_safe = c["safe"] - c["replication"].map(warning)
    rel_flooded = c["home_flooded"] - c["replication"].map(warning)
    # the line is evaluated at every time a cohort reached safety or a home flooded, or, when
    # there are more than a figure can show (2000), at 2000 evenly spaced times up to the last
    changes = np.unique(np.concatenate([[0.0], rel_safe[np.isfinite(rel_safe)], rel_flooded[np.isfinite(rel_flooded)]]))
    if changes.size <= 2000:
        assert set(np.round(changes / 3600, 9)) == set(np.round(x, 9))
    else:
        assert x == pytest.approx(np.linspace(0.0, changes[-1], 2000) / 3600, rel=1e-12, abs=1e-12)
    # at the last step: the median over replications of everyone who reached a shelter. People
    # per cohort are fractional and ~500 cohorts are summed in another order than the plot's:
    # round-off ≤ 500 × 2⁻⁵³ ≈ 6e-14 relative, hence rel=1e-12 (not a statistical tolerance).
    totals = c[np.isfinite(c["safe"])].groupby("replication")["people"].sum().reindex(warning.index, fill_value=0)
    assert y[-1] == pytest.approx(np.median(totals), rel=1e-12)
    flooded_totals = c[np.isfinite(c["home_flooded"])].groupby("replication")["people"].sum()
    assert flooded.get_ydata()[-1] == pytest.approx(np.median(flooded_totals.reindex(warning.index, fill_value=0)),
                                                    rel=1e-12)
    # at some times in between, by brute force over the cohorts
    for at in x[(np.array([0.1, 0.3, 0.5, 0.7, 0.9]) * (len(x) - 1)).astype(int)]:  # points of the line
        per_rep = [c["people"][(c["replication"] == r) & (rel_safe <= at * 3600)].sum() for r in warning.index]
        assert step_value(x, y, at) == pytest.approx(np.median(per_rep), rel=1e-12)
        flooded_rep = [c["people"][(c["replication"] == r) & (rel_flooded <= at * 3600)].sum() for r in warning.index]
        assert step_value(flooded.get_xdata(), flooded.get_ydata(), at) == pytest.approx(np.median(flooded_rep),
                                                                                         rel=1e-12)
    # the band spans the quartiles of the totals at the end
    (band,) = ax.collections
    top = band.get_paths()[0].vertices[:, 1]
    assert top.max() == pytest.approx(np.quantile(totals, 0.75), rel=1e-12)
    assert "25%–75%" in ax.get_legend().get_texts()[0].get_text()


def test_people_safe_needs_a_flood(runs):
    with pytest.raises(ValueError, match="needs a flood"):
        readysim.plot.people_safe(runs[0])


def test_stock_levels_of_one_replication_are_the_hand_computation(stock):
    # stock.yaml's header: water 2000 → 1550 (1000 s) → 650 (2000 s) → 0 (3000 s); 1350 L in at
    # 23960 s; day two 900 (87400 s) → 0 (88400 s); 1100 L in at 109360 s; to the 48 h horizon.
    ax = readysim.plot.stock_levels(stock, replication=0, item="drinking_water")
    (water,) = ax.get_lines()
    assert [t.get_text() for t in ax.get_legend().get_texts()] == ["store · drinking_water [L]"]
    times = np.array([0, 1000, 2000, 3000, 23960, 87400, 88400, 109360, 48 * 3600]) / 3600
    levels = [2000, 1550, 650, 0, 1350, 900, 0, 1100, 1100]
    x, y = water.get_xdata(), water.get_ydata()
    for at, level in zip(times, levels):  # (an empty depot asked again may log an unchanged level)
        assert step_value(x, y, at + 1e-9) == level, at * 3600
    assert x[-1] == 48 and y[-1] == 1100
    # the line is the table's series, with the horizon appended
    rows = stock.stock_levels.query("replication == 0 and item == 'drinking_water'")
    assert np.array_equal(x[:-1], rows["time"] / 3600) and np.array_equal(y[:-1], rows["level"])
    assert ax.get_title() == "replication 0"


def test_stock_levels_median_and_band_per_depot_and_item(stock):
    ax = readysim.plot.stock_levels(stock)
    labels = [t.get_text() for t in ax.get_legend().get_texts()]
    assert labels == ["store · drinking_water [L]", "store · blanket [piece]"]
    water, blankets = ax.get_lines()
    # blankets: 100 − 30 − 60 = 10 at 2000 s, none left at 3000 s, no resupply
    assert np.allclose(blankets.get_xdata(), np.array([0, 1000, 2000, 3000, 48 * 3600]) / 3600, rtol=1e-12)
    assert np.array_equal(blankets.get_ydata(), [100, 70, 10, 0, 0])
    assert len(ax.collections) == 2  # a band per line
    assert ax.get_title().startswith("median of 3 replications")
    with pytest.raises(ValueError, match="there are: blanket, drinking_water"):
        readysim.plot.stock_levels(stock, item="water")


def test_stock_levels_median_over_flood_replications(flood):
    lv = flood.stock_levels
    depot, item = "district_depot", "life_jacket"
    assert ((lv["depot"] == depot) & (lv["item"] == item)).any()
    ax = readysim.plot.stock_levels(flood, depot=depot, item=item, band=(0, 1))
    (line,) = ax.get_lines()
    x, y = line.get_xdata(), line.get_ydata()
    series = [g for _, g in lv[(lv["depot"] == depot) & (lv["item"] == item)].groupby("replication")]
    assert len(series) == FLOOD_REPLICATIONS
    for at in x:
        per_rep = [step_value(g["time"].to_numpy() / 3600, g["level"].to_numpy(), at) for g in series]
        assert step_value(x, y, at) == np.median(per_rep)
    (band,) = ax.collections  # band (0, 1): from the lowest to the highest replication
    assert band.get_paths()[0].vertices[:, 1].min() == min(g["level"].min() for g in series)


def test_sizing_frontier_marks_candidates_frontier_and_recommendation(stock_study):
    _, path = stock_study
    study = readysim.load(path)
    cand = study.study
    ax = readysim.plot.sizing_frontier(study)
    # every evaluated candidate is a point, coloured by its verdict
    points = np.concatenate([c.get_offsets() for c in ax.collections])
    assert sorted(map(tuple, points)) == sorted(zip(cand["cost"], cand["worst_gap"] * 100))
    labels = [t.get_text() for t in ax.get_legend().get_texts()]
    frontier, _zero, star = ax.get_lines()
    front = cand[cand["frontier"] == 1].sort_values("cost")
    assert np.array_equal(frontier.get_xdata(), front["cost"])
    assert np.array_equal(frontier.get_ydata(), front["worst_gap"] * 100)
    # the hand computation: 4000 L (cost 2) is the least water with no shortfall
    assert study.meta["recommendation"] == "water=4000"
    assert list(star.get_xdata()) == [2.0] and labels[-1] == "recommended: water=4000"
    assert ax.get_xlabel() == "cost [1k CNY]"
    # one target's estimates with their intervals and its bound
    plt.close("all")
    ax = readysim.plot.sizing_frontier(study, target="stock.shortfall.drinking_water.mean")
    frontier, bound, star = ax.get_lines()
    assert list(bound.get_ydata()) == [1, 1]
    rec = cand[cand["recommended"] == 1]
    assert list(star.get_ydata()) == list(rec["stock.shortfall.drinking_water.mean"]) == [0]
    # 3000 L (a choice: its label is text): 600 L short in every replication (the study file's header)
    assert list(cand.loc[cand["water"] == "3000", "stock.shortfall.drinking_water.mean"]) == [600]
    assert list(frontier.get_xdata()) == [0, 1, 2]
    with pytest.raises(ValueError, match="no target 'x'"):
        readysim.plot.sizing_frontier(study, target="x")


def test_sizing_frontier_needs_a_study(runs):
    with pytest.raises(ValueError, match="readysim size -o"):
        readysim.plot.sizing_frontier(runs[0])


# Every plot rendered to a PNG (Agg), in English and in Chinese: (name, draw(results, lang), the
# results fixture it needs, the catalogue keys its labels come from).
PLOTS = {
    "response_times": (lambda r, lang: readysim.plot.response_times(r[0], target_min=10, lang=lang), "runs",
                       ["plot.share_of_fires", "plot.columns.response_time"]),
    "timeline": (lambda r, lang: readysim.plot.timeline(r[0], lang=lang), "runs",
                 ["plot.minutes_from_ignition", "plot.phases.queue", "plot.phases.travel"]),
    "flood_timeline": (lambda r, lang: readysim.plot.timeline(r, lang=lang), "flood",
                       ["plot.hours_from_warning", "plot.flood_evacuating", "plot.flood_fire"]),
    "people_safe": (lambda r, lang: readysim.plot.people_safe(r, lang=lang), "flood",
                    ["plot.hours_from_warning", "plot.people", "plot.people_safe_median"]),
    "stock_levels": (lambda r, lang: readysim.plot.stock_levels(r, depot="district_depot", lang=lang), "flood",
                     ["plot.hours_from_start", "plot.stock_on_hand"]),
    "sizing_frontier": (lambda r, lang: readysim.plot.sizing_frontier(readysim.load(r[1]), lang=lang), "stock_study",
                        ["plot.cost", "plot.frontier", "plot.worst_gap"]),
}


def all_text(ax):
    return [t.get_text() for t in ax.findobj(matplotlib.text.Text) if t.get_text()]


@pytest.mark.parametrize("lang", ["en", "zh"])
@pytest.mark.parametrize("name", list(PLOTS))
def test_every_plot_renders_in_both_languages(name, lang, request, tmp_path):
    draw, fixture, keys = PLOTS[name]
    catalogue = readysim._core.messages(lang)
    with warnings.catch_warnings():
        # a glyph missing from the font (an empty box in the image) is a warning: fail on it
        warnings.simplefilter("error")
        ax = draw(request.getfixturevalue(fixture), lang)
        path = tmp_path / f"{name}_{lang}.png"
        ax.figure.savefig(path, dpi=60, bbox_inches="tight")
    image = matplotlib.image.imread(path)[..., :3]
    ink = np.any(image < 0.9, axis=-1)  # not white
    assert 0.02 < ink.mean() < 0.9, f"{path}: {ink.mean():.3f} of it drawn"
    assert len(np.unique(image.reshape(-1, 3), axis=0)) > 20  # colours, not one flat fill
    assert ax.get_legend() is not None and ax.get_legend().get_texts()
    texts = " ".join(all_text(ax))
    for key in keys:  # the catalogue's wording, its placeholders left out
        fixed = max(re.split(r"\{[^}]*\}", catalogue[key]), key=len).strip(" [(")
        assert fixed and fixed in texts, (key, fixed)
    if lang == "zh":
        assert re.search("[\u4e00-\u9fff]", texts)
        families = {tuple(t.get_fontfamily()) for t in ax.findobj(matplotlib.text.Text) if t.get_text()}
        assert families == {("DejaVu Sans", "Noto Sans CJK SC")}
        found = matplotlib.font_manager.findfont(matplotlib.font_manager.FontProperties(family="Noto Sans CJK SC"),
                                                 fallback_to_default=False)
        assert "NotoSansCJK" in found
    else:
        assert not re.search("[\u4e00-\u9fff]", texts)


def test_the_default_language_is_the_environments(runs, monkeypatch):
    monkeypatch.delenv("LC_ALL", raising=False)
    monkeypatch.delenv("LC_MESSAGES", raising=False)
    monkeypatch.setenv("LANG", "zh_CN.UTF-8")
    monkeypatch.delenv("READYSIM_LANG", raising=False)
    assert readysim.plot.response_times(runs[0]).get_ylabel() == "火灾比例"
    monkeypatch.setenv("READYSIM_LANG", "en")
    assert readysim.plot.response_times(runs[0]).get_ylabel() == "share of fires"
    with pytest.raises(readysim.UsageError, match="lang 'fr'"):
        readysim.plot.response_times(runs[0], lang="fr")
