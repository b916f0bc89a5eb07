// A results file written while the run goes on (ResultsFileWriter): rows arrive in batches; a
// table's rows wait in memory until it has kStreamRows of them, then it becomes an extensible
// dataset chunked by kStreamRows and its rows go to the file kWriteRows or more at a time. Each
// dataset's chunk cache holds one chunk, so a chunk is compressed once, when the next one
// starts. Most of the file is written before the run ends. Tables that never reach kStreamRows
// rows are written whole at the end, exactly as write_results writes them.
#include <fcntl.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <exception>
#include <filesystem>
#include <iterator>
#include <optional>
#include <string>
#include <utility>
#include <variant>
#include <vector>

#include "readysim/error.hpp"
#include "readysim/interrupt.hpp"
#include "readysim/results.hpp"
#include "results/hdf5_write.hpp"
#include "results/validate.hpp"

namespace readysim {

using namespace detail::h5;

namespace {

constexpr auto kStreamRows = static_cast<hsize_t>(ResultsFileWriter::kStreamRows);
// Rows of a growing table written together: fewer calls into HDF5, little left for the end.
constexpr std::size_t kWriteRows = 1024;
// Bytes of one chunk in the file: 8-byte numbers, or 16-byte references to heap strings.
constexpr std::size_t kChunkBytes = ResultsFileWriter::kStreamRows * 16;

// Calls `write(file_type, mem_type, data)` with rows [from, from + count) of `c`.
template <class Write>
void with_rows(const Column& c, std::size_t from, std::size_t count, Write&& write) {
  if (const auto* d = std::get_if<std::vector<double>>(&c.values)) {
    write(H5T_IEEE_F64LE, H5T_NATIVE_DOUBLE, d->data() + from);
  } else if (const auto* i = std::get_if<std::vector<std::int64_t>>(&c.values)) {
    write(H5T_STD_I64LE, H5T_NATIVE_INT64, i->data() + from);
  } else {
    const auto& s = std::get<std::vector<std::string>>(c.values);
    std::vector<const char*> ptrs(count);
    for (std::size_t k = 0; k < count; ++k) ptrs[k] = s[from + k].c_str();
    const Handle type = string_type();
    write(static_cast<hid_t>(type), static_cast<hid_t>(type), static_cast<const void*>(ptrs.data()));
  }
}

// An empty, extensible dataset for column `c`, chunked by kStreamRows (shuffled and deflated
// when deflate is there), with a chunk cache of one chunk: the chunk being filled stays in
// memory, and is compressed and written when the next one starts (not at the end).
Handle create_growing(hid_t group, hid_t lcpl, const std::string& what, const Column& c) {
  const hsize_t zero = 0, unlimited = H5S_UNLIMITED;
  const Handle space(H5Screate_simple(1, &zero, &unlimited), H5Sclose, "cannot make the dataspace of " + what);
  const Handle dcpl(H5Pcreate(H5P_DATASET_CREATE), H5Pclose, "cannot make dataset properties");
  check(H5Pset_chunk(dcpl, 1, &kStreamRows), "cannot chunk " + what);
  if (H5Zfilter_avail(H5Z_FILTER_DEFLATE) > 0) {
    check(H5Pset_shuffle(dcpl), "cannot shuffle " + what);
    check(H5Pset_deflate(dcpl, kDeflateLevel), "cannot compress " + what);
  }
  const Handle dapl(H5Pcreate(H5P_DATASET_ACCESS), H5Pclose, "cannot make dataset access properties");
  check(H5Pset_chunk_cache(dapl, 11, kChunkBytes, 1.0), "cannot set the chunk cache of " + what);
  std::optional<Handle> d;
  with_rows(c, 0, 0, [&](hid_t file_type, hid_t, const void*) {
    d.emplace(H5Dcreate2(group, c.name.c_str(), file_type, space, lcpl, dcpl, dapl), H5Dclose, "cannot create " + what);
  });
  write_column_attributes(*d, lcpl, c);
  return std::move(*d);
}

// Appends rows [0, count) of `c` to dataset `d`, which holds `at` rows.
void append_rows(hid_t d, hsize_t at, const Column& c, std::size_t count, const std::string& what) {
  if (count == 0) return;
  const hsize_t n = count, size = at + n;
  check(H5Dset_extent(d, &size), "cannot extend " + what);
  const Handle file_space(H5Dget_space(d), H5Sclose, "cannot read the dataspace of " + what);
  check(H5Sselect_hyperslab(file_space, H5S_SELECT_SET, &at, nullptr, &n, nullptr), "cannot select rows of " + what);
  const Handle mem_space(H5Screate_simple(1, &n, nullptr), H5Sclose, "cannot make the dataspace of " + what);
  const Handle dxpl = transfer_properties(count, what);
  with_rows(c, 0, count, [&](hid_t, hid_t mem_type, const void* data) {
    check(H5Dwrite(d, mem_type, mem_space, file_space, dxpl, data), "cannot write " + what);
  });
}

// Drops the first `count` values of `c`.
void drop_front(Column& c, std::size_t count) {
  std::visit([count](auto& v) { v.erase(v.begin(), v.begin() + static_cast<std::ptrdiff_t>(count)); }, c.values);
}

// Moves the values of `from` to the end of `to` (same type).
void move_append(ColumnValues& to, ColumnValues& from) {
  std::visit(
      [&to](auto& src) {
        auto& dst = std::get<std::remove_reference_t<decltype(src)>>(to);
        if (dst.empty()) {
          dst = std::move(src);
        } else {
          dst.insert(dst.end(), std::make_move_iterator(src.begin()), std::make_move_iterator(src.end()));
        }
      },
      from);
}

}  // namespace

// A table being written: its rows still to go into the file, and its datasets once it has any.
struct GrowingTable {
  Table pending;                // the table's columns; values: the rows that wait for the next batch write
  std::optional<Handle> group;  // its group, created with the first batch
  std::vector<Handle> datasets; // one per column, made when the table first has kStreamRows rows
  hsize_t written = 0;          // rows in the datasets
};

struct ResultsFileWriter::Impl {
  std::string path, tmp;
  std::optional<Handle> file, lcpl, gcpl, meta;
  std::vector<GrowingTable> tables;
  int writeback = -1;  // the temporary file, opened for sync_file_range (-1: not open)
  bool failed = false;

  ~Impl() {
    if (writeback >= 0) ::close(writeback);
  }

  // Writes the pending rows of `t` once there are enough of them (kStreamRows for the first
  // write, which makes the datasets, kWriteRows after); with `all`, whatever is pending.
  bool flush(GrowingTable& t, bool all) {
    const std::size_t rows = t.pending.rows();
    const std::size_t enough = t.datasets.empty() ? kStreamRows : kWriteRows;
    if (rows == 0 || (!all && rows < enough)) return false;
    const std::string where = "column /" + t.pending.name + "/";
    if (t.datasets.empty())
      for (const Column& c : t.pending.columns) t.datasets.push_back(create_growing(*t.group, *lcpl, where + c.name, c));
    for (std::size_t k = 0; k < t.pending.columns.size(); ++k) {
      Column& c = t.pending.columns[k];
      append_rows(t.datasets[k], t.written, c, rows, where + c.name);
      drop_front(c, rows);
    }
    t.written += rows;
    return true;
  }

  void append(ResultSet&& rows) {
    detail::validate(rows);
    if (tables.empty()) {
      for (Table& t : rows.tables) {
        GrowingTable& g = tables.emplace_back();
        g.group.emplace(H5Gcreate2(*file, t.name.c_str(), *lcpl, *gcpl, H5P_DEFAULT), H5Gclose,
                        "cannot create /" + t.name);
        g.pending = std::move(t);
      }
    } else {
      if (rows.tables.size() != tables.size())
        throw Error("internal: a batch of " + std::to_string(rows.tables.size()) + " tables after batches of " +
                    std::to_string(tables.size()));
      for (std::size_t i = 0; i < tables.size(); ++i) {
        Table& to = tables[i].pending;
        Table& from = rows.tables[i];
        bool same = from.name == to.name && from.columns.size() == to.columns.size();
        for (std::size_t k = 0; same && k < to.columns.size(); ++k)
          same = from.columns[k].name == to.columns[k].name && from.columns[k].unit == to.columns[k].unit &&
                 from.columns[k].description == to.columns[k].description &&
                 from.columns[k].values.index() == to.columns[k].values.index();
        if (!same) throw Error("internal: table \"" + from.name + "\" of a batch differs from the first batch's");
        for (std::size_t k = 0; k < to.columns.size(); ++k) move_append(to.columns[k].values, from.columns[k].values);
      }
    }
    bool wrote = false;
    for (GrowingTable& t : tables) wrote = flush(t, false) || wrote;
    // Start writing back what is in the file so far, without waiting: the fsync at the end then
    // has little left to do.
    if (wrote && writeback >= 0) ::sync_file_range(writeback, 0, 0, SYNC_FILE_RANGE_WRITE);
  }

  void finish(const ResultSet& rest) {
    detail::validate(rest);
    for (const Table& t : rest.tables)
      for (const GrowingTable& g : tables)
        if (g.pending.name == t.name) throw Error("two tables are called \"" + t.name + "\"");
    for (GrowingTable& t : tables) {
      if (t.datasets.empty()) {
        // Never filled a chunk: written whole, as write_results writes it.
        for (const Column& c : t.pending.columns) write_column(*t.group, *lcpl, "/" + t.pending.name, c);
      } else {
        flush(t, true);
      }
      t.datasets.clear();
      t.group.reset();
    }
    for (const Table& t : rest.tables) {
      const Handle g(H5Gcreate2(*file, t.name.c_str(), *lcpl, *gcpl, H5P_DEFAULT), H5Gclose, "cannot create /" + t.name);
      for (const Column& c : t.columns) write_column(g, *lcpl, "/" + t.name, c);
    }
    for (const auto& [name, text] : rest.meta_text) write_scalar_string(*meta, *lcpl, name, text, false);
    const Handle space(H5Screate(H5S_SCALAR), H5Sclose, "cannot make a scalar dataspace");
    for (const auto& [name, value] : rest.meta_int) {
      const Handle d(H5Dcreate2(*meta, name.c_str(), H5T_STD_I64LE, space, *lcpl, H5P_DEFAULT, H5P_DEFAULT), H5Dclose,
                     "cannot create /meta/" + name);
      check(H5Dwrite(d, H5T_NATIVE_INT64, H5S_ALL, H5S_ALL, H5P_DEFAULT, &value), "cannot write /meta/" + name);
    }
    meta.reset();
    file->close("cannot finish " + tmp);
    file.reset();
    sync_to_disk(tmp);
    put_in_place(tmp, path);
  }

  // Closes everything and removes the temporary file; quiet, for failures.
  void abandon() {
    failed = true;
    const QuietErrors quiet;
    tables.clear();
    meta.reset();
    file.reset();
    ::unlink(tmp.c_str());  // unlink, not remove: never a directory that happens to have this name
  }

  // Runs `step`; on failure abandons the file and throws "cannot write results to <path>: …".
  template <class Step>
  void guarded(Step&& step) {
    if (failed) throw Error("cannot write results to " + path + ": an earlier write failed");
    try {
      const QuietErrors quiet;
      step();
    } catch (const Interrupted&) {
      abandon();  // asked to stop: nothing written
      throw;
    } catch (const std::exception& e) {
      abandon();
      throw Error("cannot write results to " + path + ": " + e.what());
    }
  }
};

ResultsFileWriter::ResultsFileWriter(std::string path) : impl_(std::make_unique<Impl>()) {
  Impl& w = *impl_;
  w.path = std::move(path);
  w.tmp = temporary_name(w.path);
  w.guarded([&] {
    const std::filesystem::path dir = std::filesystem::path(w.path).parent_path();
    if (!dir.empty() && !std::filesystem::is_directory(dir))
      throw Error("the directory " + dir.string() + " does not exist");
    remove_stale_temporaries(w.path);
    const Handle fcpl = group_properties(H5P_FILE_CREATE);
    w.file.emplace(H5Fcreate(w.tmp.c_str(), H5F_ACC_TRUNC, fcpl, H5P_DEFAULT), H5Fclose, "cannot create " + w.tmp);
    w.writeback = ::open(w.tmp.c_str(), O_RDONLY | O_CLOEXEC);  // only a hint: none if it fails
    w.lcpl.emplace(H5Pcreate(H5P_LINK_CREATE), H5Pclose, "cannot make link properties");
    check(H5Pset_char_encoding(*w.lcpl, H5T_CSET_UTF8), "cannot set UTF-8 link names");
    w.gcpl.emplace(group_properties(H5P_GROUP_CREATE));
    // /meta first, as write_results has it; its entries come with finish().
    w.meta.emplace(H5Gcreate2(*w.file, detail::kMetaGroup, *w.lcpl, *w.gcpl, H5P_DEFAULT), H5Gclose,
                   "cannot create /meta");
  });
}

ResultsFileWriter::~ResultsFileWriter() {
  if (impl_->file) impl_->abandon();
}

void ResultsFileWriter::append(ResultSet&& rows) {
  impl_->guarded([&] { impl_->append(std::move(rows)); });
}

void ResultsFileWriter::finish(const ResultSet& rest) {
  impl_->guarded([&] {
    if (!impl_->file) throw Error("the file is already finished");
    impl_->finish(rest);
  });
}

}  // namespace readysim
