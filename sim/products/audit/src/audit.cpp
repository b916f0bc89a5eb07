#include "readysim/audit.hpp"
#include "readysim/text.hpp"

#include <fmt/args.h>
#include <fmt/format.h>

#include <algorithm>
#include <cctype>
#include <functional>
#include <map>
#include <optional>

#include "readysim/flood.hpp"
#include "readysim/messages.hpp"
#include "readysim/staffing.hpp"
#include "readysim/units.hpp"

namespace readysim {

namespace {

// The audit's wording: the `audit:` section of the shared catalogue (readysim/messages.hpp).
std::string message(Language lang, const std::string& section, const std::string& key) {
  return messages(lang).section("audit").text(section + "." + key);
}

using Args = fmt::dynamic_format_arg_store<fmt::format_context>;

std::string fill(const std::string& tmpl, const std::map<std::string, std::string>& values) {
  Args args;
  for (const auto& [k, v] : values) args.push_back(fmt::arg(k.c_str(), v));
  return fmt::vformat(tmpl, args);
}

std::string list_or_none(const std::vector<std::string>& items, Language lang) {
  if (items.empty()) return message(lang, "labels", "none");
  std::string out;
  for (const auto& s : items) out += (out.empty() ? "" : ", ") + s;
  return out;
}

std::string num(double v) { return fmt::format("{:g}", v); }

// What the scenario holds, counted once for every requirement.
struct Facts {
  std::map<std::string, std::string> values;  // placeholders for the catalogue
  AuditStatus status = AuditStatus::not_expressible;
  std::string found_key = "found";             // which catalogue text describes what was found
};

std::string percent(double share) { return fmt::format("{:g} %", 100 * share); }

// R2, R8, R15 and R16 are about warnings and water, which a scenario expresses only with a flood.
Facts no_flood() { return {{}, AuditStatus::not_expressible, "found_no_flood"}; }

AuditStatus verdict(bool ok) { return ok ? AuditStatus::met : AuditStatus::not_met; }

std::string metres(double m) { return fmt::format("{:g} m", m); }

// What triggers the flood warning (R15's gauge, R16's real-time threshold), in words: a water
// level is a reading against a threshold; a lead time before the breach is a forecast the
// scenario takes as given.
std::string warning_trigger(const FloodHazard& f, Language lang) {
  if (f.warning_level_m != kNever)
    return fill(message(lang, "labels", "trigger_level"), {{"level", metres(f.warning_level_m)}});
  if (f.warning_lead_s != kNever)
    return fill(message(lang, "labels", "trigger_lead"),
                {{"lead", format_quantity(f.warning_lead_s, Dimension::duration)}});
  return message(lang, "labels", "trigger_none");
}

// R15: the flood map (which place floods at which water) and what watches the water.
Facts flood_map(const Scenario& s, Language lang) {
  const FloodHazard& f = s.hazards.flood;
  const RoadGraph& g = s.district.roads;
  Facts out;
  if (f.source == FloodSource::node_depths) {
    std::size_t wet = 0;
    for (const auto& series : f.node_depth_series) wet += series.empty() ? 0 : 1;
    out.values["map"] = fill(message(lang, "R15", "map_depths"), {{"nodes", std::to_string(wet)}});
  } else {
    std::size_t nodes = 0;
    double low = 0, high = 0;
    for (NodeIndex i = 0; i < g.node_count(); ++i) {
      const RoadNode& n = g.node(i);
      if (n.kind == NodeKind::external) continue;
      low = nodes == 0 ? n.elevation_m : std::min(low, n.elevation_m);
      high = nodes == 0 ? n.elevation_m : std::max(high, n.elevation_m);
      ++nodes;
    }
    out.values["map"] = fill(message(lang, "R15", "map_level"),
                             {{"nodes", std::to_string(nodes)}, {"lowest", metres(low)}, {"highest", metres(high)}});
  }
  out.values["trigger"] = warning_trigger(f, lang);
  out.status = verdict(f.warning_level_m != kNever);
  return out;
}

// R16: real-time thresholds and risk levels.
Facts dynamic_assessment(const Scenario& s, Language lang) {
  const FloodHazard& f = s.hazards.flood;
  const auto points = s.district.risk_points.size();
  return {{{"trigger", warning_trigger(f, lang)},
           {"points", std::to_string(points)},
           {"inundation", metres(f.inundation_depth_m)},
           {"car", metres(f.car_limit_m)},
           {"truck", metres(f.truck_limit_m)}},
          verdict(f.warning_level_m != kNever && points > 0)};
}

int count_staff(const Scenario& s, const std::function<bool(const StaffPool&)>& pick) {
  int n = 0;
  for (const auto& sp : s.resources.staff)
    if (pick(sp)) n += sp.count;
  return n;
}


// Per-community checks (R9–R12, R19): which communities fall short of `ok`.
Facts per_community(const Scenario& s, Language lang, const std::function<bool(const Community&)>& ok) {
  std::vector<std::string> shortfall;
  for (const auto& c : s.district.communities)
    if (!ok(c)) shortfall.push_back(c.id);
  const std::size_t n = s.district.communities.size();
  return Facts{{{"communities", std::to_string(n)},
                {"ok", std::to_string(n - shortfall.size())},
                {"short", list_or_none(shortfall, lang)}},
               verdict(n > 0 && shortfall.empty())};
}

Facts facts_for(int r, const Scenario& s, Language lang) {
  const auto& res = s.resources;
  switch (r) {
    case 1: {
      const int office = count_staff(s, [](const StaffPool& p) {
        return p.role == "emergency_office" && p.full_time && p.community.empty();
      });
      const int inspectors = count_staff(s, [](const StaffPool& p) { return p.role == "inspector"; });
      return {{{"office", std::to_string(office)}, {"inspectors", std::to_string(inspectors)}},
              verdict(office >= 2 && inspectors >= 2)};
    }
    case 2: {  // warnings reach every household: the channels together, door to door in every community
      if (!s.hazards.flood.enabled) return no_flood();
      const auto& w = s.evacuation;
      const auto& roles = s.staffing.task(StaffTask::door_to_door).roles;
      Facts f = per_community(s, lang, [&](const Community& c) {
        // Door to door is done by the community's pools of the roles staffing.door_to_door names.
        const int members = count_staff(s, [&](const StaffPool& p) {
          return p.community == c.id && std::find(roles.begin(), roles.end(), p.role) != roles.end();
        });
        return w.loudspeaker.reach >= 1 || w.phone.reach >= 1 || (members > 0 && w.door_to_door_per_member_per_s > 0);
      });
      const bool triggered = s.hazards.flood.warning_level_m != kNever || s.hazards.flood.warning_lead_s != kNever;
      f.values["loudspeaker"] = percent(w.loudspeaker.reach);
      f.values["phone"] = percent(w.phone.reach);
      f.values["trigger"] = message(lang, "labels", triggered ? "warning_set" : "warning_missing");
      f.values["roles"] = list_or_none(roles, lang);
      if (!triggered) f.status = AuditStatus::not_met;
      return f;
    }
    case 8: {  // 村村响: the loudspeaker channel, which the model applies district-wide
      if (!s.hazards.flood.enabled) return no_flood();
      const double reach = s.evacuation.loudspeaker.reach;
      return {{{"reach", percent(reach)}, {"median", format_quantity(s.evacuation.loudspeaker.delay.quantile(0.5),
                                                                     Dimension::duration)}},
              verdict(reach > 0)};
    }
    case 4: {
      int members = 0;
      std::vector<std::string> ids;
      for (const auto& t : res.staff)  // the district team: rescue-team pools not tied to a community
        if (t.role == "rescue_team" && t.community.empty()) {
          members += t.count;
          ids.push_back(t.id);
        }
      return {{{"members", std::to_string(members)}, {"teams", list_or_none(ids, lang)}}, verdict(members >= 30)};
    }
    case 5: {
      double area = 0;
      std::vector<std::string> ids;
      for (const auto& d : res.depots)
        if (d.community.empty()) {
          area += d.floor_area_m2;
          ids.push_back(d.id);
        }
      return {{{"area", num(area)}, {"depots", list_or_none(ids, lang)}}, verdict(area >= 30)};
    }
    case 6: {
      int n = 0;
      for (const auto& v : res.vehicles)
        if (v.kind == "transport") n += v.count;
      return {{{"vehicles", std::to_string(n)}}, verdict(n >= 1)};
    }
    case 9:
      return per_community(s, lang, [&](const Community& c) {
        double area = 0;
        for (const auto& d : res.depots)
          if (d.community == c.id) area += d.floor_area_m2;
        return area >= 15;
      });
    case 10: {
      int managers_total = 0;
      double kits_total = 0;
      Facts f = per_community(s, lang, [&](const Community& c) {
        const int managers = count_staff(s, [&](const StaffPool& p) {
          return p.role == "emergency_manager" && p.community == c.id;
        });
        double kits = 0;
        for (const auto& d : res.depots)
          if (d.community == c.id)
            for (const auto& it : d.items)
              if (it.item == "nine_ones_kit") kits += it.quantity;
        managers_total += managers;
        kits_total += kits;
        return managers > 0 && kits >= managers;
      });
      f.values["managers"] = std::to_string(managers_total);
      f.values["kits"] = num(kits_total);
      return f;
    }
    case 11:
      return per_community(s, lang, [&](const Community& c) {
        int members = 0;
        for (const auto& t : res.staff)
          if (is_team_role(t.role) && t.community == c.id) members += t.count;
        return members >= 15;
      });
    case 12:
    case 19:
      return per_community(s, lang, [&](const Community& c) {
        for (const auto& st : res.stations)
          if (st.community == c.id &&
              (st.kind == StationKind::micro_fire_station || (r == 12 && st.kind == StationKind::rescue_point)))
            return true;
        return false;
      });
    case 14: {
      std::map<RiskLevel, int> by;
      for (const auto& p : s.district.risk_points) ++by[p.level];
      return {{{"points", std::to_string(s.district.risk_points.size())},
               {"red", std::to_string(by[RiskLevel::red])},
               {"orange", std::to_string(by[RiskLevel::orange])},
               {"yellow", std::to_string(by[RiskLevel::yellow])},
               {"blue", std::to_string(by[RiskLevel::blue])}},
              verdict(!s.district.risk_points.empty())};
    }
    case 17: {
      int engines = 0, firefighters = 0, full_time = 0;
      std::vector<std::string> ids, nodes;
      const RoadGraph& g = s.district.roads;
      // R17's "at the police station": the node the scenario declares as district.police_station.
      const std::optional<NodeIndex> police = s.district.police_station;
      bool at_police = false;
      for (const auto& st : res.stations) {
        if (st.kind != StationKind::fire_brigade) continue;
        ids.push_back(st.id);
        if (st.node < g.node_count()) nodes.push_back(g.node(st.node).id);
        at_police = at_police || (police && st.node == *police);
        engines += st.engines;
        for (const auto& p : res.staff)
          if (p.station == st.id && p.role == "firefighter") {
            firefighters += p.count;
            if (p.full_time) full_time += p.count;
          }
      }
      const bool sized = (firefighters >= 6 && firefighters <= 8 && full_time >= 3 && engines >= 1);
      const std::string police_id = police ? g.node(*police).id : "";
      const char* where = !police ? "no_police" : at_police ? "at_police" : "not_at_police";
      Facts f{{{"firefighters", std::to_string(firefighters)},
               {"full_time", std::to_string(full_time)},
               {"engines", std::to_string(engines)},
               {"stations", list_or_none(ids, lang)}},
              verdict(sized && at_police)};
      f.values["where"] = fill(message(lang, "R17", where), {{"police", police_id}, {"nodes", list_or_none(nodes, lang)}});
      // Where the brigade stands cannot be judged without a police station in the scenario.
      if (sized && !police) f.status = AuditStatus::not_expressible;
      return f;
    }
    case 18: {
      int engines = 0;
      bool all_four = true;
      std::vector<std::string> crews;
      for (const auto& st : res.stations) {
        if (st.engines == 0) continue;
        engines += st.engines;
        crews.push_back(fmt::format("{} × {}", st.id, st.crew_per_engine));
        all_four = all_four && st.crew_per_engine >= 4;
      }
      return {{{"engines", std::to_string(engines)}, {"crews", list_or_none(crews, lang)}},
              verdict(engines > 0 && all_four)};
    }
    case 15:
      return s.hazards.flood.enabled ? flood_map(s, lang) : no_flood();
    case 16:
      if (!s.hazards.flood.enabled) {
        Facts f = no_flood();
        f.values["points"] = std::to_string(s.district.risk_points.size());
        return f;
      }
      return dynamic_assessment(s, lang);
    default:  // R3, R7, R13: documents and records outside the simulation
      return {{}, AuditStatus::not_expressible};
  }
}

// Display width on a terminal: CJK and fullwidth characters take two columns.
std::size_t display_width(std::string_view s) {
  std::size_t w = 0;
  for (std::size_t i = 0; i < s.size();) {
    const auto c = static_cast<unsigned char>(s[i]);
    char32_t cp = c;
    std::size_t len = 1;
    if (c >= 0xF0) { cp = c & 0x07; len = 4; }
    else if (c >= 0xE0) { cp = c & 0x0F; len = 3; }
    else if (c >= 0xC0) { cp = c & 0x1F; len = 2; }
    for (std::size_t k = 1; k < len && i + k < s.size(); ++k) cp = (cp << 6) | (static_cast<unsigned char>(s[i + k]) & 0x3F);
    i += len;
    const bool wide = (cp >= 0x1100 && cp <= 0x115F) || (cp >= 0x2E80 && cp <= 0xA4CF) ||
                      (cp >= 0xAC00 && cp <= 0xD7A3) || (cp >= 0xF900 && cp <= 0xFAFF) ||
                      (cp >= 0xFE30 && cp <= 0xFE4F) || (cp >= 0xFF00 && cp <= 0xFF60) ||
                      (cp >= 0xFFE0 && cp <= 0xFFE6);
    w += wide ? 2 : 1;
  }
  return w;
}

std::string pad(std::string_view s, std::size_t width) {
  const std::size_t w = display_width(s);
  return std::string(s) + std::string(width > w ? width - w : 0, ' ');
}

std::string_view status_token(AuditStatus st) {
  switch (st) {
    case AuditStatus::met: return "met";
    case AuditStatus::not_met: return "not_met";
    case AuditStatus::not_expressible: return "not_expressible";
  }
  return "?";
}

}  // namespace

std::string_view audit_status_text(AuditStatus st, Language lang) {
  static std::map<std::pair<Language, AuditStatus>, std::string> cache;
  auto& text = cache[{lang, st}];
  if (text.empty()) text = message(lang, "status", std::string(status_token(st)));
  return text;
}

std::vector<AuditRow> audit(const Scenario& s, Language lang) {
  std::vector<AuditRow> rows;
  for (int r = 1; r <= 19; ++r) {
    const std::string id = fmt::format("R{}", r);
    const Facts f = facts_for(r, s, lang);
    rows.push_back(AuditRow{id, f.status, message(lang, id, "requirement"), message(lang, id, "required"),
                            fill(message(lang, id, f.found_key), f.values)});
  }
  return rows;
}

std::string audit_title(const Scenario& s, Language lang) {
  return fill(message(lang, "labels", "title"), {{"scenario", s.path}});
}

std::string format_audit_text(const std::vector<AuditRow>& rows, Language lang) {
  std::size_t status_w = 0;
  for (const auto& r : rows) status_w = std::max(status_w, display_width(audit_status_text(r.status, lang)));
  const std::string required = message(lang, "labels", "required");
  const std::string found = message(lang, "labels", "found");
  const std::size_t label_w = std::max(display_width(required), display_width(found)) + 1;
  std::string out;
  std::map<AuditStatus, int> totals;
  for (const auto& r : rows) {
    ++totals[r.status];
    out += fmt::format("{}  {}  {}\n", pad(r.id, 3), pad(audit_status_text(r.status, lang), status_w), r.requirement);
    out += fmt::format("     {} {}\n", pad(required + ":", label_w), r.required);
    out += fmt::format("     {} {}\n", pad(found + ":", label_w), r.found);
  }
  out += fill(message(lang, "labels", "totals"), {{"met", std::to_string(totals[AuditStatus::met])},
                                                  {"not_met", std::to_string(totals[AuditStatus::not_met])},
                                                  {"not_expressible",
                                                   std::to_string(totals[AuditStatus::not_expressible])}});
  return out + "\n";
}

std::string format_audit_csv(const std::vector<AuditRow>& rows, Language lang) {
  std::string out = "id,status,status_text,requirement,required,found\r\n";
  for (const auto& r : rows)
    out += fmt::format("{},{},{},{},{},{}\r\n", r.id, status_token(r.status), csv_field(audit_status_text(r.status, lang)),
                       csv_field(r.requirement), csv_field(r.required), csv_field(r.found));
  return out;
}

std::string format_audit_json(const std::vector<AuditRow>& rows, Language lang) {
  std::string out = "[\n";
  for (std::size_t i = 0; i < rows.size(); ++i) {
    const auto& r = rows[i];
    out += fmt::format("  {{\"id\": {}, \"status\": {}, \"status_text\": {}, \"requirement\": {}, \"required\": {}, "
                       "\"found\": {}}}{}\n",
                       json_string(r.id), json_string(status_token(r.status)),
                       json_string(audit_status_text(r.status, lang)), json_string(r.requirement),
                       json_string(r.required), json_string(r.found), i + 1 < rows.size() ? "," : "");
  }
  return out + "]\n";
}

}  // namespace readysim
