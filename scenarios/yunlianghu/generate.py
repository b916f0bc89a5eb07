#!/usr/bin/python3
"""Generate the default Yunlianghu (运粮湖管理区) scenario: a synthetic but plausible
district true to the public facts in ../shared/seed/DIGEST.md.

Writes, beside this file:
  roads/nodes.csv   road nodes (projected metres, x east, y north; ground elevation)
  roads/roads.csv   two-way road segments with class, speed, lanes and capacity
  scenario.yaml     the district, the reform plan's minimum inventory (R1-R19), hazards, run

Deterministic: standard library only, one random.Random(20231026) drawn in a fixed
order, no iteration over sets or hashes. Re-running reproduces the files byte for byte.

    /usr/bin/python3 scenarios/yunlianghu/generate.py
"""

import math
import os
import random
from collections import deque

SEED = 20231026
HERE = os.path.dirname(os.path.abspath(__file__))

# ---------------------------------------------------------------------------
# Geometry: a 7.5 km x 6.7 km polder (50.25 km2), lake to the north and west,
# a levee on those two edges. A jittered grid of roads along canals.
# ---------------------------------------------------------------------------
WIDTH_M, HEIGHT_M = 7500.0, 6700.0
NCOL, NROW = 16, 15                      # grid lines: columns run N-S, rows run E-W
DX, DY = WIDTH_M / (NCOL - 1), HEIGHT_M / (NROW - 1)   # 500 m, ~479 m

LEVEE_COL, LEVEE_ROW = 0, NROW - 1       # west edge, north edge
S322_ROW = 7                             # the provincial road, through the middle
COUNTY_ROWS = (3, 11)
COUNTY_COLS = (2, 7, 12)
BOUNDARY_COL, BOUNDARY_ROW = NCOL - 1, 0  # east and south edges: boundary roads

LEVEE_CREST_M = 33.0                     # levee crest, ~3 m above the adjacent fields
TOWN_XY = (3750.0, 3350.0)               # market town, near the centre on S322
QIANJIANG_KM = 35.0                      # Qianjiang city centre, east of the town

# class -> (free speed km/h, lanes per direction, capacity veh/h per direction)
ROAD_CLASSES = {
    "provincial": (60, 2, 3600),   # S322: two lanes a direction, 1800 veh/h/lane
    "county": (40, 1, 1400),
    "village": (30, 1, 900),
    "canal": (None, 1, 600),       # canal-side farm roads: 20 or 25 km/h per line
    "levee": (30, 1, 900),         # road on the levee crest
}
CLASS_ORDER = ["provincial", "county", "village", "canal", "levee"]
ROAD_PREFIX = {"provincial": "s322", "county": "cty", "village": "vil", "canal": "can", "levee": "lev"}

# The industrial park, south of S322 just east of the town (columns 8-10, rows 5-7).
PARK_COLS = (8, 9, 10)
PARK_LANE_A_Y = 3110.0                   # between row 6 and S322
PARK_LANE_B_Y = 2630.0                   # between row 5 and row 6

COMMUNITIES = [
    # id, name, kind, (col, row) of the county-road crossing it stands beside
    ("jizhen", "集镇社区 (market-town community)", "market_town", None),
    ("xibei", "西北办事处 (north-west sub-district office)", "sub_district", (2, 11)),
    ("dongbei", "东北办事处 (north-east sub-district office)", "sub_district", (12, 11)),
    ("xinan", "西南办事处 (south-west sub-district office)", "sub_district", (2, 3)),
    ("dongnan", "东南办事处 (south-east sub-district office)", "sub_district", (12, 3)),
]
SETTLEMENTS_PER_COMMUNITY = {"jizhen": 6, "xibei": 8, "dongbei": 8, "xinan": 8, "dongnan": 8}  # 38
POPULATION = 12036
MANAGERS_PER_COMMUNITY = 2

# 18 enterprises: (name, occupancy, level). One red (ammonia refrigeration, 涉氨制冷),
# two orange, the rest yellow and blue.
ENTERPRISES = [
    ("小龙虾冷链仓储 (crayfish cold store, ammonia refrigeration)", "warehouse", "red"),
    ("纺织一厂 (textile mill 1)", "textile", "orange"),
    ("汽车电子一厂 (automotive electronics 1, coating line)", "industrial", "orange"),
    ("汽车电子二厂 (automotive electronics 2)", "industrial", "yellow"),
    ("汽车电子三厂 (automotive electronics 3)", "industrial", "yellow"),
    ("汽车线束厂 (automotive wiring harness)", "industrial", "blue"),
    ("桶装饮用水一厂 (bottled drinking water 1)", "food_processing", "blue"),
    ("桶装饮用水二厂 (bottled drinking water 2)", "food_processing", "blue"),
    ("小龙虾加工一厂 (crayfish processing 1)", "food_processing", "yellow"),
    ("小龙虾加工二厂 (crayfish processing 2)", "food_processing", "yellow"),
    ("小龙虾调味品厂 (crayfish seasoning)", "food_processing", "blue"),
    ("大米加工一厂 (rice mill 1)", "food_processing", "yellow"),
    ("大米加工二厂 (rice mill 2)", "food_processing", "blue"),
    ("粮食仓储 (grain warehouse)", "warehouse", "yellow"),
    ("纺织二厂 (textile mill 2)", "textile", "yellow"),
    ("服装一厂 (garment factory 1)", "textile", "yellow"),
    ("服装二厂 (garment factory 2)", "textile", "blue"),
    ("包装材料厂 (packaging materials)", "warehouse", "blue"),
]

CN_DIGITS = "零一二三四五六七八九"


def cn_number(n):
    """1..99 in Chinese numerals: 1 一, 10 十, 11 十一, 20 二十, 38 三十八."""
    tens, ones = divmod(n, 10)
    s = ""
    if tens:
        s += ("" if tens == 1 else CN_DIGITS[tens]) + "十"
    if ones:
        s += CN_DIGITS[ones]
    return s


class Model:
    def __init__(self, rng):
        self.rng = rng
        self.nodes = {}      # id -> dict(x, y, elev, kind); insertion order is output order
        self.edges = {}      # key -> dict(a, b, cls, speed, factor); key = creation number
        self.next_key = 0
        self.pair = {}       # (min id, max id) -> edge key

    # -- nodes and edges ----------------------------------------------------
    def add_node(self, nid, x, y, elev, kind="junction"):
        assert nid not in self.nodes, nid
        self.nodes[nid] = {"x": x, "y": y, "elev": elev, "kind": kind}
        return nid

    def add_edge(self, a, b, cls, speed=None, factor=1.0):
        key = self.next_key
        self.next_key += 1
        if speed is None:
            speed = ROAD_CLASSES[cls][0]
        self.edges[key] = {"a": a, "b": b, "cls": cls, "speed": speed, "factor": factor}
        self.pair[(min(a, b), max(a, b))] = key
        return key

    def remove_edge(self, key):
        e = self.edges.pop(key)
        del self.pair[(min(e["a"], e["b"]), max(e["a"], e["b"]))]
        return e

    def edge_between(self, a, b):
        return self.pair[(min(a, b), max(a, b))]

    def split(self, a, b, nid, t, elev_bump=0.0, kind="junction"):
        """Put a new node on road a-b at fraction t from a; the two halves keep its class."""
        e = self.remove_edge(self.edge_between(a, b))
        pa, pb = self.nodes[a], self.nodes[b]
        x = pa["x"] + t * (pb["x"] - pa["x"])
        y = pa["y"] + t * (pb["y"] - pa["y"])
        self.add_node(nid, x, y, min(30.0, self.ground(x, y) + elev_bump), kind)
        self.add_edge(a, nid, e["cls"], e["speed"], e["factor"])
        self.add_edge(nid, b, e["cls"], e["speed"], e["factor"])
        return nid

    def spur(self, base, nid, dx, dy, kind, elev_bump=0.3, cls="village"):
        """A short dead-end access road from `base` to a new node."""
        p = self.nodes[base]
        x, y = p["x"] + dx, p["y"] + dy
        self.add_node(nid, x, y, min(30.0, self.ground(x, y) + elev_bump), kind)
        self.add_edge(base, nid, cls)
        return nid

    def ground(self, x, y):
        """Ground elevation: ~29.9 m at the polder edge, ~27.3 m deep in the interior."""
        d = min(x, WIDTH_M - x, y, HEIGHT_M - y)
        s = min(1.0, max(0.0, d / 2600.0))
        s = s * s * (3.0 - 2.0 * s)
        e = 29.9 - 2.6 * s
        e += 0.12 * math.sin(x / 900.0) * math.cos(y / 1100.0)   # gentle undulation
        e += self.rng.uniform(-0.08, 0.08)
        return min(30.0, max(27.0, e))

    def connected(self, node_ids):
        adj = {n: [] for n in node_ids}
        for e in self.edges.values():
            if e["a"] in adj and e["b"] in adj:
                adj[e["a"]].append(e["b"])
                adj[e["b"]].append(e["a"])
        start = node_ids[0]
        seen = {start}
        queue = deque([start])
        while queue:
            n = queue.popleft()
            for m in adj[n]:
                if m not in seen:
                    seen.add(m)
                    queue.append(m)
        return len(seen) == len(node_ids)


def gid(i, j):
    return "j%02d_%02d" % (i, j)


def line_class(kind, k):
    """Class of grid column k (kind 'col') or row k (kind 'row')."""
    if kind == "col":
        if k == LEVEE_COL:
            return "levee"
        if k in COUNTY_COLS:
            return "county"
        if k == BOUNDARY_COL:
            return "village"
        return "village" if k % 2 else "canal"
    if k == LEVEE_ROW:
        return "levee"
    if k == S322_ROW:
        return "provincial"
    if k in COUNTY_ROWS:
        return "county"
    if k == BOUNDARY_ROW:
        return "village"
    return "village" if k % 2 else "canal"


def in_park(i0, j0, i1, j1):
    """Grid edge (i0,j0)-(i1,j1) inside the industrial park (forced, upgraded to village)."""
    if i0 == i1:   # N-S edge in a park column, rows 5-7
        return i0 in PARK_COLS and min(j0, j1) >= 5 and max(j0, j1) <= 7
    return min(i0, i1) >= PARK_COLS[0] and max(i0, i1) <= PARK_COLS[-1] and j0 == 6


def build_grid(m):
    rng = m.rng
    # Straight lines typical of polders: one offset per line, a little jitter per node.
    col_off = [0.0 if i in (0, NCOL - 1) else rng.uniform(-60.0, 60.0) for i in range(NCOL)]
    row_off = [0.0 if j in (0, NROW - 1) else rng.uniform(-50.0, 50.0) for j in range(NROW)]
    col_speed = [rng.choice((20, 25)) for _ in range(NCOL)]
    row_speed = [rng.choice((20, 25)) for _ in range(NROW)]
    for j in range(NROW):
        for i in range(NCOL):
            x = i * DX + col_off[i] + (0.0 if i in (0, NCOL - 1) else rng.uniform(-15.0, 15.0))
            y = j * DY + row_off[j] + (0.0 if j in (0, NROW - 1) else rng.uniform(-15.0, 15.0))
            if i == LEVEE_COL or j == LEVEE_ROW:
                elev = LEVEE_CREST_M + rng.uniform(-0.2, 0.3)
            else:
                elev = m.ground(x, y)
                if j == S322_ROW:
                    elev = min(30.0, elev + 0.4)   # road embankment
            m.add_node(gid(i, j), x, y, elev)

    forced, optional = [], []
    for j in range(NROW):
        for i in range(NCOL):
            for (i1, j1, kind, k) in ((i + 1, j, "row", j), (i, j + 1, "col", i)):
                if i1 >= NCOL or j1 >= NROW:
                    continue
                cls = line_class(kind, k)
                park = in_park(i, j, i1, j1)
                if park:
                    cls = "village"
                speed = None
                if cls == "canal":
                    speed = (row_speed if kind == "row" else col_speed)[k]
                factor = 1.0 + rng.uniform(0.0, 0.02)   # slight bends
                key = m.add_edge(gid(i, j), gid(i1, j1), cls, speed, factor)
                boundary = (kind == "col" and k == BOUNDARY_COL) or (kind == "row" and k == BOUNDARY_ROW)
                if park or boundary or cls in ("levee", "provincial", "county"):
                    forced.append(key)
                else:
                    optional.append((key, kind, cls))

    # Thin the grid: cross roads (rows) are interrupted by canals far more than the
    # long N-S farm roads. Never disconnect the grid.
    keep_p = {("row", "village"): 0.8, ("row", "canal"): 0.5,
              ("col", "village"): 0.95, ("col", "canal"): 0.85}
    grid_ids = list(m.nodes)
    for key, kind, cls in optional:
        if rng.random() < keep_p[(kind, cls)]:
            continue
        e = m.remove_edge(key)
        if not m.connected(grid_ids):
            m.edges[key] = e
            m.pair[(min(e["a"], e["b"]), max(e["a"], e["b"]))] = key


def build_town_and_park(m):
    rng = m.rng
    w, e = gid(7, S322_ROW), gid(8, S322_ROW)
    pw, pe = m.nodes[w], m.nodes[e]
    t_town = (TOWN_XY[0] - pw["x"]) / (pe["x"] - pw["x"])
    # The market town on S322, raised ground; its micro fire station just west on S322,
    # the police station (fire brigade) just east, towards the park.
    m.split(w, e, "jizhen", t_town, elev_bump=0.8, kind="community")
    m.split(w, "jizhen", "micro_jizhen", 0.55, elev_bump=0.8, kind="station")
    m.split("jizhen", e, "police_station", 0.5, elev_bump=0.8, kind="station")
    # District seat: emergency office north of the town, district depot beside it;
    # the community supply point south of the town.
    m.spur("jizhen", "district_office", 10.0, 140.0, "office", elev_bump=0.8)
    m.spur("district_office", "district_depot", 90.0, 20.0, "depot", elev_bump=0.8)
    m.spur("jizhen", "depot_jizhen", -20.0, -120.0, "depot", elev_bump=0.8)

    # Industrial park: lane A (between row 6 and S322) and lane B (between rows 5 and 6)
    # cross columns 8-10; row 6 between columns 8 and 10 is the middle street.
    lanes = []
    for tag, y_lane, (j0, j1) in (("a", PARK_LANE_A_Y, (6, 7)), ("b", PARK_LANE_B_Y, (5, 6))):
        lane = []
        for i, pos in zip(PARK_COLS, ("w", "c", "e")):
            lo, hi = m.nodes[gid(i, j0)], m.nodes[gid(i, j1)]
            t = (y_lane - lo["y"]) / (hi["y"] - lo["y"])
            lane.append(m.split(gid(i, j0), gid(i, j1), "park_%s_%s" % (tag, pos), t, elev_bump=0.5))
        for a, b in zip(lane, lane[1:]):
            m.add_edge(a, b, "village", factor=1.0)
        lanes.append(lane)
    streets = [lanes[0], [gid(i, 6) for i in PARK_COLS], lanes[1]]
    # 18 enterprises, 3 per block face, their gates on the park streets.
    order = list(range(len(ENTERPRISES)))
    rng.shuffle(order)
    faces = [(a, b) for street in streets for a, b in zip(street, street[1:])]
    for face_i, (a, b) in enumerate(faces):
        cur, prev_t = a, 0.0
        for slot, t in enumerate((0.25, 0.5, 0.75)):
            nid = "ent%02d" % (order[3 * face_i + slot] + 1)
            t += rng.uniform(-0.04, 0.04)
            # later gates on the same block face split what is left of it
            m.split(cur, b, nid, (t - prev_t) / (1.0 - prev_t), elev_bump=0.5, kind="enterprise")
            cur, prev_t = nid, t
    return ["ent%02d" % (k + 1) for k in range(len(ENTERPRISES))]


def build_communities(m):
    """Sub-district offices on the county road just east of a county crossing, with
    their supply point and micro fire station on short access roads."""
    for cid, _name, _kind, cr in COMMUNITIES:
        if cr is None:
            continue
        i, j = cr
        m.split(gid(i, j), gid(i + 1, j), cid, 0.3, elev_bump=0.6, kind="community")
        m.spur(cid, "depot_" + cid, 15.0, 80.0, "depot", elev_bump=0.6)
        m.spur(cid, "micro_" + cid, -10.0, -90.0, "station", elev_bump=0.6)


def community_region(cid, x, y):
    """Which community a point belongs to: the central town area, else its quadrant."""
    tx, ty = TOWN_XY
    if abs(x - tx) <= 1500.0 and abs(y - ty) <= 1200.0:
        return "jizhen"
    if y >= ty:
        return "xibei" if x < tx else "dongbei"
    return "xinan" if x < tx else "dongnan"


def in_park_box(x, y):
    return 3950.0 <= x <= 5100.0 and 2300.0 <= y <= 3450.0


def build_settlements(m):
    """38 production teams (生产队), strung along grid roads as polder hamlets are."""
    rng = m.rng
    special = [n for n, p in m.nodes.items() if p["kind"] != "junction"]
    settlements = []
    number = 0
    for cid, _name, _kind, _cr in COMMUNITIES:
        need = SETTLEMENTS_PER_COMMUNITY[cid]
        spacing = 750.0
        placed_here = 0
        while placed_here < need:
            candidates = []
            for key, e in m.edges.items():
                if e["cls"] == "levee" or not (e["a"].startswith("j") and e["b"].startswith("j")):
                    continue
                pa, pb = m.nodes[e["a"]], m.nodes[e["b"]]
                mx, my = (pa["x"] + pb["x"]) / 2.0, (pa["y"] + pb["y"]) / 2.0
                if community_region(cid, mx, my) != cid or in_park_box(mx, my):
                    continue
                if any(math.hypot(mx - m.nodes[s]["x"], my - m.nodes[s]["y"]) < spacing for s in settlements):
                    continue
                if any(math.hypot(mx - m.nodes[s]["x"], my - m.nodes[s]["y"]) < 350.0 for s in special):
                    continue
                candidates.append(key)
            if not candidates:
                spacing -= 50.0
                continue
            key = rng.choice(candidates)
            e = m.edges[key]
            number += 1
            sid = "dui%02d" % number
            m.split(e["a"], e["b"], sid, rng.uniform(0.3, 0.7), elev_bump=0.4, kind="settlement")
            settlements.append(sid)
            placed_here += 1
    # Populations: the town's teams are larger; scaled to the registered 12,036.
    comm_of = {}
    k = 0
    for cid, _n, _k, _c in COMMUNITIES:
        for _ in range(SETTLEMENTS_PER_COMMUNITY[cid]):
            comm_of[settlements[k]] = cid
            k += 1
    weights = [rng.uniform(0.65, 1.35) * (1.5 if comm_of[s] == "jizhen" else 1.0) for s in settlements]
    total_w = sum(weights)
    raw = [POPULATION * w / total_w for w in weights]
    pops = [int(math.floor(r)) for r in raw]
    short = POPULATION - sum(pops)
    by_frac = sorted(range(len(raw)), key=lambda i: (-(raw[i] - pops[i]), i))
    for i in by_frac[:short]:
        pops[i] += 1
    return [(s, comm_of[s], p) for s, p in zip(settlements, pops)]


def build_mutual_aid_route(m):
    """S322 east to Qianjiang city centre, ~35 km from the market town."""
    rng = m.rng
    start = gid(NCOL - 1, S322_ROW)
    tx, ty = TOWN_XY
    dy = 1500.0
    qx = tx + math.sqrt((QIANJIANG_KM * 1000.0) ** 2 - dy * dy)
    qy = ty + dy
    sx, sy = m.nodes[start]["x"], m.nodes[start]["y"]
    prev = start
    n_mid = 6
    for k in range(1, n_mid + 1):
        f = k / (n_mid + 1.0)
        x = sx + f * (qx - sx)
        y = sy + f * (qy - sy) + rng.uniform(-250.0, 250.0)
        nid = m.add_node("s322_east_%d" % k, x, y, 29.0 + rng.uniform(0.0, 2.0))
        m.add_edge(prev, nid, "provincial", factor=1.04 + rng.uniform(0.0, 0.03))
        prev = nid
    m.add_node("qianjiang_city", qx, qy, 30.5, "external")
    m.add_edge(prev, "qianjiang_city", "provincial", factor=1.05)


# ---------------------------------------------------------------------------
# Output
# ---------------------------------------------------------------------------
def write_csvs(m):
    os.makedirs(os.path.join(HERE, "roads"), exist_ok=True)
    lines = ["id,x_m,y_m,elevation_m,kind"]
    for nid, p in m.nodes.items():
        lines.append("%s,%.1f,%.1f,%.2f,%s" % (nid, p["x"], p["y"], p["elev"], p["kind"]))
    with open(os.path.join(HERE, "roads", "nodes.csv"), "w", encoding="utf-8", newline="\n") as f:
        f.write("\n".join(lines) + "\n")

    rows = ["id,from,to,length_m,free_speed_kmh,capacity_veh_h,lanes,oneway,class"]
    counters = {c: 0 for c in CLASS_ORDER}
    ordered = sorted(m.edges.items(), key=lambda kv: (CLASS_ORDER.index(kv[1]["cls"]), kv[0]))
    for _key, e in ordered:
        counters[e["cls"]] += 1
        rid = "%s_%03d" % (ROAD_PREFIX[e["cls"]], counters[e["cls"]])
        pa, pb = m.nodes[e["a"]], m.nodes[e["b"]]
        length = math.hypot(pb["x"] - pa["x"], pb["y"] - pa["y"]) * e["factor"]
        _speed, lanes, cap = ROAD_CLASSES[e["cls"]]
        rows.append("%s,%s,%s,%.1f,%d,%d,%d,0,%s" % (rid, e["a"], e["b"], length, e["speed"], cap, lanes, e["cls"]))
    with open(os.path.join(HERE, "roads", "roads.csv"), "w", encoding="utf-8", newline="\n") as f:
        f.write("\n".join(rows) + "\n")
    return len(rows) - 1


# Office hours 8:00-18:00 as a roster of 24 on-duty shares (hour 0 = midnight to 1 am).
OFFICE_HOURS = "[%s]" % ", ".join("1" if 8 <= h < 18 else "0" for h in range(24))
# Community team members: at home at night, in the fields by day, out in the evening.
TEAM_ROSTER = "[%s]" % ", ".join("0.8" if h < 6 else "0.4" if 8 <= h < 18 else "0.6" for h in range(24))


def flow(d, width=104):
    """A flow mapping as a list item, wrapped onto continuation lines past `width`."""
    lines, cur = [], "    - {"
    parts = ["%s: %s" % (k, v) for k, v in d]
    for i, part in enumerate(parts):
        piece = part + (", " if i + 1 < len(parts) else "}")
        if len(cur) + len(piece.rstrip()) > width and not cur.endswith("{"):
            lines.append(cur.rstrip())
            cur = "       "
        cur += piece
    lines.append(cur)
    return "\n".join(lines)


def q(s):
    return '"' + s.replace("\\", "\\\\").replace('"', '\\"') + '"'


def write_yaml(m, settlements, enterprise_ids, n_roads):
    comm_name = {c[0]: c[1] for c in COMMUNITIES}
    y = []
    a = y.append
    a("# Yunlianghu (运粮湖管理区, Qianjiang, Hubei) -- the default readysim district.")
    a("#")
    a("# GENERATED by generate.py beside this file; do not edit by hand:")
    a("#     /usr/bin/python3 scenarios/yunlianghu/generate.py")
    a("# SYNTHETIC but plausible: the road graph, positions, elevations, settlement")
    a("# populations and enterprises are invented, true only to the public facts in")
    a("# ../shared/seed/DIGEST.md (about 50 km2 of flat polder, S322 east-west,")
    a("# 4 sub-district offices + 1 market-town community, 38 production teams,")
    a("# 12,036 people, ~18 enterprises, Qianjiang ~35 km east). The inventory is the")
    a("# 2023 reform plan's MINIMUMS (R1-R19), so that runs test whether they are enough.")
    a("# %d road nodes, %d two-way segments. See README.md." % (len(m.nodes), n_roads))
    a("")
    a("district:")
    a("  name: Yunlianghu")
    a("  local_name: 运粮湖管理区")
    a("  roads: {nodes: roads/nodes.csv, segments: roads/roads.csv}")
    a("  mutual_aid_node: qianjiang_city   # S322 east, the route help arrives by")
    a("  police_station: police_station    # 派出所, where R17 bases the district fire brigade (the audit checks it)")
    a("  communities:")
    for cid, name, kind, _cr in COMMUNITIES:
        a(flow([("id", cid), ("name", q(name)), ("kind", kind), ("node", cid)]))
    a("  settlements:   # 38 production teams (生产队), %d people in all" % sum(p for _s, _c, p in settlements))
    for k, (sid, cid, pop) in enumerate(settlements, start=1):
        a(flow([("id", sid), ("name", q(cn_number(k) + "队")), ("community", cid),
                          ("node", sid), ("population", pop)]))
    a("  risk_points:   # R14: graded enterprise risk points in the industrial park")
    for k, (name, occ, level) in enumerate(ENTERPRISES):
        eid = enterprise_ids[k]
        a(flow([("id", eid), ("name", q(name)), ("node", eid), ("level", level), ("occupancy", occ)]))
    a("")
    a("horizon: 365 d          # a year of fires; flood scenarios set their own horizon")
    a("")
    a("resources:")
    a("  stations:")
    a("    # R17/R18: the district full-time fire brigade at the police station; one engine")
    a("    # leaves with four people.")
    a("    - {id: brigade, name: \"专职消防队 (district fire brigade)\", kind: fire_brigade, node: police_station,")
    a("       engines: 1, crew_per_engine: 4, turnout: {dist: lognormal, median: 90 s, p90: 3 min}}")
    a("    # R12/R19: a micro fire station in every community (first-stage fire fighting, no engine).")
    for cid, _name, _kind, _cr in COMMUNITIES:
        a(flow([("id", "micro_" + cid), ("name", q("微型消防站 " + comm_name[cid].split(" ")[0])),
                          ("kind", "micro_fire_station"), ("node", "micro_" + cid), ("community", cid),
                          ("engines", 0), ("turnout", "{dist: lognormal, median: 3 min, p90: 8 min}")]))
    a("  depots:")
    a("    # R5: the district emergency supply depot, 30 m2, at the district seat: 29.5 m2 of items")
    a("    # (footprints: logistics.items; water and rations on 1.2 m2 pallets). Quantities invented.")
    a("    - {id: district_depot, name: \"管理区应急物资仓库 (district depot)\", node: district_depot, floor_area: 30 m2,")
    a("       items: [{item: life_jacket, quantity: 200}, {item: sandbag, quantity: 3000},")
    a("               {item: flashlight, quantity: 50}, {item: raincoat, quantity: 60},")
    a("               {item: rescue_rope, quantity: 20}, {item: portable_pump, quantity: 2},")
    a("               {item: tent, quantity: 20}, {item: drinking_water, quantity: 6000},")
    a("               {item: food_ration, quantity: 2400}, {item: blanket, quantity: 250},")
    a("               {item: extinguisher_charge, quantity: 20}]}")
    a("    # R9/R10: a 15 m2 supply point per community, a nine-ones kit per emergency manager: 11.6 m2 of items.")
    for cid, _name, _kind, _cr in COMMUNITIES:
        a("    - {id: depot_%s, name: %s, node: depot_%s, community: %s, floor_area: 15 m2," % (
            cid, q("物资储备点 " + comm_name[cid].split(" ")[0]), cid, cid))
        a("       items: [{item: nine_ones_kit, quantity: %d}, {item: life_jacket, quantity: 30}," % MANAGERS_PER_COMMUNITY)
        a("               {item: sandbag, quantity: 400}, {item: flashlight, quantity: 10},")
        a("               {item: raincoat, quantity: 15}, {item: rain_boots, quantity: 15},")
        a("               {item: drinking_water, quantity: 3000}, {item: food_ration, quantity: 1200},")
        a("               {item: blanket, quantity: 150}, {item: extinguisher_charge, quantity: 12}]}")
    a("  staff:")
    a("    # One roster for fire and flood: staffing (flood.yaml) says which roles do which task.")
    a("    # on_duty_share is the share reachable at once, by hour of day when a list of 24 (hour 0 =")
    a("    # midnight); the rest are called back after callback_delay. Shares and delays are planning")
    a("    # assumptions: replace them with the district's duty roster.")
    a("    # R1: the emergency-management office, 2 full-time staff and 2 contracted inspectors;")
    a("    # office hours 8:00-18:00, on call otherwise.")
    a("    - {id: emergency_office, role: emergency_office, count: 2, full_time: true, node: district_office,")
    a("       on_duty_share: %s," % OFFICE_HOURS)
    a("       callback_delay: {dist: lognormal, median: 20 min, p90: 45 min}}")
    a("    - {id: inspectors, role: inspector, count: 2, full_time: false, node: district_office}")
    a("    # R6: the driver of the troop transport (part-time militia), on shift 8:00-18:00.")
    a("    - {id: transport_driver, role: driver, count: 1, full_time: false, node: district_office,")
    a("       on_duty_share: %s," % OFFICE_HOURS)
    a("       callback_delay: {dist: lognormal, median: 20 min, p90: 45 min}}")
    a("    # R17: 7 firefighters (6-8), 3 of them full-time; the part-timers are called back.")
    a("    - {id: brigade_full_time, role: firefighter, count: 3, full_time: true, station: brigade}")
    a("    - {id: brigade_part_time, role: firefighter, count: 4, full_time: false, station: brigade,")
    a("       on_duty_share: 0.5, callback_delay: {dist: lognormal, median: 10 min, p90: 25 min}}")
    a("    # R10: emergency managers in every community (each with a nine-ones kit).")
    for cid, _name, _kind, _cr in COMMUNITIES:
        a(flow([("id", "managers_" + cid), ("role", "emergency_manager"),
                          ("count", MANAGERS_PER_COMMUNITY), ("full_time", "false"), ("community", cid)]))
    a("    # R4: the district rescue team, at least 30 people (militia, hospital, police auxiliaries,")
    a("    # school and enterprise volunteers): a quarter reachable at once, the rest called in.")
    a("    - {id: district_rescue, name: \"管理区应急救援队 (district rescue team)\", role: rescue_team, count: 30,")
    a("       full_time: false, node: district_office, on_duty_share: 0.25,")
    a("       callback_delay: {dist: lognormal, median: 30 min, p90: 75 min}}")
    a("    # R11: a part-time rescue team of about 15 per community, mustering at the office: most are")
    a("    # at home at night, out in the fields by day.")
    for cid, _name, _kind, _cr in COMMUNITIES:
        a(flow([("id", "team_" + cid), ("name", q("应急救援队 " + comm_name[cid].split(" ")[0])),
                ("role", "community_team"), ("count", 15), ("full_time", "false"), ("community", cid),
                ("on_duty_share", TEAM_ROSTER),
                ("callback_delay", "{dist: lognormal, median: 15 min, p90: 40 min}")]))
    a("  vehicles:")
    a("    # R6: one dedicated troop/personnel transport (运兵车) at the emergency office.")
    a("    - {id: troop_transport, kind: transport, count: 1, node: district_office}")
    a("")
    a("hazards:")
    a("  fire:")
    a("    # Planning assumptions (not Yunlianghu statistics): replace with the district's fire records.")
    a("    ignition_rates: {red: 2 /yr, orange: 1 /yr, yellow: 0.5 /yr, blue: 0.2 /yr}")
    a("    dwelling_fires_per_1000_residents: 0.5 /yr")
    a("    # relative ignition weights by hour from midnight: fewer at night, peaks at meal times")
    a("    hourly_profile: [0.5, 0.4, 0.4, 0.4, 0.4, 0.5, 0.8, 1.0, 1.1, 1.1, 1.2, 1.4,")
    a("                     1.3, 1.1, 1.1, 1.1, 1.2, 1.4, 1.6, 1.5, 1.3, 1.0, 0.8, 0.6]")
    a("    detection_delay: {dist: lognormal, median: 2 min, p90: 6 min}")
    a("    call_processing: {dist: lognormal, median: 1 min, p90: 2 min}")
    a("    micro_station: {mobilisation: {dist: lognormal, median: 2 min, p90: 4 min}, speed: 20 km/h, holds_below: 500 kW}")
    a("    mutual_aid: {delay: {dist: lognormal, median: 5 min, p90: 10 min}}   # Qianjiang city fire station")
    a("")
    a("policies: {dispatch: nearest_free_engine, queue: fifo, no_engine_free: mutual_aid}")
    a("")
    a("logistics:")
    a("  # A year of fires: a micro station's spent extinguishers are refilled from Qianjiang city.")
    a("  resupply: {lead_time: {dist: lognormal, median: 2 d, p90: 7 d}, from_node: qianjiang_city, reorder_at: 0.5,")
    a("             items: [extinguisher_charge]}")
    a("")
    a("run: {replications: 1000, seed: %d}" % SEED)
    with open(os.path.join(HERE, "scenario.yaml"), "w", encoding="utf-8", newline="\n") as f:
        f.write("\n".join(y) + "\n")
    write_flood_yaml(y)


# Shelters: the schools and halls of the four sub-district offices (the polder's higher edges),
# the market-town school, and Qianjiang city outside the polder. Floor areas are invented.
SHELTERS = [
    ("school_xibei", "西北办事处学校 (north-west school)", "xibei", "3000 m2"),
    ("school_dongbei", "东北办事处学校 (north-east school)", "dongbei", "3000 m2"),
    ("school_xinan", "西南办事处学校 (south-west school)", "xinan", "3000 m2"),
    ("school_dongnan", "东南办事处学校 (south-east school)", "dongnan", "3000 m2"),
    ("school_jizhen", "集镇学校 (market-town school)", "jizhen", "6000 m2"),
    ("qianjiang_halls", "潜江市安置点 (Qianjiang city halls)", "qianjiang_city", "20000 m2"),
]


FLOOD_LOGISTICS = [
    "logistics:",
    "  consumption:",
    "    # Sphere minimums: 15 L of water and one 2,100 kcal ration per sheltered person per day,",
    "    # a blanket each on arrival.",
    "    per_sheltered_person_per_day: {drinking_water: 15 L, food_ration: 1}",
    "    per_sheltered_person: {blanket: 1}",
    "    per_micro_station_fire: {extinguisher_charge: 2}",
    "    per_levee_metre: {sandbag: 20}",
    "    # A flood warning activates the teams: a life jacket per member (R11), a nine-ones kit per manager (R10).",
    "    per_team_member_activated: {life_jacket: 1}",
    "    per_emergency_manager_activated: {nine_ones_kit: 1}",
    "  issue_interval: 1 d",
    "  shelter_supply: community        # each community's supply point serves its school; the district depot backs them up",
    "  shelter_depots: {qianjiang_halls: none}   # the city supplies its own halls",
    "  resupply:",
    "    lead_time: {dist: lognormal, median: 4 h, p90: 8 h}   # Qianjiang city reserve; the drive is added",
    "    from_node: qianjiang_city",
    "    reorder_at: 0.5",
    "    order_up_to: 1",
    "    items: [drinking_water, food_ration, blanket, sandbag, extinguisher_charge]",
    "",
]


def write_flood_yaml(lines):
    """The flood-season scenario: the same district and inventory, two days around a breach of
    the west levee during a high lake level, with fires still igniting."""
    out = []
    skipping_logistics = False
    for line in lines:
        if line.startswith("# %d road nodes" % 0) or line.startswith("horizon:"):
            out.append("horizon: 48 h          # two days of the flood season")
            continue
        if line == "logistics:":
            skipping_logistics = True
            out.extend(FLOOD_LOGISTICS)
            continue
        if skipping_logistics:
            if line and line.startswith(" "):
                continue
            skipping_logistics = False
        if line.startswith("run:"):
            out.append("run: {replications: 200, seed: %d}" % SEED)
            continue
        if line == "resources:":
            out.append(line)
            out.append("  shelters:   # capacity = floor area / evacuation.area_per_person")
            for sid, name, node, area in SHELTERS:
                city = node == "qianjiang_city"  # the city runs its own halls
                out.append("    - {id: %s, name: \"%s\", node: %s, floor_area: %s%s}" % (
                    sid, name, node, area, ", staffed: false" if city else ""))
            continue
        if line == "  vehicles:":
            out.extend([
                "    # Shelter volunteers recruited for the flood season: none in the plan. flood_study.yaml",
                "    # sizes them (teachers, retired cadres, Red Cross volunteers; at home, called in).",
                "    - {id: shelter_volunteers, role: volunteer, count: 0, full_time: false, node: district_office,",
                "       on_duty_share: 0.3, callback_delay: {dist: lognormal, median: 30 min, p90: 90 min}}",
            ])
            out.append(line)
            continue
        if line == "hazards:":
            out.append(line)
            out.extend([
                "  flood:",
                "    # A breach of the west levee (lake side) some hours into a high-water day; the",
                "    # inflow and the timing are planning assumptions, not hydraulic results.",
                "    source: breach",
                "    breach:",
                "      at: j00_06",
                "      time: {dist: uniform, low: 4 h, high: 12 h}",
                "      peak_inflow: {dist: triangular, low: 150 m3/s, mode: 300 m3/s, high: 600 m3/s}",
                "      time_to_peak: 3 h",
                "      inflow_duration: 30 h",
                "    pumping: 40 m3/s",
                "    polder_area: 50 km2",
                "    inundation_depth: 0.1 m",
                "    impassable: {car: 0.3 m, truck: 0.6 m}",
                "    # R15/R16: the flood-control office warns at a lead time before the breach",
                "    warning: {lead_time: 3 h, delay: {dist: lognormal, median: 10 min, p90: 30 min}}",
            ])
            continue
        if line.startswith("policies:"):
            out.append(line)
            out.extend([
                "",
                "evacuation:",
                "  cohort_households: 10",
                "  vehicle_share: 0.6       # households with a car, van or tricycle",
                "  assisted_share: 0.08     # elderly, disabled, no one to drive them",
                "  walk_speed: 4 km/h",
                "  warning:",
                "    loudspeaker: {reach: 0.7, delay: {dist: lognormal, median: 5 min, p90: 15 min}}   # 村村响 (R8)",
                "    phone: {reach: 0.6, delay: {dist: lognormal, median: 10 min, p90: 30 min}}",
                "    door_to_door: {households_per_member: 12 /h}   # the community teams (R11)",
                "  mobilisation: {dist: weibull, shape: 1.5, scale: 40 min}",
                "  compliance: 0.9",
                "  area_per_person: 3.5 m2",
                "  assisted_transport: {seats: 30, boarding: 5 min, order: most_at_risk_first}   # 运兵车 (R6)",
                "",
                "staffing:",
                "  # Who does what from the one roster (resources.staff), and who goes first when people",
                "  # are short. Numbers are planning assumptions.",
                "  priority: [engine_crew, door_to_door, transport_driver, levee_patrol, shelter_management]",
                "  engine_crew: {roles: [firefighter]}",
                "  door_to_door: {roles: [community_team], people: 0}      # 0: the whole community team (R11)",
                "  transport_driver: {roles: [driver, rescue_team]}        # a rescue-team militiaman may drive",
                "  # Patrol and sandbag the west levee from the warning until the breach.",
                "  levee_patrol: {roles: [rescue_team], people: 20, patch_rate: 2 m/h, length: 400 m}",
                "  # Two people per shelter in use, one more per 100 sheltered.",
                "  shelter_management: {roles: [emergency_office, volunteer, community_team, rescue_team], minimum: 2,",
                "                       people_per: 100}",
            ])
            continue
        out.append(line)
    out[0:0] = ["# FLOOD SEASON variant of scenario.yaml (generated with it): a levee breach, warning,",
                "# evacuation to shelters, and fires during the flood. Run: readysim run flood.yaml", "#"]
    with open(os.path.join(HERE, "flood.yaml"), "w", encoding="utf-8", newline="\n") as f:
        f.write("\n".join(out) + "\n")


def main():
    rng = random.Random(SEED)
    m = Model(rng)
    build_grid(m)
    enterprise_ids = build_town_and_park(m)
    build_communities(m)
    settlements = build_settlements(m)
    build_mutual_aid_route(m)
    assert m.connected(list(m.nodes)), "road graph is not connected"
    n_roads = write_csvs(m)
    write_yaml(m, settlements, enterprise_ids, n_roads)
    print("yunlianghu: %d nodes, %d segments, %d settlements, %d people, %d enterprises" % (
        len(m.nodes), n_roads, len(settlements), sum(p for _s, _c, p in settlements), len(enterprise_ids)))


if __name__ == "__main__":
    main()
