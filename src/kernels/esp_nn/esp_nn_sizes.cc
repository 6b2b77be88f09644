// Written from reading esp-nn d45b843c (v1.2.3); no esp-nn code is copied.
#include "kernels/esp_nn/esp_nn_sizes.h"

#include <algorithm>
#include <initializer_list>
#include <limits>

namespace arenaplan {
namespace {

constexpr int64_t kIntMin = std::numeric_limits<int32_t>::min();
constexpr int64_t kIntMax = std::numeric_limits<int32_t>::max();

// The C code stores these in uint16_t locals.
int64_t U16(int32_t v) { return static_cast<uint16_t>(v); }

// Rounds up to a multiple of `to` (a power of two), as `(x + to-1) & ~(to-1)`.
int64_t RoundUp(int64_t x, int64_t to) { return (x + to - 1) & ~(to - 1); }

// Every intermediate of the C code is an int (or a 32-bit size_t on the
// ESP32): a value outside int's range is an overflow there.
bool FitsInt(std::initializer_list<int64_t> values) {
  for (int64_t v : values) {
    if (v < kIntMin || v > kIntMax) return false;
  }
  return true;
}

// A product that saturates at +-2^56 (far outside int), so that a model
// with absurd dims is reported as overflowing, never overflows here.
int64_t Mul(std::initializer_list<int64_t> factors) {
  constexpr int64_t kHuge = int64_t{1} << 56;
  int64_t product = 1;
  for (int64_t f : factors) {
    const bool negative = (product < 0) != (f < 0);
    if (__builtin_mul_overflow(product, f, &product) || product > kHuge ||
        product < -kHuge) {
      return negative ? -kHuge : kHuge;
    }
  }
  return product;
}

std::optional<int64_t> Checked(int64_t result,
                               std::initializer_list<int64_t> terms) {
  if (!FitsInt(terms) || !FitsInt({result})) return std::nullopt;
  return result;
}

}  // namespace

std::optional<int64_t> EspNnS3ConvScratchSize(const EspNnConvArgs& a) {
  const int64_t in_w = U16(a.input_w), in_h = U16(a.input_h);
  const int64_t in_c = U16(a.input_c);
  const int64_t f_w = U16(a.filter_w), f_h = U16(a.filter_h);
  const int64_t out_c = U16(a.output_c);
  const int64_t pad_w = U16(a.pad_w), pad_h = U16(a.pad_h);
  const int64_t s_w = U16(a.stride_w), s_h = U16(a.stride_h);
  constexpr int64_t kMargin = 64;  // 16 alignment + 48 assembly over-read

  // Case 1: 1x1 filter, no padding, stride 1 (the 1x1 kernels).
  if (f_w == 1 && f_h == 1 && pad_w == 0 && pad_h == 0 && s_w == 1 &&
      s_h == 1) {
    const int64_t c8 = RoundUp(in_c, 8);
    const int64_t transpose = in_w * in_h < 8 ? 0 : 2 * (8 * c8);
    const int64_t input = in_c % 8 != 0 ? in_w * in_h * c8 : 0;
    const int64_t filter = c8 * out_c;
    return Checked(input + filter + transpose + kMargin,
                   {in_w * in_h, input, filter});
  }
  // Case 2: im2col, when one filter row is under 16 bytes but the window
  // is at least 16: filter sums, aligned filter copy, one im2col window.
  const int64_t row = f_w * in_c;
  const int64_t window = f_w * f_h * in_c;
  if (row < 16 && window >= 16) {
    const int64_t window16 = RoundUp(window, 16);
    const int64_t im2col =
        out_c * 4 + 16 + Mul({out_c, window16}) + 16 + window16;
    return Checked(im2col + kMargin, {window, Mul({out_c, window16}), im2col});
  }
  // Case 3: the general path: padded input copy, filter with channels
  // rounded to 16, filter rows aligned to 16, right/bottom boundary
  // padding, the per-channel offset accumulators.
  const int64_t c16 = RoundUp(in_c, 16);
  const int64_t input = pad_w == 0 && pad_h == 0
                            ? 0
                            : (in_w + 2 * pad_w) * (in_h + 2 * pad_h) * in_c;
  const int64_t filter = Mul({f_w, f_h, c16, out_c});
  const int64_t row16 = (row + 15) / 16 * 16;
  const int64_t row_align = Mul({row16, f_h, out_c});
  // output_dims->width/height are int32_t fields, not narrowed.
  const int64_t pad_r =
      std::max<int64_t>(0, int64_t{a.output_w} * s_w + f_w - 1 - in_w);
  const int64_t pad_b =
      std::max<int64_t>(0, int64_t{a.output_h} * s_h + f_h - 1 - in_h);
  const int64_t boundary =
      pad_r > 0 || pad_b > 0 ? Mul({in_w + pad_r, in_h + pad_b, in_c}) : 0;
  const int64_t offsets = out_c * 4;
  return Checked(
      input + filter + row_align + boundary + kMargin + offsets,
      {row, window, input, filter, row_align, pad_r, pad_b, boundary});
}

std::optional<int64_t> EspNnS3DepthwiseScratchSize(const EspNnConvArgs& a) {
  const int64_t in_w = U16(a.input_w), in_h = U16(a.input_h);
  const int64_t c = U16(a.input_c);
  const int64_t f_w = U16(a.filter_w), f_h = U16(a.filter_h);
  const int64_t mult = U16(a.ch_mult);
  const int64_t out_w = U16(a.output_w), out_h = U16(a.output_h);
  const int64_t pad_w = U16(a.pad_w), pad_h = U16(a.pad_h);
  const int64_t s_w = U16(a.stride_w), s_h = U16(a.stride_h);
  const int64_t filter = Mul({f_w, f_h, c, mult});  // F

  if (mult == 1 && c % 8 == 0) {
    if (f_w == 3 && f_h == 3) {
      if (c % 16 == 0) {
        // The s8 3x3 path on an input padded on all sides: the options'
        // padding twice, or (no padding) what the last window overhangs.
        // Not clamped at 0, as in the C code.
        const int64_t total_w =
            pad_w != 0 || pad_h != 0 ? pad_w * 2 : out_w * s_w + f_w - 1 - in_w;
        const int64_t total_h =
            pad_w != 0 || pad_h != 0 ? pad_h * 2 : out_h * s_h + f_h - 1 - in_h;
        if (total_w == 0 && total_h == 0) {
          return Checked(filter + 16, {filter});
        }
        const int64_t full = Mul({in_w + total_w, in_h + total_h, c});
        if (full <= 40 * 1024) {
          return Checked(filter + full + 16, {filter, full});
        }
        // Over 40 KiB: a strip of filter-height padded rows.
        const int64_t strip = Mul({in_w + total_w, f_h, c});
        return Checked(filter + strip + 16, {filter, full, strip});
      }
      if (c >= 12) {
        // Channels padded to 16 for the s8 path, output compacted after.
        const int64_t c16 = RoundUp(c, 16);
        const int64_t total_w =
            pad_w * 2 + std::max<int64_t>(0, out_w * s_w + 2 - in_w);
        const int64_t total_h =
            pad_h * 2 + std::max<int64_t>(0, out_h * s_h + 2 - in_h);
        const int64_t input = Mul({in_w + total_w, in_h + total_h, c16});
        const int64_t output = out_w * out_h * c16;
        return Checked(9 * c16 + input + output + 64, {input, output});
      }
      // C == 8: the s16 path.
      const int64_t input = in_w * in_h * c;
      return Checked(2 * (filter + input) + 32, {filter, input});
    }
    // Other filter sizes: s16 copies of filter and input, tiled to
    // filter-height rows of input when over 48 KiB.
    const int64_t input = in_w * in_h * c;
    const int64_t s16 = 2 * (filter + input);
    if (s16 <= 48 * 1024) return Checked(s16 + 32, {filter, input, s16});
    const int64_t tile = 2 * in_w * f_h * c;
    return Checked(2 * filter + tile + 32, {filter, input, s16, tile});
  }
  if (mult == 1 && c > 3) {
    // Channels padded to 8; int16 filter and input, int8 output, then
    // bias, shift and multiplier arrays, each part 16-byte aligned.
    const int64_t c8 = RoundUp(c, 8);
    const int64_t filter_bytes = f_w * f_h * c8 * 2;
    const int64_t input_start = RoundUp(filter_bytes, 16);
    const int64_t input_bytes = in_w * in_h * c8 * 2;
    const int64_t out_start = RoundUp(input_start + input_bytes, 16);
    const int64_t out_bytes = out_w * out_h * c8;
    const int64_t bias_start = RoundUp(out_start + out_bytes, 16);
    const int64_t total = bias_start + 3 * (c8 * 4);
    return Checked(total + 16, {filter_bytes, input_bytes, out_start, out_bytes,
                                bias_start});
  }
  if (mult % 4 == 0) {
    const int64_t input = in_w * in_h * c;
    return Checked(2 * (filter + input) + 32, {filter, input});
  }
  return 32;  // the fallback
}

std::optional<int64_t> EspNnSoftmaxScratchSize(int32_t width) {
  return Checked(int64_t{width} * 4, {});
}

}  // namespace arenaplan
