// The report page: which results these are, the scenario they came from, the catalogue's wording,
// and the HTML that holds the vendored libraries, the page's own script and the data inline.
#include <fmt/format.h>
#include <unistd.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <fstream>

#include "readysim/error.hpp"
#include "readysim/messages.hpp"
#include "report_internal.hpp"

namespace readysim {
namespace report_assets {
extern const char* const leaflet_js[];
extern const char* const leaflet_css[];
extern const char* const chart_js[];
extern const char* const report_js[];
extern const char* const report_css[];
}  // namespace report_assets

namespace report {

namespace {

std::string joined(const char* const* chunks) {
  std::string out;
  for (const char* const* c = chunks; *c; ++c) out += *c;
  return out;
}

// A script's text made safe inside <script>: "</" cannot close the element early.
std::string script_safe(std::string s) {
  std::string out;
  out.reserve(s.size());
  for (std::size_t i = 0; i < s.size(); ++i) {
    if (s[i] == '<' && i + 1 < s.size() && s[i + 1] == '/') out += "<\\/", ++i;
    else out += s[i];
  }
  return out;
}

}  // namespace

const Table* find_table(const ResultSet& results, std::string_view name) {
  for (const auto& t : results.tables)
    if (t.name == name) return &t;
  return nullptr;
}

std::vector<double> numeric(const Table& t, std::string_view column) {
  const Column* c = t.find(column);
  if (!c) throw Error(fmt::format("the results table /{} has no column {}", t.name, column));
  if (const auto* d = std::get_if<std::vector<double>>(&c->values)) return *d;
  if (const auto* n = std::get_if<std::vector<std::int64_t>>(&c->values))
    return std::vector<double>(n->begin(), n->end());
  throw Error(fmt::format("the results column /{}/{} holds text, not numbers", t.name, column));
}

long long meta_int(const ResultSet& results, std::string_view name, long long fallback) {
  for (const auto& [k, v] : results.meta_int)
    if (k == name) return v;
  return fallback;
}

std::string meta_text(const ResultSet& results, std::string_view name) {
  for (const auto& [k, v] : results.meta_text)
    if (k == name) return v;
  return {};
}

// The report's wording: the `report:` section of the shared catalogue (readysim/messages.hpp).
std::string text(Language lang, std::string_view key) { return messages(lang).section("report").text(key); }

std::vector<std::string> catalog_keys(Language lang) { return messages(lang).section("report").keys(); }

void write_labels(Json& j, Language lang) {
  j.key("labels").open();
  for (const auto& k : catalog_keys(lang)) j.key(k).str(text(lang, k));
  j.close();
}

double quantile(std::vector<double>& v, double p) {
  if (v.empty()) return NAN;
  std::sort(v.begin(), v.end());
  const double at = p * static_cast<double>(v.size() - 1);
  const auto lo = static_cast<std::size_t>(std::floor(at));
  const std::size_t hi = std::min(lo + 1, v.size() - 1);
  if (!std::isfinite(v[lo]) || !std::isfinite(v[hi])) return v[at - static_cast<double>(lo) < 0.5 ? lo : hi];
  return v[lo] + (v[hi] - v[lo]) * (at - static_cast<double>(lo));
}

}  // namespace report

ReportKind report_kind(const ResultSet& results) {
  if (report::find_table(results, "study")) return ReportKind::size;
  if (report::find_table(results, "compare")) return ReportKind::compare;
  if (report::find_table(results, "summary")) return ReportKind::run;
  throw Error("not a results file of run, compare or size: it has none of /summary, /compare and /study");
}

Scenario report_scenario(const ResultSet& results, const std::string& results_path) {
  const std::string yaml = report::meta_text(results, "effective_scenario");
  if (yaml.empty())
    throw Error(fmt::format("{} has no /meta/effective_scenario: the report re-reads the scenario from it; "
                            "write the results again with this version of readysim",
                            results_path));
  // load_scenario reads a file: the effective scenario goes to a private temporary one, and its
  // diagnostics name the results file's dataset instead.
  const auto dir = std::filesystem::temp_directory_path();
  const std::string tmp = (dir / fmt::format("readysim-report-{}.yaml", ::getpid())).string();
  {
    std::ofstream out(tmp, std::ios::binary);
    out << yaml;
    if (!out) throw Error(fmt::format("cannot write a temporary file in {}", dir.string()));
  }
  try {
    Scenario s = load_scenario(tmp);
    std::remove(tmp.c_str());
    return s;
  } catch (ScenarioError& e) {
    std::remove(tmp.c_str());
    std::vector<Diagnostic> diags = e.diagnostics();
    for (auto& d : diags) {
      if (d.where.file == tmp) d.where.file = results_path + ":/meta/effective_scenario";
      d.message += " (the report re-reads the scenario the results were made from; are its road and "
                   "series files still where they were when it ran?)";
    }
    throw ScenarioError(std::move(diags));
  } catch (...) {
    std::remove(tmp.c_str());
    throw;
  }
}

std::string report_html(const ResultSet& results, const Scenario& s, const ReportOptions& options) {
  using namespace report;
  const ReportKind kind = report_kind(results);
  const Language lang = options.lang;
  Json j;
  j.open();
  j.key("kind").str(kind == ReportKind::run ? "run" : kind == ReportKind::compare ? "compare" : "size");
  j.key("lang").str(lang == Language::zh ? "zh" : "en");
  write_labels(j, lang);
  j.key("district").str(s.district.name).key("local_name").str(s.district.local_name);
  j.key("results_path").str(options.results_path);
  j.key("scenario_path").str(meta_text(results, "scenario_path"));
  j.key("scenario_b_path").str(meta_text(results, "scenario_b_path"));
  j.key("study_path").str(meta_text(results, "study_path"));
  j.key("seed").integer(meta_int(results, "seed", -1));
  j.key("replications").integer(meta_int(results, "replications", -1));
  j.key("version").str(meta_text(results, "version")).key("git_hash").str(meta_text(results, "git_hash"));
  j.key("horizon_h").num(s.horizon_s / 3600);
  write_map(j, results, s, kind, options);
  write_charts(j, results, s, kind, options);
  write_tables(j, results, kind, options);
  j.close();

  const std::string title = fmt::format("{} — {}", text(lang, "title"),
                                        lang == Language::zh && !s.district.local_name.empty() ? s.district.local_name
                                                                                              : s.district.name);
  std::string html;
  html += fmt::format("<!DOCTYPE html>\n<html lang=\"{}\">\n<head>\n<meta charset=\"utf-8\">\n",
                      lang == Language::zh ? "zh-CN" : "en");
  html += "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n";
  // Nothing may come from the network: the page's own code, styles and data are all inline.
  html += "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; script-src 'unsafe-inline'; "
          "style-src 'unsafe-inline'; img-src data:\">\n";
  html += fmt::format("<title>{}</title>\n", html_escape(title));
  html += "<script>window.readysimErrors=[];window.addEventListener('error',function(e){"
          "window.readysimErrors.push(String(e.message||e));var b=document.body;if(b)b.setAttribute('data-errors',"
          "JSON.stringify(window.readysimErrors));});</script>\n";
  html += "<style>\n" + joined(report_assets::leaflet_css) + "\n</style>\n";
  html += "<style>\n" + joined(report_assets::report_css) + "\n</style>\n";
  html += "</head>\n<body data-errors=\"[]\">\n<div id=\"report\"></div>\n";
  html += "<script>\n" + script_safe(joined(report_assets::leaflet_js)) + "\n</script>\n";
  html += "<script>\n" + script_safe(joined(report_assets::chart_js)) + "\n</script>\n";
  html += "<script id=\"readysim-data\" type=\"application/json\">" + script_safe(j.text()) + "</script>\n";
  html += "<script>\n" + script_safe(joined(report_assets::report_js)) + "\n</script>\n";
  html += "</body>\n</html>\n";
  return html;
}

}  // namespace readysim
