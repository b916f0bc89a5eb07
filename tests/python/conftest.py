"""Shared fixtures: where the built CLI, the sources and the shared real data are."""
import os
import pathlib
import subprocess

import pytest


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
def run_cli(readysim_bin):
    def run(*args: str, check: bool = True) -> subprocess.CompletedProcess:
        proc = subprocess.run([str(readysim_bin), *map(str, args)], capture_output=True, text=True, timeout=300)
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


@pytest.fixture(scope="session")
def stock_study(run_cli, source_dir, tmp_path_factory):
    """`readysim size` on the stock validation study (its hand computation is in the study file's
    header: 4000 L of water is the least with no shortfall), written with -o: (stdout, file)."""
    path = tmp_path_factory.mktemp("size") / "stock_study.h5"
    proc = run_cli("size", source_dir / "scenarios/validation/stock.yaml",
                   "--study", source_dir / "scenarios/validation/stock_study.yaml", "-j", "2", "-o", path)
    return proc, path
