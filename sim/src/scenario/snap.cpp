#include "scenario/snap.hpp"

#include <algorithm>
#include <cmath>
#include <limits>

namespace readysim {


NodeSnapper::NodeSnapper(const RoadGraph& g, Frame frame) : g_(g), frame_(frame) {
  const std::size_t n = g.node_count();
  if (n == 0) return;
  if (frame_ == Frame::lonlat) {
    double lat_sum = 0;
    for (NodeIndex i = 0; i < n; ++i) {
      const RoadNode& node = g.node(i);
      if (!std::isfinite(node.lon) || !std::isfinite(node.lat)) return;
      lat_sum += node.lat;
    }
    lat0_cos_ = std::max(0.01, std::cos(lat_sum / static_cast<double>(n) * kRadPerDegree));
  }
  usable_ = true;
  px_.resize(n);
  py_.resize(n);
  double xmin = std::numeric_limits<double>::infinity(), ymin = xmin, xmax = -xmin, ymax = -xmin;
  for (NodeIndex i = 0; i < n; ++i) {
    const RoadNode& node = g.node(i);
    if (frame_ == Frame::lonlat) plane(node.lon, node.lat, px_[i], py_[i]);
    else plane(node.x_m, node.y_m, px_[i], py_[i]);
    xmin = std::min(xmin, px_[i]);
    xmax = std::max(xmax, px_[i]);
    ymin = std::min(ymin, py_[i]);
    ymax = std::max(ymax, py_[i]);
  }
  // About two nodes per cell over the bounding box, at least 1 m across.
  const double w = std::max(xmax - xmin, 1.0), h = std::max(ymax - ymin, 1.0);
  cell_ = std::max(1.0, std::sqrt(w * h / (static_cast<double>(n) / 2.0)));
  x0_ = xmin;
  y0_ = ymin;
  nx_ = static_cast<long>(w / cell_) + 1;
  ny_ = static_cast<long>(h / cell_) + 1;
  std::vector<std::size_t> cell_of(n);
  start_.assign(static_cast<std::size_t>(nx_ * ny_) + 1, 0);
  for (NodeIndex i = 0; i < n; ++i) {
    const long cx = std::min(nx_ - 1, static_cast<long>((px_[i] - x0_) / cell_));
    const long cy = std::min(ny_ - 1, static_cast<long>((py_[i] - y0_) / cell_));
    cell_of[i] = static_cast<std::size_t>(cy * nx_ + cx);
    ++start_[cell_of[i] + 1];
  }
  for (std::size_t c = 1; c < start_.size(); ++c) start_[c] += start_[c - 1];
  order_.resize(n);
  std::vector<std::size_t> fill(start_.begin(), start_.end() - 1);
  for (NodeIndex i = 0; i < n; ++i) order_[fill[cell_of[i]]++] = i;  // ascending index within a cell
}

void NodeSnapper::plane(double a, double b, double& x, double& y) const {
  if (frame_ == Frame::lonlat) {
    x = kEarthRadiusM * lat0_cos_ * a * kRadPerDegree;
    y = kEarthRadiusM * b * kRadPerDegree;
  } else {
    x = a;
    y = b;
  }
}

double NodeSnapper::distance(std::size_t i, double a, double b) const {
  const RoadNode& node = g_.node(static_cast<NodeIndex>(i));
  if (frame_ == Frame::lonlat) return great_circle_m(a, b, node.lon, node.lat);
  return std::hypot(node.x_m - a, node.y_m - b);
}

NodeSnapper::Hit NodeSnapper::nearest(double a, double b) const {
  Hit best{0, std::numeric_limits<double>::infinity()};
  double x = 0, y = 0;
  plane(a, b, x, y);
  const long qx = static_cast<long>(std::floor((x - x0_) / cell_));
  const long qy = static_cast<long>(std::floor((y - y0_) / cell_));
  // Great-circle distances differ from the plane's by a few per cent away from the mean
  // latitude; rings are searched until the next ring is surely farther than the best found.
  const double slack = frame_ == Frame::lonlat ? 0.8 : 1.0;
  const auto visit = [&](long cx, long cy) {
    if (cx < 0 || cy < 0 || cx >= nx_ || cy >= ny_) return;
    const auto c = static_cast<std::size_t>(cy * nx_ + cx);
    for (std::size_t k = start_[c]; k < start_[c + 1]; ++k) {
      const NodeIndex i = order_[k];
      const double d = distance(i, a, b);
      if (d < best.distance_m || (d == best.distance_m && i < best.node)) best = {i, d};
    }
  };
  // The first ring that can hold a cell of the grid, and the last that can.
  const long outside = std::max({0L, -qx, qx - (nx_ - 1), -qy, qy - (ny_ - 1)});
  const long last = std::max({qx, nx_ - 1 - qx, qy, ny_ - 1 - qy, outside});
  for (long r = outside; r <= last; ++r) {
    if (r == 0) {
      visit(qx, qy);
    } else {
      for (long cx = std::max(qx - r, -1L); cx <= std::min(qx + r, nx_); ++cx) {
        visit(cx, qy - r);
        visit(cx, qy + r);
      }
      for (long cy = std::max(qy - r + 1, -1L); cy <= std::min(qy + r - 1, ny_); ++cy) {
        visit(qx - r, cy);
        visit(qx + r, cy);
      }
    }
    // Every cell of ring r + 1 is at least r cells' width away from the position.
    if (std::isfinite(best.distance_m) && static_cast<double>(r) * cell_ * slack > best.distance_m) break;
  }
  return best;
}

}  // namespace readysim
