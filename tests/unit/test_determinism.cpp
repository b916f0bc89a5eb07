// Same seed, same bits: a replication's records depend only on (scenario, seed, index) — not
// on what ran before it in the worker, nor on the number of workers.
#include <catch2/catch.hpp>

#include <cstring>

#include "readysim/run.hpp"
#include "staff_equal.hpp"

using namespace readysim;

namespace {
const std::string kDistrict = std::string(READYSIM_SOURCE_DIR) + "/scenarios/yunlianghu/scenario.yaml";

bool same_bits(const ReplicationRecords& a, const ReplicationRecords& b) {
  if (a.replication != b.replication || a.events != b.events || a.fires.size() != b.fires.size() ||
      a.units.size() != b.units.size())
    return false;
  for (std::size_t i = 0; i < a.fires.size(); ++i)
    if (std::memcmp(&a.fires[i], &b.fires[i], sizeof(FireRecord)) != 0) return false;
  for (std::size_t i = 0; i < a.units.size(); ++i)
    if (std::memcmp(&a.units[i], &b.units[i], sizeof(UnitRecord)) != 0) return false;
  return testing::same_staff(a, b);  // the crews' requests and the roster's integrals too
}

RunOutput run(const Scenario& s, std::int64_t first, std::int64_t n, int jobs) {
  RunOptions opt;
  opt.first_replication = first;
  opt.replications = n;
  opt.seed = 20231026;
  opt.jobs = jobs;
  return run_replications(s, opt);
}

// Replication 55 alone, after 50 others in one worker, in the second of two workers, and alone on
// two workers: the same bits every time. Returns it for the caller to check what happened in it.
ReplicationRecords check_replication_55(const Scenario& s) {
  const RunOutput alone = run(s, 55, 1, 1);
  const RunOutput after_others = run(s, 5, 51, 1);     // 5…55 in one worker: 55 runs after 50 others
  const RunOutput two_workers = run(s, 5, 51, 2);      // 55 lands in the second worker
  const RunOutput backwards = run(s, 55, 1, 2);
  const auto& r = alone.replications.at(0);
  REQUIRE(r.replication == 55);
  REQUIRE(r.fires.size() > 100);
  CHECK(same_bits(r, after_others.replications.back()));
  CHECK(same_bits(r, two_workers.replications.back()));
  CHECK(same_bits(r, backwards.replications.at(0)));
  for (std::size_t i = 0; i < after_others.replications.size(); ++i)
    CHECK(same_bits(after_others.replications[i], two_workers.replications[i]));
  return r;
}

struct Happened {
  bool queued = false, called_back = false, mutual_aid = false;
};

Happened what_happened(const ReplicationRecords& r) {
  Happened h;
  for (const auto& f : r.fires) {
    h.queued = h.queued || f.queue_wait_s > 0;
    h.called_back = h.called_back || f.crew_wait_s > 0;
    h.mutual_aid = h.mutual_aid || f.mutual_aid;
  }
  return h;
}
}  // namespace

// Rule: a replication's records depend only on (scenario, seed, index), with call-backs and
// mutual aid in it (the district's policy: no engine free → mutual aid, so nobody queues).
TEST_CASE("determinism: replication 55 is bit-identical alone, after 50 others, at -j 1 and -j 2",
          "[fire][determinism]") {
  Scenario s = load_scenario(kDistrict);
  // A busier district than the plan's, so that call-backs and mutual aid both happen.
  s.hazards.fire.dwelling_rate_per_1000_per_s *= 20;
  REQUIRE(s.policies.no_engine_free == "mutual_aid");
  const Happened h = what_happened(check_replication_55(s));
  CHECK(h.called_back);
  CHECK(h.mutual_aid);
  CHECK_FALSE(h.queued);  // every call that finds no engine goes to mutual aid at once
}

// Rule: the same with waiting calls (no_engine_free: queue): the queue's order is deterministic too.
TEST_CASE("determinism: with calls queueing, replication 55 is still bit-identical", "[fire][determinism]") {
  Scenario s = load_scenario(kDistrict);
  s.hazards.fire.dwelling_rate_per_1000_per_s *= 20;
  s.policies.no_engine_free = "queue";
  const Happened h = what_happened(check_replication_55(s));
  CHECK(h.queued);
  CHECK(h.called_back);
  CHECK_FALSE(h.mutual_aid);  // nobody is sent to mutual aid when calls wait
}

TEST_CASE("determinism: a different seed gives different fires", "[fire][determinism]") {
  const Scenario s = load_scenario(kDistrict);
  RunOptions a, b;
  a.replications = b.replications = 3;
  a.seed = 1;
  b.seed = 2;
  const auto ra = run_replications(s, a), rb = run_replications(s, b);
  CHECK_FALSE(same_bits(ra.replications[0], rb.replications[0]));
}
