// The exercise-ready rules of issue 20, checked on the default district's fire and flood drills
// in English and Chinese: STARTEX with the situation and ENDEX present, every target time after
// its inject and before ENDEX, no ids in any text players or controllers read, no hindsight
// figures in messages, every player role a staff pool or body of the scenario, every resource an
// expected action names in the scenario; a merge whose window cuts the selected event, a window
// without events, a quantile outside [0, 1] exit 2 (UsageError); --duration cuts or compresses;
// CSV cells cannot run as formulas and Markdown carries no raw HTML from a name.
#include <catch2/catch.hpp>

#include <algorithm>
#include <cmath>
#include <map>
#include <regex>
#include <set>

#include "readysim/drill.hpp"
#include "readysim/error.hpp"

using namespace readysim;

namespace {

const std::string kFlood = std::string(READYSIM_SOURCE_DIR) + "/scenarios/yunlianghu/flood.yaml";
const std::string kFire = std::string(READYSIM_SOURCE_DIR) + "/scenarios/yunlianghu/scenario.yaml";
constexpr std::uint64_t kSeed = 20231026;

RunOutput run(const Scenario& s, std::int64_t n) {
  RunOptions opt;
  opt.replications = n;
  opt.seed = kSeed;
  opt.keep_flood = true;
  return run_replications(s, opt);
}

drill::DrillOptions options(std::vector<std::string> selects, Language lang) {
  drill::DrillOptions opt;
  for (const auto& t : selects) opt.selections.push_back(drill::parse_selection(t));
  opt.seed = kSeed;
  opt.lang = lang;
  return opt;
}

// "集镇学校 (market-town school)" → "集镇学校", as the Chinese wording shows it.
std::string strip_aside(const std::string& name) {
  const auto open = name.find(" (");
  return open != std::string::npos && name.back() == ')' ? name.substr(0, open) : name;
}

// Every id of the scenario: road nodes and segments, places, staff pools, vehicles.
std::set<std::string> scenario_ids(const Scenario& s) {
  std::set<std::string> ids;
  const RoadGraph& g = s.district.roads;
  for (NodeIndex n = 0; n < g.node_count(); ++n) ids.insert(g.node(n).id);
  for (SegmentIndex i = 0; i < g.segment_count(); ++i) ids.insert(g.segment(i).id);
  for (const auto& c : s.district.communities) ids.insert(c.id);
  for (const auto& x : s.district.settlements) ids.insert(x.id);
  for (const auto& x : s.district.risk_points) ids.insert(x.id);
  for (const auto& x : s.resources.shelters) ids.insert(x.id);
  for (const auto& x : s.resources.stations) ids.insert(x.id);
  for (const auto& x : s.resources.depots) ids.insert(x.id);
  for (const auto& x : s.resources.staff) ids.insert(x.id);
  for (const auto& x : s.resources.vehicles) ids.insert(x.id);
  return ids;
}

// Words of ASCII letters, digits and underscores in `text`.
std::set<std::string> tokens(const std::string& text) {
  std::set<std::string> out;
  static const std::regex word("[A-Za-z0-9_]+");
  for (auto it = std::sregex_iterator(text.begin(), text.end(), word); it != std::sregex_iterator(); ++it)
    out.insert(it->str());
  return out;
}

// The player roles the scenario has, as the drill may word them: a staff pool's or station's name
// (with or without its English aside), or an unnamed pool's role with its community.
bool is_real_role(const Scenario& s, Language lang, const std::string& to) {
  if (to == (lang == Language::zh ? "全体演练人员" : "All players")) return true;
  for (const Station& st : s.resources.stations)
    if (to == st.name || to == strip_aside(st.name)) return true;
  const std::map<std::string, std::string> en{{"emergency_office", "District emergency office"},
                                              {"emergency_manager", "Emergency managers"},
                                              {"driver", "Transport vehicle driver"},
                                              {"community_team", "Community rescue team"},
                                              {"rescue_team", "District rescue team"}};
  const std::map<std::string, std::string> zh{{"emergency_office", "管理区应急办"},
                                              {"emergency_manager", "应急管理员"},
                                              {"driver", "运兵车驾驶员"},
                                              {"community_team", "社区救援队"},
                                              {"rescue_team", "管理区应急救援队"}};
  for (const StaffPool& p : s.resources.staff) {
    if (p.count <= 0) continue;  // an empty pool is nobody to send a message to
    if (p.name != p.id && !p.name.empty() && (to == p.name || to == strip_aside(p.name))) return true;
    const auto& words = lang == Language::zh ? zh : en;
    const auto w = words.find(p.role);
    if (w == words.end() || to.find(w->second) == std::string::npos) continue;
    if (p.community.empty()) return true;
    const Community* c = s.find_community(p.community);
    if (c && (to.find(c->name) != std::string::npos || to.find(strip_aside(c->name)) != std::string::npos))
      return true;
  }
  return false;
}

// Phrases that give away what a caller or sensor cannot know at the time (issue 20's examples and
// their kind): totals of the rest of the flood, how long a wait will last, what comes last.
const std::vector<std::string> kHindsight{"longest of these waits", "will be turned away", "over the day",
                                          "still waiting to be fetched", "last trip", "to the end", "stranded,",
                                          "最长等待", "将有", "当日共需", "直至结束", "最后一趟", "被困 "};

void check_rules(const Scenario& s, const drill::Drill& d) {
  INFO("drill of " << s.path << " in " << (d.lang == Language::zh ? "zh" : "en"));
  REQUIRE(d.injects.size() >= 3);
  CHECK(d.injects.front().type == drill::InjectType::start);
  CHECK(d.injects.front().time_s == 0);
  CHECK(d.injects.back().type == drill::InjectType::end);  // ENDEX present, last
  CHECK(d.injects.back().time_s == Approx(d.end_s));
  CHECK(!d.situation.empty());
  CHECK(d.injects.front().message.find(d.situation) != std::string::npos);
  const auto ids = scenario_ids(s);
  const bool has_boats = std::any_of(s.resources.vehicles.begin(), s.resources.vehicles.end(),
                                     [](const VehiclePool& v) { return v.kind == "boat"; });
  std::map<std::string, int> per_role;
  double last = -1;
  for (std::size_t i = 0; i < d.injects.size(); ++i) {
    const drill::Inject& in = d.injects[i];
    INFO("inject " << in.number << " " << drill::inject_type_name(in.type) << ": " << in.message);
    CHECK(in.number == static_cast<int>(i) + 1);
    CHECK(in.time_s >= last);
    CHECK(in.time_s >= 0);
    CHECK(in.time_s <= d.end_s + 1e-9);
    last = in.time_s;
    // Every target lies after its inject and inside the exercise; none is "never".
    CHECK(std::isnan(in.target_s) == in.target_basis.empty());
    if (!std::isnan(in.target_s)) {
      CHECK(std::isfinite(in.target_s));
      CHECK(in.target_s >= in.time_s);
      CHECK(in.target_s <= d.end_s + 1e-9);
    }
    // HSEEP fields all filled.
    for (const std::string* f : {&in.from, &in.to, &in.mode, &in.message, &in.action, &in.capability, &in.controller,
                                 &in.evaluator, &in.status})
      CHECK(!f->empty());
    CHECK(!in.objectives.empty());
    // No ids in anything a player, controller or evaluator reads.
    for (const std::string* text : {&in.message, &in.action, &in.from, &in.to, &in.notes, &in.target_basis}) {
      for (const auto& t : tokens(*text)) {
        const bool english_word = t == "brigade" || t == "inspectors";  // ids that are words of the English text
        if (ids.count(t) && !(d.lang == Language::en && english_word)) FAIL_CHECK("id '" << t << "' in: " << *text);
      }
      if (d.lang == Language::zh)
        for (const auto& t : tokens(*text))
          if (ids.count(t)) FAIL_CHECK("id '" << t << "' in Chinese text: " << *text);
    }
    // No hindsight figures.
    for (const auto& phrase : kHindsight) CHECK(in.message.find(phrase) == std::string::npos);
    // Every role real; every resource named there.
    CHECK(is_real_role(s, d.lang, in.to));
    if (in.type != drill::InjectType::start && in.type != drill::InjectType::end) ++per_role[in.to];
    if (!has_boats) {
      CHECK(in.action.find("boat") == std::string::npos);
      CHECK(in.action.find("船") == std::string::npos);
      CHECK(in.action.find("冲锋舟") == std::string::npos);
    }
    CHECK(in.action.find("militia") == std::string::npos);  // no scenario pool of that role
    CHECK(in.action.find("民兵") == std::string::npos);
    CHECK(in.message.find("常常") == std::string::npos);
    CHECK(in.notes.find("常常") == std::string::npos);
  }
  // The contingency injects belong to timed injects and check at their targets.
  for (const auto& c : d.contingencies) {
    REQUIRE(c.inject >= 1);
    REQUIRE(static_cast<std::size_t>(c.inject) <= d.injects.size());
    CHECK(c.time_s == d.injects[static_cast<std::size_t>(c.inject - 1)].target_s);
    CHECK(!c.message.empty());
    CHECK(c.message.find('{') == std::string::npos);
  }
  // The packets and pages carry the same: ENDEX, players, contingencies.
  const std::string md = drill::controller_markdown(d);
  CHECK(md.find(d.endex.substr(0, 20)) != std::string::npos);
  for (const auto& p : d.players) CHECK(md.find(p.substr(0, 6)) != std::string::npos);
}

}  // namespace

TEST_CASE("drill rules: the default district's flood drill, en and zh", "[drill][rules]") {
  const Scenario s = load_scenario(kFlood);
  const RunOutput r = run(s, 8);
  for (Language lang : {Language::en, Language::zh}) {
    // As the README's workflow runs it: the p90 flood compressed into a four-hour exercise.
    auto opt = options({"evac.clearance_time:p90"}, lang);
    opt.duration_s = 4 * 3600.0;
    opt.compress = true;
    const drill::Drill d = drill::build_drill(s, r, opt);
    check_rules(s, d);
    CHECK(d.end_s == Approx(4 * 3600.0));
    CHECK(d.pace.factor > 1);
    // Not one office for everything: at least five player roles, none with more than half.
    CHECK(d.players.size() >= 5);
    std::map<std::string, int> per;
    for (const auto& in : d.injects) ++per[in.to];
    for (const auto& [role, n] : per) CHECK(n * 2 <= static_cast<int>(d.injects.size()));
    CHECK(!d.contingencies.empty());
    // And the whole flood in real time, uncut.
    const drill::Drill full = drill::build_drill(s, r, options({"evac.clearance_time:p90"}, lang));
    check_rules(s, full);
    CHECK(full.injects.size() == d.injects.size());
  }
}

TEST_CASE("drill rules: the default district's fire drill, en and zh", "[drill][rules]") {
  const Scenario s = load_scenario(kFire);
  const RunOutput r = run(s, 30);
  for (Language lang : {Language::en, Language::zh}) {
    const drill::Drill d = drill::build_drill(s, r, options({"fire.response_time:p90"}, lang));
    check_rules(s, d);
    // No hours of nothing: ENDEX half an hour after the last event.
    CHECK(d.end_s - d.injects[d.injects.size() - 2].time_s <= 1800 + 1e-9);
    CHECK(std::any_of(d.injects.begin(), d.injects.end(),
                      [](const auto& in) { return in.type == drill::InjectType::fire_alarm && in.worst_moment; }));
  }
}

TEST_CASE("drill rules: a merge whose window cuts the selected event exits 2 with a message", "[drill][rules]") {
  const Scenario s = load_scenario(kFlood);
  const RunOutput r = run(s, 8);
  // The README's old merge example: the clearance moment lies at the end of the flood, after 14:00.
  auto opt = options({"evac.clearance_time:p90", "fire.response_time:max"}, Language::en);
  opt.from_s = 2 * 3600.0;
  opt.to_s = 14 * 3600.0;
  CHECK_THROWS_AS(drill::build_drill(s, r, opt), UsageError);
  CHECK_THROWS_WITH(drill::build_drill(s, r, opt), Catch::Contains("--select evac.clearance_time:p90") &&
                                                       Catch::Contains("outside the exercise"));
  // Dropping the type of the selected event is said too.
  auto drop = options({"evac.clearance_time:p90"}, Language::en);
  drop.drop = drill::parse_inject_types("community_cleared");
  CHECK_THROWS_WITH(drill::build_drill(s, r, drop), Catch::Contains("--drop community_cleared"));
  // A merged fire the window keeps is in the script, marked, from its own replication.
  auto merged = options({"evac.clearance_time:p90", "fire.response_time:max"}, Language::en);
  merged.duration_s = 4 * 3600.0;
  merged.compress = true;
  const drill::Drill d = drill::build_drill(s, r, merged);
  check_rules(s, d);
  CHECK(std::any_of(d.injects.begin(), d.injects.end(), [&](const auto& in) {
    return in.worst_moment && in.type == drill::InjectType::fire_alarm && in.replication == d.picks[1].replication;
  }));
}

TEST_CASE("drill rules: bad input exits 2: no events, quantile outside [0, 1], no value", "[drill][rules]") {
  const Scenario s = load_scenario(kFire);
  const RunOutput r = run(s, 5);
  drill::DrillOptions opt;
  drill::Selection by_index;
  by_index.replication = 0;
  opt.selections = {by_index};
  opt.from_s = 0;
  opt.to_s = 300;
  CHECK_THROWS_WITH(drill::build_drill(s, r, opt), Catch::Contains("no event in this window"));
  CHECK_THROWS_AS(drill::parse_quantile("1.5"), UsageError);
  CHECK_THROWS_AS(drill::parse_quantile("-0.1"), UsageError);
  CHECK_THROWS_AS(drill::parse_quantile("p101"), UsageError);
  CHECK_THROWS_WITH(drill::pick(s, r, drill::parse_selection("evac.stranded:p90")), Catch::Contains("no value"));
  auto short_one = options({"fire.response_time:p90"}, Language::en);
  short_one.duration_s = 60;
  CHECK_THROWS_AS(drill::build_drill(s, r, short_one), UsageError);
}

TEST_CASE("drill rules: --duration cuts the window, or compresses it and keeps every inject", "[drill][rules]") {
  const Scenario s = load_scenario(kFlood);
  const RunOutput r = run(s, 4);
  drill::DrillOptions opt;
  drill::Selection by_index;
  by_index.replication = 1;
  opt.selections = {by_index};
  opt.seed = kSeed;
  const drill::Drill full = drill::build_drill(s, r, opt);
  opt.duration_s = 3 * 3600.0;
  const drill::Drill cut = drill::build_drill(s, r, opt);
  check_rules(s, cut);
  CHECK(cut.pace.windowed);
  CHECK(cut.end_s == Approx(3 * 3600.0));
  std::size_t later = 0;
  for (const auto& in : full.injects)
    later += in.type != drill::InjectType::end && in.time_s > 3 * 3600.0 ? 1 : 0;
  CHECK(cut.pace.cut_after == later);
  CHECK(cut.injects.size() + later == full.injects.size());
  opt.compress = true;
  const drill::Drill squeezed = drill::build_drill(s, r, opt);
  check_rules(s, squeezed);
  CHECK(squeezed.injects.size() == full.injects.size());
  CHECK(squeezed.pace.factor == Approx(full.end_s / (3 * 3600.0)));
  CHECK(squeezed.end_s == Approx(3 * 3600.0));
  // Time jumps: each gap between two injects keeps its simulated length up to the cap, and the
  // gaps add up to the duration.
  REQUIRE(squeezed.pace.jump_s > 0);
  double played = 0;
  for (std::size_t i = 1; i < full.injects.size(); ++i) {
    const double sim_gap = full.injects[i].scenario_s - full.injects[i - 1].scenario_s;
    const double gap = squeezed.injects[i].time_s - squeezed.injects[i - 1].time_s;
    CHECK(gap == Approx(std::min(sim_gap, squeezed.pace.jump_s)).margin(1e-6));
    played += gap;
  }
  CHECK(played == Approx(3 * 3600.0));
}

TEST_CASE("drill rules: names cannot run as formulas in the CSV nor as HTML in Markdown", "[drill][rules]") {
  Scenario s = load_scenario(kFire);
  for (Station& st : s.resources.stations)
    if (st.kind == StationKind::fire_brigade) st.name = "=cmd|' /C calc'!A0";
  for (RiskPoint& rp : s.district.risk_points) rp.name = "<script>alert(1)</script>";
  for (Settlement& st : s.district.settlements) st.name = "@SUM(1+1)<b>";
  const RunOutput r = run(s, 6);
  const drill::Drill d = drill::build_drill(s, r, options({"fire.response_time:p90"}, Language::en));
  const std::string csv = drill::msel_csv(d);
  CHECK(csv.find("\"=cmd") == std::string::npos);
  CHECK(csv.find(",=cmd") == std::string::npos);
  CHECK(csv.find("'=cmd") != std::string::npos);  // neutralised, still readable
  CHECK(csv.find(",@SUM") == std::string::npos);
  for (const std::string& text : {drill::msel_markdown(d), drill::controller_markdown(d), drill::evaluator_markdown(d),
                                  drill::msel_html(d)}) {
    CHECK(text.find("<script>") == std::string::npos);
    CHECK(text.find("(1+1)<b>") == std::string::npos);
  }
  // The CSV's header is stable English whatever the language.
  const drill::Drill zh = drill::build_drill(s, r, options({"fire.response_time:p90"}, Language::zh));
  const std::string zh_csv = drill::msel_csv(zh);
  CHECK(zh_csv.substr(3, zh_csv.find('\r') - 3) ==
        "number,time,scenario_time,event,type,from,to,method,message,expected_action,objective,capability,target_time,"
        "target_basis,controller,evaluator,evaluator_notes,status,replication");
}
