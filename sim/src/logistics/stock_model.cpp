// Stock over a replication, replayed from its records: demands in time order, each asked of
// its depot and then of the district depot behind it; what neither has is lost (people went
// without), not back-ordered. Resupply is continuous-review (s, S) on stock on hand plus on order.
// A depot is out of stock from a demand it cannot serve in full (a depot that never holds the
// item only when nobody could serve it) until the next delivery.
#include <algorithm>
#include <cmath>
#include <optional>
#include <queue>

#include "logistics/stock_plan.hpp"
#include "readysim/flood.hpp"
#include "readysim/random.hpp"
#include "readysim/records.hpp"

namespace readysim {

struct StockModel::Plan : StockPlanData {};

namespace {

struct Demand {
  double time_s;
  StockModel::Route route;
  std::int32_t item;
  double quantity;
};

struct Delivery {
  double time_s;
  std::uint64_t seq;
  std::int32_t record;
  double quantity;
  bool operator>(const Delivery& o) const { return time_s != o.time_s ? time_s > o.time_s : seq > o.seq; }
};

// FNV-1a: a stream key that stays with the depot and item when others are added or removed.
std::uint64_t stream_key(const std::string& depot, const std::string& item) {
  std::uint64_t h = 1469598103934665603ull;
  for (const std::string* s : {&depot, &item}) {
    for (unsigned char ch : *s) h = (h ^ ch) * 1099511628211ull;
    h = (h ^ 0x1f) * 1099511628211ull;
  }
  // The top bit keeps these streams apart from the small substreams others draw (transport vehicles).
  return h | (1ull << 63);
}

// Every demand the records imply, in the order generated (stable-sorted by time later).
std::vector<Demand> demands(const StockPlanData& p, const ReplicationRecords& rec, std::span<const LeveePatch> levee) {
  const Scenario& s = *p.scenario;
  const Logistics& l = *p.logistics;
  const auto& rates = p.rates;
  std::vector<Demand> out;
  const auto add = [&](double t, StockModel::Route r, ConsumptionBasis b, double count) {
    if (r.primary < 0 || !(t <= s.horizon_s) || count <= 0) return;
    const auto& per_item = rates[static_cast<std::size_t>(b)];
    for (std::size_t i = 0; i < per_item.size(); ++i)
      if (per_item[i] > 0) out.push_back({t, r, static_cast<std::int32_t>(i), per_item[i] * count});
  };
  const auto route_of_community = [&](const std::string& id) {
    for (std::size_t c = 0; c < s.district.communities.size(); ++c)
      if (s.district.communities[c].id == id) return p.communities[c];
    return p.district;
  };
  if (rec.warning_s != kNever) {
    for (const StaffPool& sp : s.resources.staff)
      if (is_team_role(sp.role))
        add(rec.warning_s, route_of_community(sp.community), ConsumptionBasis::team_member_activated, sp.count);
    for (const StaffPool& sp : s.resources.staff)
      if (sp.role == "emergency_manager")
        add(rec.warning_s, route_of_community(sp.community), ConsumptionBasis::emergency_manager_activated, sp.count);
  }
  const double per_issue_days = l.issue_interval_s / 86400.0;
  for (const CohortRecord& c : rec.cohorts) {
    if (c.shelter < 0 || c.safe_s == kNever) continue;
    const StockModel::Route r = p.shelters[static_cast<std::size_t>(c.shelter)];
    add(c.safe_s, r, ConsumptionBasis::sheltered_person, c.people);
    for (double t = c.safe_s; t <= s.horizon_s; t += l.issue_interval_s)
      add(t, r, ConsumptionBasis::sheltered_person_day, c.people * per_issue_days);
  }
  for (const FireRecord& f : rec.fires)
    if (f.first_unit == UnitKind::micro_station && f.first_arrival_s != kNever && f.source >= 0 &&
        static_cast<std::size_t>(f.source) < p.fire_sources.size())
      add(f.first_arrival_s, p.fire_sources[static_cast<std::size_t>(f.source)], ConsumptionBasis::micro_station_fire,
          1.0);
  for (const LeveePatch& lp : levee)
    if (lp.node >= 0 && static_cast<std::size_t>(lp.node) < p.nodes.size())
      add(lp.time_s, p.nodes[static_cast<std::size_t>(lp.node)], ConsumptionBasis::levee_metre, lp.metres);
  std::stable_sort(out.begin(), out.end(), [](const Demand& a, const Demand& b) { return a.time_s < b.time_s; });
  return out;
}

// The replay: one state per record, deliveries in a queue.
class Replay {
 public:
  Replay(const StockPlanData& p, std::uint64_t seed, std::int64_t replication, StockRecords& out,
         std::vector<double> cut_off_s)
      : p_(p), seed_(seed), replication_(replication), out_(out), cut_off_s_(std::move(cut_off_s)) {}

  // Records for every listed pair and every pair a demand may touch, depots then items in order.
  void open(const std::vector<Demand>& ds) {
    const std::size_t items = p_.logistics->items.size();
    std::vector<bool> used(p_.initial.size() * items, false);
    for (std::size_t d = 0; d < p_.initial.size(); ++d)
      for (std::size_t i = 0; i < items; ++i) used[d * items + i] = p_.listed[d][i];
    for (const Demand& dm : ds)
      for (std::int32_t d : {dm.route.primary, dm.route.fallback})
        if (d >= 0) used[static_cast<std::size_t>(d) * items + static_cast<std::size_t>(dm.item)] = true;
    index_.assign(used.size(), -1);
    for (std::size_t k = 0; k < used.size(); ++k) {
      if (!used[k]) continue;
      index_[k] = static_cast<std::int32_t>(out_.records.size());
      StockRecord r;
      r.depot = static_cast<std::int32_t>(k / items);
      r.item = static_cast<std::int32_t>(k % items);
      r.initial = r.final_level = r.min_level = p_.initial[k / items][k % items];
      r.first_stockout_s = r.first_shortfall_s = kNever;
      out_.records.push_back(r);
      state_.push_back(State{r.initial, 0, false, 0, {}, {{0.0, r.initial}}});
    }
    items_ = items;
  }

  void demand(const Demand& dm) {
    deliver_until(dm.time_s);
    const std::int32_t primary = record(dm.route.primary, dm.item);
    const bool counts = dm.time_s >= warm_up_s();  // run.warm_up: flows before it are not counted
    if (counts) out_.records[static_cast<std::size_t>(primary)].demand += dm.quantity;
    double rest = dm.quantity - withdraw(primary, dm.quantity, dm.time_s);
    if (rest > 0 && dm.route.fallback >= 0) rest -= withdraw(record(dm.route.fallback, dm.item), rest, dm.time_s);
    if (rest > 0) {
      // People went without: out of stock where they asked, even at a depot that never held the item.
      StockRecord& r = out_.records[static_cast<std::size_t>(primary)];
      if (counts) {
        r.shortfall += rest;
        r.first_shortfall_s = std::min(r.first_shortfall_s, dm.time_s);
      }
      mark_out(primary, dm.time_s);
    }
  }

  void finish() {
    const double horizon = p_.scenario->horizon_s;
    deliver_until(horizon);
    for (std::size_t k = 0; k < state_.size(); ++k) {
      State& st = state_[k];
      StockRecord& r = out_.records[k];
      if (st.out) r.stockout_s += out_time(st, horizon);
      r.final_level = st.level;
      r.on_order = st.on_order;
      for (const auto& [t, level] : st.points)
        out_.levels.push_back(StockLevel{static_cast<std::int32_t>(k), t, level});
    }
  }

 private:
  struct State {
    double level;
    double on_order;
    bool out;
    double out_since;
    std::optional<RandomStream> rng;
    std::vector<std::pair<double, double>> points;
    bool counted = false;  // this out-of-stock episode is counted in stockouts
  };

  std::int32_t record(std::int32_t depot, std::int32_t item) const {
    return index_[static_cast<std::size_t>(depot) * items_ + static_cast<std::size_t>(item)];
  }

  void set_level(State& st, StockRecord& r, double t, double level) {
    st.level = level;
    r.min_level = std::min(r.min_level, level);
    if (st.points.back().first == t) st.points.back().second = level;
    else st.points.emplace_back(t, level);
  }

  // Takes up to `want` from a record's stock; returns what it took. A depot that cannot serve a
  // demand in full is out of stock from then until a delivery (emptied exactly, it is not yet:
  // nobody went without).
  double withdraw(std::int32_t k, double want, double t) {
    State& st = state_[static_cast<std::size_t>(k)];
    StockRecord& r = out_.records[static_cast<std::size_t>(k)];
    if (want <= 0) return 0;
    if (t >= cut_off_s_[static_cast<std::size_t>(r.depot)]) return 0;  // in the water: nothing comes out
    const double take = std::min(want, st.level);
    if (take > 0) {
      set_level(st, r, t, want >= st.level ? 0.0 : st.level - take);
      if (t >= warm_up_s()) r.issued += take;
    }
    if (take < want && (r.initial > 0 || r.received > 0)) mark_out(k, t);
    if (take > 0) reorder(k, t);
    return take;
  }

  // A stock-out is counted once until a delivery, and only from run.warm_up on: one that began
  // before it counts when a demand after it still finds the depot short.
  void mark_out(std::int32_t k, double t) {
    State& st = state_[static_cast<std::size_t>(k)];
    StockRecord& r = out_.records[static_cast<std::size_t>(k)];
    if (!st.out) {
      st.out = true;
      st.out_since = t;
      st.counted = false;
    }
    if (st.counted || t < warm_up_s()) return;
    st.counted = true;
    ++r.stockouts;
    r.first_stockout_s = std::min(r.first_stockout_s, t);
  }

  [[nodiscard]] double warm_up_s() const { return p_.scenario->run.warm_up_s; }
  // Time out of stock from the episode's start (or the warm-up) to `end`.
  [[nodiscard]] double out_time(const State& st, double end) const {
    return std::max(0.0, end - std::max(st.out_since, warm_up_s()));
  }

  void reorder(std::int32_t k, double t) {
    State& st = state_[static_cast<std::size_t>(k)];
    StockRecord& r = out_.records[static_cast<std::size_t>(k)];
    const Resupply& rs = p_.logistics->resupply;
    if (!p_.resupplied[static_cast<std::size_t>(r.item)] || r.initial <= 0) return;
    const double position = st.level + st.on_order;
    const double up_to = rs.order_up_to * r.initial;
    if (position > rs.reorder_at * r.initial || position >= up_to) return;
    if (!st.rng) {
      const auto& depot = p_.scenario->resources.depots[static_cast<std::size_t>(r.depot)];
      st.rng.emplace(seed_, static_cast<std::uint64_t>(replication_), StreamPurpose::logistics,
                     stream_key(depot.id, p_.logistics->items[static_cast<std::size_t>(r.item)].name));
    }
    const double lead = std::max(0.0, rs.lead_time.sample(*st.rng)) + p_.delivery_drive_s[static_cast<std::size_t>(r.depot)];
    const double quantity = up_to - position;
    st.on_order += quantity;
    ++r.orders;
    out_.orders.push_back(StockOrder{k, t, t + lead, quantity});
    deliveries_.push(Delivery{t + lead, seq_++, k, quantity});
  }

  void deliver_until(double t) {
    while (!deliveries_.empty() && deliveries_.top().time_s <= t) {
      const Delivery dv = deliveries_.top();
      deliveries_.pop();
      State& st = state_[static_cast<std::size_t>(dv.record)];
      StockRecord& r = out_.records[static_cast<std::size_t>(dv.record)];
      st.on_order -= dv.quantity;
      if (std::abs(st.on_order) < 1e-9 * dv.quantity) st.on_order = 0;
      r.received += dv.quantity;
      set_level(st, r, dv.time_s, st.level + dv.quantity);
      if (st.out) {
        r.stockout_s += out_time(st, dv.time_s);
        st.out = false;
      }
    }
  }

  const StockPlanData& p_;
  std::uint64_t seed_;
  std::int64_t replication_;
  StockRecords& out_;
  std::vector<State> state_;
  std::vector<std::int32_t> index_;
  std::size_t items_ = 0;
  std::priority_queue<Delivery, std::vector<Delivery>, std::greater<>> deliveries_;
  std::uint64_t seq_ = 0;
  std::vector<double> cut_off_s_;  // per depot: its node flooded (kNever: not within the horizon)
};

}  // namespace

StockModel::StockModel(const Scenario& scenario, const Logistics& logistics) : plan_(std::make_unique<Plan>()) {
  build_stock_plan(scenario, logistics, *plan_);
}
StockModel::~StockModel() = default;
StockModel::StockModel(StockModel&&) noexcept = default;
StockModel& StockModel::operator=(StockModel&&) noexcept = default;

StockRecords StockModel::run(const ReplicationRecords& records, std::uint64_t seed, std::int64_t replication,
                             std::span<const LeveePatch> levee, const FloodTimeline* flood) const {
  StockRecords out;
  out.replication = replication;
  const Scenario& s = *plan_->scenario;
  if (s.resources.depots.empty()) return out;
  const std::vector<Demand> ds = demands(*plan_, records, levee);
  std::vector<double> cut_off(s.resources.depots.size(), kNever);
  if (flood && !flood->node_flooded_s.empty())
    for (std::size_t d = 0; d < cut_off.size(); ++d) {
      const double t = flood->node_flooded_s[s.resources.depots[d].node];
      if (t <= s.horizon_s) cut_off[d] = t;
    }
  Replay replay(*plan_, seed, replication, out, std::move(cut_off));
  replay.open(ds);
  for (const Demand& d : ds) replay.demand(d);
  replay.finish();
  return out;
}

StockModel::Route StockModel::shelter_route(std::size_t k) const { return plan_->shelters.at(k); }

StockModel::Route StockModel::community_route(std::int32_t c) const {
  return c < 0 ? plan_->district : plan_->communities.at(static_cast<std::size_t>(c));
}

StockRecords compute_stock(const Scenario& scenario, const Logistics& logistics, const ReplicationRecords& records,
                           std::uint64_t seed, std::int64_t replication, std::span<const LeveePatch> levee) {
  return StockModel(scenario, logistics).run(records, seed, replication, levee);
}

}  // namespace readysim
