// The scenario's named places by road node (readysim/place_names.hpp).
#include "readysim/place_names.hpp"

namespace readysim {

namespace {

template <class T>
void collect(std::vector<NamedPlace>& out, PlaceKind kind, const std::vector<T>& list) {
  for (const T& p : list) out.push_back({kind, p.id, p.name.empty() ? p.id : p.name, p.node});
}

}  // namespace

PlaceDirectory::PlaceDirectory(const Scenario& s) {
  collect(places_, PlaceKind::community_office, s.district.communities);
  collect(places_, PlaceKind::shelter, s.resources.shelters);
  collect(places_, PlaceKind::station, s.resources.stations);
  collect(places_, PlaceKind::depot, s.resources.depots);
  collect(places_, PlaceKind::settlement, s.district.settlements);
  collect(places_, PlaceKind::risk_point, s.district.risk_points);
  by_node_.resize(s.district.roads.node_count());
  for (std::size_t i = 0; i < places_.size(); ++i)
    if (places_[i].node < by_node_.size()) by_node_[places_[i].node].push_back(i);
}

const NamedPlace* PlaceDirectory::at(NodeIndex n, PlaceKind kind) const {
  if (n >= by_node_.size()) return nullptr;
  for (const std::size_t i : by_node_[n])
    if (places_[i].kind == kind) return &places_[i];
  return nullptr;
}

const NamedPlace* PlaceDirectory::at(NodeIndex n, std::initializer_list<PlaceKind> preferred) const {
  for (const PlaceKind kind : preferred)
    if (const NamedPlace* p = at(n, kind)) return p;
  return nullptr;
}

const NamedPlace* PlaceDirectory::at(NodeIndex n) const {
  if (n >= by_node_.size() || by_node_[n].empty()) return nullptr;
  return &places_[by_node_[n].front()];
}

}  // namespace readysim
