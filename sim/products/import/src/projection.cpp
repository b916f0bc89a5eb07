// PROJ: the local transverse Mercator of an extract, and geodesic lengths on WGS 84.
#include <geodesic.h>
#include <proj.h>

#include <fmt/format.h>

#include <stdexcept>

#include "import_internal.hpp"

namespace readysim::import {

struct Projection::Impl {
  PJ_CONTEXT* ctx = nullptr;
  PJ* pj = nullptr;
  ~Impl() {
    if (pj != nullptr) proj_destroy(pj);
    if (ctx != nullptr) proj_context_destroy(ctx);
  }
};

Projection::Projection(double lon0, double lat0) : impl_(std::make_unique<Impl>()) {
  definition_ = fmt::format("+proj=tmerc +lat_0={:.6f} +lon_0={:.6f} +k=1 +x_0=0 +y_0=0 +ellps=WGS84 +units=m",
                            lat0, lon0);
  impl_->ctx = proj_context_create();
  PJ* raw = proj_create_crs_to_crs(impl_->ctx, "EPSG:4326", (definition_ + " +type=crs").c_str(), nullptr);
  if (raw == nullptr) throw std::runtime_error("PROJ cannot make the local projection " + definition_);
  // Longitude first, whatever the authority's axis order.
  impl_->pj = proj_normalize_for_visualization(impl_->ctx, raw);
  proj_destroy(raw);
  if (impl_->pj == nullptr) throw std::runtime_error("PROJ cannot make the local projection " + definition_);
}

Projection::~Projection() = default;

void Projection::forward(double lon, double lat, double& x, double& y) const {
  const PJ_COORD out = proj_trans(impl_->pj, PJ_FWD, proj_coord(lon, lat, 0, 0));
  x = out.xy.x;
  y = out.xy.y;
}

double geodesic_m(double lon1, double lat1, double lon2, double lat2) {
  static const geod_geodesic g = [] {
    geod_geodesic r{};
    geod_init(&r, 6378137.0, 1 / 298.257223563);  // WGS 84
    return r;
  }();
  double s12 = 0;
  geod_inverse(&g, lat1, lon1, lat2, lon2, &s12, nullptr, nullptr);
  return s12;
}

}  // namespace readysim::import
