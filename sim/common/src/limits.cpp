#include "readysim/limits.hpp"

#include <fmt/format.h>

#include "readysim/input_check.hpp"

namespace readysim {

namespace {

struct QuantityBound {
  Dimension dim;
  double max_si;
  const char* text;    // the bound as people write it
  const char* reason;  // why
};

// Generous, finite: each catches a slip of unit or digits (and infinity) where it is read.
constexpr QuantityBound kQuantityBounds[] = {
    {Dimension::duration, kMaxHorizonS, "3650 d (10 years)",
     "the horizon and every duration. A process runs its replications one after another on one clock, each in "
     "a slot of at least 8 times the horizon; at 10 years an event time is still resolved to about 2 ms, and a "
     "year of fires already takes seconds per replication. A longer horizon (`1e308 d`) would never end"},
    {Dimension::length, 4.0e7, "40,000 km", "the Earth's circumference: a longer road or distance is a unit slip"},
    {Dimension::speed, 1000.0 / 3.6, "1,000 km/h", "no vehicle on a road is faster"},
    {Dimension::area, 1.0e12, "1,000,000 km2", "larger than any district; floor areas are far below it"},
    {Dimension::flow, 1.0e12 / 3600.0, "1e12 veh/h",
     "the validation scenarios write `1e12 veh/h` for a capacity without limit; more is a typo"},
    {Dimension::volume, 1.0e9, "1e9 m3 (1 km3)", "a lake; stock and water volumes are far below it"},
    {Dimension::power, 1.0e11, "100,000 MW", "a hundred times the largest recorded building fires"},
    {Dimension::growth, 1.0e6, "1,000 kW/s2", "five thousand times an ultra-fast fire (0.19 kW/s2)"},
    {Dimension::rate, 1.0, "1 /s (3,600 /h)",
     "one event a second per source is 31 million events a replication-year: a rate above it is a unit slip "
     "(/s for /yr) and would not finish"},
    {Dimension::discharge, 1.0e6, "1,000,000 m3/s", "five times the Amazon's discharge"},
};

}  // namespace

double max_quantity(Dimension d) {
  for (const auto& b : kQuantityBounds)
    if (b.dim == d) return b.max_si;
  return 1e300;
}

std::vector<BoundRow> bound_rows() {
  std::vector<BoundRow> out;
  out.push_back({"`horizon`", "> 0 and at most 3650 d (10 years)",
                 "a process runs its replications one after another on one clock, each in a slot of at least 8 "
                 "times the horizon: at 10 years an event time is still resolved to about 2 ms, and a longer "
                 "horizon would run for days (`1e308 d` would never end)"});
  out.push_back({"`run.replications`, `-n`, `--max-replications`, a study's replication caps",
                 fmt::format("1 to {}", human_number(kMaxReplications)),
                 "every replication's records are held until the file is written; a million replications of a "
                 "small district is several GB. For tighter estimates use `--precision`, not a bigger `-n`"});
  out.push_back({"`run.seed`, `--seed`, a study's `seed`", fmt::format("0 to {} (2^63 - 1)", human_number(kMaxSeed)),
                 "the seed is a 64-bit number given on the command line as a signed whole number"});
  out.push_back({"`-j`, `--jobs`", fmt::format("1 to {}", kMaxJobs),
                 "worker processes; more than the machine's cores only adds memory"});
  out.push_back({"a settlement's `population`", fmt::format("1 to {}", human_number(kMaxPopulation)),
                 "a settlement is a place on one road node; a city is many settlements"});
  out.push_back({"the district's population (all settlements)", human_number(kMaxDistrictPopulation),
                 "people are counted in 32-bit numbers inside the model, with room to spare"});
  out.push_back({"every other count (engines, crews, staff, seats, households, quantities)",
                 fmt::format("at most {}", human_number(kMaxCount)),
                 "a count beyond it is a typo; the model keeps them in 32-bit numbers"});
  for (const auto& b : kQuantityBounds) {
    if (b.dim == Dimension::duration) continue;
    out.push_back({fmt::format("every {}", dimension_name(b.dim)), fmt::format("at most {}", b.text), b.reason});
  }
  out.push_back({"nesting of lists and mappings in a YAML file", fmt::format("{} levels", kMaxYamlDepth),
                 "a scenario needs at most 8; deeper nesting is a generated or corrupted file and would exhaust "
                 "the reader's stack"});
  out.push_back({"an input file (scenario, study, CSV, TNTP)",
                 fmt::format("{} MiB", human_number(static_cast<long long>(kMaxInputFileBytes >> 20))),
                 "bounds every list and series read from a file (rows of a road network, a flood series, an "
                 "incident log, an empirical sample); a road network of a million segments is about 60 MiB"});
  out.push_back({"text (names, ids, paths, every string)", "UTF-8 without control characters",
                 "names are written to the HDF5 results, CSV, HTML and terminals at the end of a run; a NUL, a "
                 "control character or a byte that is not UTF-8 would break them there, after the whole run"});
  return out;
}

}  // namespace readysim
