#include "platform/platform.hpp"

#include <simgrid/Exception.hpp>
#include <simgrid/s4u.hpp>
#include <xbt/log.h>

#include <fmt/format.h>

#include <map>

#include "readysim/error.hpp"

namespace readysim {

namespace s4u = simgrid::s4u;

namespace {
// A vehicle is 10^6 "bytes", so a token of 1 byte is a millionth of a vehicle.
constexpr double kBytesPerVehicle = 1e6;
bool g_engine_created = false;
}  // namespace

Platform::Platform(const RoadGraph& roads) : roads_(roads) {
  if (g_engine_created) throw Error("internal: a second SimGrid platform in one process (one engine per process)");
  g_engine_created = true;
  int argc = 1;
  char name[] = "readysim";
  char* argv[] = {name, nullptr};
  auto* engine = new s4u::Engine(&argc, argv);  // lives as long as the process, as SimGrid expects
  xbt_log_control_set("root.thres:critical");
  // The fluid model is exact only with these three (DESIGN.md): a platoon of S vehicles on a
  // link takes L + S/B, and concurrent platoons share its capacity.
  s4u::Engine::set_config("network/model:CM02");
  s4u::Engine::set_config("network/crosstraffic:0");
  s4u::Engine::set_config("network/TCP-gamma:0");
  s4u::Engine::set_config("contexts/factory:raw");
  // Actors are created afresh every replication; SimGrid's default 8 MiB stacks cost ~300 µs
  // each to map and unmap (tests/bench/README.md), 96 KiB ones almost nothing. Our actors keep
  // their data on the heap; sanitizers need more room.
#if defined(__SANITIZE_ADDRESS__)
  s4u::Engine::set_config("contexts/stack-size:1024");
#else
  s4u::Engine::set_config("contexts/stack-size:96");
#endif

  auto* zone = s4u::create_full_zone("district");
  hosts_.reserve(roads.node_count());
  for (NodeIndex n = 0; n < roads.node_count(); ++n)
    hosts_.push_back(zone->create_host(fmt::format("n{}", n), 1.0));
  links_.reserve(roads.segment_count());
  route_segment_.resize(roads.segment_count());
  std::map<std::pair<NodeIndex, NodeIndex>, SegmentIndex> fastest;
  for (SegmentIndex sidx = 0; sidx < roads.segment_count(); ++sidx) {
    const RoadSegment& seg = roads.segment(sidx);
    auto* link = zone->create_link(fmt::format("s{}", sidx), seg.capacity_vps * kBytesPerVehicle);
    link->set_latency(seg.free_time_s());
    link->seal();
    links_.push_back(link);
    const auto key = std::make_pair(seg.from, seg.to);
    const auto it = fastest.find(key);
    if (it == fastest.end() || seg.free_time_s() < roads.segment(it->second).free_time_s()) fastest[key] = sidx;
  }
  // SimGrid holds one route per ordered pair: parallel segments between two nodes share the fastest.
  for (const auto& [pair, sidx] : fastest)
    zone->add_route(hosts_[pair.first]->get_netpoint(), hosts_[pair.second]->get_netpoint(), nullptr, nullptr,
                    {s4u::LinkInRoute(links_[sidx])}, false);
  for (SegmentIndex sidx = 0; sidx < roads.segment_count(); ++sidx)
    route_segment_[sidx] = fastest.at({roads.segment(sidx).from, roads.segment(sidx).to});
  zone->seal();
  (void)engine;
}

bool Platform::hop(SegmentIndex segment, double vehicles) const {
  const RoadSegment& seg = roads_.segment(segment);
  if (!links_[route_segment_[segment]]->is_on()) return false;
  try {
    s4u::Comm::sendto(hosts_[seg.from], hosts_[seg.to],
                      static_cast<std::uint64_t>(std::max(1.0, vehicles * kBytesPerVehicle)));
  } catch (const simgrid::NetworkFailureException&) {
    return false;
  }
  return true;
}

void Platform::set_link(SegmentIndex segment, bool open) const {
  auto* link = links_[route_segment_[segment]];
  if (open && !link->is_on()) link->turn_on();
  if (!open && link->is_on()) link->turn_off();
}

double Platform::now() { return s4u::Engine::get_clock(); }

void Platform::run() const { s4u::Engine::get_instance()->run(); }

int Platform::reopen_links() const {
  int closed = 0;
  for (auto* link : links_)
    if (!link->is_on()) {
      link->turn_on();
      ++closed;
    }
  return closed;
}

std::size_t Platform::actor_count() const { return s4u::Engine::get_instance()->get_actor_count(); }

}  // namespace readysim
