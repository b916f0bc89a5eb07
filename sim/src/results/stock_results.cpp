// Stock metrics for the summary and the /stock tables of the results file.
#include <fmt/format.h>

#include <algorithm>
#include <optional>
#include <span>
#include <string_view>

#include "readysim/logistics.hpp"
#include "readysim/record_columns.hpp"
#include "readysim/results.hpp"
#include "readysim/scenario.hpp"
#include "readysim/stats.hpp"
#include "results/replication_tables.hpp"

namespace readysim {

namespace {

// Whether anything in the scenario can trigger consumption on this basis.
bool can_happen(const Scenario& s, ConsumptionBasis b) {
  const bool flood = s.hazards.flood.enabled;
  switch (b) {
    case ConsumptionBasis::sheltered_person_day:
    case ConsumptionBasis::sheltered_person: return flood && !s.resources.shelters.empty();
    case ConsumptionBasis::micro_station_fire:
      return s.hazards.fire.enabled &&
             std::any_of(s.resources.stations.begin(), s.resources.stations.end(),
                         [](const Station& st) { return st.kind == StationKind::micro_fire_station; });
    case ConsumptionBasis::levee_metre: return flood;
    case ConsumptionBasis::team_member_activated:
      return flood && std::any_of(s.resources.staff.begin(), s.resources.staff.end(),
                                  [](const StaffPool& sp) { return is_team_role(sp.role); });
    case ConsumptionBasis::emergency_manager_activated:
      return flood && std::any_of(s.resources.staff.begin(), s.resources.staff.end(),
                                  [](const StaffPool& sp) { return sp.role == "emergency_manager"; });
  }
  return false;
}

// A stock level or order with the replication's stock records it points into.
template <typename Record>
struct StockRow {
  const StockRecords* run;
  const Record* record;
  const Record* operator->() const { return record; }
};

template <typename Member>
auto stock_rows(std::span<const StockRecords* const> runs, Member member) {
  using Record = typename std::remove_cvref_t<decltype(StockRecords{}.*member)>::value_type;
  std::vector<StockRow<Record>> rows;
  for (const StockRecords* run : runs)
    for (const Record& r : run->*member) rows.push_back({run, &r});
  return rows;
}

}  // namespace

constexpr std::string_view kShortfall = "stock.shortfall.";
constexpr std::string_view kStockout = "stock.stockout_probability.";

std::vector<std::string> stock_metric_names(const Scenario& s, const Logistics& l) {
  std::vector<std::string> names;
  if (s.resources.depots.empty()) return names;
  std::vector<bool> consumed(l.items.size(), false);
  for (const auto& c : l.consumption) {
    const int i = l.item_index(c.item);
    if (i >= 0 && c.quantity > 0 && can_happen(s, c.basis)) consumed[static_cast<std::size_t>(i)] = true;
  }
  for (std::size_t i = 0; i < l.items.size(); ++i)
    if (consumed[i]) {
      names.push_back(std::string(kShortfall) + l.items[i].name);
      names.push_back(std::string(kStockout) + l.items[i].name);
    }
  return names;
}

namespace {

// The values of a stock metric, one per replication; `records(r)` is replication r's stock records.
template <class Records>
std::optional<std::vector<double>> metric_values(const Logistics& l, std::size_t runs, const Records& records,
                                                 std::string_view metric) {
  const bool shortfall = metric.starts_with(kShortfall);
  if (!shortfall && !metric.starts_with(kStockout)) return std::nullopt;
  const int item = l.item_index(metric.substr((shortfall ? kShortfall : kStockout).size()));
  if (item < 0) return std::nullopt;
  std::vector<double> values(runs, 0.0);
  for (std::size_t r = 0; r < runs; ++r)
    for (const StockRecord& rec : records(r)) {
      if (rec.item != item) continue;
      if (shortfall) values[r] += rec.shortfall;
      else if (rec.stockouts > 0) values[r] = 1;
    }
  return values;
}

template <class Records>
void summarize(const Scenario& s, const Logistics& l, std::size_t runs, const Records& records,
               std::vector<stats::Summary>& out) {
  const int reps = static_cast<int>(runs);
  std::vector<int> replication_of(runs);
  for (int r = 0; r < reps; ++r) replication_of[static_cast<std::size_t>(r)] = r;
  for (const std::string& name : stock_metric_names(s, l)) {
    const std::vector<double> values = *metric_values(l, runs, records, name);
    if (name.starts_with(kShortfall)) {
      const ItemType& item = *l.find_item(std::string_view(name).substr(kShortfall.size()));
      out.push_back(stats::summarize(name, item.unit, values, replication_of, reps));
    } else {
      // Replications are independent: Wilson's interval is the right one for this share.
      std::vector<int> flags;
      for (double v : values) flags.push_back(v > 0 ? 1 : 0);
      out.push_back(stats::summarize_proportion(name, flags));
    }
  }
}

}  // namespace

std::optional<std::vector<double>> stock_metric_values(const Logistics& l, const std::vector<StockRecords>& runs,
                                                       std::string_view metric) {
  return metric_values(l, runs.size(), [&](std::size_t r) -> const auto& { return runs[r].records; }, metric);
}

void summarize_stock(const Scenario& s, const Logistics& l, const std::vector<StockRecords>& runs,
                     std::vector<stats::Summary>& out) {
  summarize(s, l, runs.size(), [&](std::size_t r) -> const auto& { return runs[r].records; }, out);
}

void detail::summarize_stock(const Scenario& s, const Logistics& l, std::span<const StockRecords* const> runs,
                             std::vector<stats::Summary>& out) {
  summarize(s, l, runs.size(), [&](std::size_t r) -> const auto& { return runs[r]->records; }, out);
}

void add_stock_tables(const Scenario& s, const Logistics& l, const std::vector<StockRecords>& runs,
                      ResultSet& results) {
  std::vector<const StockRecords*> each;
  for (const StockRecords& run : runs) each.push_back(&run);
  detail::add_stock_tables(s, l, each, results);
}

void detail::add_stock_tables(const Scenario& s, const Logistics& l, std::span<const StockRecords* const> runs,
                              ResultSet& results) {
  const auto depot_id = [&](std::int32_t d) { return s.resources.depots[static_cast<std::size_t>(d)].id; };
  const auto item_of = [&](std::int32_t i) -> const ItemType& { return l.items[static_cast<std::size_t>(i)]; };

  using Stock = StockRow<StockRecord>;
  const RecordColumns<Stock> stock = {
      {"replication", [](const Stock& r) { return r.run->replication; },
         "replication number (its random streams depend on it alone)"},
      {"depot", [&](const Stock& r) { return depot_id(r->depot); }, "depot (resources.depots)"},
      {"item", [&](const Stock& r) { return item_of(r->item).name; }, "catalogue item"},
      {"unit", [&](const Stock& r) { return item_of(r->item).unit; },
         "what a quantity of 1 is (piece, kit, L, …); quantities below are in it"},
      {"initial", [](const Stock& r) { return r->initial; }, "stock at t = 0"},
      {"demand", [](const Stock& r) { return r->demand; }, "asked of this depot as the first choice, from run.warm_up on"},
      {"issued", [](const Stock& r) { return r->issued; },
         "given out (to its own demand and as a fallback for others), from run.warm_up on"},
      {"shortfall", [](const Stock& r) { return r->shortfall; },
         "of its own demand from run.warm_up on, met neither by it nor by its fallback"},
      {"received", [](const Stock& r) { return r->received; }, "delivered by resupply before the horizon"},
      {"on_order", [](const Stock& r) { return r->on_order; }, "ordered but not delivered by the horizon"},
      {"final_level", [](const Stock& r) { return r->final_level; }, "stock at the horizon"},
      {"min_level", [](const Stock& r) { return r->min_level; }, "lowest stock"},
      {"first_stockout", "s", [](const Stock& r) { return r->first_stockout_s; },
         "first demand from run.warm_up on it could not serve in full; inf if none"},
      {"stockout_time", "s", [](const Stock& r) { return r->stockout_s; },
         "time out of stock (from such a demand to the next delivery) after run.warm_up, to the horizon"},
      {"first_shortfall", "s", [](const Stock& r) { return r->first_shortfall_s; },
         "first demand from run.warm_up on not fully met; inf if none"},
      {"stockouts", [](const Stock& r) { return r->stockouts; },
         "times a demand from run.warm_up on found it short, counted once until a delivery"},
      {"orders", [](const Stock& r) { return r->orders; }, "resupply orders placed"},
  };
  add_record_table(results, "stock", stock, stock_rows(runs, &StockRecords::records));

  // Levels and orders start with the replication, depot and item of the stock record they belong to.
  const auto placed = [&]<typename Record>(const RecordColumns<StockRow<Record>>& own) {
    using Row = StockRow<Record>;
    const auto record_of = [](const Row& row) -> const StockRecord& {
      return row.run->records[static_cast<std::size_t>(row->record)];
    };
    RecordColumns<Row> columns = {
        {"replication", [](const Row& row) { return row.run->replication; },
           "replication number (its random streams depend on it alone)"},
        {"depot", [=](const Row& row) { return depot_id(record_of(row).depot); }, "depot (resources.depots)"},
        {"item", [=](const Row& row) { return item_of(record_of(row).item).name; }, "catalogue item"},
    };
    columns.insert(columns.end(), own.begin(), own.end());
    return columns;
  };
  using Level = StockRow<StockLevel>;
  const auto levels = placed(RecordColumns<Level>{
      {"time", "s", [](const Level& p) { return p->time_s; }, "when the level changed"},
      {"level", [](const Level& p) { return p->level; }, "stock from then on, in the item's unit"},
  });
  add_record_table(results, "stock_levels", levels, stock_rows(runs, &StockRecords::levels));

  using Order = StockRow<StockOrder>;
  const auto orders = placed(RecordColumns<Order>{
      {"ordered", "s", [](const Order& o) { return o->ordered_s; }, "when it was placed"},
      {"arrives", "s", [](const Order& o) { return o->arrives_s; },
         "when it reaches the depot (may be after the horizon)"},
      {"quantity", [](const Order& o) { return o->quantity; }, "quantity ordered, in the item's unit"},
  });
  add_record_table(results, "stock_orders", orders, stock_rows(runs, &StockRecords::orders));
}

}  // namespace readysim
