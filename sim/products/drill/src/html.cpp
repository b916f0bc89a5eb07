// The printable HTML page: the exercise, a map of the district with the injects at their places,
// a timeline of the injects by lane, the MSEL table, the controller packet and the evaluator
// packet. Self-contained (inline CSS and SVG, no script, no tiles) so it prints and mails as one
// file. The map draws the road graph as the report's does (RoadGraph::plane_positions_m, the same projection).
#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <map>
#include <cmath>

#include "drill_internal.hpp"
#include "readysim/place_names.hpp"

namespace readysim::drill {

namespace {

using namespace detail;

enum Lane { flood_lane, roads_lane, people_lane, fire_lane };

Lane lane_of(InjectType t) {
  switch (t) {
    case InjectType::start:
    case InjectType::end:
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
.packet { page-break-before: always; }
.map { max-width: 900px; }
.map text { font-size: 11px; }
.legend span { margin-right: 1.2em; }
td.boxes { white-space: nowrap; }
td.observed { min-width: 5em; }
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

namespace detail {

std::string map_svg(const Drill& d, const Scenario& s) {
  const Catalog& cat = catalog(d.lang);
  const RoadGraph& g = s.district.roads;
  if (g.node_count() == 0) return "";
  const auto xy = g.plane_positions_m();
  // The district itself, framed by its named places (offices, shelters, stations, settlements…):
  // a road running far out (the provincial road to the city the help comes from) does not shrink
  // it to a corner; such roads run off the frame and what happens out there is pinned to its edge.
  const PlaceDirectory places(s);
  bool any = false;
  double x0 = 0, x1 = 0, y0 = 0, y1 = 0;
  for (const NamedPlace& p : places.places()) {
    if (g.node(p.node).kind == NodeKind::external) continue;
    const auto [x, y] = xy[p.node];
    if (!any) x0 = x1 = x, y0 = y1 = y, any = true;
    x0 = std::min(x0, x), x1 = std::max(x1, x), y0 = std::min(y0, y), y1 = std::max(y1, y);
  }
  for (NodeIndex n = 0; !any && n < g.node_count(); ++n) {  // no places: every node
    const auto [x, y] = xy[n];
    x0 = std::min(x0, x), x1 = std::max(x1, x), y0 = std::min(y0, y), y1 = std::max(y1, y);
  }
  const double margin = 0.05 * std::max(x1 - x0, y1 - y0);
  x0 -= margin, x1 += margin, y0 -= margin, y1 += margin;
  constexpr double max_w = 900, max_h = 640, pad = 30;
  const double scale =
      std::min((max_w - 2 * pad) / std::max(1.0, x1 - x0), (max_h - 2 * pad) / std::max(1.0, y1 - y0));
  const double w = (x1 - x0) * scale + 2 * pad, h = (y1 - y0) * scale + 2 * pad;
  const auto px = [&](NodeIndex n) { return pad + (xy[n].first - x0) * scale; };
  const auto py = [&](NodeIndex n) { return h - pad - (xy[n].second - y0) * scale; };
  const auto cx = [&](NodeIndex n) { return std::clamp(px(n), 8.0, w - 8); };
  const auto cy = [&](NodeIndex n) { return std::clamp(py(n), 8.0, h - 8); };
  const auto label = [&](const NamedPlace& p) {
    const std::string name = cat.place(p.name, p.id);
    const auto open = name.find(" (");
    return html_escape(open != std::string::npos && open > 0 ? name.substr(0, open) : name);
  };
  std::string out = fmt::format(R"(<svg class="map" viewBox="0 0 {:.0f} {:.0f}" width="100%" role="img" aria-label="{}">)",
                                w, h, html_escape(cat.text("labels.map")));
  out += "<g stroke=\"#a0aec0\" stroke-linecap=\"round\">";
  for (SegmentIndex i = 0; i < g.segment_count(); ++i) {
    const RoadSegment& seg = g.segment(i);
    const double width = seg.road_class == "provincial" ? 2.5 : seg.road_class == "county" ? 1.6 : 0.8;
    out += fmt::format(R"(<line x1="{:.1f}" y1="{:.1f}" x2="{:.1f}" y2="{:.1f}" stroke-width="{}"/>)", px(seg.from),
                       py(seg.from), px(seg.to), py(seg.to), width);
  }
  out += "</g>";
  for (const NamedPlace& p : places.places()) {
    const double x = cx(p.node), y = cy(p.node);
    const std::string name = label(p);
    switch (p.kind) {
      case PlaceKind::community_office:
        out += fmt::format(R"(<rect x="{:.1f}" y="{:.1f}" width="9" height="9" fill="#2b6cb0"><title>{}</title></rect>)"
                           R"(<text x="{:.1f}" y="{:.1f}" fill="#2b6cb0">{}</text>)",
                           x - 4.5, y - 4.5, name, x + 7, y - 6, name);
        break;
      case PlaceKind::shelter:
        out += fmt::format(R"(<path d="M{0:.1f} {1:.1f} l5 9 h-10 z" fill="#2f855a"><title>{2}</title></path>)", x,
                           y - 6, name);
        break;
      case PlaceKind::station:
        out += fmt::format(R"(<circle cx="{:.1f}" cy="{:.1f}" r="4" fill="#c53030"><title>{}</title></circle>)", x, y,
                           name);
        break;
      case PlaceKind::settlement:
        out += fmt::format(R"(<circle cx="{:.1f}" cy="{:.1f}" r="2" fill="#4a5568"><title>{}</title></circle>)", x, y,
                           name);
        break;
      default: break;
    }
  }
  std::map<std::int64_t, std::vector<const Inject*>> at;
  for (const auto& in : d.injects)
    if (in.node >= 0 && static_cast<std::size_t>(in.node) < g.node_count()) at[in.node].push_back(&in);
  for (const auto& [n, list] : at) {
    std::string numbers, title;
    for (const Inject* in : list) {
      numbers += (numbers.empty() ? "" : ",") + std::to_string(in->number);
      title += fmt::format("{} {} {}\n", in->number, format_exercise_time(in->time_s), in->message);
    }
    const auto node = static_cast<NodeIndex>(n);
    const auto colour = kLaneColour[static_cast<std::size_t>(lane_of(list.front()->type))];
    const bool right = cx(node) > w - 80;  // near the right edge the numbers go to the left of the marker
    out += fmt::format(R"(<g><title>{}</title><circle cx="{:.1f}" cy="{:.1f}" r="7" fill="#fff" stroke="{}" stroke-width="2"/>)"
                       R"(<text x="{:.1f}" y="{:.1f}" fill="{}" font-weight="bold" text-anchor="{}">{}</text></g>)",
                       html_escape(title), cx(node), cy(node), colour, cx(node) + (right ? -9 : 9), cy(node) + 4, colour,
                       right ? "end" : "start", html_escape(numbers));
  }
  out += "</svg>\n";
  out += fmt::format("<p class=\"legend\"><span style=\"color:#2b6cb0\">■ {}</span><span style=\"color:#2f855a\">▲ {}</span>"
                     "<span style=\"color:#c53030\">● {}</span><span>· {}</span><span>◯ {}</span></p>\n",
                     html_escape(cat.text("labels.map_offices")), html_escape(cat.text("labels.map_shelters")),
                     html_escape(cat.text("labels.map_stations")), html_escape(cat.text("labels.map_settlements")),
                     html_escape(cat.text("labels.map_injects")));
  return out;
}

}  // namespace detail

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
  const auto list = [](const std::vector<std::string>& items) {
    std::string o = "<ul>";
    for (const auto& i : items) o += "<li>" + html_escape(i) + "</li>";
    return o + "</ul>\n";
  };
  out += fmt::format("<h2>{}</h2>\n<p>{}</p>\n", html_escape(cat.text("labels.startex")), html_escape(d.situation));
  out += fmt::format("<h2>{}</h2>\n", html_escape(cat.text("labels.players"))) + list(d.players);
  if (!d.map_svg.empty()) out += fmt::format("<h2>{}</h2>\n", html_escape(cat.text("labels.map"))) + d.map_svg;
  out += fmt::format("<h2>{}</h2>\n", html_escape(cat.text("labels.timeline"))) + timeline_svg(d);

  out += fmt::format("<h2>{}</h2>\n<table class=\"msel\">\n<thead><tr>", html_escape(cat.text("labels.injects")));
  const std::vector<std::size_t> shown{0, 1, 3, 5, 6, 7, 8, 9, 10, 12, 14};
  for (std::size_t c : shown) out += "<th>" + html_escape(cat.text("columns." + msel_columns()[c])) + "</th>";
  out += "</tr></thead>\n<tbody>\n";
  for (const auto& in : d.injects) {
    const auto row = msel_row(d, in);
    out += fmt::format("<tr id=\"inject-{}\"{}>", in.number, in.worst_moment ? " class=\"worst\"" : "");
    for (std::size_t c : shown)
      out += fmt::format("<td{}>{}{}</td>", c == 1 || c == 12 ? " class=\"time\"" : "", html_escape(row[c]),
                         c == 0 && in.worst_moment ? " ★" : "");
    out += "</tr>\n";
  }
  out += "</tbody>\n</table>\n";
  if (std::any_of(d.injects.begin(), d.injects.end(), [](const Inject& in) { return in.worst_moment; }))
    out += "<p>" + html_escape(cat.text("labels.worst")) + "</p>\n";

  // The controller packet.
  out += fmt::format("<section class=\"packet\">\n<h2>{}</h2>\n<p>{}</p>\n",
                     html_escape(cat.fill("labels.controller_title", {{"district", d.district}})),
                     html_escape(cat.text("labels.controller_intro")));
  out += fmt::format("<h3>{}</h3>\n", html_escape(cat.text("labels.controllers"))) + list(d.controllers);
  for (const auto& c : d.controllers) {
    out += fmt::format("<h3>{}</h3>\n<table>\n<thead><tr><th>{}</th><th>{}</th><th>{}</th><th>{}</th><th>{}</th>"
                       "<th>{}</th><th>{}</th></tr></thead>\n<tbody>\n",
                       html_escape(c), html_escape(cat.text("columns.number")), html_escape(cat.text("columns.time")),
                       html_escape(cat.text("columns.from")), html_escape(cat.text("columns.to")),
                       html_escape(cat.text("columns.method")), html_escape(cat.text("columns.message")),
                       html_escape(cat.text("columns.status")));
    for (const auto& in : d.injects)
      if (in.controller == c)
        out += fmt::format("<tr><td><a href=\"#inject-{0}\">{0}</a></td><td class=\"time\">{1}</td><td>{2}</td>"
                           "<td>{3}</td><td>{4}</td><td>{5}</td><td class=\"boxes\"><span class=\"box\"></span>{6}</td></tr>\n",
                           in.number, format_exercise_time(in.time_s), html_escape(in.from), html_escape(in.to),
                           html_escape(in.mode), html_escape(in.message), html_escape(cat.text("labels.delivered")));
    out += "</tbody>\n</table>\n";
  }
  out += fmt::format("<h3>{}</h3>\n<p>{}</p>\n<table>\n<thead><tr><th>{}</th><th>{}</th><th>{}</th><th>{}</th>"
                     "<th>{}</th></tr></thead>\n<tbody>\n",
                     html_escape(cat.text("labels.contingencies")), html_escape(cat.text("labels.contingency_intro")),
                     html_escape(cat.text("columns.number")), html_escape(cat.text("labels.check_at")),
                     html_escape(cat.text("labels.condition")), html_escape(cat.text("labels.contingency_do")),
                     html_escape(cat.text("columns.to")));
  for (const auto& c : d.contingencies)
    out += fmt::format("<tr><td><a href=\"#inject-{0}\">{0}</a></td><td class=\"time\">{1}</td><td>{2}</td><td>{3}</td>"
                       "<td>{4}</td></tr>\n",
                       c.inject, target_cell(cat, c.time_s), html_escape(c.condition), html_escape(c.message),
                       html_escape(c.to));
  out += "</tbody>\n</table>\n";
  out += fmt::format("<h3>{}</h3>\n<p>{}</p>\n</section>\n", html_escape(cat.text("labels.endex")), html_escape(d.endex));

  // The evaluator packet.
  const std::string pct = fmt::format("{:g}", std::round(d.target_quantile * 1000) / 10);
  out += fmt::format("<section class=\"packet\">\n<h2>{}</h2>\n<p>{}</p>\n<p>{}: ________________</p>\n",
                     html_escape(cat.fill("labels.evaluator_title", {{"district", d.district}})),
                     html_escape(cat.fill("labels.evaluator_intro", {{"pct", pct}})),
                     html_escape(cat.text("labels.evaluator")));
  const std::string boxes = fmt::format(
      "<span class=\"box\"></span>{}<br><span class=\"box\"></span>{}<br><span class=\"box\"></span>{}",
      html_escape(cat.text("labels.met")), html_escape(cat.text("labels.partly")), html_escape(cat.text("labels.not_met")));
  for (const auto& e : d.evaluators) {
    out += fmt::format("<h3>{}</h3>\n<table>\n<thead><tr><th>{}</th><th>{}</th><th>{}</th><th>{}</th><th>{}</th>"
                       "<th>{}</th><th>{}</th><th>{}</th><th>{}</th></tr></thead>\n<tbody>\n",
                       html_escape(e), html_escape(cat.text("columns.number")), html_escape(cat.text("columns.time")),
                       html_escape(cat.text("columns.to")), html_escape(cat.text("labels.watch")),
                       html_escape(cat.text("columns.target_time")), html_escape(cat.text("labels.requirement")),
                       html_escape(cat.text("labels.observed")), html_escape(cat.text("labels.verdict")),
                       html_escape(cat.text("columns.evaluator_notes")));
    for (const auto& in : d.injects) {
      if (in.evaluator != e) continue;
      std::string req;
      for (int r : in.objectives)
        req += fmt::format("{}R{} {}", req.empty() ? "" : "<br>", r,
                           html_escape(cat.text(fmt::format("objectives.R{}", r))));
      const std::string target =
          std::isnan(in.target_s)
              ? html_escape(cat.text("labels.none"))
              : fmt::format("<b>{}</b><br>{}", target_cell(cat, in.target_s), html_escape(in.target_basis));
      out += fmt::format("<tr><td><a href=\"#inject-{0}\">{0}</a></td><td class=\"time\">{1}</td><td>{2}</td>"
                         "<td>{3}</td><td>{4}</td><td>{5}</td><td class=\"observed\"></td><td class=\"boxes\">{6}</td><td>{7}</td></tr>\n",
                         in.number, format_exercise_time(in.time_s), html_escape(in.to), html_escape(in.action), target,
                         req, boxes, html_escape(in.notes));
    }
    out += "</tbody>\n</table>\n";
  }
  out += "</section>\n<footer>" + html_escape(cat.text("labels.print")) + "</footer>\n</body>\n</html>\n";
  return out;
}

}  // namespace readysim::drill
