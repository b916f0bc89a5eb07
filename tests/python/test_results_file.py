"""The HDF5 results file as an analyst opens it with h5py and pandas.

Until `readysim run` writes files, the producer is the C++ unit test "[sample]", which writes
its sample ResultSet to $READYSIM_RESULTS_SAMPLE (see tests/unit/test_results.cpp).
"""
import math
import os
import subprocess

import h5py
import numpy as np
import pandas as pd
import pytest


@pytest.fixture(scope="module")
def sample(readysim_bin, tmp_path_factory):
    tests_bin = readysim_bin.parent / "readysim_tests"
    assert tests_bin.exists(), f"{tests_bin} not found: build the readysim_tests target"
    path = tmp_path_factory.mktemp("results") / "sample.h5"
    proc = subprocess.run([str(tests_bin), "[sample]"], capture_output=True, text=True, timeout=120,
                          env={**os.environ, "READYSIM_RESULTS_SAMPLE": str(path)})
    assert proc.returncode == 0, proc.stdout + proc.stderr
    with h5py.File(path, "r") as f:
        yield f


def test_a_group_per_table_in_the_order_written(sample):
    # h5py lists a File's members by name; the root group itself keeps creation order.
    assert list(sample["/"]) == ["meta", "incidents", "units", "replications", "summary"]
    assert list(sample["incidents"]) == ["replication", "kind", "response_time", "id", "heat_release"]
    assert len(sample["replications"]) == 0
    assert all(sample["summary"][c].shape == (0,) for c in sample["summary"])


def test_columns_are_float64_int64_and_utf8_strings(sample):
    inc = sample["incidents"]
    assert inc["response_time"].dtype == np.float64
    assert inc["id"].dtype == np.int64
    info = h5py.check_string_dtype(inc["kind"].dtype)
    assert info is not None and info.encoding == "utf-8" and info.length is None
    assert list(inc["kind"].asstr()[()]) == ["住宅火灾", "enterprise", ""]
    assert list(inc["id"][()]) == [np.iinfo(np.int64).min, 1, np.iinfo(np.int64).max]
    rt = inc["response_time"][()]
    assert rt[0] == 312.5 and math.isinf(rt[1]) and math.copysign(1, rt[2]) == -1
    assert math.isnan(inc["heat_release"][1])


def test_units_attribute_only_on_dimensioned_columns(sample):
    inc = sample["incidents"]
    assert inc["response_time"].attrs["units"] == "s"
    assert inc["heat_release"].attrs["units"] == "kW"
    assert "units" not in inc["id"].attrs and "units" not in inc["kind"].attrs
    assert sample["units/busy_time"].attrs["units"] == "s"


def test_meta_holds_scalar_text_and_integers(sample):
    meta = sample["meta"]
    scenario = meta["scenario"].asstr()[()]
    assert scenario.startswith("district: 运粮湖管理区\n") and len(scenario.encode()) > 100_000
    assert meta["version"].asstr()[()] == "0.1.0"
    assert meta["seed"].shape == () and meta["seed"].dtype == np.int64 and meta["seed"][()] == 2023
    assert meta["replications"][()] == 3


def test_a_table_loads_as_a_dataframe(sample):
    group = sample["units"]
    df = pd.DataFrame({name: (ds.asstr()[()] if h5py.check_string_dtype(ds.dtype) else ds[()])
                       for name, ds in group.items()})
    assert list(df.columns) == ["unit", "busy_time"]
    assert df.loc[0, "unit"] == "运粮湖消防站 engine 1" and df.loc[0, "busy_time"] == 3600.25
