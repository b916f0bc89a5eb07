"""`readysim import osm` on the shared OpenStreetMap extracts, checked against an independent
reading of the same files in Python (gzip + xml.etree for the roads, networkx for the strongly
connected part, the .hgt bytes for the terrain), and on bad input (exit 2, nothing under -o)."""
import bz2
import csv
import gzip
import math
import pathlib
import shutil
import struct
import xml.etree.ElementTree as ET
import zipfile

import networkx as nx
import pytest

ROUTABLE = {"motorway", "motorway_link", "trunk", "trunk_link", "primary", "primary_link", "secondary",
            "secondary_link", "tertiary", "tertiary_link", "unclassified", "residential", "living_street",
            "service"}
R_EARTH = 6371008.8


def haversine(lon1, lat1, lon2, lat2):
    p1, p2 = math.radians(lat1), math.radians(lat2)
    h = math.sin((p2 - p1) / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(math.radians(lon2 - lon1) / 2) ** 2
    return 2 * R_EARTH * math.asin(min(1.0, math.sqrt(h)))


def read_osm(path):
    """Node positions and routable ways (id, refs in driving order, oneway) as documented in IMPORT.md."""
    root = ET.parse(gzip.open(path)).getroot()
    nodes, ways = {}, []
    for el in root:
        if el.tag == "node":
            nodes[int(el.get("id"))] = (float(el.get("lon")), float(el.get("lat")))
        elif el.tag == "way":
            tags = {t.get("k"): t.get("v") for t in el.findall("tag")}
            if tags.get("highway") not in ROUTABLE or tags.get("area") == "yes":
                continue
            if any(tags.get(k) == "no" for k in ("access", "vehicle", "motor_vehicle", "motorcar")):
                continue
            refs = [int(nd.get("ref")) for nd in el.findall("nd")]
            ow = tags.get("oneway", "")
            if ow in ("yes", "true", "1"):
                oneway = 1
            elif ow in ("-1", "reverse"):
                oneway, refs = 1, refs[::-1]
            elif ow not in ("no", "false", "0") and (tags["highway"] == "motorway"
                                                      or tags.get("junction") in ("roundabout", "circular")):
                oneway = 1
            else:
                oneway = 0
            ways.append((int(el.get("id")), refs, oneway))
    return nodes, ways


def strong_network(nodes, ways):
    """The largest strongly connected part at OSM-node level: its nodes, the ways with an edge in
    it, its undirected edges with their haversine lengths."""
    g = nx.DiGraph()
    for wid, refs, oneway in ways:
        for a, b in zip(refs, refs[1:]):
            if a == b or a not in nodes or b not in nodes:
                continue
            g.add_edge(a, b)
            if not oneway:
                g.add_edge(b, a)
    part = max(nx.strongly_connected_components(g), key=len)
    kept_ways, edges = set(), {}
    for wid, refs, oneway in ways:
        for a, b in zip(refs, refs[1:]):
            if a != b and a in part and b in part:
                kept_ways.add(wid)
                edges[(wid, min(a, b), max(a, b))] = haversine(*nodes[a], *nodes[b])
    return part, kept_ways, edges


def read_csv(path):
    with open(path, newline="", encoding="utf-8") as f:
        return list(csv.DictReader(f))


def ways_of(road_id):
    return {int(w.split(".")[0]) for w in road_id[1:].split("+w")}


@pytest.fixture(scope="module")
def osm_dir(shared_data_dir):
    return shared_data_dir / "osm_graphhopper"


@pytest.fixture(scope="module")
def dem_tile(shared_data_dir):
    return shared_data_dir / "dem_srtm_monaco_graphhopper" / "N43E007.hgt.zip"


@pytest.fixture(scope="module")
def imported(run_cli, osm_dir, dem_tile, tmp_path_factory):
    """Both extracts imported once: name -> output folder (Monaco with its SRTM tile)."""
    out = {}
    for name, extra in (("monaco", ["--dem", dem_tile]), ("krems", [])):
        d = tmp_path_factory.mktemp("import") / name
        run_cli("import", "osm", osm_dir / f"{name}.osm.gz", *extra, "-o", d)
        out[name] = d
    return out


@pytest.mark.parametrize("name", ["monaco", "krems"])
def test_roads_agree_with_an_independent_reading(imported, osm_dir, name):
    nodes, ways = read_osm(osm_dir / f"{name}.osm.gz")
    part, kept_ways, edges = strong_network(nodes, ways)
    d = imported[name]
    node_rows = read_csv(d / "roads/nodes.csv")
    road_rows = read_csv(d / "roads/roads.csv")
    by_id = {r["id"]: r for r in node_rows}
    assert len(by_id) == len(node_rows)

    # The same ways, the same total length (a road whose directions differ is two rows, one id).
    ids = {r["id"]: r for r in road_rows}
    assert set().union(*(ways_of(i) for i in ids)) == kept_ways
    total = sum(float(r["length_m"]) for r in ids.values())
    expected = sum(edges.values())
    assert total == pytest.approx(expected, rel=0.005), (total, expected)

    # Every node is an OSM node of the kept part at its OSM position; every junction survives.
    undirected = nx.Graph()
    undirected.add_edges_from((a, b) for _, a, b in edges)
    for r in node_rows:
        osm = int(r["id"][1:])
        assert osm in part
        assert float(r["lon"]) == pytest.approx(nodes[osm][0], abs=1e-7)
        assert float(r["lat"]) == pytest.approx(nodes[osm][1], abs=1e-7)
    junctions = {n for n in undirected if undirected.degree(n) >= 3}
    assert junctions <= {int(i[1:]) for i in by_id}
    assert len(node_rows) < len(part)  # chains were contracted

    # Metres: projected distances agree with geodesic ones to 0.5 %; a road is never shorter than its chord.
    for r in road_rows:
        a, b = by_id[r["from"]], by_id[r["to"]]
        chord = haversine(float(a["lon"]), float(a["lat"]), float(b["lon"]), float(b["lat"]))
        planar = math.hypot(float(a["x_m"]) - float(b["x_m"]), float(a["y_m"]) - float(b["y_m"]))
        if chord > 20:
            assert planar == pytest.approx(chord, rel=0.005)
        assert float(r["length_m"]) >= chord * 0.995 - 0.05
        assert r["oneway"] in ("0", "1") and float(r["free_speed_kmh"]) > 0 and int(r["lanes"]) >= 1


def hgt_elevation(tile_zip, lon, lat):
    """Bilinear elevation from the raw SRTM bytes (big-endian int16, pixel-centre registered, rows
    from the north); None when a surrounding cell is void."""
    with zipfile.ZipFile(tile_zip) as z:
        name = next(n for n in z.namelist() if n.endswith(".hgt"))
        raw = z.read(name)
    size = int(math.isqrt(len(raw) // 2))
    assert size in (1201, 3601)
    lat0, lon0 = int(name[1:3]) * (1 if name[0] == "N" else -1), int(name[4:7]) * (1 if name[3] == "E" else -1)
    step = 1 / (size - 1)
    fx, fy = (lon - lon0) / step, (lat0 + 1 - lat) / step
    c, r = int(math.floor(fx)), int(math.floor(fy))
    tx, ty = fx - c, fy - r

    def cell(cc, rr):
        return struct.unpack_from(">h", raw, 2 * (rr * size + cc))[0]

    corners = [cell(c, r), cell(c + 1, r), cell(c, r + 1), cell(c + 1, r + 1)]
    if -32768 in corners:
        return None
    return ((1 - tx) * (1 - ty) * corners[0] + tx * (1 - ty) * corners[1] + (1 - tx) * ty * corners[2]
            + tx * ty * corners[3])


@pytest.mark.parametrize("name", ["monaco", "krems"])
def test_junction_controls_agree_with_an_independent_reading(imported, osm_dir, name):
    """nodes.csv's control: roundabout on a node of a routable junction=roundabout way, else
    traffic_signals, stop or priority (give_way) from the node's own highway tag, else empty."""
    signs = {"traffic_signals": "traffic_signals", "stop": "stop", "give_way": "priority"}
    root = ET.parse(gzip.open(osm_dir / f"{name}.osm.gz")).getroot()
    want = {}
    for el in root:
        tags = {t.get("k"): t.get("v") for t in el.findall("tag")}
        if el.tag == "node" and tags.get("highway") in signs:
            want[int(el.get("id"))] = signs[tags["highway"]]
    _, ways = read_osm(osm_dir / f"{name}.osm.gz")
    routable = {wid for wid, _, _ in ways}
    for el in root:
        if el.tag == "way" and int(el.get("id")) in routable and \
                any(t.get("k") == "junction" and t.get("v") == "roundabout" for t in el.findall("tag")):
            for nd in el.findall("nd"):
                want[int(nd.get("ref"))] = "roundabout"
    rows = read_csv(imported[name] / "roads/nodes.csv")
    got = {int(r["id"][1:]): r["control"] for r in rows}
    assert got == {n: want.get(n, "") for n in got}
    assert any(c == "traffic_signals" for c in got.values()) or name == "krems"


def test_elevations_agree_with_the_raster(imported, dem_tile):
    rows = read_csv(imported["monaco"] / "roads/nodes.csv")
    checked = 0
    for r in rows:
        assert r["elevation_m"] != ""
        z = hgt_elevation(dem_tile, float(r["lon"]), float(r["lat"]))
        if z is not None:
            assert float(r["elevation_m"]) == pytest.approx(z, abs=0.006)
            checked += 1
    assert checked > 0.95 * len(rows)
    zs = [float(r["elevation_m"]) for r in rows]
    assert min(zs) > -20 and max(zs) < 400  # Monaco's roads: sea level to the Moyenne Corniche


def test_without_dem_the_elevation_is_empty(imported):
    rows = read_csv(imported["krems"] / "roads/nodes.csv")
    assert all(r["elevation_m"] == "" for r in rows)
    assert "No `--dem` was given" in (imported["krems"] / "IMPORT.md").read_text(encoding="utf-8")


@pytest.mark.parametrize("name", ["monaco", "krems"])
def test_the_written_scenario_validates_and_runs(run_cli, imported, name):
    scenario = imported[name] / "scenario.yaml"
    run_cli("validate", scenario)
    out = run_cli("run", scenario, "-n", "20").stdout
    assert "20 replications" in out and "fire.response_time" in out
    text = scenario.read_text(encoding="utf-8")
    assert "# CHECK:" in text
    report = (imported[name] / "IMPORT.md").read_text(encoding="utf-8")
    for section in ("## Roads", "## Coordinates", "## Elevation", "## Places", "## Adding a flood"):
        assert section in report


def test_places(imported):
    text = (imported["monaco"] / "scenario.yaml").read_text(encoding="utf-8")
    # Monte-Carlo has a population tag (15507); the town's rest is shared and marked as a guess.
    assert "name: \"Monte-Carlo\", community: district" in text and "population: 15507}" in text
    assert "guessed_station" in text  # the 2012 extract has no amenity=fire_station
    krems = (imported["krems"] / "scenario.yaml").read_text(encoding="utf-8")
    assert "guessed_station" not in krems and "kind: fire_brigade" in krems
    assert "population: 257}" in krems and "population: 174}" in krems  # tagged village and hamlet


def test_other_formats_give_the_same_roads(run_cli, osm_dir, tmp_path, imported):
    plain = tmp_path / "krems.osm"
    with gzip.open(osm_dir / "krems.osm.gz") as src, open(plain, "wb") as dst:
        shutil.copyfileobj(src, dst)
    packed = tmp_path / "krems.osm.bz2"
    packed.write_bytes(bz2.compress(plain.read_bytes()))
    for source in (plain, packed):
        out = tmp_path / ("out_" + source.name.replace(".", "_"))
        run_cli("import", "osm", source, "-o", out)
        for f in ("roads/nodes.csv", "roads/roads.csv"):
            assert (out / f).read_bytes() == (imported["krems"] / f).read_bytes()


def test_pbf_gives_the_same_roads(run_cli, osm_dir, tmp_path, imported):
    """PBF through libosmium's reader; osmium-tool (a test dependency, in scripts/setup.sh) makes the file."""
    osmium = shutil.which("osmium")
    assert osmium is not None, "osmium-tool is missing: run scripts/setup.sh (it installs osmium-tool for this test)"
    import subprocess
    pbf = tmp_path / "krems.osm.pbf"
    subprocess.run([osmium, "cat", str(osm_dir / "krems.osm.gz"), "-o", str(pbf)], check=True)
    out = tmp_path / "from_pbf"
    run_cli("import", "osm", pbf, "-o", out)
    for f in ("roads/nodes.csv", "roads/roads.csv"):
        assert (out / f).read_bytes() == (imported["krems"] / f).read_bytes()
    cut = tmp_path / "cut.osm.pbf"
    cut.write_bytes(pbf.read_bytes()[: pbf.stat().st_size // 2])
    _bad(run_cli, tmp_path, [cut], "cut.osm.pbf", "download it again")


def test_bbox_keeps_only_what_is_inside(run_cli, osm_dir, tmp_path):
    out = tmp_path / "mc"
    run_cli("import", "osm", osm_dir / "monaco.osm.gz", "--bbox", "7.415,43.725,7.435,43.745", "-o", out)
    rows = read_csv(out / "roads/nodes.csv")
    assert rows and all(7.415 <= float(r["lon"]) <= 7.435 and 43.725 <= float(r["lat"]) <= 43.745 for r in rows)
    run_cli("run", out / "scenario.yaml", "-n", "5")


def _bad(run_cli, tmp_path, args, *needles):
    out = tmp_path / "out"
    proc = run_cli("import", "osm", *args, "-o", out, check=False)
    assert proc.returncode == 2, proc.stderr
    for n in needles:
        assert n in proc.stderr, proc.stderr
    assert not out.exists()
    assert not [p for p in tmp_path.iterdir() if ".importing-" in p.name]
    return proc.stderr


def test_bad_osm_files(run_cli, osm_dir, tmp_path):
    data = (osm_dir / "monaco.osm.gz").read_bytes()
    cut = tmp_path / "cut.osm.gz"
    cut.write_bytes(data[: len(data) // 3])
    _bad(run_cli, tmp_path, [cut], "cut.osm.gz", "download it again")
    text = gzip.decompress(data)
    half = tmp_path / "half.osm"
    half.write_bytes(text[: len(text) // 2])
    _bad(run_cli, tmp_path, [half], "half.osm", "XML")
    junk = tmp_path / "junk.osm.pbf"
    junk.write_bytes(bytes(range(256)) * 100)
    _bad(run_cli, tmp_path, [junk], "junk.osm.pbf", "cannot be read")
    none = tmp_path / "paths.osm"
    none.write_text('<?xml version="1.0"?>\n<osm version="0.6"><node id="1" lat="1" lon="1"/>'
                    '<node id="2" lat="1.001" lon="1"/><way id="5"><nd ref="1"/><nd ref="2"/>'
                    '<tag k="highway" v="footway"/></way></osm>\n')
    _bad(run_cli, tmp_path, [none], "paths.osm", "no routable roads", "1 footway")
    _bad(run_cli, tmp_path, [osm_dir / "monaco.osm.gz", "--bbox", "0,0,1,1"], "monaco.osm.gz", "widen the bbox")
    _bad(run_cli, tmp_path, [tmp_path / "missing.osm.gz"], "missing.osm.gz", "does not exist")


def test_bad_dem_files(run_cli, osm_dir, dem_tile, tmp_path):
    cut = tmp_path / "N43E007.hgt.zip"
    cut.write_bytes(dem_tile.read_bytes()[:400000])
    _bad(run_cli, tmp_path, [osm_dir / "monaco.osm.gz", "--dem", cut], "N43E007.hgt.zip", "download it again")
    _bad(run_cli, tmp_path, [osm_dir / "krems.osm.gz", "--dem", dem_tile], "does not cover", "N48E015")


def test_dem_covering_part_of_the_roads(run_cli, osm_dir, dem_tile, tmp_path):
    gdal = pytest.importorskip("osgeo.gdal")
    half = tmp_path / "west.tif"
    # The tile's western part, up to 7.42 E: Monaco's roads run from about 7.41 to 7.44 E.
    gdal.Translate(str(half), str(dem_tile), projWin=[6.99958, 44.00042, 7.42, 42.99958])
    _bad(run_cli, tmp_path, [osm_dir / "monaco.osm.gz", "--dem", half], "west.tif", "does not cover")
    # With the whole tile after it, the mosaic covers everything and agrees with the tile alone.
    out = tmp_path / "mosaic"
    run_cli("import", "osm", osm_dir / "monaco.osm.gz", "--dem", half, "--dem", dem_tile, "-o", out)
    rows = read_csv(out / "roads/nodes.csv")
    assert all(r["elevation_m"] != "" for r in rows)


def test_output_must_be_new(run_cli, osm_dir, tmp_path):
    full = tmp_path / "full"
    full.mkdir()
    (full / "keep.txt").write_text("mine")
    proc = run_cli("import", "osm", osm_dir / "monaco.osm.gz", "-o", full, check=False)
    assert proc.returncode == 2 and "not empty" in proc.stderr
    assert [p.name for p in full.iterdir()] == ["keep.txt"]
    afile = tmp_path / "afile"
    afile.write_text("x")
    proc = run_cli("import", "osm", osm_dir / "monaco.osm.gz", "-o", afile, check=False)
    assert proc.returncode == 2 and "is a file" in proc.stderr and afile.read_text() == "x"
    empty = tmp_path / "empty"
    empty.mkdir()
    run_cli("import", "osm", osm_dir / "monaco.osm.gz", "-o", empty)
    assert (empty / "scenario.yaml").is_file()


@pytest.mark.parametrize("name", ["monaco", "krems"])
def test_examples_are_current_and_run(run_cli, source_dir, imported, name):
    """scenarios/monaco and scenarios/krems are what scripts/import_examples.sh makes today."""
    d = source_dir / "scenarios" / name
    for f in ("roads/nodes.csv", "roads/roads.csv"):
        assert (d / f).read_bytes() == (imported[name] / f).read_bytes(), \
            f"scenarios/{name}/{f} is stale: run scripts/import_examples.sh"
    readme = (d / "README.md").read_text(encoding="utf-8")
    assert f"readysim import osm ../shared/data/osm_graphhopper/{name}.osm.gz" in readme
    assert f"readysim run {name}/scenario.yaml -n 50" in readme
    out = run_cli("run", d / "scenario.yaml", "-n", "50").stdout
    # The README shows what this run says.
    assert out.splitlines()[0].replace(f"{d}/", f"{name}/").split(" ")[-2] in readme
    for line in out.splitlines()[1:4]:
        assert line in readme
