"""Every command and option in README.md's "Commands" table and its sections, run as a planner
runs them, with their real output checked: numbers against the results files, against the
package or a reimplementation of the documented formula, and against hand computations
(scenarios/validation/stock.yaml and stock_study.yaml headers). Exit codes 0, 1 and 2.

Kept fast: 20 replications of the default district at -j 2 take well under a second.
"""
import csv
import io
import json
import math
import os
import pty
import re
import subprocess
import threading

import h5py
import numpy as np
import pytest
from scipy import stats

import readysim

DISTRICT = "scenarios/yunlianghu/scenario.yaml"
STOCK = "scenarios/validation/stock.yaml"
STOCK_STUDY = "scenarios/validation/stock_study.yaml"
N, SEED = 20, 5
CREW7 = "resources.staff.brigade_full_time.count=7"  # seven full-time firefighters: no call-backs


# ---------------------------------------------------------------------------------------------
# helpers

def read_table(path, table):
    with h5py.File(path, "r") as f:
        return {name: (ds.asstr()[()] if h5py.check_string_dtype(ds.dtype) else ds[()])
                for name, ds in f[table].items()}


def summary_rows(path):
    t = read_table(path, "summary")
    return {m: {k: t[k][i] for k in t} for i, m in enumerate(t["metric"])}


def plan_scenario(path):
    """The scenario path a results file's run was given (its /meta)."""
    with h5py.File(path, "r") as f:
        return f["meta/scenario_path"].asstr()[()]


def summary_cell(v, minutes):
    """`run`'s summary table cell (run_results.cpp, format_summary_table)."""
    if math.isnan(v):
        return "—"
    if math.isinf(v):
        return "inf" if v > 0 else "-inf"
    text = f"{v / 60:.2f}" if minutes else f"{v:.3f}"
    return text[1:] if text.startswith("-") and not text.strip("-0.") else text


def label(metric, unit):
    return metric + (" [min]" if unit == "s" else " [share]" if unit == "1" else f" [{unit}]")


def duration_text(seconds):
    """readysim's format_quantity for a duration: the largest of d, h, min that is whole, else s."""
    s = round(seconds)
    for symbol, factor in (("d", 86400), ("h", 3600), ("min", 60)):
        if s != 0 and s % factor == 0:
            return f"{s // factor} {symbol}"
    return f"{s} s"


def with_tty_stderr(args, timeout=120):
    """Runs args with stderr on a pseudo-terminal (stdout a pipe): (returncode, stdout, stderr)."""
    try:
        master, slave = pty.openpty()
    except OSError as e:  # a chroot or container without /dev/pts: the OS offers no terminal to test
        pytest.skip(f"this machine offers no pseudo-terminal ({e}); mount devpts on /dev/pts")
    proc = subprocess.Popen([str(a) for a in args], stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                            stderr=slave)
    os.close(slave)
    out = []
    reader = threading.Thread(target=lambda: out.append(proc.stdout.read()))
    reader.start()
    chunks = []
    while True:
        try:
            data = os.read(master, 4096)
        except OSError:  # EIO: the child closed the terminal
            break
        if not data:
            break
        chunks.append(data)
    os.close(master)
    proc.wait(timeout=timeout)
    reader.join()
    return proc.returncode, out[0].decode(), b"".join(chunks).decode().replace("\r\n", "\n")


# ---------------------------------------------------------------------------------------------
# fixtures: one plan run and one variant, both at N replications and SEED

@pytest.fixture(scope="module")
def district(source_dir):
    return source_dir / DISTRICT


@pytest.fixture(scope="module")
def plan(run_cli, district, tmp_path_factory):
    """`run -n N --seed SEED -j 2 --timing -o plan.h5` (stderr a pipe: no bar)."""
    path = tmp_path_factory.mktemp("plan") / "plan.h5"
    proc = run_cli("run", district, "-n", N, "--seed", SEED, "-j", 2, "--timing", "-o", path)
    return proc, path


@pytest.fixture(scope="module")
def crew(run_cli, district, tmp_path_factory):
    path = tmp_path_factory.mktemp("crew") / "crew.h5"
    run_cli("run", district, "-n", N, "--seed", SEED, "--set", CREW7, "--quiet", "-o", path)
    return path


# ---------------------------------------------------------------------------------------------
# run: the summary table, --timing, --precision/--max-replications, the progress bar

def test_run_prints_the_summary_of_its_results_file(plan):
    proc, path = plan
    lines = proc.stdout.splitlines()
    fires = len(read_table(path, "incidents")["fire"])
    assert lines[0] == f"{plan_scenario(path)}: {N} replications, seed {SEED}, {fires} fires"
    assert lines[-1] == f"results written to {path}"
    rows = summary_rows(path)
    table = {}
    for line in lines[2:-1]:
        m = re.fullmatch(r"(\S+ \[[^\]]+\])\s+(\S+)\s+\[(\S+), (\S+)\]\s+(\S+)\s+(\S+)\s+(—|\[\S+, \S+\])\s+(\S+)\s+(\d+)",
                         line)
        assert m, line
        table[m.group(1)] = m.groups()[1:]
    assert len(table) == len(rows) and "fire.response_time [min]" in table
    for metric, r in rows.items():
        minutes = r["unit"] == "s"
        expected = [summary_cell(r[k], minutes) for k in ("mean", "ci95_low", "ci95_high", "p50", "p90")]
        low, high = r["p90_ci95_low"], r["p90_ci95_high"]  # the p90's interval, "—" for shares
        expected.append("—" if math.isnan(low) and math.isnan(high)
                        else f"[{summary_cell(low, minutes)}, {summary_cell(high, minutes)}]")
        expected.append(summary_cell(r["p95"], minutes))
        assert list(table[label(metric, r["unit"])]) == expected + [str(r["n"])], metric
    assert rows["fire.response_time"]["n"] == fires


def test_timing_is_json_on_stderr(plan, run_cli, district):
    proc, path = plan
    timing = json.loads(proc.stderr)  # the whole of stderr: one JSON object, no bar (a pipe)
    assert set(timing) == {"replications", "jobs", "fires", "wall_s", "setup_s", "simulate_s", "reset_s", "model_s",
                           "kernel_s", "write_s", "ranks", "self_cpu_s"}
    assert (timing["replications"], timing["jobs"], timing["ranks"]) == (N, 2, 1)
    assert timing["fires"] == len(read_table(path, "incidents")["fire"])
    assert all(timing[k] >= 0 for k in timing) and timing["write_s"] > 0
    assert timing["wall_s"] >= max(timing["simulate_s"], timing["write_s"], timing["setup_s"])
    quiet = run_cli("run", district, "-n", 2, "--timing", "--quiet")
    assert json.loads(quiet.stderr)["write_s"] == 0  # nothing written without -o
    assert run_cli("run", district, "-n", 2, "--quiet").stderr == ""


def test_precision_reached_in_the_first_batch(run_cli, district, tmp_path):
    out = tmp_path / "p.h5"
    proc = run_cli("run", district, "-n", 10, "--seed", SEED, "--precision", "fire.response_time.mean=5min",
                   "--precision", "fire.mutual_aid_share=0.5", "-o", out)
    r = summary_rows(out)["fire.response_time"]
    half = (r["ci95_high"] - r["ci95_low"]) / 2  # the mean's 95 % interval, as the summary gives it
    assert half < 300
    # (a share's half-width is its share estimator's, not the summary's clustered t interval)
    goals = (rf"fire\.response_time\.mean ±{half:.3g} s \(want ±5 min, met\); "
             r"fire\.mutual_aid_share\.mean ±0\.0\d+ \(want ±0\.5, met\)")
    lines = proc.stdout.splitlines()
    # the precision verdict is the last line, after where the results went
    assert lines[-2] == f"results written to {out}"
    assert re.fullmatch(f"precision reached after 10 replications: {goals}", lines[-1]), lines[-1]
    assert re.fullmatch(f"precision: batch 1, 10 replications: {goals}\n", proc.stderr), proc.stderr


def test_precision_not_reached_stops_at_the_cap_as_one_run(run_cli, district, plan, tmp_path):
    # -n sets the first batch (10), then batches up to --max-replications (20 = N): the result is
    # the run of N replications, bit for bit (batches continue the replication indices)
    _, plan_path = plan
    out = tmp_path / "capped.h5"
    proc = run_cli("run", district, "-n", 10, "--seed", SEED, "--precision", "fire.response_time.p90=1s",
                   "--max-replications", N, "-j", 2, "-o", out)
    lines = proc.stdout.splitlines()
    assert lines[0].endswith(f"{N} replications, seed {SEED}, {len(read_table(plan_path, 'incidents')['fire'])} fires")
    assert re.fullmatch(rf"precision NOT reached: stopped at the cap of {N} replications \(--max-replications\): "
                        r"fire\.response_time\.p90 ±\S+ s \(want ±1 s\)", lines[-1]), lines[-1]
    batches = proc.stderr.splitlines()
    assert re.fullmatch(r"precision: batch 1, 10 replications: fire\.response_time\.p90 ±\S+ s \(want ±1 s\); "
                        r"10 more", batches[0]), batches[0]
    assert re.fullmatch(rf"precision: batch 2, {N} replications: .*\(want ±1 s\)", batches[1]) and len(batches) == 2
    for table in ("incidents", "units", "summary"):
        a, b = read_table(out, table), read_table(plan_path, table)
        for column in a:
            assert np.array_equal(a[column], b[column], equal_nan=a[column].dtype.kind == "f"), f"{table}/{column}"
    # without -o the precision line is the last line of stdout
    bare = run_cli("run", district, "-n", 2, "--precision", "fire.response_time.mean=1h")
    assert bare.stdout.splitlines()[-1].startswith("precision reached after 2 replications: fire.response_time.mean ±")


def test_precision_goal_errors_exit_2(run_cli, district):
    proc = run_cli("run", district, "--precision", "fire.respons_time.p90=30s", check=False)
    assert proc.returncode == 2 and "did you mean 'fire.response_time'" in proc.stderr
    proc = run_cli("run", district, "--precision", "fire.mutual_aid_share.p90=0.01", check=False)
    assert proc.returncode == 2 and "only its mean" in proc.stderr


BAR = re.compile(r"\r\[(#*) *\] (\d+)/(\d+) replications, \d+ s elapsed, ETA \d+ s ")


def test_progress_bar_on_a_terminal_only(readysim_bin, district):
    code, out, err = with_tty_stderr([readysim_bin, "run", district, "-n", 12, "--seed", SEED])
    assert code == 0 and out.startswith(f"{district}: 12 replications")
    bars = BAR.findall(err)
    assert bars, repr(err)
    assert bars[-1] == ("#" * 30, "12", "12") and err.endswith("\n")
    done = [int(d) for _, d, _ in bars]
    assert done == sorted(done) and all(total == "12" for _, _, total in bars)
    assert [len(filled) for filled, _, _ in bars] == [30 * d // 12 for d in done]  # the bar fills in proportion
    # --quiet: nothing, even on a terminal; a pipe: nothing (test_cli_run checks stderr == "")
    code, out_quiet, err = with_tty_stderr([readysim_bin, "run", district, "-n", 12, "--seed", SEED, "--quiet"])
    assert code == 0 and err == "" and out_quiet == out


def test_drill_progress_on_a_terminal(readysim_bin, district, tmp_path):
    code, _, err = with_tty_stderr([readysim_bin, "drill", district, "--replication", 0, "-n", 3, "-o", tmp_path / "d"])
    assert code == 0 and err.endswith("\r3/3 replications\n") and re.fullmatch(r"(\r[1-3]/3 replications)+\n", err)
    code, _, err = with_tty_stderr([readysim_bin, "drill", district, "--replication", 0, "-n", 3, "-o", tmp_path / "q",
                                    "--quiet"])
    assert code == 0 and err == ""


# ---------------------------------------------------------------------------------------------
# exit code 1: failures at run time, after the input was accepted

def test_no_route_to_an_isolated_node_exits_1(run_cli, source_dir, tmp_path):
    # line.yaml's road graph plus a node z that no road touches: the scenario is valid
    roads = source_dir / "scenarios/validation/roads"
    (tmp_path / "nodes.csv").write_text((roads / "line_nodes.csv").read_text() + "z,9000,0,0,junction\n")
    (tmp_path / "roads.csv").write_text((roads / "line_roads.csv").read_text())
    scenario = tmp_path / "line.yaml"
    scenario.write_text((source_dir / "scenarios/validation/line.yaml").read_text()
                        .replace("roads/line_nodes.csv", "nodes.csv").replace("roads/line_roads.csv", "roads.csv"))
    assert "6 road nodes" in run_cli("validate", scenario).stdout
    proc = run_cli("routes", scenario, "--from", "a", "--to", "z", check=False)
    assert proc.returncode == 1 and proc.stdout == ""
    assert proc.stderr == "readysim: no route from 'a' to 'z'\n"


def test_results_folder_gone_at_write_time_exits_1(readysim_bin, district, tmp_path):
    # The folder exists when run checks it (before simulating) and is removed while it runs: the
    # write fails after the simulation, a runtime failure. The first batch's stderr line is the
    # moment: the run goes on to the cap (20 more replications) before writing.
    folder = tmp_path / "out"
    folder.mkdir()
    args = [readysim_bin, "run", district, "-n", 4, "--seed", SEED, "--precision", "fire.response_time.p90=1s",
            "--max-replications", 200, "-o", folder / "r.h5"]
    proc = subprocess.Popen([str(a) for a in args],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    first = proc.stderr.readline()
    assert first.startswith("precision: batch 1, 4 replications"), first
    folder.rmdir()
    out, err = proc.communicate(timeout=300)
    assert proc.returncode == 1, err
    assert f"readysim: cannot write results to {folder / 'r.h5'}: the directory {folder} does not exist" in err
    assert "results written" not in out and not folder.exists()


def test_a_full_disk_for_stdout_exits_1(readysim_bin, district):
    # a summary that could not be written is a runtime failure, not a success
    with open("/dev/full", "w") as full:
        proc = subprocess.run([str(readysim_bin), "validate", str(district)], stdout=full, stderr=subprocess.PIPE,
                              text=True, timeout=60)
    assert proc.returncode == 1
    assert proc.stderr == "readysim: could not write to standard output (disk full or pipe closed?)\n"


def test_output_naming_a_directory_is_refused_before_running(run_cli, district, tmp_path):
    # -o names the results file; a directory there is a usage error found before any simulation
    proc = run_cli("run", district, "-n", 100000, "-o", tmp_path, check=False)
    assert proc.returncode == 2 and proc.stdout == ""
    assert proc.stderr == (f"readysim: -o {tmp_path}: that is a directory; name the results file inside it, "
                           f"e.g. -o {tmp_path / 'results.h5'}\n")
    assert list(tmp_path.iterdir()) == []


# ---------------------------------------------------------------------------------------------
# validate --print-effective, --set

def test_print_effective_is_the_same_scenario_with_defaults(run_cli, district, tmp_path):
    summary = run_cli("validate", district).stdout
    effective = run_cli("validate", district, "--print-effective").stdout
    assert effective.startswith(f"# effective scenario of {district}")
    again = tmp_path / "effective.yaml"
    again.write_text(effective, encoding="utf-8")
    # it names its files by absolute path, so it loads from anywhere, and describes the same district
    assert run_cli("validate", again).stdout.split(": ", 1)[1] == summary.split(": ", 1)[1]
    assert run_cli("validate", again, "--print-effective").stdout.split("\n", 1)[1] == effective.split("\n", 1)[1]
    two = run_cli("validate", district, "--set", "resources.stations.brigade.engines=2").stdout
    assert "(2 engines)" in two and "(1 engines)" in summary


# ---------------------------------------------------------------------------------------------
# audit: the three formats say the same in both languages; --set changes a verdict

def audit_text_rows(text):
    rows, current = {}, None
    lines = text.splitlines()
    for line in lines[2:-1]:  # the last line counts the verdicts
        m = re.fullmatch(r"(R\d+)\s+(\S+(?: \S+)*?)\s{2,}(.+)", line)
        if m:
            current = rows[m.group(1)] = {"status_text": m.group(2), "requirement": m.group(3)}
        elif line.strip():
            # "required:"/"found:" (要求/情景 in Chinese), in that order
            value = re.fullmatch(r"\s+\S+:\s+(.*)", line).group(1)
            current["found" if "required" in current else "required"] = value
    return rows, [int(n) for n in re.findall(r"\d+", lines[-1])]


@pytest.mark.parametrize("lang,met,not_met", [("en", "met", "NOT MET"), ("zh", "达标", "未达标")])
def test_audit_formats_agree_and_follow_the_scenario(run_cli, district, lang, met, not_met):
    for overrides, r18 in (([], met), (["--set", "resources.stations.brigade.crew_per_engine=3"], not_met)):
        rows = json.loads(run_cli("audit", district, "--lang", lang, "--format", "json", *overrides).stdout)
        by_csv = list(csv.DictReader(io.StringIO(run_cli("audit", district, "--lang", lang, "--format", "csv",
                                                         *overrides).stdout)))
        text = run_cli("audit", district, "--lang", lang, "--format", "text", *overrides).stdout
        assert text.splitlines()[0].startswith("Readiness audit of" if lang == "en" else "")
        by_text, counts = audit_text_rows(text)
        assert counts == [sum(r["status"] == s for r in rows) for s in ("met", "not_met", "not_expressible")]
        assert by_csv == [{k: str(v) for k, v in r.items()} for r in rows]
        for r in rows:
            t = by_text[r["id"]]
            assert (t["status_text"], t["requirement"], t["required"], t["found"]) == \
                (r["status_text"], r["requirement"], r["required"], r["found"]), r["id"]
        r18_row = next(r for r in rows if r["id"] == "R18")
        assert r18_row["status_text"] == r18
        assert ("brigade × 3" if overrides else "brigade × 4") in r18_row["found"]


# ---------------------------------------------------------------------------------------------
# routes --to, --format text|csv

def test_routes_text_and_csv_say_the_same(run_cli, district):
    full_csv = run_cli("routes", district, "--from", "police_station", "--format", "csv").stdout
    rows = list(csv.DictReader(io.StringIO(full_csv)))
    text = run_cli("routes", district, "--from", "police_station").stdout.splitlines()
    assert text == run_cli("routes", district, "--from", "police_station", "--format", "text").stdout.splitlines()
    assert len(text) == len(rows) == 327
    for line, r in zip(text, rows):
        assert line == (f"police_station → {r['to']}: {duration_text(float(r['time_s']))} "
                        f"({float(r['length_m']) / 1000:.2f} km, {r['hops']} segments)")
    one = run_cli("routes", district, "--from", "police_station", "--to", "qianjiang_city", "--format", "csv").stdout
    city = next(r for r in rows if r["to"] == "qianjiang_city")
    assert one == "from,to,time_s,length_m,hops\n" + ",".join(city.values()) + "\n"
    one_text = run_cli("routes", district, "--from", "police_station", "--to", "qianjiang_city").stdout
    assert one_text == next(t for t in text if " qianjiang_city: " in t) + "\n"
    # and the package's routes are the same numbers
    df = readysim.routes(district, "police_station").set_index("node")
    assert float(city["time_s"]) == df.at["qianjiang_city", "time_s"]
    bad = run_cli("routes", district, "--from", "police_station", "--to", "nowhere", check=False)
    assert bad.returncode == 2 and "--to: node 'nowhere' is not in the road network" in bad.stderr


# ---------------------------------------------------------------------------------------------
# compare: two scenarios, or one with --set-a/--set-b; the paired CI recomputed from the files

COMPARE_ROW = re.compile(r"(\S+ \[[^\]]+\])\s+(\S+)\s+(\S+)\s+(\S+)\s+\[(\S+), (\S+)\]\s+(\S+)\s+(\S+)\s+(\S+)")


def compare_table(stdout):
    lines = stdout.splitlines()
    rows = {}
    end = next(i for i, line in enumerate(lines) if line.startswith("reps x: "))
    for line in lines[4:end]:
        m = COMPARE_ROW.fullmatch(line)
        assert m, line
        rows[m.group(1)] = m.groups()[1:]
    return lines[:3], rows


def paired(path_a, path_b, column, confidence):
    """The paired difference of a per-fire mean over replications (clusters), as analysis/src/
    estimate.cpp's paired_difference defines it: ratio estimators, first-order residuals
    z_r = (sum_r − mean·count_r) / mean count, a t interval with R − 1 degrees of freedom on
    z_b − z_a (paired) and on z_a, z_b independent (unpaired)."""
    def clusters(path):
        inc = read_table(path, "incidents")
        if column == "response_time":
            values, replication = inc["engine_arrival"] - inc["alarm"], inc["replication"]
        else:  # waits are over the district's own engines' fires (README, drill metrics)
            own = inc["engine"] != "mutual_aid"
            values, replication = inc[column][own], inc["replication"][own]
        sums = np.bincount(replication, weights=values, minlength=N)
        counts = np.bincount(replication, minlength=N).astype(float)
        mean = sums.sum() / counts.sum()
        return mean, (sums - mean * counts) / counts.mean()
    mean_a, za = clusters(path_a)
    mean_b, zb = clusters(path_b)
    t = stats.t.ppf((1 + confidence) / 2, N - 1)
    half = t * math.sqrt(((zb - za) ** 2).sum() / (N - 1) / N)
    unpaired = t * math.sqrt(((za ** 2).sum() + (zb ** 2).sum()) / (N - 1) / N)
    return mean_a, mean_b, half, unpaired


@pytest.mark.parametrize("confidence", [0.95, 0.9])
def test_compare_set_b_is_the_paired_difference_of_two_runs(run_cli, district, plan, crew, confidence):
    _, plan_path = plan
    args = ["--confidence", confidence] if confidence != 0.95 else []
    proc = run_cli("compare", district, "--set-b", CREW7, "-n", N, "--seed", SEED, "-j", 2, *args)
    head, rows = compare_table(proc.stdout)
    assert head == [f"A: {district}", f"B: {district} --set {CREW7}",
                    f"{N} replications each, seed {SEED}, common random numbers; {confidence * 100:g} % intervals"]
    # A and B are the runs' means (same seed, same replications)
    sa, sb = summary_rows(plan_path), summary_rows(crew)
    for metric in ("fire.response_time", "fire.crew_wait", "fire.flashover_before_arrival"):
        r = rows[label(metric, sa[metric]["unit"])]
        fmt = (lambda v: f"{v / 60:.3f}") if sa[metric]["unit"] == "s" else (lambda v: f"{v:.4f}")
        assert (r[0], r[1]) == (fmt(sa[metric]["mean"]), fmt(sb[metric]["mean"])), metric
    # the paired interval and the unpaired half-width, recomputed from the incidents
    for column, metric in (("response_time", "fire.response_time"), ("crew_wait", "fire.crew_wait")):
        a, b, half, unpaired = paired(plan_path, crew, column, confidence)
        d = b - a
        assert rows[f"{metric} [min]"] == tuple(f"{v / 60:.3f}" for v in (a, b, d, d - half, d + half, half, unpaired)) \
            + (f"{(unpaired / half) ** 2:.1f}",), metric
    # seven full-time firefighters: nobody is ever called back
    assert rows["fire.crew_wait [min]"][1] == "0.000"
    assert proc.stdout.splitlines()[-1].startswith("reps x: how many times more replications")
    assert "no metric changed" not in proc.stdout and "warning:" not in proc.stderr


def test_compare_two_scenario_files_equals_set_b(run_cli, district, tmp_path):
    variant = tmp_path / "crew7.yaml"
    variant.write_text(run_cli("validate", district, "--set", CREW7, "--print-effective").stdout, encoding="utf-8")
    two_files = run_cli("compare", district, variant, "-n", 10, "--seed", SEED).stdout.splitlines()
    one_file = run_cli("compare", district, "--set-b", CREW7, "-n", 10, "--seed", SEED).stdout.splitlines()
    assert two_files[1] == f"B: {variant}"
    assert two_files[2:] == one_file[2:] and len(one_file) > 8


def test_compare_a_configuration_with_itself_differs_by_nothing(run_cli, district):
    proc = run_cli("compare", district, "--set-a", CREW7, "--set-b", CREW7, "-n", 5, "--seed", SEED)
    _, rows = compare_table(proc.stdout)
    assert rows
    for name, (a, b, d, low, high, half, unpaired, factor) in rows.items():
        assert a == b and float(d) == float(low) == float(high) == float(half) == 0 and factor == "—", name
    assert proc.stdout.splitlines()[-1] == ("no metric changed: every metric of B is bit-identical to A's over the "
                                            "same 5 replications; B's change has no effect on what is simulated")
    missing = run_cli("compare", district, check=False)
    assert missing.returncode == 2 and "give a second scenario, or --set-a/--set-b" in missing.stderr


# ---------------------------------------------------------------------------------------------
# size: the stock study's hand computation, its results file, --set, --seed, --quiet

def test_size_finds_the_hand_computed_stockpile(stock_study):
    proc, path = stock_study
    out = proc.stdout
    # stock_study.yaml's header: 2000 L leaves 2050 L short, 3000 L 600 L, 4000 L none
    assert "Baseline (the cheapest configuration): water=2000, cost 0 1k CNY" in out
    assert re.search(r"stock\.shortfall\.drinking_water\.mean\s+2050 \[2050, 2050\]\s+missed", out)
    assert "-> the baseline does NOT meet every target." in out
    assert re.search(r"Recommended: water=4000, cost 2 1k CNY \(\+2 over the baseline\), \d+ replications", out)
    assert "BINDING: one unit cheaper, water -> 2000: 2050 L (missed); water -> 3000: 600 L (missed)" in out
    assert out.splitlines()[-1] == f"results written to {path}"
    assert "decided #2 water=4000 (cost 2)" in proc.stderr  # progress lines without --quiet

    study = read_table(path, "study")
    rec = int(np.flatnonzero(study["recommended"] == 1)[0])
    assert list(study["water"][study["frontier"] == 1]) == ["2000", "3000", "4000"]
    assert study["water"][rec] == "4000" and study["cost"][rec] == 2 and study["verdict"][rec] == "met"
    short = dict(zip(study["water"], study["stock.shortfall.drinking_water.mean"]))
    assert (short["2000"], short["3000"], short["4000"]) == (2050, 600, 0)
    # no stock-out in n replications: the Wilson bound at one-sided 95 % is z²/(n + z²), z = Φ⁻¹(0.95)
    n, z = study["replications"][rec], stats.norm.ppf(0.95)
    assert study["stock.stockout_probability.drinking_water.mean.high"][rec] == pytest.approx(z * z / (n + z * z),
                                                                                                rel=1e-9)
    assert z * z / (n + z * z) <= 0.05  # so it is decided met
    targets = read_table(path, "study_targets")
    assert list(targets["target"]) == ["stock.shortfall.drinking_water.mean",
                                       "stock.stockout_probability.drinking_water.mean"]
    assert list(targets["binding"]) == [1, 1] and list(targets["bound"]) == [1, 0.05]
    variables = read_table(path, "study_variables")
    assert list(variables["recommended"]) == ["4000"] and list(variables["baseline"]) == ["2000"]
    # the package reads it too
    res = readysim.load(path)
    assert list(res.tables) == ["study", "study_targets", "study_variables"]
    assert res.meta["recommendation"] == "water=4000" and res.meta["total_replications"] == study["replications"].sum()
    with pytest.raises(AttributeError, match="no table 'incidents'"):
        res.incidents  # noqa: B018


def test_size_with_set_seed_and_quiet(run_cli, source_dir, tmp_path):
    # A resupply lead time of 1 s: an order placed when the level falls to 1000 L arrives 361 s
    # later, before the next cohort (1000 s apart): 2000 L never runs short (by hand, as in
    # stock.yaml's header), so the baseline is the answer and nothing binds.
    proc = run_cli("size", source_dir / STOCK, "--study", source_dir / STOCK_STUDY, "--set",
                   "logistics.resupply.lead_time=1 s", "--seed", 3, "-j", 2, "--quiet", "-o", tmp_path / "s.h5")
    assert proc.stderr == ""
    assert proc.stdout.startswith(f"Sizing study {source_dir / STOCK_STUDY} on {source_dir / STOCK}, seed 3\n")
    assert "-> the baseline meets every target." in proc.stdout
    assert "Recommended: water=2000, cost 0 1k CNY (+0 over the baseline)" in proc.stdout
    assert "No target binds: nothing is cheaper than the baseline." in proc.stdout
    meta = readysim.load(tmp_path / "s.h5").meta
    assert meta["seed"] == 3 and meta["recommendation"] == "water=2000"
    bad = run_cli("size", source_dir / STOCK, "--study", source_dir / STOCK_STUDY, "-o", tmp_path / "no" / "s.h5",
                  check=False)
    assert bad.returncode == 2 and "does not exist" in bad.stderr and bad.stdout == ""


# ---------------------------------------------------------------------------------------------
# drill: --replication, --target, the pick at an exact half, -j

def read_msel(path):
    with open(path, encoding="utf-8-sig", newline="") as f:
        return list(csv.DictReader(f))


def order_statistic(values, q):
    """README "Choosing the replication": rank round((n − 1)·q), halves up."""
    values = sorted(values)
    return values[min(len(values) - 1, math.floor((len(values) - 1) * q + 0.5))]


@pytest.mark.parametrize("target,q", [(None, 0.9), ("p50", 0.5)])
def test_drill_by_index_with_time_targets_from_all_fires(run_cli, district, plan, tmp_path, target, q):
    _, plan_path = plan
    out = tmp_path / "d"
    args = ["--target", target] if target else []
    proc = run_cli("drill", district, "--replication", 3, "-n", N, "--seed", SEED, "-o", out, "--quiet", *args)
    assert proc.stdout.splitlines()[1] == "replication 3 (by index)"
    rows = read_msel(out / "msel.en.csv")
    assert {r["replication"] for r in rows} == {"3"}
    inc = read_table(plan_path, "incidents")
    response = np.where(inc["unreached"] == 1, np.inf, inc["engine_arrival"] - inc["alarm"])
    minutes = math.ceil(order_statistic(response, q) / 60 - 1e-9)  # a target rounds up
    alarms = [r for r in rows if r["type"] == "fire_alarm"]
    assert alarms
    for r in alarms:
        assert r["target_basis"] == (f"engine on scene within {minutes} min of the alarm in {q * 100:g} % of "
                                     f"{len(response)} simulated fires")


def test_drill_pick_at_an_exact_half_rounds_up(run_cli, district, plan, tmp_path):
    # median of N = 20: (20 − 1) × 0.5 = 9.5, an exact half: rank 10 (0-based), "rank 11 of 20"
    _, plan_path = plan
    inc = read_table(plan_path, "incidents")
    worst = {}
    for rep, value in zip(inc["replication"], inc["engine_arrival"] - inc["alarm"]):
        worst[rep] = max(worst.get(rep, -np.inf), value)
    ranked = sorted((v, r) for r, v in worst.items())  # by value, ties by index
    assert len(ranked) == N
    value, rep = ranked[10]
    runs = []
    for jobs in (1, 2):
        out = tmp_path / f"j{jobs}"
        proc = run_cli("drill", district, "--select", "fire.response_time:median", "-n", N, "--seed", SEED,
                       "-j", jobs, "-o", out, "--quiet")
        assert proc.stdout.splitlines()[1] == f"fire.response_time:median -> replication {rep} (rank 11 of {N})"
        runs.append((out / "msel.en.csv").read_bytes())
    assert runs[0] == runs[1]  # -j changes nothing


def test_drill_set_changes_the_script(run_cli, district, tmp_path):
    # seven full-time firefighters: no crew is ever called back, so no call-back inject
    base = read_msel(run_cli("drill", district, "--replication", 3, "-n", 5, "--seed", SEED, "-o", tmp_path / "a",
                             "--quiet") and tmp_path / "a" / "msel.en.csv")
    crew = read_msel(run_cli("drill", district, "--replication", 3, "-n", 5, "--seed", SEED, "-o", tmp_path / "b",
                             "--quiet", "--set", CREW7) and tmp_path / "b" / "msel.en.csv")
    assert "crew_callback" in {r["type"] for r in base}
    assert "crew_callback" not in {r["type"] for r in crew}


def test_drill_cut_shifts_the_clock_and_drops_types(run_cli, source_dir, tmp_path):
    # --from 2:00 --to 14:00: the injects of the default script between 2:00 and 14:00, at 2 h
    # earlier (--from becomes T+0), the same events and wording; --drop takes out whole types.
    flood = source_dir / "scenarios/yunlianghu/flood.yaml"
    # (by index: a selection's event must stay inside the window, test_cli_drill.py)
    args = ["drill", flood, "--replication", 1, "-n", 6, "-j", 2, "--quiet"]
    run_cli(*args, "-o", tmp_path / "full")
    cut = run_cli(*args, "-o", tmp_path / "cut", "--from", "2:00", "--to", "14:00", "--drop", "level,road_reopened")
    assert re.search(r"^\d+ injects, STARTEX T\+0:00 to ENDEX T\+12:00;", cut.stdout, re.M)

    def minutes(t):
        sign, h, m = re.fullmatch(r"T([+-])(\d+):(\d\d)", t).groups()
        return (1 if sign == "+" else -1) * (int(h) * 60 + int(m))
    full = read_msel(tmp_path / "full" / "msel.en.csv")
    shifted = [(minutes(r["time"]) - 120, r["type"], r["scenario_time"], r["message"]) for r in full
               if 120 <= minutes(r["time"]) <= 840 and r["type"] not in ("level", "road_reopened", "start", "end")]
    rows = read_msel(tmp_path / "cut" / "msel.en.csv")
    assert [(minutes(r["time"]), r["type"], r["scenario_time"], r["message"]) for r in rows
            if r["type"] not in ("start", "end")] == shifted
    assert len(shifted) > 10 and {"level", "road_reopened"} & {r["type"] for r in full}
    assert [r["number"] for r in rows] == [str(i) for i in range(1, len(rows) + 1)]


# ---------------------------------------------------------------------------------------------
# an engine no crew can ever staff (issue 17, point 6): compare says why nothing changed, and a
# sizing study does not simulate it

TWO_ENGINES = "resources.stations.brigade.engines=2"
BRIGADE2_WARNING = ("warning: station 'brigade' has 2 engines that each leave with 4 people, but the 7 people who "
                    "may crew them (role firefighter, station brigade: 3 full-time, 4 part-time, on duty or called "
                    "back) make at most 1 crew at once, so engine brigade/2 can never leave and changes no result; "
                    "add 1 more staff with role firefighter and station brigade, or lower engines to 1")


def test_compare_says_a_never_crewed_engine_changed_nothing_and_why(run_cli, district):
    proc = run_cli("compare", district, "--set-b", TWO_ENGINES, "-n", 5, "--seed", SEED)
    _, rows = compare_table(proc.stdout)
    assert rows and all(a == b for a, b, *_ in rows.values())
    tail = proc.stdout.splitlines()[-2:]
    assert tail[0].startswith("no metric changed: every metric of B is bit-identical to A's over the same 5 ")
    assert tail[1].startswith(f"  B: {district}:") and tail[1].endswith(BRIGADE2_WARNING)
    assert re.fullmatch(rf"B: {re.escape(str(district))}:\d+:\d+: {re.escape(BRIGADE2_WARNING)}\n", proc.stderr)
    # an eighth firefighter crews the second engine: the warning goes, the results change (at N
    # replications some fire finds the first engine out, and the second answers it)
    crewed = run_cli("compare", district, "--set-a", "resources.staff.brigade_part_time.count=5", "--set-b",
                     TWO_ENGINES, "--set-b", "resources.staff.brigade_part_time.count=5", "-n", N, "--seed", SEED)
    assert "no metric changed" not in crewed.stdout and "warning:" not in crewed.stderr


def test_size_does_not_simulate_a_never_crewed_engine(run_cli, district, tmp_path):
    study = tmp_path / "engines.yaml"
    study.write_text("variables:\n"
                     "  - {name: engines, path: resources.stations.brigade.engines, min: 1, max: 2, cost: 10}\n"
                     "targets:\n"
                     "  - {metric: fire.response_time, stat: mean, max: 1 min, confidence: 0.95}\n"
                     "search: {screening_replications: 10, max_replications: 20, max_candidates: 5}\n",
                     encoding="utf-8")
    proc = run_cli("size", district, "--study", study, "--seed", SEED)
    line = ("  engines=2: station 'brigade' crews at most 1 of its 2 engines, so it simulates the same as engines=1 "
            "(its results, not simulated again)")
    assert "Not simulated: an engine these add can never be crewed, so they change no result:\n" + line in proc.stdout
    assert "skipped engines=2: station 'brigade'" in proc.stderr
    rows = [l.split() for l in proc.stdout.splitlines() if re.match(r"\s+\*?\s*\d\s+[12]\s+\d+\s+\d+\s", l)]
    assert len(rows) == 2 and rows[0][-4:-2] == rows[1][-4:-2]  # the same estimate and interval
    # with eight firefighters the second engine is crewed, and simulated
    eight = run_cli("size", district, "--study", study, "--seed", SEED, "--set",
                    "resources.staff.brigade_part_time.count=5", "--quiet")
    assert "Not simulated" not in eight.stdout
    # a study starting at two engines warns on stderr, as every command that loads the scenario
    warned = run_cli("size", district, "--study", study, "--seed", SEED, "--set", TWO_ENGINES, "--quiet", check=False)
    assert BRIGADE2_WARNING in warned.stderr


def test_validate_warns_about_places_below_the_flood_and_uncrewable_engines(run_cli, source_dir):
    """Warnings go to stderr as file:line:col: warning:, and the scenario stays valid (exit 0)."""
    flood = source_dir / "scenarios/yunlianghu/flood.yaml"
    p = run_cli("validate", str(flood))
    assert p.returncode == 0, p.stderr
    warnings = [line for line in p.stderr.splitlines() if ": warning: " in line]
    assert any("shelter 'school_jizhen'" in w and "ground 28.20 m" in w for w in warnings), p.stderr
    assert all(re.match(r".*flood\.yaml:\d+:\d+: warning: ", w) for w in warnings), p.stderr
    district = source_dir / DISTRICT
    p = run_cli("validate", str(district))
    assert p.returncode == 0 and ": warning: " not in p.stderr, p.stderr
    p = run_cli("audit", str(district), "--set", "resources.stations.brigade.engines=2")
    assert p.returncode == 0, p.stderr
    assert "engine brigade/2 can never leave" in p.stderr, p.stderr
