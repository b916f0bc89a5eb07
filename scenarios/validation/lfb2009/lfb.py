"""London Fire Brigade 2009: the shared data read once, for build.py and compare.py.

The data (../shared/data/incidents_lfb_2009_spatsurv, see its SOURCE.md) is read as it is, never
edited: 6,708 dwelling fires with call date and time, position (British National Grid, rounded
to 50 m), first and second pump attendance in seconds and the stations that sent them; and the
brigade's 124 properties, 113 of them fire stations, with their sites.

Contains public sector information licensed under the Open Government Licence v3.0 (London Fire
Brigade, London Datastore).
"""

from __future__ import annotations

import collections
import csv
import math
import os
import re
from dataclasses import dataclass
from pathlib import Path

HERE = Path(__file__).resolve().parent
FIRES_CSV = "lfb_dwelling_fires_2009.csv"
STATIONS_CSV = "lfb_fire_stations.csv"
# The one split of the year: parameters are fitted on the first half only, the second is held out.
TEST_START = "2009-07-01"
# A station sent both the first and the second pump to at least this many fires: it ran two
# pumps. The counts fall from 13 (Greenwich) and 6 (Sidcup) straight to 1 (seven stations, where
# one such fire is a relief or a pump passing by), so any threshold from 2 to 6 gives the same 58.
TWO_PUMP_MIN_FIRES = 6


def data_dir() -> Path:
    """The shared data folder: $READYSIM_SHARED_DATA_DIR, else ../shared/data beside the repository."""
    env = os.environ.get("READYSIM_SHARED_DATA_DIR")
    base = Path(env) if env else HERE.parents[3] / "shared" / "data"
    return base / "incidents_lfb_2009_spatsurv"


def station_key(name: str) -> str:
    """A station name as the property list and the incident log can both be matched on.

    The property list writes 'BARKING (including workshop)', 'HARROW ', 'WIMBLENDON'; the log
    'Barking', 'Harrow', 'Wimbledon'."""
    key = name.strip().upper().split(" (")[0].strip()
    return {"WIMBLENDON": "WIMBLEDON"}.get(key, key)


def station_id(name: str) -> str:
    return re.sub(r"[^a-z0-9]+", "_", station_key(name).lower()).strip("_")


@dataclass
class Fire:
    line: int            # line in the CSV (header = 1)
    number: str          # IncidentNumber
    date: str            # YYYY-MM-DD
    time: str            # HH:MM:SS
    x: float             # easting, m
    y: float             # northing, m
    ground: str          # station key of the incident's station ground
    first_s: float       # first pump attendance, s
    first_from: str      # station key that sent it
    second_s: float | None  # second pump attendance, s (None: no second pump)
    second_from: str | None


@dataclass
class Station:
    id: str
    name: str            # as the log spells it
    x: float
    y: float
    pumps: int
    same_station_pairs: int  # fires where it sent both the first and the second pump


def read_fires(folder: Path | None = None) -> list[Fire]:
    folder = folder or data_dir()
    out = []
    with open(folder / FIRES_CSV, newline="") as f:
        for i, r in enumerate(csv.DictReader(f)):
            second = r["SecondPumpArriving_AttendanceTime"]
            out.append(Fire(
                line=i + 2, number=r["IncidentNumber"], date=r["DateOfCall"], time=r["TimeOfCall"],
                x=float(r["Easting_m"]), y=float(r["Northing_m"]), ground=station_key(r["IncidentStationGround"]),
                first_s=float(r["FirstPumpArriving_AttendanceTime"]),
                first_from=station_key(r["FirstPumpArriving_DeployedFromStation"]),
                second_s=None if second == "NULL" else float(second),
                second_from=None if second == "NULL" else station_key(r["SecondPumpArriving_DeployedFromStation"])))
    return out


def read_stations(fires: list[Fire], folder: Path | None = None) -> list[Station]:
    """The stations that ran pumps in 2009, at their sites, with their pumps.

    A station ran pumps when the log names it (as a station ground or as the station that sent a
    pump): 112 do, every one of them a 'Fire Station' of the property list (Lambeth Pontoon, the
    river station, is the 113th). Pumps: none where it sent no pump all year (Harold Hill: the
    station ground of 24 fires, all served from elsewhere), two where it sent both pumps to
    TWO_PUMP_MIN_FIRES fires or more (58 stations), else one (53): 169 pumps in all."""
    folder = folder or data_dir()
    sites = {}
    with open(folder / STATIONS_CSV, newline="") as f:
        for r in csv.DictReader(f):
            if r["Description"] == "Fire Station":
                sites[station_key(r["Holding_Name"])] = (float(r["Easting"]), float(r["Northing"]))
    names = {}
    for fire in fires:
        for key in (fire.ground, fire.first_from, fire.second_from):
            if key:
                names.setdefault(key, key.title())
    pairs = collections.Counter(f.first_from for f in fires if f.second_from == f.first_from)
    sent = {f.first_from for f in fires} | {f.second_from for f in fires if f.second_from}
    out = []
    for key in sorted(names):
        if key not in sites:
            raise SystemExit(f"station '{key}' of the incident log has no site in {STATIONS_CSV}")
        x, y = sites[key]
        n = pairs.get(key, 0)
        pumps = 0 if key not in sent else 2 if n >= TWO_PUMP_MIN_FIRES else 1
        out.append(Station(station_id(key), names[key], x, y, pumps, n))
    return out


def distance(ax: float, ay: float, bx: float, by: float) -> float:
    return math.hypot(ax - bx, ay - by)


def quantile(values, q: float) -> float:
    """The q-quantile with linear interpolation (R's type 7, numpy's default)."""
    v = sorted(values)
    h = (len(v) - 1) * q
    lo = math.floor(h)
    hi = min(lo + 1, len(v) - 1)
    return v[lo] + (h - lo) * (v[hi] - v[lo])
