#pragma once
// What writing a results file in HDF5 takes, shared by write_results (hdf5_file.cpp) and the
// file written while a run goes on (hdf5_stream.cpp). HDF5 stays inside results/.
#include <hdf5.h>

#include <string>
#include <utility>

#include "readysim/results.hpp"

namespace readysim::detail::h5 {

/// Columns longer than this are chunked and compressed; short ones stay contiguous (cheaper).
inline constexpr std::size_t kChunkThreshold = 4096;
/// Rows per chunk of a column written whole.
inline constexpr hsize_t kChunkRows = 65536;
/// Shuffled columns compress nearly as well at level 1 as at 4 (the district's file grows <1%),
/// and deflate at 4 took half the time of writing the numeric columns (issue 15).
inline constexpr int kDeflateLevel = 1;

/// Throws Error "what (HDF5: innermost message)" and clears HDF5's error stack.
[[noreturn]] void fail(const std::string& what);
/// fail(what) when `status` < 0.
void check(herr_t status, const std::string& what);

/// Owns one hid_t; close() reports a failed close (a failed flush must not be renamed into place).
class Handle {
 public:
  using Closer = herr_t (*)(hid_t);
  Handle(hid_t id, Closer closer, const std::string& what) : id_(id), closer_(closer) {
    if (id_ < 0) fail(what);
  }
  Handle(Handle&& o) noexcept : id_(std::exchange(o.id_, H5I_INVALID_HID)), closer_(o.closer_) {}
  Handle& operator=(Handle&&) = delete;
  ~Handle() {
    if (id_ >= 0) closer_(id_);
  }
  operator hid_t() const { return id_; }  // NOLINT: handles stand in for hid_t in C calls
  void close(const std::string& what) { check(closer_(std::exchange(id_, H5I_INVALID_HID)), what); }

 private:
  hid_t id_;
  Closer closer_;
};

/// Switches HDF5's automatic error printing off for one call and restores the caller's setting.
class QuietErrors {
 public:
  QuietErrors() {
    H5Eget_auto2(H5E_DEFAULT, &func_, &data_);
    H5Eset_auto2(H5E_DEFAULT, nullptr, nullptr);
  }
  QuietErrors(const QuietErrors&) = delete;
  QuietErrors& operator=(const QuietErrors&) = delete;
  ~QuietErrors() { H5Eset_auto2(H5E_DEFAULT, func_, data_); }

 private:
  H5E_auto2_t func_ = nullptr;
  void* data_ = nullptr;
};

/// A variable-length string type in `cset` (UTF-8 unless said).
Handle string_type(H5T_cset_t cset = H5T_CSET_UTF8);
/// Creation properties of a group (or the file) that track and index link creation order.
Handle group_properties(hid_t cls);
/// A scalar UTF-8 string, as attribute `name` of `loc` or as its dataset `name`.
void write_scalar_string(hid_t loc, hid_t lcpl, const std::string& name, const std::string& value, bool attribute);
/// Transfer properties for writing `rows` rows (`what` names them in errors): a conversion
/// buffer sized to them, at most HDF5's default of 1 MiB (HDF5 zeroes the whole buffer, and as
/// much again for the background, on every write: for a few rows that costs more than the rows).
Handle transfer_properties(std::size_t rows, const std::string& what);
/// The `units` and `description` attributes of column `c` on its dataset, those it has.
void write_column_attributes(hid_t dataset, hid_t lcpl, const Column& c);
/// Column `c` as a dataset of `group` (`where` names the group in errors): contiguous up to
/// kChunkThreshold rows, else chunked by min(rows, kChunkRows), shuffled and deflated.
void write_column(hid_t group, hid_t lcpl, const std::string& where, const Column& c);
/// fsync()s `file`: HDF5 leaves data in the page cache.
void sync_to_disk(const std::string& file);
/// The temporary file this process writes for `path`: `path.tmp-<pid>`, beside it.
std::string temporary_name(const std::string& path);
/// Removes the temporary files beside `path` that killed runs left (`path.tmp-<pid>` whose
/// process is gone, or is a later process that reuses the number); never one a live run writes.
void remove_stale_temporaries(const std::string& path);
/// Renames the complete `tmp` to `path`, unless a stop was asked (throws Interrupted then, and
/// `tmp` is the caller's to remove): a file appears under `path` only whole, and only if wanted.
void put_in_place(const std::string& tmp, const std::string& path);

}  // namespace readysim::detail::h5
