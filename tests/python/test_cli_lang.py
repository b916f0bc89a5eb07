"""--lang en|zh on run, validate, compare, size and audit: the same figures worded in Chinese,
from the shared catalogue (sim/src/text/catalog/); the default comes from READYSIM_LANG, else the
locale (LC_ALL, LC_MESSAGES, LANG); machine-readable output and diagnostics stay as they are."""
import os
import re
import subprocess

import pytest

SCENARIO = ("scenarios", "yunlianghu", "scenario.yaml")


@pytest.fixture(scope="module")
def cli(readysim_bin):
    """Runs readysim with an environment of no locale unless given one: (stdout, stderr)."""
    def run(*args, env=None, code=0):
        base = {k: v for k, v in os.environ.items() if k not in ("READYSIM_LANG", "LC_ALL", "LC_MESSAGES", "LANG")}
        proc = subprocess.run([str(readysim_bin), *map(str, args)], capture_output=True, text=True, timeout=300,
                              env={**base, **(env or {})})
        assert proc.returncode == code, proc.stderr
        return proc.stdout, proc.stderr
    return run


def numbers(text):
    """The figures of a table, in order (what must not depend on the language)."""
    return re.findall(r"-?\d+\.\d+|\binf\b", text)


@pytest.fixture(scope="module")
def scenario(source_dir):
    return source_dir.joinpath(*SCENARIO)


def test_run_in_chinese_has_the_english_figures(cli, scenario):
    en, _ = cli("run", scenario, "-n", 5, "--quiet", "--lang", "en")
    zh, _ = cli("run", scenario, "-n", 5, "--quiet", "--lang", "zh")
    en_lines, zh_lines = en.splitlines(), zh.splitlines()
    assert re.search(r": 5 replications, seed 20231026, \d+ fires$", en_lines[0])
    assert re.search(r"：5 次模拟，随机种子 20231026，共 \d+ 起火灾$", zh_lines[0])
    assert zh_lines[1].split()[:3] == ["指标", "均值", "95%置信区间"] and zh_lines[1].split()[-1] == "含义"
    assert len(en_lines) == len(zh_lines)
    for e, z in zip(en_lines[2:], zh_lines[2:]):
        metric = e.split()[0]
        assert z.split()[0] == metric  # metric names stay English
        assert numbers(e) == numbers(z)
    row = next(z for z in zh_lines if z.startswith("fire.response_time "))
    assert "[分钟]" in row and row.endswith("从接警到消防车（或外部增援）到场")
    row = next(z for z in zh_lines if z.startswith("staff.role.firefighter.busy "))
    assert "[人·小时]" in row and row.endswith("firefighter 角色执行任务的人·小时，每次模拟")


def test_the_censoring_notes_under_the_table_are_in_the_tables_language(cli, source_dir):
    flood = source_dir / "scenarios" / "yunlianghu" / "flood.yaml"
    en, _ = cli("run", flood, "-n", 2, "--quiet", "--lang", "en")
    zh, _ = cli("run", flood, "-n", 2, "--quiet", "--lang", "zh")
    en_notes = [line for line in en.splitlines() if line.startswith("note: ")]
    zh_notes = [line for line in zh.splitlines() if line.startswith("注：")]
    assert en_notes and len(zh_notes) == len(en_notes)  # the flood season's horizon cuts some evacuations
    assert "note:" not in zh and "censored" not in zh
    for e, z in zip(en_notes, zh_notes):
        assert e.split()[1] == z[2:].split()[0]  # the same metric, its name in English
        assert sorted(re.findall(r"\d+", e)) == sorted(re.findall(r"\d+", z))  # censored of n
        assert "在模拟时限处被截断" in z and z.count("下限") == 1


def test_the_default_language_comes_from_the_environment(cli, scenario):
    en, _ = cli("validate", scenario)
    assert ": valid — 327 road nodes" in en
    zh, _ = cli("validate", scenario, env={"LANG": "zh_CN.UTF-8"})
    assert "：有效 — 327 个道路节点，934 条路段；5 个社区" in zh and zh.endswith("随机种子 20231026\n")
    assert cli("validate", scenario, env={"LANG": "zh_CN.UTF-8", "LC_ALL": "C.UTF-8"})[0] == en
    assert cli("validate", scenario, env={"LANG": "zh_CN.UTF-8", "READYSIM_LANG": "en"})[0] == en
    assert cli("validate", scenario, env={"READYSIM_LANG": "zh"})[0] == zh
    assert cli("validate", scenario, "--lang", "en", env={"LANG": "zh_CN.UTF-8"})[0] == en
    # the audit follows the same rule (its wording is the shared catalogue's `audit:` section)
    audit_zh, _ = cli("audit", scenario, env={"LANG": "zh_CN.UTF-8"})
    assert audit_zh == cli("audit", scenario, "--lang", "zh")[0] and audit_zh != cli("audit", scenario)[0]


def test_machine_readable_output_and_errors_do_not_change(cli, scenario, source_dir, tmp_path):
    zh = {"LANG": "zh_CN.UTF-8"}
    assert cli("audit", scenario, "--format", "csv", "--lang", "en")[0].splitlines()[0] == \
        cli("audit", scenario, "--format", "csv", env=zh)[0].splitlines()[0]
    assert cli("routes", scenario, "--from", "police_station", "--format", "csv", env=zh)[0] == \
        cli("routes", scenario, "--from", "police_station", "--format", "csv")[0]
    # bad input: the file:line:col contract, in English whatever the language
    bad = tmp_path / "bad.yaml"
    bad.write_text(scenario.read_text(encoding="utf-8").replace("horizon:", "horizn:", 1), encoding="utf-8")
    _, err_en = cli("validate", bad, code=2)
    _, err_zh = cli("validate", bad, "--lang", "zh", code=2)
    assert err_en == err_zh and re.search(r"bad\.yaml:\d+:\d+: error: ", err_zh)
    _, err = cli("run", scenario, "--lang", "fr", code=2)
    assert "--lang" in err


def test_compare_in_chinese(cli, scenario):
    args = ("compare", scenario, "--set-b", "resources.staff.brigade_part_time.count=5", "-n", 4)
    en, _ = cli(*args, "--lang", "en")
    zh, _ = cli(*args, "--lang", "zh")
    assert "各 4 次模拟，随机种子 20231026，公共随机数；95% 置信区间" in zh
    header = next(line for line in zh.splitlines() if line.startswith("指标（均值）"))
    assert header.split()[-1] == "次数倍数"
    en_rows = [line for line in en.splitlines() if line.startswith(("fire.", "staff.", "evac.", "shelter."))]
    zh_rows = [line for line in zh.splitlines() if line.startswith(("fire.", "staff.", "evac.", "shelter."))]
    assert [r.split()[0] for r in en_rows] == [r.split()[0] for r in zh_rows]
    assert [numbers(r) for r in en_rows] == [numbers(r) for r in zh_rows]
    assert zh_rows[0].endswith("从接警到消防车（或外部增援）到场")
    assert zh.splitlines()[-1].startswith("次数倍数：")


def test_size_in_chinese(cli, scenario, tmp_path):
    study = tmp_path / "study.yaml"
    study.write_text("variables:\n"
                     "  - {name: part_time, path: resources.staff.brigade_part_time.count, min: 4, max: 5, cost: 3}\n"
                     "targets:\n"
                     "  - {metric: fire.response_time, stat: p90, max: 12 min, confidence: 0.9}\n"
                     "search: {screening_replications: 20, max_replications: 100}\n", encoding="utf-8")
    en, _ = cli("size", scenario, "--study", study, "--quiet", "--lang", "en")
    zh, _ = cli("size", scenario, "--study", study, "--quiet", "--lang", "zh")
    assert "\nTargets:\n  fire.response_time p90 <= 12.00 min (90 % one-sided confidence)\n" in en
    assert "\n目标：\n  fire.response_time p90 <= 12.00 分钟（单侧置信度 90%）\n" in zh
    assert "基准（最便宜的方案）：part_time=4，成本 12，20 次模拟" in zh
    assert "  -> 基准方案达到全部目标。" in zh and "  -> the baseline meets every target." in en
    table = zh[zh.index("候选方案"):].splitlines()
    assert table[1].split()[-4:] == ["fire.response_time.p90", "[分钟]", "结论", "来源"]
    assert numbers(en[en.index("Candidates"):]) == numbers(zh[zh.index("候选方案"):])


def test_run_to_precision_in_chinese(cli, scenario):
    args = ("run", scenario, "-n", 10, "--precision", "fire.response_time.p90=60s", "--max-replications", 40, "--quiet")
    en_out, en_err = cli(*args, "--lang", "en")
    zh_out, zh_err = cli(*args, "--lang", "zh")
    assert re.match(r"precision: batch 1, 10 replications: fire\.response_time\.p90 ±[\d.]+ s \(want ±60 s", en_err)
    assert re.match(r"精度：第 1 批，10 次模拟：fire\.response_time\.p90 ±[\d.]+ s（目标 ±60 s", zh_err)
    assert numbers(en_err) == numbers(zh_err)
    last_en, last_zh = en_out.splitlines()[-1], zh_out.splitlines()[-1]
    assert last_en.startswith("precision reached after ") == last_zh.startswith("经 ")
    assert numbers(last_en) == numbers(last_zh)
