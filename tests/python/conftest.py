"""Shared fixtures: where the built CLI, the sources and the shared real data are."""
import os
import pathlib
import re
import subprocess

import pytest

# The asan preset's run (tests/CMakeLists.txt sets READYSIM_SANITIZE=1 and preloads libasan into
# this interpreter, so that the ASan-built readysim._core of that tree can load).
ASAN = os.environ.get("READYSIM_SANITIZE") == "1"
# What ASan itself says, once per process, about SimGrid's actor stacks (its raw contexts switch
# stacks under ASan's feet; an exception thrown on an actor's stack leaves ASan unsure of its
# bounds): a note, not a finding, and nothing readysim prints. Removed exactly, nothing else.
_ASAN_STACK_NOTES = re.compile(
    r"^==\d+==WARNING: ASan is ignoring requested __asan_handle_no_return: [^\n]*\n"
    r"False positive error reports may follow\n"
    r"For details see https://github.com/google/sanitizers/issues/189\n"
    r"|^==\d+==WARNING: ASan doesn't fully support makecontext/swapcontext functions and may produce false "
    r"positives in some cases!\n", re.M)


def without_sanitizer_notes(stderr: str) -> str:
    """`stderr` without ASan's notes on SimGrid's stack switching (under the asan preset only)."""
    return _ASAN_STACK_NOTES.sub("", stderr) if ASAN else stderr


def _env_path(name: str) -> pathlib.Path:
    value = os.environ.get(name)
    if not value:
        pytest.fail(f"{name} is not set; run the Python tests through ctest (it sets it)")
    return pathlib.Path(value)


@pytest.fixture(scope="session")
def readysim_bin() -> pathlib.Path:
    return _env_path("READYSIM_BIN")


@pytest.fixture(scope="session")
def source_dir() -> pathlib.Path:
    return _env_path("READYSIM_SOURCE_DIR")


@pytest.fixture(scope="session")
def shared_data_dir() -> pathlib.Path:
    path = pathlib.Path(os.environ.get("READYSIM_SHARED_DATA_DIR", ""))
    if not (path / "tntp_siouxfalls").is_dir():
        pytest.fail("the shared real data (../shared/data beside the project root) was not found at "
                    f"configure time ({path!s}); put it there and re-run cmake")
    return path


@pytest.fixture(scope="session")
def clean_stderr():
    """without_sanitizer_notes, for tests that start readysim themselves."""
    return without_sanitizer_notes


@pytest.fixture(scope="session")
def run_cli(readysim_bin):
    def run(*args: str, check: bool = True) -> subprocess.CompletedProcess:
        proc = subprocess.run([str(readysim_bin), *map(str, args)], capture_output=True, text=True,
                              timeout=1200 if ASAN else 300)
        proc.stderr = without_sanitizer_notes(proc.stderr)
        if check and proc.returncode != 0:
            raise AssertionError(f"readysim {' '.join(map(str, args))} exited {proc.returncode}:\n{proc.stderr}")
        return proc
    return run


# The readysim package under test is the one built beside the CLI under test (<build>/python),
# ahead of any installed readysim.pth, so that each build tree tests its own package.
_build_python = pathlib.Path(os.environ.get("READYSIM_BIN", "/nonexistent")).resolve().parent.parent / "python"
if (_build_python / "readysim").is_dir():
    import sys

    sys.path.insert(0, str(_build_python))


@pytest.fixture(scope="session", autouse=True)
def _own_package_under_asan():
    """Under the asan preset the package tests must run that tree's ASan-built _core, not another
    tree's optimised one (installed by scripts/setup.sh's .pth): the two differ in the last bits."""
    if not ASAN:
        return
    import readysim._core

    core = pathlib.Path(readysim._core.__file__).resolve()
    if _build_python.resolve() not in core.parents:
        pytest.fail(f"the ASan run loaded {core}, not the package of its own tree ({_build_python})")


@pytest.fixture(scope="session")
def stock_study(run_cli, source_dir, tmp_path_factory):
    """`readysim size` on the stock validation study (its hand computation is in the study file's
    header: 4000 L of water is the least with no shortfall), written with -o: (stdout, file)."""
    path = tmp_path_factory.mktemp("size") / "stock_study.h5"
    proc = run_cli("size", source_dir / "scenarios/validation/stock.yaml",
                   "--study", source_dir / "scenarios/validation/stock_study.yaml", "-j", "2", "-o", path)
    return proc, path
