// Reading and editing raw flatbuffer bytes for the offline-plan .tflite
// writer (offline_tflite.cc): the input is read through little-endian loads
// at byte positions; new objects go in front of its bytes or after its end,
// with offsets that only point forward, as flatbuffers requires.
#pragma once

#include <algorithm>
#include <cstdint>
#include <cstring>
#include <string>
#include <utility>
#include <vector>

#include "problem/error.h"

namespace arenaplan::flatbuffer_bytes {

// Little-endian reads of an input that ReadModel has verified.
class Reader {
 public:
  explicit Reader(const std::vector<uint8_t>& bytes) : bytes_(bytes) {}
  uint32_t U32(size_t at) const { return Read<uint32_t>(at); }
  uint16_t U16(size_t at) const { return Read<uint16_t>(at); }
  uint64_t U64(size_t at) const { return Read<uint64_t>(at); }
  size_t Size() const { return bytes_.size(); }
  uint8_t Byte(size_t at) const { return bytes_[at]; }
  size_t Deref(size_t slot) const { return slot + U32(slot); }
  size_t VtableOf(size_t table) const {
    return table -
           static_cast<size_t>(static_cast<int64_t>(Read<int32_t>(table)));
  }
  int FieldCount(size_t table) const { return (U16(VtableOf(table)) - 4) / 2; }
  uint16_t FieldOffset(size_t table, int id) const {
    return id < FieldCount(table) ? U16(VtableOf(table) + 4 + 2 * id) : 0;
  }
  // Position of a field's slot, 0 when the field is absent.
  size_t Slot(size_t table, int id) const {
    const uint16_t offset = FieldOffset(table, id);
    return offset ? table + offset : 0;
  }
  uint32_t U32Field(size_t table, int id, uint32_t absent) const {
    const size_t slot = Slot(table, id);
    return slot ? U32(slot) : absent;
  }
  // Element positions of a vector of tables reached through `slot`.
  std::vector<size_t> Tables(size_t slot) const {
    std::vector<size_t> tables;
    if (!slot) return tables;
    const size_t vec = Deref(slot);
    for (uint32_t i = 0; i < U32(vec); ++i)
      tables.push_back(Deref(vec + 4 + 4 * i));
    return tables;
  }
  std::string String(size_t slot) const {
    if (!slot) return "";
    const size_t at = Deref(slot);
    return std::string(reinterpret_cast<const char*>(&bytes_[at + 4]), U32(at));
  }

 private:
  template <typename T>
  T Read(size_t at) const {
    T value;
    std::memcpy(&value, &bytes_[at], sizeof(T));
    return value;
  }
  const std::vector<uint8_t>& bytes_;
};

// Builds the output of the offline-plan .tflite writer (offline_tflite.cc):
// the input's first 8 bytes (root offset, file identifier), an optional
// front region, the rest of the input moved up by the front's size (a
// multiple of 16, so every alignment the input has is kept and every
// relative offset inside it still holds), then appended objects. Offsets
// written by Point always point forward, as flatbuffers requires; every
// write into the input's bytes is recorded (in input positions).
class Editor {
 public:
  static constexpr size_t kHead = 8;  // root offset + file identifier

  explicit Editor(const std::vector<uint8_t>& input)
      : input_(input), out_(input.begin(), input.begin() + kHead) {}

  size_t Size() const { return out_.size(); }
  // Ends the front region (pads it to a multiple of 16) and copies the
  // input's bytes after the head behind it.
  void PlaceInput() {
    Pad(16, kHead);
    shift_ = out_.size() - kHead;
    out_.insert(out_.end(), input_.begin() + kHead, input_.end());
    placed_ = true;
  }
  // Bytes the input moved up (the front region's size).
  size_t Shift() const { return shift_; }
  // Output position of input position `at` (after PlaceInput).
  size_t At(size_t at) const { return at < kHead ? at : at + shift_; }

  void Pad(size_t alignment, size_t bias = 0) {
    while ((out_.size() + bias) % alignment != 0) out_.push_back(0);
  }
  template <typename T>
  size_t Put(T value) {
    const size_t at = out_.size();
    out_.resize(at + sizeof(T));
    std::memcpy(&out_[at], &value, sizeof(T));
    return at;
  }
  template <typename T>
  void Set(size_t at, T value) {
    if (placed_ && at < kHead) {
      patched_.emplace_back(at, at + sizeof(T));
    } else if (placed_ && at >= kHead + shift_ && at < input_.size() + shift_) {
      patched_.emplace_back(at - shift_, at - shift_ + sizeof(T));
    }
    std::memcpy(&out_[at], &value, sizeof(T));
  }
  void Point(size_t slot, size_t target) {
    if (target <= slot)
      throw Error("internal: backward flatbuffers offset", ExitCode::kInternal);
    Set<uint32_t>(slot, static_cast<uint32_t>(target - slot));
  }
  size_t Vtable(const std::vector<uint16_t>& offsets, uint16_t table_size) {
    Pad(2);
    const size_t at =
        Put<uint16_t>(static_cast<uint16_t>(4 + 2 * offsets.size()));
    Put<uint16_t>(table_size);
    for (uint16_t offset : offsets) Put<uint16_t>(offset);
    return at;
  }
  // A table's first word: the signed distance back to its vtable.
  size_t TableStart(size_t vtable, size_t alignment) {
    Pad(alignment);
    return Put<int32_t>(static_cast<int32_t>(static_cast<int64_t>(out_.size()) -
                                             static_cast<int64_t>(vtable)));
  }
  // A [ubyte] vector whose data starts 16-aligned (Buffer.data).
  size_t DataVector(const uint8_t* data, size_t size) {
    Pad(16, 4);
    const size_t at = Put<uint32_t>(static_cast<uint32_t>(size));
    out_.insert(out_.end(), data, data + size);
    return at;
  }
  size_t StringValue(const std::string& text) {
    Pad(4);
    const size_t at = Put<uint32_t>(static_cast<uint32_t>(text.size()));
    out_.insert(out_.end(), text.begin(), text.end());
    out_.push_back(0);
    return at;
  }
  // A vector of `count` table offsets, filled in later with Point.
  std::vector<size_t> TableVector(size_t count) {
    Pad(4);
    Put<uint32_t>(static_cast<uint32_t>(count));
    std::vector<size_t> slots;
    for (size_t i = 0; i < count; ++i) slots.push_back(Put<uint32_t>(0));
    return slots;
  }
  // The whole file, padded to 16 bytes.
  std::vector<uint8_t> TakeBytes() {
    Pad(16);
    return std::move(out_);
  }
  // [begin, end) ranges of the input (input positions) that were
  // overwritten, sorted.
  std::vector<std::pair<size_t, size_t>> Patched() const {
    std::vector<std::pair<size_t, size_t>> patched = patched_;
    std::sort(patched.begin(), patched.end());
    return patched;
  }

 private:
  const std::vector<uint8_t>& input_;
  std::vector<uint8_t> out_;
  size_t shift_ = 0;
  bool placed_ = false;
  std::vector<std::pair<size_t, size_t>> patched_;
};

}  // namespace arenaplan::flatbuffer_bytes
