// readysim._core: the compiled layer under the pure-Python readysim package. It speaks plain
// Python (dicts, lists, numpy arrays); readysim/ turns that into pandas and friendly names.
#include <pybind11/functional.h>
#include <pybind11/numpy.h>
#include <pybind11/pybind11.h>
#include <pybind11/stl.h>

#include <fmt/format.h>

#include <cstdint>
#include <limits>
#include <map>
#include <optional>
#include <span>
#include <string>
#include <type_traits>
#include <utility>
#include <vector>

#include "readysim/error.hpp"
#include "readysim/limits.hpp"
#include "readysim/messages.hpp"
#include "readysim/metrics.hpp"
#include "readysim/results.hpp"
#include "readysim/run.hpp"
#include "readysim/run_results.hpp"
#include "readysim/scenario.hpp"
#include "readysim/stats.hpp"
#include "readysim/version.hpp"

namespace py = pybind11;

namespace {

// (meta, {table: {column: (values, unit, description)}}): numbers as numpy arrays, strings as
// lists of str; unit and description "" when the column has none.
py::tuple to_python(const readysim::ResultSet& rs) {
  py::dict meta;
  for (const auto& [key, text] : rs.meta_text) meta[py::str(key)] = py::str(text);
  for (const auto& [key, number] : rs.meta_int) meta[py::str(key)] = number;
  py::dict tables;
  for (const readysim::Table& t : rs.tables) {
    py::dict columns;
    for (const readysim::Column& c : t.columns) {
      py::object values = std::visit(
          [](const auto& v) -> py::object {
            using T = typename std::decay_t<decltype(v)>::value_type;
            if constexpr (std::is_same_v<T, std::string>)
              return py::cast(v);
            else
              return py::array_t<T>(static_cast<py::ssize_t>(v.size()), v.data());
          },
          c.values);
      columns[py::str(c.name)] = py::make_tuple(values, c.unit, c.description);
    }
    tables[py::str(t.name)] = columns;
  }
  return py::make_tuple(meta, tables);
}

// The public exception classes live in readysim/errors.py (docstrings, attributes, pickling);
// the package is always imported before _core, so importing it here cannot recurse.
void set_python_error(const char* name, const py::object& argument) {
  const py::object cls = py::module_::import("readysim.errors").attr(name);
  PyErr_SetObject(cls.ptr(), cls(argument).ptr());
}

void translate_errors(std::exception_ptr p) {
  try {
    if (p) std::rethrow_exception(p);
  } catch (const readysim::ScenarioError& e) {
    py::list diagnostics;
    for (const readysim::Diagnostic& d : e.diagnostics())
      diagnostics.append(py::make_tuple(d.where.file, d.where.line, d.where.column, d.message,
                                        readysim::format_diagnostic(d)));
    set_python_error("ScenarioError", diagnostics);
  } catch (const readysim::UsageError& e) {
    set_python_error("UsageError", py::str(e.what()));
  } catch (const readysim::Error& e) {
    set_python_error("Error", py::str(e.what()));
  }
}

// The CLI's bounds (readysim/limits.hpp) for the same numbers given from Python, checked before
// anything is allocated or forked.
void check_run_size(std::int64_t replications, int jobs, std::int64_t first_replication) {
  if (replications > readysim::kMaxReplications)
    throw readysim::UsageError(fmt::format("replications = {} is more than {} (scenarios/README.md, Bounds): run it in "
                                           "parts with first_replication",
                                           replications, readysim::kMaxReplications));
  if (jobs > readysim::kMaxJobs)
    throw readysim::UsageError(
        fmt::format("jobs = {} is more than {} worker processes (scenarios/README.md, Bounds)", jobs, readysim::kMaxJobs));
  if (first_replication > std::numeric_limits<std::int64_t>::max() - replications)
    throw readysim::UsageError(fmt::format("first_replication = {} with {} replications runs past the largest "
                                           "replication index, {}",
                                           first_replication, replications, std::numeric_limits<std::int64_t>::max()));
}

readysim::Scenario load(const std::string& path, const std::vector<std::pair<std::string, std::string>>& overrides) {
  std::vector<readysim::ScenarioOverride> o;
  for (const auto& [where, value] : overrides) o.push_back({where, value});
  return readysim::load_scenario(path, o);
}

py::tuple run(const readysim::Scenario& s, std::int64_t replications, std::uint64_t seed, int jobs,
              std::int64_t first_replication, const std::optional<py::function>& progress,
              const std::optional<std::string>& output) {
  check_run_size(replications, jobs, first_replication);
  readysim::RunOptions opt;
  opt.first_replication = first_replication;
  opt.replications = replications;
  opt.seed = seed;
  opt.jobs = jobs;
  // run_replications cannot be interrupted: an exception out of the callback would leave its
  // worker processes running. So a Python error is kept and raised once the run is over.
  std::optional<py::error_already_set> callback_error;
  if (progress)
    opt.progress = [&](std::int64_t done, std::int64_t total) {
      if (callback_error) return;
      py::gil_scoped_acquire gil;
      try {
        (*progress)(done, total);
      } catch (py::error_already_set& e) {
        callback_error = std::move(e);
      }
    };
  readysim::RunOutput out;
  {
    py::gil_scoped_release release;
    out = readysim::run_replications(s, opt);
  }
  if (callback_error) throw std::move(*callback_error);
  const readysim::ResultSet rs = readysim::run_result_set(s, opt, out, readysim::summarize_run(s, out));
  // Written with the GIL held: HDF5 is not thread-safe here, and the GIL serialises the writers.
  if (output) readysim::write_results(*output, rs);
  return to_python(rs);
}

py::dict travel_times(const readysim::Scenario& s, const std::string& origin) {
  const readysim::RoadGraph& g = s.district.roads;
  const auto source = g.find_node(origin);
  if (!source) throw readysim::UsageError(fmt::format("node '{}' is not in the road network of {}", origin, s.path));
  const readysim::ShortestPaths sp = g.shortest_paths_from(*source);
  std::vector<std::string> node;
  std::vector<double> time_s, length_m;
  std::vector<std::int64_t> hops;
  for (readysim::NodeIndex n = 0; n < g.node_count(); ++n) {
    if (!sp.reachable(n)) continue;
    const auto path = sp.path_to(n, g);
    double length = 0;
    for (const readysim::SegmentIndex seg : path) length += g.segment(seg).length_m;
    node.push_back(g.node(n).id);
    time_s.push_back(sp.time_s[n]);
    length_m.push_back(length);
    hops.push_back(static_cast<std::int64_t>(path.size()));
  }
  py::dict out;
  out["node"] = py::cast(node);
  out["time_s"] = py::array_t<double>(static_cast<py::ssize_t>(time_s.size()), time_s.data());
  out["length_m"] = py::array_t<double>(static_cast<py::ssize_t>(length_m.size()), length_m.data());
  out["hops"] = py::array_t<std::int64_t>(static_cast<py::ssize_t>(hops.size()), hops.data());
  return out;
}

// `readysim compare` in process: A and B on the same replications (common random numbers), the
// paired difference of every metric's mean (or share), with its CI and the unpaired half-width.
py::dict compare_metrics(const readysim::Scenario& a, const readysim::Scenario& b, std::int64_t replications,
                         std::uint64_t seed, int jobs, double confidence) {
  if (replications < 1 || jobs < 1 || !(confidence > 0 && confidence < 1))
    throw readysim::UsageError(fmt::format("compare needs replications >= 1, jobs >= 1 and 0 < confidence < 1 "
                                           "(got {}, {}, {})", replications, jobs, confidence));
  check_run_size(replications, jobs, 0);
  readysim::RunOptions opt;
  opt.replications = replications;
  opt.seed = seed;
  opt.jobs = jobs;
  std::vector<std::string> names;
  for (const auto& m : readysim::known_metrics()) names.push_back(m.name);
  std::vector<readysim::stats::ClusteredSample> sa, sb;
  {
    py::gil_scoped_release release;
    const readysim::RunOutput run_a = readysim::run_replications(a, opt);
    const readysim::RunOutput run_b = readysim::run_replications(b, opt);
    sa = readysim::metric_samples(a, run_a, names);  // each scenario's run.warm_up applies
    sb = readysim::metric_samples(b, run_b, names);
  }
  std::vector<std::string> metric, unit;
  std::vector<double> va, vb, diff, low, high, half, unpaired;
  std::vector<std::int64_t> reps;
  for (std::size_t k = 0; k < names.size(); ++k) {
    if (sa[k].size() == 0 && sb[k].size() == 0) continue;  // e.g. evacuation metrics without a flood
    const auto d = readysim::stats::paired_difference(sa[k], sb[k], readysim::stats::Statistic{}, confidence);
    metric.push_back(names[k]);
    unit.push_back(readysim::known_metrics()[k].unit);
    va.push_back(d.a.value);
    vb.push_back(d.b.value);
    diff.push_back(d.difference);
    low.push_back(d.low);
    high.push_back(d.high);
    half.push_back(d.half_width);
    unpaired.push_back(d.unpaired_half_width);
    reps.push_back(d.replications);
  }
  const auto array = [](const std::vector<double>& v) {
    return py::array_t<double>(static_cast<py::ssize_t>(v.size()), v.data());
  };
  py::dict out;
  out["metric"] = py::cast(metric);
  out["unit"] = py::cast(unit);
  out["a"] = array(va);
  out["b"] = array(vb);
  out["difference"] = array(diff);
  out["low"] = array(low);
  out["high"] = array(high);
  out["half_width"] = array(half);
  out["unpaired_half_width"] = array(unpaired);
  out["replications"] = py::array_t<std::int64_t>(static_cast<py::ssize_t>(reps.size()), reps.data());
  return out;
}

py::tuple mean_ci(const py::array_t<double, py::array::c_style | py::array::forcecast>& values, double confidence) {
  if (values.ndim() != 1) throw py::value_error("mean_ci takes a 1-D array");
  const auto ci = readysim::stats::mean_ci(
      std::span<const double>(values.data(), static_cast<std::size_t>(values.size())), confidence);
  return py::make_tuple(ci.mean, ci.low, ci.high, ci.half_width, ci.n);
}

}  // namespace

PYBIND11_MODULE(_core, m) {
  m.doc() = "readysim's compiled core (private): use the readysim package instead.";
  m.attr("__version__") = readysim::kVersion;
  m.attr("git_hash") = readysim::kGitHash;
  py::register_exception_translator(&translate_errors);

  py::class_<readysim::Scenario>(m, "Scenario", "A validated scenario, immutable, all values in SI units.")
      .def_property_readonly("path", [](const readysim::Scenario& s) { return s.path; },
                             "The top-level file as given.")
      .def_property_readonly("replications", [](const readysim::Scenario& s) { return s.run.replications; },
                             "run.replications.")
      .def_property_readonly("seed", [](const readysim::Scenario& s) { return s.run.seed; }, "run.seed.")
      .def("summary", &readysim::scenario_summary, "One line describing the scenario.")
      .def("effective_yaml", &readysim::effective_scenario_yaml, "The scenario with every default filled in.");

  m.def("load_scenario", &load, py::arg("path"), py::arg("overrides") = std::vector<std::pair<std::string, std::string>>{},
        "Loads and validates a scenario; overrides are (dotted path, YAML text) pairs applied in order.");
  m.def("run", &run, py::arg("scenario"), py::arg("replications"), py::arg("seed"), py::arg("jobs") = 1,
        py::arg("first_replication") = 0, py::arg("progress") = py::none(), py::arg("output") = py::none(),
        "Runs replications in forked workers (GIL released); returns (meta, tables) and writes HDF5 if output.");
  m.def("read_results", [](const std::string& path) { return to_python(readysim::read_results(path)); },
        py::arg("path"), "Reads a results file as (meta, tables).");
  m.def("travel_times", &travel_times, py::arg("scenario"), py::arg("origin"),
        "Free-flow shortest routes from a road node: {node, time_s, length_m, hops} over reachable nodes.");
  m.def("mean_ci", &mean_ci, py::arg("values"), py::arg("confidence") = 0.95,
        "Mean with its t interval: (mean, low, high, half_width, n).");
  m.def("compare_metrics", &compare_metrics, py::arg("a"), py::arg("b"), py::arg("replications"), py::arg("seed"),
        py::arg("jobs") = 1, py::arg("confidence") = 0.95,
        "readysim compare in process: every metric's paired difference b - a over the same replications.");
  m.def(
      "messages",
      [](const std::string& lang) {
        const auto l = readysim::parse_language(lang);
        if (!l) throw readysim::UsageError(fmt::format("lang '{}': readysim speaks en and zh", lang));
        const auto& entries = readysim::messages(*l).entries();
        return std::map<std::string, std::string>(entries.begin(), entries.end());
      },
      py::arg("lang"), "The shared message catalogue of a language (en, zh): {dotted key: text}, as the CLI words.");
  m.def(
      "default_language", [] { return std::string(readysim::language_code(readysim::language_from_environment())); },
      "The CLI's default language from the environment: READYSIM_LANG, else LC_ALL, LC_MESSAGES, LANG (zh* is zh).");
}
