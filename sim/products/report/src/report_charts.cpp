// The charts' data, aggregated over the replications so that the page stays small: the
// response-time distribution, people safe over time with its band, shelter occupancy, staff busy,
// stock levels, the sizing frontier and the paired differences.
#include <algorithm>
#include <cmath>
#include <map>
#include <set>

#include "report_internal.hpp"

namespace readysim::report {

namespace {

constexpr int kGrid = 121;  // points of a time series

std::vector<double> grid(double end_s) {
  std::vector<double> t(kGrid);
  for (int i = 0; i < kGrid; ++i) t[static_cast<std::size_t>(i)] = end_s * i / (kGrid - 1);
  return t;
}

std::vector<double> hours(const std::vector<double>& t) {
  std::vector<double> h;
  for (double x : t) h.push_back(x / 3600);
  return h;
}

// Response times (alarm to an engine on scene) in minutes, as a histogram of whole minutes.
void write_response(Json& j, const ResultSet& results, const ReportOptions& options) {
  const Table* t = find_table(results, "incidents");
  if (!t || t->rows() == 0) return;
  const auto& alarm = numeric(*t, "alarm");
  const auto& arrival = numeric(*t, "engine_arrival");
  std::vector<double> minutes;
  long long unreached = 0;
  for (std::size_t i = 0; i < alarm.size(); ++i) {
    if (std::isfinite(arrival[i])) minutes.push_back(std::max(0.0, arrival[i] - alarm[i]) / 60);
    else ++unreached;
  }
  if (minutes.empty()) return;
  const double top = std::ceil(std::max(*std::max_element(minutes.begin(), minutes.end()), options.response_target_s / 60));
  const double width = top > 60 ? std::ceil(top / 60) : 1;
  std::vector<long long> counts(static_cast<std::size_t>(std::ceil(top / width)) + 1, 0);
  for (double m : minutes) ++counts[static_cast<std::size_t>(m / width)];
  std::vector<double> edges;
  for (std::size_t i = 0; i < counts.size(); ++i) edges.push_back(static_cast<double>(i) * width);
  long long within = 0;
  for (double m : minutes) within += m <= options.response_target_s / 60;
  j.key("response").open().key("bin_min").nums(edges).key("width_min").num(width).key("count").ints(counts);
  j.key("target_min").num(options.response_target_s / 60).key("n").integer(static_cast<long long>(alarm.size()));
  j.key("within_target").integer(within).key("unreached").integer(unreached);
  j.key("median_min").num(quantile(minutes, 0.5), 4).key("p90_min").num(quantile(minutes, 0.9), 4).close();
}

// Per replication, a step function of time (events: time, amount) summed, sampled on `t`.
std::vector<double> cumulative_on(std::vector<std::pair<double, double>> events, const std::vector<double>& t) {
  std::sort(events.begin(), events.end());
  std::vector<double> out(t.size(), 0);
  double sum = 0;
  std::size_t k = 0;
  for (std::size_t i = 0; i < t.size(); ++i) {
    while (k < events.size() && events[k].first <= t[i]) sum += events[k++].second;
    out[i] = sum;
  }
  return out;
}

// People safe over time (median and 10–90 % band across replications) and each shelter's
// occupancy over time (mean across replications): from the evacuation groups' arrival times.
void write_evacuation(Json& j, const ResultSet& results, const Scenario& s) {
  const Table* t = find_table(results, "cohorts");
  if (!t || t->rows() == 0) return;
  const auto& rep = t->ints("replication");
  const auto& people = numeric(*t, "people");
  const auto& safe = numeric(*t, "safe");
  const auto& shelter = t->strings("shelter");
  double end = 0;
  for (double x : safe)
    if (std::isfinite(x)) end = std::max(end, x);
  end = std::max(end, 3600.0) * 1.02;
  const auto time = grid(end);
  std::map<long long, std::vector<std::pair<double, double>>> by_rep;
  std::map<std::string, std::map<long long, std::vector<std::pair<double, double>>>> by_shelter;
  std::map<long long, double> population;
  for (std::size_t i = 0; i < rep.size(); ++i) {
    population[rep[i]] += people[i];
    by_rep[rep[i]];
    if (!std::isfinite(safe[i])) continue;
    by_rep[rep[i]].push_back({safe[i], people[i]});
    by_shelter[shelter[i]][rep[i]].push_back({safe[i], people[i]});
  }
  std::vector<std::vector<double>> curves;
  for (auto& [r, ev] : by_rep) curves.push_back(cumulative_on(ev, time));
  std::vector<double> median, low, high;
  for (std::size_t i = 0; i < time.size(); ++i) {
    std::vector<double> v;
    for (const auto& c : curves) v.push_back(c[i]);
    median.push_back(quantile(v, 0.5)), low.push_back(quantile(v, 0.1)), high.push_back(quantile(v, 0.9));
  }
  double pop = 0;
  for (const auto& [r, p] : population) pop += p;
  pop /= static_cast<double>(std::max<std::size_t>(1, population.size()));
  j.key("safe").open().key("t_h").nums(hours(time), 5).key("median").nums(median, 6).key("low").nums(low, 6);
  j.key("high").nums(high, 6).key("people").num(pop, 6).key("replications").integer(static_cast<long long>(curves.size())).close();

  const double reps = static_cast<double>(std::max<std::size_t>(1, by_rep.size()));
  j.key("shelters").open().key("t_h").nums(hours(time), 5).key("series").open_array();
  for (const auto& sh : s.resources.shelters) {
    auto it = by_shelter.find(sh.id);
    if (it == by_shelter.end()) continue;
    std::vector<double> mean(time.size(), 0);
    for (auto& [r, ev] : it->second) {
      const auto c = cumulative_on(ev, time);
      for (std::size_t i = 0; i < c.size(); ++i) mean[i] += c[i] / reps;
    }
    j.open().key("name").str(sh.name).key("capacity").integer(sh.capacity).key("mean").nums(mean, 5).close();
  }
  j.close_array().close();
}

// Staff busy over time, per role: from /staff_assignments (people of a pool taken and given
// back), in each replication the most people of the role busy at once within each interval of the
// grid (so that an engine crew out for an hour of a year still shows; zero-length states, a
// release and a new take at the same instant, do not count, as for the summary's peak_busy), then
// the median and the 10–90 % band across replications, as for people safe. The role's head
// count (from /staff_pools) goes with it.
void write_staff_busy(Json& j, const ResultSet& results, const Scenario& s) {
  const Table* t = find_table(results, "staff_assignments");
  if (!t || t->rows() == 0) return;
  const auto& rep = t->ints("replication");
  const auto& role = t->strings("role");
  const auto people = numeric(*t, "people"), taken = numeric(*t, "taken"), released = numeric(*t, "released");
  double end = 0;
  for (std::size_t i = 0; i < rep.size(); ++i)
    end = std::max({end, taken[i], std::isfinite(released[i]) ? released[i] : 0.0});
  end = std::min(std::max(end * 1.02, 3600.0), std::max(s.horizon_s, 3600.0));
  const auto edges = grid(end);  // kGrid edges: kGrid - 1 intervals
  const std::size_t bins = edges.size() - 1;
  const double width = end / static_cast<double>(bins);
  // Every replication of the run counts, also those in which a role was never taken (zero).
  std::set<long long> replications(rep.begin(), rep.end());
  if (const Table* roles = find_table(results, "staff_roles"))
    for (auto r : roles->ints("replication")) replications.insert(r);
  std::vector<std::string> order;
  // role -> replication -> (time, change in people busy)
  std::map<std::string, std::map<long long, std::vector<std::pair<double, double>>>> changes;
  for (std::size_t i = 0; i < rep.size(); ++i) {
    if (!changes.count(role[i])) order.push_back(role[i]);
    auto& c = changes[role[i]][rep[i]];
    c.push_back({taken[i], people[i]});
    if (std::isfinite(released[i])) c.push_back({released[i], -people[i]});
  }
  std::map<std::string, double> head_count;  // role -> people, from the pools of one replication
  if (const Table* pools = find_table(results, "staff_pools"); pools && pools->rows() > 0) {
    const auto& prep = pools->ints("replication");
    const auto count = numeric(*pools, "count");
    for (std::size_t i = 0; i < prep.size(); ++i)
      if (prep[i] == prep[0]) head_count[pools->strings("role")[i]] += count[i];
  }
  std::vector<double> mid;
  for (std::size_t k = 0; k < bins; ++k) mid.push_back((edges[k] + edges[k + 1]) / 2);
  j.key("staff_busy").open().key("t_h").nums(hours(mid), 5).key("interval_h").num(width / 3600, 5);
  j.key("replications").integer(static_cast<long long>(replications.size())).key("roles").open_array();
  for (const auto& name : order) {
    std::vector<std::vector<double>> peaks;  // per replication, per interval
    for (long long r : replications) {
      std::vector<double> peak(bins, 0.0);
      const auto it = changes[name].find(r);
      if (it != changes[name].end()) {
        auto& c = it->second;
        std::sort(c.begin(), c.end());  // at one instant, releases before takes
        double busy = 0;
        for (std::size_t e = 0; e < c.size(); ++e) {
          busy += c[e].second;
          const double from = c[e].first, to = std::min(e + 1 < c.size() ? c[e + 1].first : end, end);
          if (to <= from || busy <= 0) continue;  // a state that held for no time, or nobody busy
          for (auto k = std::min(bins - 1, static_cast<std::size_t>(from / width)); k < bins && edges[k] < to; ++k)
            if (edges[k + 1] > from) peak[k] = std::max(peak[k], busy);
        }
      }
      peaks.push_back(std::move(peak));
    }
    std::vector<double> median, low, high;
    for (std::size_t k = 0; k < bins; ++k) {
      std::vector<double> v;
      for (const auto& p : peaks) v.push_back(p[k]);
      median.push_back(quantile(v, 0.5)), low.push_back(quantile(v, 0.1)), high.push_back(quantile(v, 0.9));
    }
    j.open().key("role").str(name).key("people").num(head_count.count(name) ? head_count[name] : NAN);
    j.key("median").nums(median, 4).key("low").nums(low, 4).key("high").nums(high, 4).close();
  }
  j.close_array().close();
}

// Staff short over time: per task, the people asked for whose request is not yet met (from the
// ask until all are assigned or it is given up), mean over replications.
void write_staff_waiting(Json& j, const ResultSet& results, const Scenario& s) {
  const Table* t = find_table(results, "staff_requests");
  if (!t || t->rows() == 0) return;
  const auto& task = t->strings("task");
  const auto asked = numeric(*t, "asked"), wait = numeric(*t, "wait"), wanted = numeric(*t, "wanted");
  const double reps = static_cast<double>(std::max(1LL, meta_int(results, "replications", 1)));
  std::vector<std::string> order;
  std::map<std::string, std::vector<std::pair<double, double>>> events;
  double end = 0;
  for (std::size_t i = 0; i < task.size(); ++i) {
    if (!events.count(task[i])) order.push_back(task[i]);
    const double until = std::isfinite(wait[i]) ? asked[i] + wait[i] : s.horizon_s;
    events[task[i]].push_back({asked[i], wanted[i]});
    events[task[i]].push_back({until, -wanted[i]});
    end = std::max(end, std::min(until, s.horizon_s));
  }
  const auto time = grid(std::max(end * 1.05, 3600.0));
  j.key("staff_waiting").open().key("t_h").nums(hours(time), 5).key("series").open_array();
  for (const auto& name : order) {
    auto v = cumulative_on(events[name], time);
    for (auto& x : v) x /= reps;
    j.open().key("task").str(name).key("mean").nums(v, 4).close();
  }
  j.close_array().close();
}

// Stock levels over time: per item, per depot, the mean level across replications (a level holds
// from its time until the next change).
void write_stock(Json& j, const ResultSet& results, const Scenario& s) {
  const Table* t = find_table(results, "stock_levels");
  const Table* st = find_table(results, "stock");
  if (!t || t->rows() == 0 || !st) return;
  const auto& depot = t->strings("depot");
  const auto& item = t->strings("item");
  const auto& rep = t->ints("replication");
  const auto& time = numeric(*t, "time");
  const auto& level = numeric(*t, "level");
  const auto step = grid(s.horizon_s);
  std::set<long long> replications(rep.begin(), rep.end());
  // (item, depot) -> replication -> (time, level) changes in file order.
  std::map<std::pair<std::string, std::string>, std::map<long long, std::vector<std::pair<double, double>>>> series;
  for (std::size_t i = 0; i < depot.size(); ++i) series[{item[i], depot[i]}][rep[i]].push_back({time[i], level[i]});
  // Initial levels and units from /stock, for the replications with no change.
  std::map<std::pair<std::string, std::string>, double> initial;
  std::map<std::string, std::string> unit;
  const auto initial_level = numeric(*st, "initial");
  for (std::size_t i = 0; i < st->rows(); ++i) {
    initial[{st->strings("item")[i], st->strings("depot")[i]}] = initial_level[i];
    unit[st->strings("item")[i]] = st->strings("unit")[i];
  }
  std::map<std::string, std::string> depot_name;
  for (const auto& d : s.resources.depots) depot_name[d.id] = d.name;
  j.key("stock").open().key("t_h").nums(hours(step), 5).key("items").open_array();
  std::string current;
  for (const auto& [key, reps] : series) {
    if (key.first != current) {
      if (!current.empty()) j.close_array().close();
      current = key.first;
      j.open().key("item").str(current).key("unit").str(unit[current]).key("depots").open_array();
    }
    std::vector<double> mean(step.size(), 0);
    for (long long r : replications) {
      double v = initial.count(key) ? initial[key] : 0;
      const auto it = reps.find(r);
      std::size_t k = 0;
      for (std::size_t i = 0; i < step.size(); ++i) {
        if (it != reps.end())
          while (k < it->second.size() && it->second[k].first <= step[i]) v = it->second[k++].second;
        mean[i] += v / static_cast<double>(replications.size());
      }
    }
    const auto name = depot_name.count(key.second) ? depot_name[key.second] : key.second;
    j.open().key("name").str(name).key("mean").nums(mean, 5).close();
  }
  if (!current.empty()) j.close_array().close();
  j.close_array().close();
}

// Sizing: each candidate's cost and worst gap to the targets, the frontier and the recommendation.
void write_frontier(Json& j, const ResultSet& results) {
  const Table* t = find_table(results, "study");
  const Table* v = find_table(results, "study_variables");
  if (!t || t->rows() == 0) return;
  std::vector<std::string> variables;
  if (v) variables = v->strings("variable");
  j.key("frontier").open().key("cost_unit").str(meta_text(results, "cost_unit"));
  j.key("recommendation").str(meta_text(results, "recommendation")).key("points").open_array();
  const auto cost = numeric(*t, "cost"), gap = numeric(*t, "worst_gap");
  const auto frontier = numeric(*t, "frontier"), recommended = numeric(*t, "recommended");
  for (std::size_t i = 0; i < t->rows(); ++i) {
    std::string label;
    for (const auto& name : variables) {
      const Column* c = t->find(name);
      if (!c) continue;
      std::string value;
      if (const auto* s = std::get_if<std::vector<std::string>>(&c->values)) value = (*s)[i];
      else if (const auto* n = std::get_if<std::vector<std::int64_t>>(&c->values)) value = std::to_string((*n)[i]);
      label += (label.empty() ? "" : ", ") + name + " " + value;
    }
    j.open().key("cost").num(cost[i]).key("gap").num(gap[i], 4);
    j.key("frontier").boolean(frontier[i] != 0).key("recommended").boolean(recommended[i] != 0);
    j.key("verdict").str(t->strings("verdict")[i]).key("label").str(label).close();
  }
  j.close_array().close();
}

// Compare: each metric's paired difference B − A with its interval, in the metric's display unit.
void write_differences(Json& j, const ResultSet& results) {
  const Table* t = find_table(results, "compare");
  if (!t || t->rows() == 0) return;
  j.key("compare").open().key("metric").strs(t->strings("metric")).key("unit").strs(t->strings("unit"));
  for (const char* c : {"a", "b", "difference", "low", "high"}) {
    std::vector<double> v = numeric(*t, c);
    const auto& unit = t->strings("unit");
    for (std::size_t i = 0; i < v.size(); ++i)
      if (unit[i] == "s") v[i] /= 60;  // minutes, as the CLI shows them
    j.key(c).nums(v, 6);
  }
  j.close();
}

}  // namespace

void write_charts(Json& j, const ResultSet& results, const Scenario& s, ReportKind kind, const ReportOptions& options) {
  j.key("charts").open();
  if (kind == ReportKind::run) {
    write_response(j, results, options);
    write_evacuation(j, results, s);
    write_staff_busy(j, results, s);
    write_staff_waiting(j, results, s);
    write_stock(j, results, s);
  }
  if (kind == ReportKind::size) write_frontier(j, results);
  if (kind == ReportKind::compare) write_differences(j, results);
  j.close();
}

}  // namespace readysim::report
