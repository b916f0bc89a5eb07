// The shared message catalogue (readysim/messages.hpp): English and Chinese hold the same keys
// with the same placeholders (over every section, the products' included), every metric is
// described in both, and the language comes from --lang or the environment.
#include <catch2/catch.hpp>

#include <algorithm>
#include <cstdlib>
#include <optional>
#include <regex>
#include <set>
#include <string>

#include "readysim/messages.hpp"
#include "readysim/metrics.hpp"
#include "readysim/run_results.hpp"
#include "readysim/scenario.hpp"

using namespace readysim;

namespace {

std::set<std::string> placeholders(const std::string& text) {
  static const std::regex name(R"(\{([A-Za-z_][A-Za-z0-9_]*))");
  std::set<std::string> out;
  for (auto it = std::sregex_iterator(text.begin(), text.end(), name); it != std::sregex_iterator(); ++it)
    out.insert((*it)[1]);
  return out;
}

// Sets an environment variable for the scope, restoring it after.
class EnvVar {
 public:
  EnvVar(const char* name, const char* value) : name_(name) {
    if (const char* old = std::getenv(name)) old_ = old;
    if (value) setenv(name, value, 1);
    else unsetenv(name);
  }
  ~EnvVar() {
    if (old_) setenv(name_, old_->c_str(), 1);
    else unsetenv(name_);
  }
  EnvVar(const EnvVar&) = delete;
  EnvVar& operator=(const EnvVar&) = delete;

 private:
  const char* name_;
  std::optional<std::string> old_;
};

}  // namespace

TEST_CASE("messages: en and zh hold the same keys and placeholders", "[messages]") {
  const auto& en = messages(Language::en).entries();
  const auto& zh = messages(Language::zh).entries();
  CHECK(en.size() > 100);
  for (const auto& [key, text] : en) {
    INFO("in en, not in zh: " << key);
    REQUIRE(zh.count(key) == 1);
    INFO("placeholders differ: " << key);
    CHECK(placeholders(text) == placeholders(zh.at(key)));
    CHECK_FALSE(zh.at(key).empty());
  }
  for (const auto& [key, text] : zh) {
    INFO("in zh, not in en: " << key);
    CHECK(en.count(key) == 1);
  }
  CHECK_THROWS_WITH(messages(Language::zh).text("summary.nothing"), Catch::Contains("zh lacks summary.nothing"));
}

TEST_CASE("messages: every metric a run can report is described in both languages", "[messages]") {
  const Scenario s = load_scenario(std::string(READYSIM_SOURCE_DIR) + "/scenarios/yunlianghu/flood.yaml");
  std::vector<std::string> names = metric_names(&s);
  for (const char* role : {"firefighter", "community_team", "volunteer"})
    for (const char* what : {"busy", "peak_busy", "peak_demand", "unmet_time", "exhausted_time"})
      names.push_back(std::string("staff.role.") + role + "." + what);
  for (const auto& name : names)
    for (Language lang : {Language::en, Language::zh}) {
      INFO(name << " in " << language_code(lang));
      CHECK_FALSE(messages(lang).metric_description(name).empty());
    }
  CHECK(messages(Language::zh).metric_description("stock.shortfall.drinking_water") ==
        "drinking_water 的短缺量（各仓库合计），每次模拟");
  CHECK(messages(Language::en).metric_description("staff.role.volunteer.busy") ==
        "person-hours of role volunteer on tasks, per replication");
  CHECK(messages(Language::en).metric_description("no.such") == "");
  CHECK(messages(Language::zh).unit("min") == "分钟");
  CHECK(messages(Language::zh).unit("L") == "L");
}

TEST_CASE("messages: the language from the environment", "[messages]") {
  EnvVar readysim("READYSIM_LANG", nullptr), all("LC_ALL", nullptr), msgs("LC_MESSAGES", nullptr), lang("LANG", nullptr);
  CHECK(language_from_environment() == Language::en);
  {
    EnvVar l("LANG", "zh_CN.UTF-8");
    CHECK(language_from_environment() == Language::zh);
    EnvVar a("LC_ALL", "C.UTF-8");  // LC_ALL wins over LANG
    CHECK(language_from_environment() == Language::en);
    EnvVar r("READYSIM_LANG", "zh");  // and READYSIM_LANG over both
    CHECK(language_from_environment() == Language::zh);
  }
  EnvVar m("LC_MESSAGES", "zh_TW.UTF-8");
  CHECK(language_from_environment() == Language::zh);
  EnvVar r("READYSIM_LANG", "fr");  // not a language of ours: the locale decides
  CHECK(language_from_environment() == Language::zh);
  CHECK(parse_language("zh") == Language::zh);
  CHECK_FALSE(parse_language("de").has_value());
}

TEST_CASE("messages: the summary table in Chinese has the English one's numbers and metric names", "[messages]") {
  stats::Summary m;
  m.metric = "fire.response_time";
  m.unit = "s";
  m.mean = 393.6;
  m.ci95_low = 373.2;
  m.ci95_high = 413.4;
  m.p50 = 330;
  m.p90 = 636.6;
  m.p90_ci95_low = 612;
  m.p90_ci95_high = 671.4;
  m.p95 = 712.8;
  m.n = 302;
  const std::string en = format_summary_table({m});
  const std::string zh = format_summary_table({m}, Language::zh);
  CHECK(en ==
        "metric                                     mean                95% CI      p50      p90            p90 95% CI"
        "      p95        n\n"
        "fire.response_time [min]                   6.56          [6.22, 6.89]     5.50    10.61        [10.20, 11.19]"
        "    11.88      302\n");
  CHECK(zh.find("fire.response_time [分钟]") != std::string::npos);
  CHECK(zh.find("[6.22, 6.89]     5.50    10.61        [10.20, 11.19]    11.88      302  从接警到消防车") !=
        std::string::npos);
  CHECK(zh.starts_with("指标"));
}

TEST_CASE("messages: a product reads its own section of the shared catalogue", "[messages]") {
  for (const char* name : {"audit", "report"}) {
    INFO(name);
    for (Language lang : {Language::en, Language::zh}) {
      const MessageSection section = messages(lang).section(name);
      CHECK(section.name() == name);
      CHECK(section.language() == lang);
      const auto keys = section.keys();
      REQUIRE(keys.size() > 50);
      CHECK(std::is_sorted(keys.begin(), keys.end()));
      for (const auto& key : keys) {
        INFO(key);
        CHECK(section.has(key));
        CHECK(section.text(key) == messages(lang).text(std::string(name) + "." + key));
      }
    }
  }
  const MessageSection report = messages(Language::zh).section("report");
  CHECK(report.text("title") == "readysim 报告");
  CHECK_FALSE(report.has("no_such_key"));
  CHECK_THROWS_WITH(report.text("no_such_key"), Catch::Contains("zh lacks report.no_such_key"));
  CHECK(messages(Language::en).section("audit").fill("labels.totals", {{"met", "3"}, {"not_met", "1"},
                                                                        {"not_expressible", "2"}}) ==
        "3 met, 1 not met, 2 not expressible in the scenario");
  CHECK(messages(Language::en).section("nothing").keys().empty());
}

TEST_CASE("messages: the censoring notes under the summary table in both languages", "[messages]") {
  stats::Summary m;
  m.metric = "evac.clearance_time";
  m.unit = "s";
  m.n = 6;
  m.censored = 2;
  stats::Summary other = m;
  other.metric = "evac.assisted_wait";
  other.n = 1931;
  other.censored = 737;
  stats::Summary whole = m;
  whole.metric = "evac.stranded";
  whole.censored = 0;
  const std::vector<stats::Summary> summary{m, whole, other};
  const std::string en = format_censoring_notes(summary);
  CHECK(en ==
        "note: evac.clearance_time is censored by the horizon in 2 of its 6 values (people still waiting for the "
        "transport or on the way then): those values, and so its mean and quantiles, are lower bounds; "
        "evac.self_clearance_time and evac.assisted_clearance_time say whose evacuation is not done\n"
        "note: evac.assisted_wait is censored by the horizon in 737 of its 1931 values (people still waiting for the "
        "transport or on the way then): those values, and so its mean and quantiles, are lower bounds\n");
  const std::string zh = format_censoring_notes(summary, Language::zh);
  CHECK(zh ==
        "注：evac.clearance_time 的 6 个值中有 2 个在模拟时限处被截断（届时仍有人在等待转运或仍在途中）：这些值及由此"
        "得到的均值和分位数都只是下限；evac.self_clearance_time 与 evac.assisted_clearance_time 说明是哪些人的撤离尚未"
        "完成\n"
        "注：evac.assisted_wait 的 1931 个值中有 737 个在模拟时限处被截断（届时仍有人在等待转运或仍在途中）：这些值及"
        "由此得到的均值和分位数都只是下限\n");
  // Under the table, in the table's language.
  CHECK(format_summary_table(summary, Language::zh).ends_with(zh));
  CHECK(format_summary_table(summary).ends_with(en));
  CHECK(format_censoring_notes({whole}, Language::zh).empty());
}
