// The page's tables, values already formatted with their units: the summary of a run, the paired
// differences of a comparison, the candidates of a sizing study; and the audit.
#include <fmt/format.h>

#include <cmath>

#include "readysim/messages.hpp"
#include "report_internal.hpp"

namespace readysim::report {

namespace {

// A unit as the page shows it: durations in minutes, as the CLI prints them.
std::string unit_label(Language lang, const std::string& unit) {
  if (unit == "s") return text(lang, "unit_min");
  if (unit == "1" || unit.empty()) return text(lang, "unit_share");
  return messages(lang).unit(unit);
}

std::string cell(const std::string& unit, double v) {
  if (std::isnan(v)) return "—";
  if (std::isinf(v)) return v > 0 ? "∞" : "−∞";
  if (unit == "s") return fmt::format("{:.2f}", v / 60);
  if (unit == "1") return fmt::format("{:.3f}", v);
  return fmt::format("{:.4g}", v);
}

std::string interval(const std::string& unit, double low, double high) {
  return fmt::format("[{}, {}]", cell(unit, low), cell(unit, high));
}

// What the metric is, from the commands' shared catalogue (readysim/messages.hpp).
std::string description(const std::string& metric, Language lang) { return messages(lang).metric_description(metric); }

void write_run_summary(Json& j, const Table& t, Language lang) {
  j.key("summary").open().key("head").strs({text(lang, "col_metric"), text(lang, "col_unit"), text(lang, "col_mean"),
                                            text(lang, "col_ci"), text(lang, "col_p50"), text(lang, "col_p90"),
                                            text(lang, "col_p90_ci"), text(lang, "col_n"), text(lang, "col_meaning")});
  j.key("rows").open_array();
  const auto& metric = t.strings("metric");
  const auto& unit = t.strings("unit");
  const auto mean = numeric(t, "mean"), low = numeric(t, "ci95_low"), high = numeric(t, "ci95_high");
  const auto p50 = numeric(t, "p50"), p90 = numeric(t, "p90"), n = numeric(t, "n");
  const bool p90_ci = t.find("p90_ci95_low") && t.find("p90_ci95_high");
  const auto p90_low = p90_ci ? numeric(t, "p90_ci95_low") : std::vector<double>();
  const auto p90_high = p90_ci ? numeric(t, "p90_ci95_high") : std::vector<double>();
  for (std::size_t i = 0; i < t.rows(); ++i) {
    const std::string& u = unit[i];
    j.strs({metric[i], unit_label(lang, u), cell(u, mean[i]), interval(u, low[i], high[i]), cell(u, p50[i]),
            cell(u, p90[i]), p90_ci ? interval(u, p90_low[i], p90_high[i]) : "", fmt::format("{:.0f}", n[i]),
            description(metric[i], lang)});
  }
  j.close_array().close();
}

void write_compare_summary(Json& j, const Table& t, Language lang) {
  j.key("summary").open().key("head").strs({text(lang, "col_metric"), text(lang, "col_unit"), "A", "B", "B − A",
                                            text(lang, "col_ci_paired"), text(lang, "col_half_paired"),
                                            text(lang, "col_half_unpaired")});
  j.key("rows").open_array();
  const auto a = numeric(t, "a"), b = numeric(t, "b"), d = numeric(t, "difference");
  const auto low = numeric(t, "low"), high = numeric(t, "high");
  const auto half = numeric(t, "half_width"), unpaired = numeric(t, "unpaired_half_width");
  for (std::size_t i = 0; i < t.rows(); ++i) {
    const std::string& u = t.strings("unit")[i];
    j.strs({t.strings("metric")[i], unit_label(lang, u), cell(u, a[i]), cell(u, b[i]), cell(u, d[i]),
            interval(u, low[i], high[i]), cell(u, half[i]), cell(u, unpaired[i])});
  }
  j.close_array().close();
}

// Every column of /study as it is, numbers with their units in the heading.
void write_study_summary(Json& j, const Table& t, Language lang) {
  std::vector<std::string> head;
  for (const auto& c : t.columns) head.push_back(c.unit.empty() ? c.name : fmt::format("{} [{}]", c.name, c.unit));
  j.key("summary").open().key("head").strs(head).key("rows").open_array();
  for (std::size_t i = 0; i < t.rows(); ++i) {
    std::vector<std::string> row;
    for (const auto& c : t.columns) {
      if (const auto* d = std::get_if<std::vector<double>>(&c.values)) row.push_back(fmt::format("{:.4g}", (*d)[i]));
      else if (const auto* n = std::get_if<std::vector<std::int64_t>>(&c.values)) row.push_back(std::to_string((*n)[i]));
      else row.push_back(std::get<std::vector<std::string>>(c.values)[i]);
    }
    j.strs(row);
  }
  j.close_array().close();
  (void)lang;
}

}  // namespace

void write_tables(Json& j, const ResultSet& results, ReportKind kind, const ReportOptions& options) {
  const Language lang = options.lang;
  j.key("tables").open();
  if (kind == ReportKind::run) write_run_summary(j, *find_table(results, "summary"), lang);
  if (kind == ReportKind::compare) write_compare_summary(j, *find_table(results, "compare"), lang);
  if (kind == ReportKind::size) write_study_summary(j, *find_table(results, "study"), lang);
  j.key("audit").open_array();
  for (const auto& r : options.audit) {
    j.open().key("id").str(r.id).key("status").str(r.status).key("met").boolean(r.met).key("not_met").boolean(r.not_met);
    j.key("requirement").str(r.requirement).key("required").str(r.required).key("found").str(r.found).close();
  }
  j.close_array();
  j.close();
}

}  // namespace readysim::report
