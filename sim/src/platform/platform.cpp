#include "platform/platform.hpp"

#include <simgrid/Exception.hpp>
#include <simgrid/kernel/routing/NetPoint.hpp>
#include <simgrid/kernel/routing/NetZoneImpl.hpp>
#include <simgrid/s4u.hpp>
#include <xbt/log.h>

#include <fmt/format.h>

#include <algorithm>

#include "readysim/error.hpp"

namespace readysim {

namespace s4u = simgrid::s4u;
namespace routing = simgrid::kernel::routing;

namespace {
// A vehicle is 10^6 "bytes", so a token of 1 byte is a millionth of a vehicle.
constexpr double kBytesPerVehicle = 1e6;
bool g_engine_created = false;
}  // namespace

// The road zone: SimGrid asks it for the links between two of its hosts, and it knows only the
// routes of one hop, a segment's link from its tail's host to its head's host. Memory is one
// entry per segment (a full zone holds a route slot per ordered pair of hosts, the square of
// the node count), and a lookup scans the few segments leaving one node.
class Platform::RoadZone final : public routing::NetZoneImpl {
 public:
  explicit RoadZone(const std::string& name) : NetZoneImpl(name) {}

  // The one-link route from host vertex `from` to host vertex `to` (netpoint ids in this zone).
  void add_hop(unsigned long from, unsigned long to, s4u::Link* link, double latency) {
    if (from >= out_.size()) out_.resize(from + 1);
    out_[from].push_back(Hop{to, link->get_impl(), latency});
  }

  void get_local_route(const routing::NetPoint* src, const routing::NetPoint* dst, routing::Route* into,
                       double* latency) override {
    if (src->id() >= out_.size()) return;
    for (const Hop& h : out_[src->id()])
      if (h.to == dst->id()) {
        into->link_list_.push_back(h.link);
        if (latency != nullptr) *latency += h.latency;
        return;
      }
  }

 private:
  struct Hop {
    unsigned long to;
    simgrid::kernel::resource::StandardLinkImpl* link;
    double latency;
  };
  std::vector<std::vector<Hop>> out_;  // by source vertex id
};

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

  // The first zone made becomes SimGrid's root and gets the network model set above; the
  // engine owns it from then on.
  auto* zone = new RoadZone("district");
  s4u::NetZone* iface = zone->get_iface();
  hosts_.reserve(roads.node_count());
  junction_vps_.reserve(roads.node_count());
  for (NodeIndex n = 0; n < roads.node_count(); ++n) {
    hosts_.push_back(iface->create_host(fmt::format("n{}", n), 1.0));
    junction_vps_.push_back(roads.junction_capacity_vps(n));
  }
  links_.reserve(roads.segment_count());
  senders_.reserve(roads.segment_count());
  // Each segment keeps its own link. The first segment from a node to a neighbour is sent from
  // the node's host; a parallel one (same tail and head) from a host of its own at its tail,
  // since SimGrid names a route by its two ends.
  std::vector<std::vector<NodeIndex>> heads(roads.node_count());
  for (SegmentIndex sidx = 0; sidx < roads.segment_count(); ++sidx) {
    const RoadSegment& seg = roads.segment(sidx);
    auto* link = iface->create_link(fmt::format("s{}", sidx), seg.capacity_vps * kBytesPerVehicle);
    link->set_latency(seg.free_time_s());
    link->seal();
    links_.push_back(link);
    auto& taken = heads[seg.from];
    s4u::Host* sender = hosts_[seg.from];
    if (std::find(taken.begin(), taken.end(), seg.to) != taken.end())
      sender = iface->create_host(fmt::format("n{}p{}", seg.from, sidx), 1.0);
    else
      taken.push_back(seg.to);
    senders_.push_back(sender);
    zone->add_hop(sender->get_netpoint()->id(), hosts_[seg.to]->get_netpoint()->id(), link, seg.free_time_s());
  }
  iface->seal();
  (void)engine;
}

bool Platform::hop(SegmentIndex segment, double vehicles) const {
  if (!links_[segment]->is_on()) return false;
  try {
    s4u::Comm::sendto(senders_[segment], hosts_[roads_.segment(segment).to],
                      static_cast<std::uint64_t>(std::max(1.0, vehicles * kBytesPerVehicle)));
  } catch (const simgrid::NetworkFailureException&) {
    return false;
  }
  return true;
}

void Platform::set_link(SegmentIndex segment, bool open) const {
  auto* link = links_[segment];
  if (open && !link->is_on()) link->turn_on();
  if (!open && link->is_on()) {
    link->turn_off();
    turned_off_.push_back(segment);
  }
}

double Platform::now() { return s4u::Engine::get_clock(); }

void Platform::run() const { s4u::Engine::get_instance()->run(); }

int Platform::reopen_links() const {
  int closed = 0;
  for (const SegmentIndex s : turned_off_)
    if (!links_[s]->is_on()) {
      links_[s]->turn_on();
      ++closed;
    }
  turned_off_.clear();
  return closed;
}

std::size_t Platform::actor_count() const { return s4u::Engine::get_instance()->get_actor_count(); }

}  // namespace readysim
