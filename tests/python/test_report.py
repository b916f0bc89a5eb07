"""readysim report: the HTML report of run, compare and size results, opened in headless Chromium.

Each page is loaded once by `chromium --headless=new`, which dumps the DOM after the scripts ran
and takes a screenshot. The page records script errors in <body data-errors> (a window 'error'
listener in its <head>), and when it is built it sets data-ready, data-road-features (the road
layer's features: one per directed segment of the graph) and data-charts.
"""
import html.parser
import json
import pathlib
import re
import shutil
import subprocess

import h5py
import matplotlib.image
import numpy as np
import pytest
import yaml

CHROMIUM = shutil.which("chromium")


def _chromium_missing() -> str:
    return ("chromium is not installed: the report's browser test needs Debian's chromium "
            "(scripts/setup.sh installs it)")


class _Body(html.parser.HTMLParser):
    """The attributes of <body>."""

    def __init__(self):
        super().__init__()
        self.attrs = None

    def handle_starttag(self, tag, attrs):
        if tag == "body" and self.attrs is None:
            self.attrs = dict(attrs)


def open_in_chromium(page: pathlib.Path, screenshot: pathlib.Path) -> dict:
    """Loads `page` in headless Chromium; returns <body>'s attributes and writes the screenshot."""
    if CHROMIUM is None:
        pytest.fail(_chromium_missing())
    proc = subprocess.run(
        [CHROMIUM, "--headless=new", "--no-sandbox", "--disable-gpu", "--hide-scrollbars",
         "--no-first-run", "--window-size=1280,2200", "--virtual-time-budget=3000",
         f"--screenshot={screenshot}", "--dump-dom", page.resolve().as_uri()],
        capture_output=True, text=True, timeout=120)
    assert proc.returncode == 0, proc.stderr[-2000:]
    body = _Body()
    body.feed(proc.stdout)
    assert body.attrs is not None, f"no <body> in Chromium's DOM of {page}:\n{proc.stdout[:2000]}"
    return body.attrs


def segment_count(results: pathlib.Path) -> int:
    """The road graph's directed segments, as the effective scenario in the results file says."""
    with h5py.File(results) as f:
        text = f["meta/effective_scenario"][()].decode()
    m = re.search(r"(\d+) nodes, (\d+) directed segments", text)
    assert m, "the effective scenario names no segment count"
    return int(m.group(2))


def assert_not_blank(png: pathlib.Path):
    img = matplotlib.image.imread(str(png))[..., :3]
    assert img.shape[0] > 1000 and img.shape[1] == 1280
    # A blank or one-colour page has (almost) no variance and few colours; the map alone has
    # hundreds of colours (roads by class, markers, ramps).
    assert img.std() > 0.05, f"{png} looks blank (pixel std {img.std():.4f})"
    colours = np.unique((img.reshape(-1, 3) * 255).astype(np.uint8), axis=0)
    assert len(colours) > 200, f"{png} has only {len(colours)} colours"
    # The map area (below the header) is not a flat background either.
    band = img[250:850, 40:960]
    assert band.std() > 0.05, f"{png}: the map area looks empty (std {band.std():.4f})"


class _Results:
    """Results files of run (district, flood), compare and size, each written when first asked
    for and kept for the module."""

    def __init__(self, run_cli, source_dir, folder):
        self.run_cli, self.folder, self.files = run_cli, folder, {}
        y = source_dir / "scenarios/yunlianghu"
        self.commands = {
            "district": ["run", y / "scenario.yaml", "-n", "20", "-j", "2", "--quiet"],
            "flood": ["run", y / "flood.yaml", "-n", "6", "-j", "2", "--quiet"],
            "compare": ["compare", y / "scenario.yaml", "--set-b", "resources.stations.brigade.turnout=30 s",
                        "-n", "20", "-j", "2"],
            "size": ["size", y / "scenario.yaml", "--study", y / "study.yaml", "-j", "2", "--quiet"],
        }

    def __getitem__(self, kind: str) -> pathlib.Path:
        if kind not in self.files:
            path = self.folder / f"{kind}.h5"
            self.run_cli(*self.commands[kind], "-o", path)
            self.files[kind] = path
        return self.files[kind]


@pytest.fixture(scope="module")
def results(run_cli, source_dir, tmp_path_factory):
    return _Results(run_cli, source_dir, tmp_path_factory.mktemp("report"))


@pytest.mark.parametrize("kind,lang", [("district", "en"), ("district", "zh"), ("flood", "en"), ("flood", "zh"),
                                       ("compare", "en"), ("compare", "zh"), ("size", "en"), ("size", "zh")])
def test_report_opens_in_chromium(run_cli, results, tmp_path, kind, lang):
    page = tmp_path / f"{kind}.{lang}.html"
    run_cli("report", results[kind], "-o", page, "--lang", lang)
    text = page.read_text(encoding="utf-8")
    # Self-contained: no element loads anything (no src/href to a file or the network), and the
    # page's policy forbids fetching.
    assert not re.search(r"<(script|link|img|iframe)\b[^>]*\b(src|href)=", text)
    assert "default-src 'none'" in text
    assert f'<html lang="{"zh-CN" if lang == "zh" else "en"}">' in text
    assert "Noto Sans CJK SC" in text  # the font stack names a CJK font

    png = tmp_path / f"{kind}.{lang}.png"
    body = open_in_chromium(page, png)
    assert json.loads(body.get("data-errors", "[]")) == [], f"script errors in {page}: {body.get('data-errors')}"
    assert body.get("data-ready") == "1", f"the page's script did not finish: {body}"
    assert int(body["data-road-features"]) == segment_count(results[kind])
    assert int(body["data-charts"]) >= 1
    assert_not_blank(png)
    if kind in ("district", "flood"):
        # district: response times, staff, stock; flood: people safe, shelters, staff, stock (and
        # response times when a fire broke out in its replications)
        assert int(body["data-charts"]) >= (4 if kind == "flood" else 3)


def test_report_data_names_places_not_ids(run_cli, results, tmp_path):
    page = tmp_path / "flood.html"
    run_cli("report", results["flood"], "-o", page, "--lang", "zh")
    text = page.read_text(encoding="utf-8")
    data = json.loads(re.search(r'<script id="readysim-data" type="application/json">(.*?)</script>', text, re.S)
                      .group(1).replace("<\\/", "</"))
    m = data["map"]
    assert len(m["from"]) == segment_count(results["flood"])
    # Place names from the scenario, never its ids.
    names = {p["name"] for p in m["places"]}
    assert "一队" in names and "dui01" not in names
    assert all(n == "" or not re.fullmatch(r"j\d\d_\d\d", n) for n in m["node_name"])
    # The flood is on the map: some roads close, some nodes flood, in hours since the start.
    flood = m["flood"]
    assert flood["replications"] == 6
    closed = [h for h in flood["segment_closed_h"] if h is not None]
    assert 0 < len(closed) < len(m["from"]) and all(0 < h < 48 for h in closed)
    assert any(h is not None for h in flood["node_flooded_h"])
    # Shelters with peak occupancy against capacity, settlements with their share safe.
    assert all("peak_mean" in s and s["capacity"] > 0 for s in m["shelters"])
    assert all(0 <= s["safe_share"] <= 1 for s in m["settlements"] if "safe_share" in s)
    charts = data["charts"]
    assert 0 < charts["safe"]["median"][-1] <= charts["safe"]["people"]
    assert all(lo <= hi for lo, hi in zip(charts["safe"]["low"], charts["safe"]["high"]))
    assert data["labels"]["sec_map"] == "地图"


def test_report_response_times(run_cli, results, tmp_path):
    page = tmp_path / "district.html"
    run_cli("report", results["district"], "-o", page, "--response-target", "8 min")
    text = page.read_text(encoding="utf-8")
    data = json.loads(re.search(r'<script id="readysim-data" type="application/json">(.*?)</script>', text, re.S)
                      .group(1).replace("<\\/", "</"))
    r = data["charts"]["response"]
    assert r["target_min"] == 8
    with h5py.File(results["district"]) as f:
        alarm, arrival = f["incidents/alarm"][:], f["incidents/engine_arrival"][:]
    reached = np.isfinite(arrival)
    assert sum(r["count"]) == reached.sum() and r["n"] == len(alarm)
    assert r["within_target"] == int(((arrival - alarm)[reached] <= 8 * 60).sum())
    # The median response per node is over the fires at that node.
    m = data["map"]
    assert sum(m["response_count"]) == len(alarm)


def test_report_catalogues_have_the_same_keys(source_dir):
    # The report words from the `report:` section of the shared catalogue (the whole catalogue's
    # key parity is tests/unit/test_messages.cpp's).
    cat = source_dir / "sim/src/text/catalog"
    en = yaml.safe_load((cat / "en.yaml").read_text(encoding="utf-8"))["report"]
    zh = yaml.safe_load((cat / "zh.yaml").read_text(encoding="utf-8"))["report"]
    assert sorted(en) == sorted(zh), f"only in en: {set(en) - set(zh)}; only in zh: {set(zh) - set(en)}"
    assert all(isinstance(v, str) and v for v in {**en, **zh}.values())
    # Every label the page's script asks for is in the catalogue.
    script = (source_dir / "sim/products/report/web/report.js").read_text(encoding="utf-8")
    used = set(re.findall(r"\bt\('([a-z0-9_]+)'\)", script))
    assert used <= set(en), f"report.js uses labels the catalogue lacks: {used - set(en)}"


def test_report_bad_input(run_cli, results, tmp_path):
    page = tmp_path / "r.html"
    proc = run_cli("report", tmp_path / "missing.h5", "-o", page, check=False)
    assert proc.returncode == 2 and "no such results file" in proc.stderr
    not_results = tmp_path / "empty.h5"
    with h5py.File(not_results, "w") as f:
        f.create_group("something")
    proc = run_cli("report", not_results, "-o", page, check=False)
    assert proc.returncode == 2 and "not a results file" in proc.stderr
    proc = run_cli("report", results["district"], "-o", page, "--lang", "fr", check=False)
    assert proc.returncode == 2 and "--lang" in proc.stderr
    proc = run_cli("report", results["district"], "-o", tmp_path / "no/such/dir/r.html", check=False)
    assert proc.returncode == 2 and "does not exist" in proc.stderr
    assert not page.exists()


def test_cjk_font_installed():
    """The zh page renders Chinese only where a CJK font is installed (Debian fonts-noto-cjk)."""
    proc = subprocess.run(["fc-list", ":lang=zh", "family"], capture_output=True, text=True)
    assert "Noto Sans CJK SC" in proc.stdout, "no CJK font: install fonts-noto-cjk (scripts/setup.sh does)"
