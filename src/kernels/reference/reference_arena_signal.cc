// The signal library's custom ops (signal/micro/kernels/<file>.cc at TFLM
// 90b983c2) as TFLM's op resolver registers them: Init reads the op's
// flexbuffer options (a map; FlexbufferWrapper indexes its values, which are
// sorted by key, so reading by key is the same) and allocates its params,
// some with a state array sized from them.
#include <flatbuffers/flexbuffers.h>

#include <string>

#include "kernels/reference/reference_arena.h"

namespace arenaplan::reference_arena {
namespace {

constexpr int32_t kTensorInt16 = 7;
constexpr int32_t kTensorInt32 = 2;
constexpr int32_t kTensorFloat32 = 0;

// An integer of the op's flexbuffer map as TFLM reads it (ElementAsInt32 /
// AsInt32: narrowed to int32); nullopt when the options are missing,
// malformed or lack the key.
std::optional<int32_t> Option(const OpView& op, const char* key) {
  const std::vector<uint8_t>& bytes = op.op().custom_options;
  if (bytes.empty() || !flexbuffers::VerifyBuffer(bytes.data(), bytes.size())) {
    return std::nullopt;
  }
  const flexbuffers::Reference root =
      flexbuffers::GetRoot(bytes.data(), bytes.size());
  if (!root.IsMap()) return std::nullopt;
  const flexbuffers::Reference value = root.AsMap()[key];
  if (!value.IsInt() && !value.IsUInt()) return std::nullopt;
  return static_cast<int32_t>(value.AsInt64());
}

// kiss_fftr_alloc's memneeded (kissfft v130 tools/kiss_fftr.c, as the
// signal library's Rfft<T>GetNeededMemory asks it) for a complex of
// `complex_bytes`: the real-FFT state (three pointers), the complex FFT
// state of nfft/2 points (two ints, 2 * MAXFACTORS ints, its twiddles) and
// 3/2 * nfft/2 complexes. 0 for an odd length (kiss_fftr_alloc refuses).
int64_t KissFftrBytes(int64_t fft_length, int64_t complex_bytes, Abi abi) {
  if (fft_length <= 0 || fft_length % 2 != 0) return 0;
  const int64_t n = fft_length / 2;
  const int64_t state = 4 * (2 + 2 * 32) + complex_bytes * n;
  return 3 * Bytes(abi, 8, 4) + state + complex_bytes * (n * 3 / 2);
}

}  // namespace

bool SignalRule(const std::string& name, ArenaCalls& init, ArenaCalls& p,
                Abi abi) {
  const OpView& op = p.op();
  const auto in_out = [&](std::initializer_list<int32_t> handles) {
    for (int32_t h : handles) p.Free(h);
  };
  if (name == "CUSTOM:SignalWindow") {  // window.cc
    init.Persistent(8);                 // TFLMSignalWindowParams
    const int32_t in = p.Input(0);
    const int32_t weights = p.Input(1);
    const int32_t out = p.Output(0);
    in_out({in, weights, out});
    return true;
  }
  if (name == "CUSTOM:SignalEnergy" || name == "CUSTOM:SignalFilterBankLog") {
    init.Persistent(8);  // energy.cc / filter_bank_log.cc params
    const int32_t in = p.Input(0);
    const int32_t out = p.Output(0);
    in_out({in, out});
    return true;
  }
  if (name == "CUSTOM:SignalPCAN") {  // pcan.cc
    init.Persistent(4);               // TfLitePcanParams
    const int32_t in = p.Input(0);
    const int32_t noise = p.Input(1);
    const int32_t lut = p.Input(2);
    const int32_t out = p.Output(0);
    in_out({in, out, noise, lut});
    return true;
  }
  if (name == "CUSTOM:SignalFftAutoScale") {  // fft_auto_scale_common.cc
    const int32_t in = p.Input(0);
    const int32_t out = p.Output(0);
    const int32_t scale = p.Output(1);
    in_out({scale, in, out});
    return true;
  }
  if (name == "CUSTOM:SignalFilterBankSquareRoot") {
    const int32_t in = p.Input(0);  // filter_bank_square_root_common.cc
    const int32_t bits = p.Input(1);
    const int32_t out = p.Output(0);
    in_out({in, out, bits});
    return true;
  }
  if (name == "CUSTOM:SignalFilterBank") {  // filter_bank.cc
    const auto channels = Option(op, "num_channels");
    if (!channels) return false;
    init.Persistent(Bytes(abi, 64, 36));  // TFLMSignalFilterBankParams
    init.Persistent((int64_t{*channels} + 1) * 8);  // work_area, uint64_t
    for (size_t k = 0; k < 6; ++k) p.Free(p.Input(k));
    p.Free(p.Output(0));
    return true;
  }
  if (name == "CUSTOM:SignalFilterBankSpectralSubtraction") {
    const auto channels = Option(op, "num_channels");
    if (!channels) return false;
    init.Persistent(Bytes(abi, 56, 44));      // ...SpectralSubtractionParams
    init.Persistent(int64_t{*channels} * 4);  // noise_estimate, uint32_t
    const int32_t in = p.Input(0);
    const int32_t out = p.Output(0);
    const int32_t noise = p.Output(1);
    in_out({in, out, noise});
    return true;
  }
  if (name == "CUSTOM:SignalRfft") {  // rfft.cc RfftInitAll, RfftPrepare
    const auto type = Option(op, "T");
    const auto length = Option(op, "fft_length");
    if (!type || !length) return false;
    int64_t complex_bytes = 0;
    if (*type == kTensorInt16) complex_bytes = 4;
    if (*type == kTensorInt32 || *type == kTensorFloat32) complex_bytes = 8;
    if (complex_bytes == 0) return false;  // Init returns nullptr
    init.Persistent(Bytes(abi, 48, 32));   // TfLiteAudioFrontendRfftParams
    init.Persistent(KissFftrBytes(*length, complex_bytes, abi));
    const int32_t in = p.Input(0);
    const int32_t out = p.Output(0);
    in_out({in, out});
    return true;
  }
  return false;
}

}  // namespace arenaplan::reference_arena
