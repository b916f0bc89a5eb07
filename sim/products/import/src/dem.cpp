// GDAL: ground elevations of the road nodes from terrain rasters (SRTM .hgt and .hgt.zip,
// GeoTIFF, anything GDAL reads), bilinear between the four surrounding cell centres; cells
// without data are left out of the interpolation, and a node whose four cells are all empty
// takes the nearest cell with data within 5 cells. Several rasters make a mosaic: a node takes
// the first raster (in the order given) that has data at it.
#include <cpl_conv.h>
#include <cpl_error.h>
#include <cpl_string.h>
#include <cpl_vsi.h>
#include <gdal.h>
#include <ogr_srs_api.h>

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <limits>
#include <memory>
#include <string>

#include "import_internal.hpp"
#include "readysim/error.hpp"

namespace readysim::import {

namespace {

struct Dataset {
  GDALDatasetH h = nullptr;
  ~Dataset() {
    if (h != nullptr) GDALClose(h);
  }
};

std::string last_gdal_error() {
  const char* m = CPLGetLastErrorMsg();
  return m != nullptr && *m != '\0' ? std::string(m) : std::string("GDAL does not recognise it");
}

// Opens a raster; a .zip GDAL cannot open directly is looked into for the first raster inside.
GDALDatasetH open_raster(const std::string& path, std::string& opened) {
  CPLErrorReset();
  opened = path;
  if (GDALDatasetH h = GDALOpen(path.c_str(), GA_ReadOnly)) return h;
  if (!path.ends_with(".zip")) return nullptr;
  const std::string zip = "/vsizip/" + std::filesystem::absolute(path).string();
  char** list = VSIReadDirRecursive(zip.c_str());
  GDALDatasetH h = nullptr;
  for (int i = 0; list != nullptr && list[i] != nullptr && h == nullptr; ++i) {
    const std::string inner = zip + "/" + list[i];
    if (inner.ends_with("/")) continue;
    CPLPushErrorHandler(CPLQuietErrorHandler);
    h = GDALOpen(inner.c_str(), GA_ReadOnly);
    CPLPopErrorHandler();
    if (h != nullptr) opened = inner;
  }
  CSLDestroy(list);
  return h;
}

// One raster, the window of it that covers the roads read into memory.
struct Raster {
  std::string path;
  double gt[6]{};
  int x0 = 0, y0 = 0, nx = 0, ny = 0;  // window in pixels
  std::vector<double> z;
  bool has_nodata = false;
  double nodata = 0;
  OGRCoordinateTransformationH to_raster = nullptr;  // lon/lat -> raster CRS; null when geographic WGS 84
  ~Raster() {
    if (to_raster != nullptr) OCTDestroyCoordinateTransformation(to_raster);
  }

  [[nodiscard]] bool valid(double v) const {
    return std::isfinite(v) && !(has_nodata && v == nodata) && v > -1e4 && v < 1e5;
  }
  [[nodiscard]] double at(int col, int row) const {  // window coordinates
    if (col < 0 || row < 0 || col >= nx || row >= ny) return kNaN;
    const double v = z[static_cast<std::size_t>(row) * static_cast<std::size_t>(nx) + static_cast<std::size_t>(col)];
    return valid(v) ? v : kNaN;
  }
  // Position in fractional pixels (pixel centres at .5) of a lon/lat; false when outside.
  bool pixel(double lon, double lat, double& px, double& py) const {
    double x = lon, y = lat;
    if (to_raster != nullptr && !OCTTransform(to_raster, 1, &x, &y, nullptr)) return false;
    // Inverse of the (north-up) geotransform.
    px = (x - gt[0]) / gt[1];
    py = (y - gt[3]) / gt[5];
    return true;
  }
  // Elevation, or NaN when this raster has none here. `filled` is set for a nearest-cell value.
  double sample(double lon, double lat, bool& inside, bool& filled) const {
    double px = 0, py = 0;
    inside = false;
    filled = false;
    if (!pixel(lon, lat, px, py)) return kNaN;
    const double fx = px - 0.5 - x0, fy = py - 0.5 - y0;  // relative to the window's first cell centre
    if (px < x0 || py < y0 || px > x0 + nx + 0.0 || py > y0 + ny + 0.0) return kNaN;
    inside = true;
    const int c = static_cast<int>(std::floor(fx)), r = static_cast<int>(std::floor(fy));
    const double tx = fx - c, ty = fy - r;
    double sum = 0, wsum = 0;
    const double w[4] = {(1 - tx) * (1 - ty), tx * (1 - ty), (1 - tx) * ty, tx * ty};
    const int dc[4] = {0, 1, 0, 1}, dr[4] = {0, 0, 1, 1};
    for (int k = 0; k < 4; ++k) {
      // Outside the outermost cell centres, clamp to the edge cell.
      const double v = at(std::clamp(c + dc[k], 0, nx - 1), std::clamp(r + dr[k], 0, ny - 1));
      if (!std::isnan(v) && w[k] > 0) {
        sum += w[k] * v;
        wsum += w[k];
      }
    }
    if (wsum > 0) return sum / wsum;
    // All four empty (a void): the nearest cell with data within 5 cells.
    const int cc = static_cast<int>(std::lround(fx)), rr = static_cast<int>(std::lround(fy));
    double best = kNaN, best_d = 1e300;
    for (int dy = -5; dy <= 5; ++dy) {
      for (int dx = -5; dx <= 5; ++dx) {
        const double v = at(cc + dx, rr + dy);
        const double d = std::hypot(cc + dx - fx, rr + dy - fy);
        if (!std::isnan(v) && d < best_d) {
          best_d = d;
          best = v;
        }
      }
    }
    filled = !std::isnan(best);
    return best;
  }
};

// The SRTM tile that holds a position: N43E007.
std::string srtm_name(double lon, double lat) {
  const int la = static_cast<int>(std::floor(lat)), lo = static_cast<int>(std::floor(lon));
  return fmt::format("{}{:02d}{}{:03d}", la < 0 ? 'S' : 'N', std::abs(la), lo < 0 ? 'W' : 'E', std::abs(lo));
}

}  // namespace

DemNotes sample_dem(const std::vector<std::string>& paths, std::vector<GraphNode>& nodes) {
  GDALAllRegister();
  DemNotes notes;
  double lon_min = 1e9, lon_max = -1e9, lat_min = 1e9, lat_max = -1e9;
  for (const auto& n : nodes) {
    lon_min = std::min(lon_min, n.lon);
    lon_max = std::max(lon_max, n.lon);
    lat_min = std::min(lat_min, n.lat);
    lat_max = std::max(lat_max, n.lat);
  }
  std::vector<std::unique_ptr<Raster>> rasters;
  std::vector<Dataset> keep(paths.size());
  for (std::size_t i = 0; i < paths.size(); ++i) {
    const std::string& path = paths[i];
    std::error_code ec;
    if (!std::filesystem::is_regular_file(path, ec)) {
      throw UsageError(fmt::format("--dem '{}' does not exist; give a terrain raster (.hgt, .hgt.zip, .tif)", path));
    }
    std::string opened;
    CPLPushErrorHandler(CPLQuietErrorHandler);
    keep[i].h = open_raster(path, opened);
    CPLPopErrorHandler();
    if (keep[i].h == nullptr) {
      throw UsageError(fmt::format("--dem '{}' cannot be read as a terrain raster ({}); check that it is a whole "
                                   ".hgt, .hgt.zip or GeoTIFF file (download it again if it was cut short)",
                                   path, last_gdal_error()));
    }
    auto r = std::make_unique<Raster>();
    r->path = path;
    GDALDatasetH h = keep[i].h;
    if (GDALGetRasterCount(h) < 1 || GDALGetGeoTransform(h, r->gt) != CE_None || r->gt[2] != 0 || r->gt[4] != 0 ||
        r->gt[1] == 0 || r->gt[5] == 0) {
      throw UsageError(fmt::format("--dem '{}' has no north-up georeferencing; give a georeferenced raster "
                                   "(SRTM .hgt, GeoTIFF)",
                                   path));
    }
    if (OGRSpatialReferenceH srs = GDALGetSpatialRef(h)) {
      OGRSpatialReferenceH wgs = OSRNewSpatialReference(nullptr);
      OSRImportFromEPSG(wgs, 4326);
      OSRSetAxisMappingStrategy(wgs, OAMS_TRADITIONAL_GIS_ORDER);
      OGRSpatialReferenceH target = OSRClone(srs);
      OSRSetAxisMappingStrategy(target, OAMS_TRADITIONAL_GIS_ORDER);
      if (!(OSRIsGeographic(target) && OSRIsSame(target, wgs))) {
        r->to_raster = OCTNewCoordinateTransformation(wgs, target);
      }
      OSRDestroySpatialReference(wgs);
      OSRDestroySpatialReference(target);
    }
    GDALRasterBandH band = GDALGetRasterBand(h, 1);
    int has = 0;
    r->nodata = GDALGetRasterNoDataValue(band, &has);
    r->has_nodata = has != 0;
    const int width = GDALGetRasterXSize(h), height = GDALGetRasterYSize(h);
    // The window: the roads' bounding box plus 6 cells, clipped to the raster.
    double pxs[4], pys[4];
    const double corners[4][2] = {{lon_min, lat_min}, {lon_min, lat_max}, {lon_max, lat_min}, {lon_max, lat_max}};
    bool ok = true;
    for (int k = 0; k < 4; ++k) ok = ok && r->pixel(corners[k][0], corners[k][1], pxs[k], pys[k]);
    if (ok) {
      const double xa = *std::min_element(pxs, pxs + 4) - 6, xb = *std::max_element(pxs, pxs + 4) + 6;
      const double ya = *std::min_element(pys, pys + 4) - 6, yb = *std::max_element(pys, pys + 4) + 6;
      r->x0 = std::clamp(static_cast<int>(std::floor(xa)), 0, width);
      r->y0 = std::clamp(static_cast<int>(std::floor(ya)), 0, height);
      r->nx = std::clamp(static_cast<int>(std::ceil(xb)), 0, width) - r->x0;
      r->ny = std::clamp(static_cast<int>(std::ceil(yb)), 0, height) - r->y0;
    }
    if (r->nx > 0 && r->ny > 0) {
      r->z.assign(static_cast<std::size_t>(r->nx) * static_cast<std::size_t>(r->ny), 0.0);
      CPLErrorReset();
      if (GDALRasterIO(band, GF_Read, r->x0, r->y0, r->nx, r->ny, r->z.data(), r->nx, r->ny, GDT_Float64, 0, 0) !=
          CE_None) {
        throw UsageError(fmt::format("--dem '{}' cannot be read ({}); the file is damaged: download it again", path,
                                     last_gdal_error()));
      }
    }
    notes.rasters.push_back(fmt::format("`{}` ({}, {} × {} cells of {:.6g} × {:.6g}{}, no-data value {})", path,
                                        GDALGetDriverShortName(GDALGetDatasetDriver(h)), width, height, r->gt[1],
                                        -r->gt[5], r->to_raster == nullptr ? "°" : " (raster units)",
                                        r->has_nodata ? fmt::format("{:g}", r->nodata) : std::string("none")));
    rasters.push_back(std::move(r));
  }

  std::size_t outside = 0;
  const GraphNode* example = nullptr;
  for (auto& n : nodes) {
    bool covered = false;
    for (const auto& r : rasters) {
      if (r->nx == 0) continue;
      bool inside = false, filled = false;
      const double z = r->sample(n.lon, n.lat, inside, filled);
      covered = covered || inside;
      if (!std::isnan(z)) {
        n.elevation = std::round(z * 100) / 100;
        ++(filled ? notes.filled : notes.sampled);
        break;
      }
    }
    if (std::isnan(n.elevation)) {
      ++notes.unknown;
      if (!covered) {
        ++outside;
        if (example == nullptr) example = &n;
      }
    } else {
      notes.min_m = std::isnan(notes.min_m) ? n.elevation : std::min(notes.min_m, n.elevation);
      notes.max_m = std::isnan(notes.max_m) ? n.elevation : std::max(notes.max_m, n.elevation);
    }
  }
  if (outside > 0) {
    std::string given;
    for (const auto& p : paths) given += (given.empty() ? "'" : ", '") + p + "'";
    throw UsageError(fmt::format(
        "--dem {} does not cover the roads: {} of {} road nodes lie outside (e.g. node n{} at lon {:.5f}, lat "
        "{:.5f}); the roads span lon {:.4f} to {:.4f}, lat {:.4f} to {:.4f}: add the tiles that cover them (SRTM "
        "tiles are named by their south-west corner, e.g. {}.hgt)",
        given, outside, nodes.size(), example->osm_id, example->lon, example->lat, lon_min, lon_max, lat_min, lat_max,
        srtm_name(example->lon, example->lat)));
  }
  return notes;
}

}  // namespace readysim::import
