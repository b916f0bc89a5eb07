"""Sioux Falls free-flow shortest paths: `readysim routes` against networkx, for all 24 origins.

The reference reads SiouxFalls_net.tntp itself and never goes through readysim's importer, so a
mistake in either shows up as a disagreement. The CLI contract:
`readysim routes SCENARIO --from ID --format csv` prints `from,to,time_s,length_m,hops`, one
row per node reachable from ID, the origin itself included with 0. Numbers must round-trip
(fmt's "{}" or %.17g). Times are whole minutes × 60 s, sums of integers that doubles hold
exactly, so they must be equal; lengths are miles × 1609.344 m summed hop by hop, so they differ
from networkx's (sum of miles) × 1609.344 only by round-off (see ROUND_OFF).
"""
import csv
import io
import math
import re

import networkx as nx
import pytest

SCENARIO = "scenarios/validation/siouxfalls/scenario.yaml"
MINUTE_S = 60.0          # the scenario's time_unit
MILE_M = 1609.344        # the scenario's length_unit
HEADER = ["from", "to", "time_s", "length_m", "hops"]
# A path of k ≤ 23 hops: k products each rounded (≤ u = 2⁻⁵³ relative) and k − 1 additions
# (≤ u each), against one rounded product: at most ~2k + 1 ≤ 47 units of round-off; 50 u ≈ 5.6e-15.
ROUND_OFF = 50 * 2.0**-53


def read_tntp_net(path):
    """(init, term, length, free_flow_time) per link, from a TNTP _net.tntp file."""
    links = []
    in_metadata = True
    for line in path.read_text(encoding="utf-8").splitlines():
        text = line.split("~", 1)[0].strip()
        if in_metadata:
            in_metadata = "<END OF METADATA>" not in line
            continue
        if not text:
            continue
        fields = text.rstrip(";").split()
        links.append((int(fields[0]), int(fields[1]), float(fields[3]), float(fields[4])))
    return links


@pytest.fixture(scope="module")
def links(shared_data_dir):
    parsed = read_tntp_net(shared_data_dir / "tntp_siouxfalls" / "SiouxFalls_net.tntp")
    assert len(parsed) == 76, "SiouxFalls_net.tntp should hold 76 links"
    return parsed


@pytest.fixture(scope="module")
def network(links):
    g = nx.DiGraph()
    for init, term, length, fft in links:
        # A DiGraph keeps one arc per pair: keep the faster if the file ever repeats one.
        if not g.has_edge(init, term) or fft < g[init][term]["fft"]:
            g.add_edge(init, term, fft=fft, length=length)
    assert g.number_of_nodes() == 24
    return g


@pytest.fixture(scope="module")
def scenario(source_dir, shared_data_dir, tmp_path_factory):
    """The committed scenario with its data paths made absolute: the shared data sits beside the
    project root, which a clone elsewhere (CI, /tmp) does not have at the same relative place."""
    text = (source_dir / SCENARIO).read_text(encoding="utf-8")
    data = shared_data_dir / "tntp_siouxfalls"
    text = re.sub(r"(tntp_net|tntp_nodes): \S*?(SiouxFalls_\w+\.tntp)", lambda m: f"{m.group(1)}: {data / m.group(2)}", text)
    path = tmp_path_factory.mktemp("siouxfalls") / "scenario.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def routes(run_cli, scenario, origin):
    out = run_cli("routes", scenario, "--from", str(origin), "--format", "csv").stdout
    reader = csv.DictReader(io.StringIO(out))
    assert reader.fieldnames == HEADER, f"routes --format csv header is {reader.fieldnames}, expected {HEADER}"
    rows = list(reader)
    destinations = [r["to"] for r in rows]
    assert len(destinations) == len(set(destinations)), f"a destination is listed twice from {origin}"
    return {r["to"]: r for r in rows}


def test_reference_parser_reads_the_file(links, network):
    assert links[0] == (1, 2, 6.0, 6.0)
    assert network[1][2]["fft"] == 6.0
    assert nx.is_strongly_connected(network)


@pytest.mark.parametrize("origin", range(1, 25))
def test_times_match_networkx(run_cli, scenario, links, network, origin):
    rows = routes(run_cli, scenario, origin)
    minutes = nx.single_source_dijkstra_path_length(network, origin, weight="fft")
    hops_min = nx.single_source_shortest_path_length(network, origin)
    assert set(rows) == {str(n) for n in minutes}, "reachable nodes differ from networkx"
    # Upstream set every length equal to its free-flow time, so every shortest-time path
    # (ties included) has length = time in minutes × 1 mi.
    lengths_equal_times = all(length == fft for _, _, length, fft in links)

    for node, expected_min in minutes.items():
        row = rows[str(node)]
        where = f"route {origin} -> {node}"
        assert row["from"] == str(origin), where
        expected_s = expected_min * MINUTE_S
        assert float(row["time_s"]) == expected_s, \
            f"{where}: time_s {row['time_s']}, networkx {expected_s}"
        if lengths_equal_times:
            expected_m = expected_min * MILE_M
            assert math.isclose(float(row["length_m"]), expected_m, rel_tol=ROUND_OFF, abs_tol=0), \
                f"{where}: length_m {row['length_m']}, expected {expected_m}"
        hops = int(row["hops"])
        if node == origin:
            assert hops == 0, where
        else:
            assert hops_min[node] <= hops <= network.number_of_nodes() - 1, f"{where}: {hops} hops"
