// Places and people by name: a road node named by the place there or the nearest one (never a
// node id), and the player roles the scenario has (its staff pools, stations and communities).
#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <limits>
#include <numbers>

#include "drill_internal.hpp"
#include "readysim/place_names.hpp"

namespace readysim::drill::detail {

Namer::Namer(const Scenario& s, const Catalog& cat) : s_(s), cat_(cat), xy_(s.district.roads.plane_positions_m()) {
  // Settlements and offices first: the names people use for where they are. A place without a
  // name is called by its id, as the scenario's reference says (the name defaults to the id).
  const PlaceDirectory places(s);
  for (PlaceKind k : {PlaceKind::settlement, PlaceKind::community_office, PlaceKind::shelter, PlaceKind::risk_point,
                      PlaceKind::station, PlaceKind::depot})
    for (const NamedPlace& p : places.places())
      if (p.kind == k) named_.push_back({p.node, cat.place(p.name, p.id)});
}

std::size_t Namer::nearest_index(NodeIndex n) const {
  std::size_t best = named_.size();
  double best_d = std::numeric_limits<double>::infinity();
  for (std::size_t i = 0; i < named_.size(); ++i) {
    const double dx = xy_[named_[i].node].first - xy_[n].first, dy = xy_[named_[i].node].second - xy_[n].second;
    const double d = dx * dx + dy * dy;
    if (d < best_d) {
      best_d = d;
      best = i;
    }
  }
  return best;
}

std::string Namer::nearest(NodeIndex n) const {
  const std::size_t i = nearest_index(n);
  return i < named_.size() ? named_[i].name : cat_.text("labels.somewhere");
}

std::string Namer::at(NodeIndex n) const {
  const std::size_t i = nearest_index(n);
  if (i >= named_.size()) return cat_.text("labels.somewhere");
  if (named_[i].node == n) return named_[i].name;
  return cat_.fill("labels.near", {{"place", named_[i].name}});
}

std::string Namer::community_near(NodeIndex n) const {
  // Outside the district (the city's halls) no community is near.
  if (s_.district.roads.node(n).kind == NodeKind::external) return "";
  const Community* best = nullptr;
  double best_d = std::numeric_limits<double>::infinity();
  for (const Community& c : s_.district.communities) {
    const double dx = xy_[c.node].first - xy_[n].first, dy = xy_[c.node].second - xy_[n].second;
    if (dx * dx + dy * dy < best_d) {
      best_d = dx * dx + dy * dy;
      best = &c;
    }
  }
  return best ? best->id : "";
}

namespace {

const StaffPool* pool_of(const Scenario& s, std::string_view role, const std::string& community) {
  const StaffPool* any = nullptr;
  for (const StaffPool& p : s.resources.staff) {
    if (p.role != role) continue;
    if (p.community == community) return &p;
    if (!any) any = &p;
  }
  return community.empty() ? any : nullptr;
}

// A pool's name when it has one that reads in this language, else its role's word (with its
// community for a community's pool).
std::string pool_name(const Scenario& s, const Catalog& cat, const StaffPool& p) {
  const bool named = !p.name.empty() && p.name != p.id;
  bool ascii_letters = false;
  for (char c : p.name) ascii_letters = ascii_letters || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
  if (named && (cat.lang() == Language::zh || ascii_letters)) return cat.place(p.name, p.id);
  const std::string role = cat.word("roles", p.role);
  const Community* c = p.community.empty() ? nullptr : s.find_community(p.community);
  return c ? cat.fill("labels.role_of", {{"role", role}, {"community", cat.place(c->name, c->id)}}) : role;
}

}  // namespace

std::string player_name(const Scenario& s, const Catalog& cat, Recipient r, const std::string& community) {
  const auto pool = [&](std::string_view role, const std::string& com) -> std::string {
    const StaffPool* p = pool_of(s, role, com);
    if (!p && !com.empty()) p = pool_of(s, role, "");
    return p ? pool_name(s, cat, *p) : "";
  };
  std::string out;
  switch (r) {
    case Recipient::all: return cat.text("types.start.to");
    case Recipient::emergency_office: out = pool("emergency_office", ""); break;
    // A community's role for no community (a shelter outside the district): the emergency office.
    case Recipient::community_team:
      if (community.empty()) return player_name(s, cat, Recipient::emergency_office, "");
      out = pool("community_team", community);
      break;
    case Recipient::managers:
      if (community.empty()) return player_name(s, cat, Recipient::emergency_office, "");
      out = pool("emergency_manager", community);
      break;
    case Recipient::rescue_team: out = pool("rescue_team", ""); break;
    case Recipient::driver: out = pool("driver", ""); break;
    case Recipient::fire_brigade:
      for (const Station& st : s.resources.stations)
        if (st.kind == StationKind::fire_brigade) return cat.place(st.name, st.id);
      break;
  }
  if (!out.empty()) return out;
  // A scenario without that role: the emergency office takes it, else the district's command post.
  if (r != Recipient::emergency_office) return player_name(s, cat, Recipient::emergency_office, "");
  return cat.text("words.roles.command_post");
}

bool has_resource(const Scenario& s, std::string_view what) {
  for (const VehiclePool& v : s.resources.vehicles)
    if (v.kind == what && v.count > 0) return true;
  for (const Depot& d : s.resources.depots)
    for (const StockItem& i : d.items)
      if (i.item == what && i.quantity > 0) return true;
  return false;
}

}  // namespace readysim::drill::detail
