// End to end: scenarios/validation/stock.yaml evacuates three villages on foot to one hall
// through the flood and evacuation models; the stock replayed from those records runs out and
// is resupplied when the hand computation in the file says.
#include <algorithm>
#include <catch2/catch.hpp>
#include <filesystem>
#include <fstream>
#include <string>

#include "readysim/flood.hpp"
#include "readysim/logistics.hpp"
#include "readysim/run.hpp"
#include "readysim/scenario.hpp"
#include "readysim/stats.hpp"
#include "scenario/logistics_section.hpp"
#include "temp_dir.hpp"

using namespace readysim;
namespace fs = std::filesystem;

namespace {

const fs::path kDir = fs::path(READYSIM_SOURCE_DIR) / "scenarios" / "validation";

struct Loaded {
  Scenario scenario;
  Logistics logistics;
};

// The scenario and its `logistics` section, read by the section reader on its own (so that the
// test does not depend on how the loader stores the section).
Loaded load_stock() {
  const std::string path = (kDir / "stock.yaml").string();
  YAML::Node root = YAML::LoadFile(path);
  Diagnostics diags;
  YamlReader r(path, diags);
  Loaded out;
  read_logistics_section(root["logistics"], r, out.logistics);
  root.remove("logistics");
  for (const char* key : {"nodes", "segments"})
    root["district"]["roads"][key] = (kDir / root["district"]["roads"][key].Scalar()).string();
  const readysim::testing::TempDir tmp("stock");
  YAML::Emitter e;
  e << root;
  out.scenario = load_scenario(tmp.write("stock.yaml", e.c_str()));
  check_logistics(out.scenario, out.logistics, diags);
  for (const auto& d : diags.items()) FAIL(format_diagnostic(d));
  return out;
}

}  // namespace

TEST_CASE("stock: the validation depot runs out and is resupplied when the hand computation says",
          "[logistics][validation]") {
  const Loaded in = load_stock();
  const Scenario& s = in.scenario;
  const Logistics& l = in.logistics;
  RunOptions opt;
  opt.replications = s.run.replications;
  opt.seed = s.run.seed;
  const RunOutput run = run_replications(s, opt);
  const StockModel model(s, l);
  std::vector<StockRecords> stock;

  for (const ReplicationRecords& rec : run.replications) {
    // Walking at 1 m/s from 1, 2 and 3 km: 30 people at 1000 s, 60 at 2000 s, 90 at 3000 s.
    std::vector<double> safe;
    for (const CohortRecord& c : rec.cohorts) {
      CHECK(c.people == 30);
      safe.push_back(c.safe_s);
    }
    std::sort(safe.begin(), safe.end());
    REQUIRE(safe.size() == 6);
    const std::vector<double> expected{1000, 2000, 2000, 3000, 3000, 3000};
    for (std::size_t i = 0; i < 6; ++i) CHECK(safe[i] == Approx(expected[i]).margin(1e-6));

    stock.push_back(model.run(rec, opt.seed, rec.replication));
    const StockRecords& st = stock.back();
    REQUIRE(st.records.size() == 2);  // the store's water and blankets
    const StockRecord& water = st.records[0];
    const StockRecord& blanket = st.records[1];
    REQUIRE(l.items[static_cast<std::size_t>(water.item)].name == "drinking_water");
    REQUIRE(l.items[static_cast<std::size_t>(blanket.item)].name == "blanket");

    // Out exactly when the last cohort arrives.
    CHECK(water.first_stockout_s == safe.back());
    CHECK(blanket.first_stockout_s == safe.back());
    CHECK(water.first_stockout_s == Approx(3000).margin(1e-6));
    CHECK(water.shortfall == Approx(700 + 1350));
    CHECK(blanket.shortfall == Approx(80));
    CHECK(water.stockouts == 2);
    CHECK(water.stockout_s == Approx(20960 + 19960).margin(1e-6));
    CHECK(water.final_level == Approx(1100));

    std::vector<std::pair<double, double>> levels;
    for (const StockLevel& p : st.levels)
      if (p.record == 0) levels.emplace_back(p.time_s, p.level);
    const std::vector<std::pair<double, double>> hand{{0, 2000},     {1000, 1550},  {2000, 650},  {3000, 0},
                                                      {23960, 1350}, {87400, 900},  {88400, 0},   {109360, 1100}};
    REQUIRE(levels.size() == hand.size());
    for (std::size_t i = 0; i < hand.size(); ++i) {
      CHECK(levels[i].first == Approx(hand[i].first).margin(1e-6));
      CHECK(levels[i].second == Approx(hand[i].second));
    }
    // The resupply: ordered at the 2000 s issue, in after 6 h + the 360 s drive from the city.
    REQUIRE(st.orders.size() == 2);
    CHECK(st.orders[0].arrives_s - st.orders[0].ordered_s == Approx(6 * 3600 + 360));
    CHECK(st.orders[0].quantity == Approx(1350));
  }

  std::vector<stats::Summary> summary;
  summarize_stock(s, l, stock, summary);
  // Each metric must be there (a renamed metric is a failure, not a silent pass).
  const auto find = [&](const std::string& name) -> const stats::Summary* {
    for (const auto& m : summary)
      if (m.metric == name) return &m;
    return nullptr;
  };
  const stats::Summary* shortfall = find("stock.shortfall.drinking_water");
  const stats::Summary* stockout = find("stock.stockout_probability.drinking_water");
  const stats::Summary* blankets = find("stock.shortfall.blanket");
  REQUIRE(shortfall != nullptr);
  REQUIRE(stockout != nullptr);
  REQUIRE(blankets != nullptr);
  CHECK(shortfall->mean == Approx(2050));
  CHECK(stockout->mean == 1);
  CHECK(blankets->mean == Approx(80));
}
