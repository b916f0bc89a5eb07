// The results file in HDF5 (C API, 1.10). Every hid_t lives in a Handle; every HDF5 failure
// becomes an Error carrying HDF5's own innermost message, since HDF5's printing is switched off.
#include <fcntl.h>
#include <hdf5.h>
#include <signal.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstdio>
#include <cstdint>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <functional>
#include <sstream>
#include <string>
#include <string_view>
#include <utility>
#include <variant>
#include <vector>

#include "readysim/error.hpp"
#include "readysim/interrupt.hpp"
#include "readysim/results.hpp"
#include "results/hdf5_write.hpp"
#include "results/validate.hpp"

namespace readysim {

namespace detail::h5 {

// HDF5's most specific message for the failure just seen, then a clean stack for the next call.
static std::string hdf5_reason() {
  std::string reason;
  H5Ewalk2(
      H5E_DEFAULT, H5E_WALK_UPWARD,
      [](unsigned n, const H5E_error2_t* e, void* out) -> herr_t {
        if (n == 0 && e->desc != nullptr) *static_cast<std::string*>(out) = e->desc;
        return 0;
      },
      &reason);
  H5Eclear2(H5E_DEFAULT);
  return reason;
}

[[noreturn]] void fail(const std::string& what) {
  const std::string reason = hdf5_reason();
  throw Error(reason.empty() ? what : what + " (HDF5: " + reason + ")");
}

void check(herr_t status, const std::string& what) {
  if (status < 0) fail(what);
}

Handle string_type(H5T_cset_t cset) {
  Handle t(H5Tcopy(H5T_C_S1), H5Tclose, "cannot make a string type");
  check(H5Tset_size(t, H5T_VARIABLE), "cannot make a variable-length string type");
  check(H5Tset_cset(t, cset), "cannot set the string encoding");
  return t;
}

// Groups remember creation order so that tables, columns and meta read back as written.
Handle group_properties(hid_t cls) {
  Handle p(H5Pcreate(cls), H5Pclose, "cannot make group properties");
  check(H5Pset_link_creation_order(p, H5P_CRT_ORDER_TRACKED | H5P_CRT_ORDER_INDEXED),
        "cannot track creation order");
  return p;
}

void write_scalar_string(hid_t loc, hid_t lcpl, const std::string& name, const std::string& value,
                         bool attribute) {
  const Handle type = string_type();
  const Handle space(H5Screate(H5S_SCALAR), H5Sclose, "cannot make a scalar dataspace");
  const char* ptr = value.c_str();
  if (attribute) {
    const Handle a(H5Acreate2(loc, name.c_str(), type, space, H5P_DEFAULT, H5P_DEFAULT), H5Aclose,
                   "cannot create attribute " + name);
    check(H5Awrite(a, type, &ptr), "cannot write attribute " + name);
  } else {
    const Handle d(H5Dcreate2(loc, name.c_str(), type, space, lcpl, H5P_DEFAULT, H5P_DEFAULT), H5Dclose,
                   "cannot create dataset " + name);
    check(H5Dwrite(d, type, H5S_ALL, H5S_ALL, H5P_DEFAULT, &ptr), "cannot write dataset " + name);
  }
}

Handle transfer_properties(std::size_t rows, const std::string& what) {
  constexpr std::size_t kDefault = 1 << 20;  // HDF5's own conversion buffer size
  Handle dxpl(H5Pcreate(H5P_DATASET_XFER), H5Pclose, "cannot make transfer properties");
  check(H5Pset_buffer(dxpl, std::clamp<std::size_t>(rows * 16, 4096, kDefault), nullptr, nullptr),
        "cannot size the conversion buffer of " + what);
  return dxpl;
}

void write_column_attributes(hid_t dataset, hid_t lcpl, const Column& c) {
  if (!c.unit.empty()) write_scalar_string(dataset, lcpl, "units", c.unit, true);
  if (!c.description.empty()) write_scalar_string(dataset, lcpl, "description", c.description, true);
}

void write_column(hid_t group, hid_t lcpl, const std::string& where, const Column& c) {
  const std::string what = "column " + where + "/" + c.name;
  const hsize_t n = c.size();
  const Handle space(H5Screate_simple(1, &n, nullptr), H5Sclose, "cannot make the dataspace of " + what);
  const Handle dcpl(H5Pcreate(H5P_DATASET_CREATE), H5Pclose, "cannot make dataset properties");
  if (n > kChunkThreshold && H5Zfilter_avail(H5Z_FILTER_DEFLATE) > 0) {
    const hsize_t chunk = std::min(n, kChunkRows);
    check(H5Pset_chunk(dcpl, 1, &chunk), "cannot chunk " + what);
    check(H5Pset_shuffle(dcpl), "cannot shuffle " + what);
    check(H5Pset_deflate(dcpl, kDeflateLevel), "cannot compress " + what);
  }
  auto write = [&](hid_t file_type, hid_t mem_type, const void* data) {
    const Handle d(H5Dcreate2(group, c.name.c_str(), file_type, space, lcpl, dcpl, H5P_DEFAULT), H5Dclose,
                   "cannot create " + what);
    const Handle dxpl = transfer_properties(n, what);
    if (n > 0) check(H5Dwrite(d, mem_type, H5S_ALL, H5S_ALL, dxpl, data), "cannot write " + what);
    write_column_attributes(d, lcpl, c);
  };
  if (const auto* d = std::get_if<std::vector<double>>(&c.values)) {
    write(H5T_IEEE_F64LE, H5T_NATIVE_DOUBLE, d->data());
  } else if (const auto* i = std::get_if<std::vector<std::int64_t>>(&c.values)) {
    write(H5T_STD_I64LE, H5T_NATIVE_INT64, i->data());
  } else {
    const auto& s = std::get<std::vector<std::string>>(c.values);
    std::vector<const char*> ptrs(s.size());
    std::transform(s.begin(), s.end(), ptrs.begin(), [](const std::string& v) { return v.c_str(); });
    const Handle type = string_type();
    write(type, type, ptrs.data());
  }
}

// HDF5 leaves data in the page cache: without this, a power cut after the rename could leave
// a short file under the final name.
void sync_to_disk(const std::string& file) {
  const int fd = ::open(file.c_str(), O_RDONLY);
  const bool ok = fd >= 0 && ::fsync(fd) == 0;
  const int err = errno;
  if (fd >= 0) ::close(fd);
  if (!ok) throw Error("cannot flush " + file + " to disk: " + std::strerror(err));
}

std::string temporary_name(const std::string& path) { return path + ".tmp-" + std::to_string(::getpid()); }

namespace {

// The process number of a temporary name `<name>.tmp-<pid>` of `name`, or -1.
long temporary_pid(std::string_view file, std::string_view name) {
  const std::string_view tag = ".tmp-";
  if (file.size() <= name.size() + tag.size() || file.substr(0, name.size()) != name ||
      file.substr(name.size(), tag.size()) != tag)
    return -1;
  const std::string_view digits = file.substr(name.size() + tag.size());
  if (digits.size() > 9 || digits.find_first_not_of("0123456789") != std::string_view::npos) return -1;
  return std::stol(std::string(digits));
}

// When process `pid` started, in seconds since the epoch; -1 if unknown (no /proc).
double process_start_s(long pid) {
  std::ifstream stat("/proc/" + std::to_string(pid) + "/stat");
  std::string line;
  if (!std::getline(stat, line)) return -1;
  const std::size_t close = line.rfind(')');  // the command name may hold spaces and parentheses
  if (close == std::string::npos) return -1;
  std::istringstream fields(line.substr(close + 2));
  std::string field;
  for (int k = 3; k <= 22 && fields >> field; ++k)
    if (k == 22) {
      std::ifstream boot("/proc/stat");
      std::string key;
      double btime = -1;
      while (boot >> key)
        if (key == "btime" && boot >> btime) break;
      if (btime < 0) return -1;
      return btime + std::stod(field) / static_cast<double>(::sysconf(_SC_CLK_TCK));
    }
  return -1;
}

// True when no live process can be writing the temporary file `file` of process `pid`: the
// process is gone, or it started after the file was last written (its number was reused).
bool stale_temporary(const std::string& file, long pid) {
  if (pid <= 0 || pid == ::getpid()) return false;
  if (::kill(static_cast<pid_t>(pid), 0) != 0) return errno == ESRCH;
  struct stat st {};
  if (::stat(file.c_str(), &st) != 0) return false;
  const double started = process_start_s(pid);
  return started >= 0 && started > static_cast<double>(st.st_mtim.tv_sec) + 2.0;  // /proc's start has 1/100 s ticks
}

}  // namespace

void remove_stale_temporaries(const std::string& path) {
  namespace fs = std::filesystem;
  const fs::path p(path);
  const std::string name = p.filename().string();
  const fs::path dir = p.has_parent_path() ? p.parent_path() : fs::path(".");
  std::error_code ec;
  for (fs::directory_iterator it(dir, ec), end; !ec && it != end; it.increment(ec)) {
    const std::string file = it->path().filename().string();
    const long pid = temporary_pid(file, name);
    if (pid < 0 || !it->is_regular_file(ec)) continue;
    if (stale_temporary(it->path().string(), pid)) ::unlink(it->path().c_str());  // gone already: fine
  }
}

void put_in_place(const std::string& tmp, const std::string& path) {
  throw_if_interrupted();  // the last moment a stop can still mean "nothing written"
  if (std::rename(tmp.c_str(), path.c_str()) != 0)
    throw Error("cannot rename " + tmp + " to it: " + std::strerror(errno));
}

}  // namespace detail::h5

namespace {

namespace fs = std::filesystem;
using namespace detail::h5;
using detail::kMetaGroup;

// ---- writing ---------------------------------------------------------------------------------

void write_file(const std::string& file, const ResultSet& rs) {
  const Handle fcpl = group_properties(H5P_FILE_CREATE);
  Handle f(H5Fcreate(file.c_str(), H5F_ACC_TRUNC, fcpl, H5P_DEFAULT), H5Fclose, "cannot create " + file);
  // Link names are UTF-8 too: column names may be Chinese.
  const Handle lcpl(H5Pcreate(H5P_LINK_CREATE), H5Pclose, "cannot make link properties");
  check(H5Pset_char_encoding(lcpl, H5T_CSET_UTF8), "cannot set UTF-8 link names");
  const Handle gcpl = group_properties(H5P_GROUP_CREATE);
  {
    const Handle meta(H5Gcreate2(f, kMetaGroup, lcpl, gcpl, H5P_DEFAULT), H5Gclose, "cannot create /meta");
    for (const auto& [name, text] : rs.meta_text) write_scalar_string(meta, lcpl, name, text, false);
    const Handle space(H5Screate(H5S_SCALAR), H5Sclose, "cannot make a scalar dataspace");
    for (const auto& [name, value] : rs.meta_int) {
      const Handle d(H5Dcreate2(meta, name.c_str(), H5T_STD_I64LE, space, lcpl, H5P_DEFAULT, H5P_DEFAULT),
                     H5Dclose, "cannot create /meta/" + name);
      check(H5Dwrite(d, H5T_NATIVE_INT64, H5S_ALL, H5S_ALL, H5P_DEFAULT, &value), "cannot write /meta/" + name);
    }
  }
  for (const Table& t : rs.tables) {
    const Handle g(H5Gcreate2(f, t.name.c_str(), lcpl, gcpl, H5P_DEFAULT), H5Gclose, "cannot create /" + t.name);
    for (const Column& c : t.columns) write_column(g, lcpl, "/" + t.name, c);
  }
  f.close("cannot finish " + file);
}

// ---- reading ---------------------------------------------------------------------------------

// Link names of a group, in creation order when it was tracked (our files), else by name.
std::vector<std::string> members(hid_t group, const std::string& where) {
  H5G_info_t info;
  check(H5Gget_info(group, &info), "cannot list " + where);
  const Handle gcpl(H5Gget_create_plist(group), H5Pclose, "cannot read the properties of " + where);
  unsigned order = 0;
  check(H5Pget_link_creation_order(gcpl, &order), "cannot read the properties of " + where);
  const H5_index_t index = (order & H5P_CRT_ORDER_TRACKED) != 0 ? H5_INDEX_CRT_ORDER : H5_INDEX_NAME;
  std::vector<std::string> names;
  for (hsize_t i = 0; i < info.nlinks; ++i) {
    const ssize_t len = H5Lget_name_by_idx(group, ".", index, H5_ITER_INC, i, nullptr, 0, H5P_DEFAULT);
    if (len < 0) fail("cannot list " + where);
    std::string name(static_cast<std::size_t>(len), '\0');
    if (H5Lget_name_by_idx(group, ".", index, H5_ITER_INC, i, name.data(), name.size() + 1, H5P_DEFAULT) < 0)
      fail("cannot list " + where);
    names.push_back(std::move(name));
  }
  return names;
}

// Strings of `file_type` (variable or fixed length, either encoding); `read` fills a buffer.
std::vector<std::string> read_strings(hid_t file_type, std::size_t n, const std::function<herr_t(hid_t, void*)>& read,
                                      const std::string& what) {
  std::vector<std::string> out;
  out.reserve(n);
  if (H5Tis_variable_str(file_type) > 0) {
    const Handle mem = string_type(H5Tget_cset(file_type));
    std::vector<char*> ptrs(n, nullptr);
    struct Free {
      std::vector<char*>& p;
      ~Free() {
        for (char* s : p) H5free_memory(s);
      }
    } release{ptrs};
    if (n > 0) check(read(mem, ptrs.data()), "cannot read " + what);
    for (const char* s : ptrs) out.emplace_back(s != nullptr ? s : "");
  } else {
    const std::size_t size = H5Tget_size(file_type);
    const Handle mem(H5Tcopy(file_type), H5Tclose, "cannot copy the type of " + what);
    std::string buf(n * size, '\0');
    if (n > 0) check(read(mem, buf.data()), "cannot read " + what);
    for (std::size_t i = 0; i < n; ++i) out.emplace_back(buf.data() + i * size, strnlen(buf.data() + i * size, size));
  }
  return out;
}

// The string attribute `name` of `d`, or "" when it has none.
std::string read_text_attribute(hid_t d, const char* name, const std::string& what) {
  const htri_t has = H5Aexists(d, name);
  if (has < 0) fail("cannot read the attributes of " + what);
  if (has == 0) return {};
  const std::string of = std::string("the ") + name + " of " + what;
  const Handle a(H5Aopen(d, name, H5P_DEFAULT), H5Aclose, "cannot open " + of);
  const Handle atype(H5Aget_type(a), H5Tclose, "cannot read " + of);
  if (H5Tget_class(atype) != H5T_STRING) throw Error(of + " is not a string");
  return read_strings(atype, 1, [&](hid_t mem, void* buf) { return H5Aread(a, mem, buf); }, of).front();
}

Column read_column(hid_t group, const std::string& name, const std::string& what) {
  const Handle d(H5Dopen2(group, name.c_str(), H5P_DEFAULT), H5Dclose, "cannot open " + what);
  const Handle space(H5Dget_space(d), H5Sclose, "cannot read the shape of " + what);
  if (H5Sget_simple_extent_ndims(space) != 1) throw Error(what + " is not one-dimensional");
  hsize_t n = 0;
  check(H5Sget_simple_extent_dims(space, &n, nullptr), "cannot read the shape of " + what);
  const Handle type(H5Dget_type(d), H5Tclose, "cannot read the type of " + what);
  Column c{name, {}, {}, {}};
  auto read_all = [&](hid_t mem, void* buf) { return H5Dread(d, mem, H5S_ALL, H5S_ALL, H5P_DEFAULT, buf); };
  switch (H5Tget_class(type)) {
    case H5T_FLOAT: {
      std::vector<double> v(n);
      if (n > 0) check(read_all(H5T_NATIVE_DOUBLE, v.data()), "cannot read " + what);
      c.values = std::move(v);
      break;
    }
    case H5T_INTEGER: {
      std::vector<std::int64_t> v(n);
      if (n > 0) check(read_all(H5T_NATIVE_INT64, v.data()), "cannot read " + what);
      c.values = std::move(v);
      break;
    }
    case H5T_STRING: c.values = read_strings(type, n, read_all, what); break;
    default: throw Error(what + " is neither float, integer nor string");
  }
  c.unit = read_text_attribute(d, "units", what);
  c.description = read_text_attribute(d, "description", what);
  return c;
}

void read_meta(hid_t group, ResultSet& rs) {
  for (const std::string& name : members(group, "/meta")) {
    const std::string what = "/meta/" + name;
    const Handle d(H5Dopen2(group, name.c_str(), H5P_DEFAULT), H5Dclose, "cannot open " + what);
    const Handle space(H5Dget_space(d), H5Sclose, "cannot read the shape of " + what);
    if (H5Sget_simple_extent_type(space) != H5S_SCALAR) throw Error(what + " is not a scalar");
    const Handle type(H5Dget_type(d), H5Tclose, "cannot read the type of " + what);
    auto read = [&](hid_t mem, void* buf) { return H5Dread(d, mem, H5S_ALL, H5S_ALL, H5P_DEFAULT, buf); };
    const H5T_class_t cls = H5Tget_class(type);
    if (cls == H5T_STRING) {
      rs.meta_text.emplace_back(name, read_strings(type, 1, read, what).front());
    } else if (cls == H5T_INTEGER) {
      std::int64_t value = 0;
      check(read(H5T_NATIVE_INT64, &value), "cannot read " + what);
      rs.meta_int.emplace_back(name, value);
    } else {
      throw Error(what + " is neither a string nor an integer");
    }
  }
}

ResultSet read_file(const std::string& path) {
  const Handle f(H5Fopen(path.c_str(), H5F_ACC_RDONLY, H5P_DEFAULT), H5Fclose, "cannot open the file");
  const Handle root(H5Gopen2(f, "/", H5P_DEFAULT), H5Gclose, "cannot open /");
  ResultSet rs;
  for (const std::string& name : members(root, "/")) {
    const Handle obj(H5Oopen(root, name.c_str(), H5P_DEFAULT), H5Oclose, "cannot open /" + name);
    if (H5Iget_type(obj) != H5I_GROUP) continue;  // not ours: tables are groups
    if (name == kMetaGroup) {
      read_meta(obj, rs);
      continue;
    }
    Table& t = rs.tables.emplace_back(Table{name, {}});
    for (const std::string& column : members(obj, "/" + name)) {
      const std::string what = "column /" + name + "/" + column;
      const Handle member(H5Oopen(obj, column.c_str(), H5P_DEFAULT), H5Oclose, "cannot open " + what);
      if (H5Iget_type(member) == H5I_DATASET) t.columns.push_back(read_column(obj, column, what));
    }
  }
  return rs;
}

}  // namespace

void write_results(const std::string& path, const ResultSet& results) {
  const std::string tmp = temporary_name(path);
  try {
    throw_if_interrupted();
    detail::validate(results);
    const fs::path dir = fs::path(path).parent_path();
    if (!dir.empty() && !fs::is_directory(dir)) throw Error("the directory " + dir.string() + " does not exist");
    remove_stale_temporaries(path);
    {
      const QuietErrors quiet;
      write_file(tmp, results);
    }
    sync_to_disk(tmp);
    put_in_place(tmp, path);
  } catch (const Interrupted&) {
    ::unlink(tmp.c_str());
    throw;
  } catch (const std::exception& e) {
    ::unlink(tmp.c_str());  // unlink, not remove: never a directory that happens to have this name
    throw Error("cannot write results to " + path + ": " + e.what());
  }
}

ResultSet read_results(const std::string& path) {
  // A temporary file is never results, even one that happens to be readable.
  const std::string file = fs::path(path).filename().string();
  if (const std::size_t at = file.rfind(".tmp-"); at != std::string::npos && at > 0) {
    if (const long pid = temporary_pid(file, file.substr(0, at)); pid > 0)
      throw Error("cannot read results from " + path + ": this is the temporary file of a run (process " +
                  std::to_string(pid) + ") that did not finish, not a results file; run again (the next run " +
                  "that writes " + file.substr(0, at) + " removes it)");
  }
  try {
    const QuietErrors quiet;
    return read_file(path);
  } catch (const std::exception& e) {
    throw Error("cannot read results from " + path + ": " + e.what());
  }
}

}  // namespace readysim
