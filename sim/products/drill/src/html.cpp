// The printable HTML page: a timeline of the injects by lane, the MSEL table and the evaluator
// checklist. Self-contained (inline CSS and SVG, no script) so it prints and mails as one file.
#include <fmt/format.h>

#include <array>
#include <cmath>

#include "drill_internal.hpp"

namespace readysim::drill {

namespace {

using namespace detail;

enum Lane { flood_lane, roads_lane, people_lane, fire_lane };

Lane lane_of(InjectType t) {
  switch (t) {
    case InjectType::start:
    case InjectType::warning:
    case InjectType::breach:
    case InjectType::level:
    case InjectType::flooding: return flood_lane;
    case InjectType::road_closed:
    case InjectType::road_reopened: return roads_lane;
    case InjectType::stranded:
    case InjectType::transport:
    case InjectType::shelter_filling:
    case InjectType::shelter_full:
    case InjectType::community_cleared:
    case InjectType::staff_short: return people_lane;
    default: return fire_lane;
  }
}

constexpr std::array<const char*, 4> kLaneColour{"#2b6cb0", "#718096", "#2f855a", "#c53030"};

constexpr const char* kStyle = R"(
body { font-family: "Noto Sans", "Noto Sans CJK SC", "Microsoft YaHei", sans-serif; margin: 1.5em; color: #1a202c; }
h1 { font-size: 1.4em; } h2 { font-size: 1.15em; margin-top: 1.5em; }
table { border-collapse: collapse; width: 100%; font-size: 0.85em; }
th, td { border: 1px solid #a0aec0; padding: 3px 5px; vertical-align: top; text-align: left; }
th { background: #edf2f7; }
tr.worst td:first-child { font-weight: bold; }
table.meta { width: auto; } table.meta th { white-space: nowrap; }
.time { white-space: nowrap; font-variant-numeric: tabular-nums; }
svg text { font-size: 10px; font-family: inherit; }
.box { display: inline-block; width: 0.9em; height: 0.9em; border: 1px solid #4a5568; margin-right: 0.3em; }
.checklist { page-break-before: always; }
footer { margin-top: 2em; font-size: 0.8em; color: #4a5568; }
@page { size: A4 landscape; margin: 12mm; }
@media print { body { margin: 0; } tr { page-break-inside: avoid; } h2 { page-break-after: avoid; } }
)";

// Tick spacing that gives at most a dozen ticks over the window.
double tick_step(double span_s) {
  for (double h : {0.25, 0.5, 1.0, 2.0, 3.0, 6.0, 12.0, 24.0, 48.0, 168.0})
    if (span_s / (h * 3600) <= 12) return h * 3600;
  return span_s / 12;
}

std::string timeline_svg(const Drill& d) {
  const Catalog& cat = catalog(d.lang);
  constexpr double left = 90, width = 960, lane_h = 46, top = 10;
  const double span = std::max(d.end_s, 60.0);
  const auto x = [&](double t) { return left + width * std::clamp(t / span, 0.0, 1.0); };
  const double height = top + 4 * lane_h + 24;
  std::string out = fmt::format(R"(<svg viewBox="0 0 {0} {1}" width="100%" role="img" aria-label="{2}">)",
                                left + width + 20, height, html_escape(cat.text("labels.timeline")));
  const char* lanes[] = {"labels.lanes_flood", "labels.lanes_roads", "labels.lanes_people", "labels.lanes_fire"};
  for (int l = 0; l < 4; ++l) {
    const double y = top + l * lane_h + lane_h / 2;
    out += fmt::format(R"(<text x="4" y="{:.1f}" fill="{}">{}</text>)", y + 3, kLaneColour[static_cast<std::size_t>(l)],
                       html_escape(cat.text(lanes[l])));
    out += fmt::format(R"(<line x1="{}" y1="{:.1f}" x2="{}" y2="{:.1f}" stroke="#e2e8f0"/>)", left, y, left + width, y);
  }
  const double axis_y = top + 4 * lane_h;
  out += fmt::format(R"(<line x1="{0}" y1="{1}" x2="{2}" y2="{1}" stroke="#4a5568"/>)", left, axis_y, left + width);
  const double step = tick_step(span);
  for (double t = 0; t <= span + 1; t += step)
    out += fmt::format(R"(<line x1="{0:.1f}" y1="{1}" x2="{0:.1f}" y2="{2}" stroke="#4a5568"/>)"
                       R"(<text x="{0:.1f}" y="{3}" text-anchor="middle">{4}</text>)",
                       x(t), axis_y, axis_y + 4, axis_y + 15, format_exercise_time(t));
  int stagger = 0;
  for (const auto& in : d.injects) {
    const auto l = static_cast<std::size_t>(lane_of(in.type));
    const double y = top + static_cast<double>(l) * lane_h + lane_h / 2;
    const double label_y = y + (stagger++ % 2 == 0 ? -9 : 17);
    out += fmt::format(R"(<g><title>{} {} — {}</title><circle cx="{:.1f}" cy="{:.1f}" r="{}" fill="{}"/>)"
                       R"(<text x="{:.1f}" y="{:.1f}" text-anchor="middle">{}</text></g>)",
                       in.number, format_exercise_time(in.time_s), html_escape(in.message), x(in.time_s), y,
                       in.worst_moment ? 6 : 4, kLaneColour[l], x(in.time_s), label_y, in.number);
  }
  return out + "</svg>\n";
}

}  // namespace

std::string msel_html(const Drill& d) {
  const Catalog& cat = catalog(d.lang);
  const std::string title = cat.fill("labels.title", {{"district", d.district}});
  std::string out = fmt::format("<!DOCTYPE html>\n<html lang=\"{}\">\n<head>\n<meta charset=\"utf-8\">\n"
                                "<title>{}</title>\n<style>{}</style>\n</head>\n<body>\n<h1>{}</h1>\n",
                                d.lang == Language::zh ? "zh-CN" : "en", html_escape(title), kStyle,
                                html_escape(title));
  out += "<table class=\"meta\">\n";
  out += fmt::format("<tr><th>{}</th><td>{}</td></tr>\n<tr><th>{}</th><td>{}</td></tr>\n<tr><th>{}</th><td>{}</td></tr>\n",
                     html_escape(cat.text("labels.scenario")), html_escape(d.scenario),
                     html_escape(cat.text("labels.seed")), d.seed, html_escape(cat.text("labels.replications")),
                     d.replications);
  for (std::size_t i = 0; i < d.picks.size(); ++i)
    out += fmt::format("<tr><th>{}</th><td>{}</td></tr>\n",
                       html_escape(cat.text(i == 0 ? "labels.backbone" : "labels.added")),
                       html_escape(pick_text(d, d.picks[i])));
  out += "</table>\n";
  for (const auto& l : about_lines(d)) out += "<p>" + html_escape(l) + "</p>\n";

  out += fmt::format("<h2>{}</h2>\n", html_escape(cat.text("labels.timeline"))) + timeline_svg(d);

  out += fmt::format("<h2>{}</h2>\n<table class=\"msel\">\n<thead><tr>", html_escape(cat.text("labels.injects")));
  const std::vector<std::size_t> shown{0, 1, 3, 4, 5, 6, 7, 8, 9, 10, 11};
  for (std::size_t c : shown) out += "<th>" + html_escape(cat.text("columns." + msel_columns()[c])) + "</th>";
  out += "</tr></thead>\n<tbody>\n";
  for (const auto& in : d.injects) {
    const auto row = msel_row(d, in);
    out += fmt::format("<tr id=\"inject-{}\"{}>", in.number, in.worst_moment ? " class=\"worst\"" : "");
    for (std::size_t c : shown)
      out += fmt::format("<td{}>{}{}</td>", c == 1 || c == 10 ? " class=\"time\"" : "", html_escape(row[c]),
                         c == 0 && in.worst_moment ? " ★" : "");
    out += "</tr>\n";
  }
  out += "</tbody>\n</table>\n";
  if (std::any_of(d.injects.begin(), d.injects.end(), [](const Inject& in) { return in.worst_moment; }))
    out += "<p>" + html_escape(cat.text("labels.worst")) + "</p>\n";

  const std::string pct = fmt::format("{:g}", std::round(d.target_quantile * 1000) / 10);
  out += fmt::format("<section class=\"checklist\">\n<h2>{}</h2>\n<p>{}</p>\n<p>{}: ________________</p>\n",
                     html_escape(cat.fill("labels.checklist_title", {{"district", d.district}})),
                     html_escape(cat.fill("labels.checklist_intro", {{"pct", pct}})),
                     html_escape(cat.text("labels.evaluator")));
  for (const auto& [r, list] : by_objective(d)) {
    out += fmt::format("<h3>R{}: {}</h3>\n<table>\n<thead><tr><th>{}</th><th>{}</th><th>{}</th><th>{}</th><th>{}</th>"
                       "<th>{}</th><th>{}</th></tr></thead>\n<tbody>\n",
                       r, html_escape(cat.text(fmt::format("objectives.R{}", r))),
                       html_escape(cat.text("columns.number")), html_escape(cat.text("columns.time")),
                       html_escape(cat.text("columns.action")), html_escape(cat.text("columns.target")),
                       html_escape(cat.text("columns.basis")), html_escape(cat.text("labels.observed")),
                       html_escape(cat.text("labels.verdict")));
    for (const Inject* in : list) {
      const auto row = msel_row(d, *in);
      out += fmt::format("<tr><td><a href=\"#inject-{0}\">{0}</a></td><td class=\"time\">{1}</td><td>{2}</td>"
                         "<td class=\"time\">{3}</td><td>{4}</td><td></td><td><span class=\"box\"></span>"
                         "<span class=\"box\"></span><span class=\"box\"></span></td></tr>\n",
                         in->number, row[1], html_escape(in->action), html_escape(row[10]), html_escape(row[11]));
    }
    out += "</tbody>\n</table>\n";
  }
  out += "</section>\n<footer>" + html_escape(cat.text("labels.print")) + "</footer>\n</body>\n</html>\n";
  return out;
}

}  // namespace readysim::drill
